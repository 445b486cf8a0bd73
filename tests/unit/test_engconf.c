/* SPDX-License-Identifier: BSD-2-Clause */
/* proto/config/engconf: the engine's configuration built from parsed options, in
 * both roles.  Expected values are OpenVPN 2.6's defaults and what its
 * client announces (ssl.c push_peer_info, options.c options_string), and
 * what the session expects of each field (proto/session.h). */
#include "tests/unit/testutil.h"
#include "tests/unit/test_config_memfs.h"

#include "crypto/keyfile.h"
#include "proto/comp.h"
#include "proto/config/engconf.h"
#include "proto/wrap.h"

#define PEM "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"

static const char *client_head = "client\nremote vpn.example 1194\n<ca>\n" PEM "</ca>\n"
                                 "<cert>\n" PEM "</cert>\n<key>\n" PEM "</key>\n";
static const char *server_head = "server 10.8.0.0 255.255.255.0\n<ca>\n" PEM "</ca>\n"
                                 "<cert>\n" PEM "</cert>\n<key>\n" PEM "</key>\n";

static struct lvpn_options o;
static struct lvpn_engconf ec;
static struct lvpn_session_conf sc;
static char msg[1200];

/* The files' contents as a caller hands them in: distinct texts, so that
 * a test can see each lands where it belongs. */
static const uint8_t p12[3] = {0x30, 0x82, 0x01};
static const struct lvpn_engconf_files files = {
    .ca = "CA",
    .cert = "CERT",
    .key = "KEY",
    .extra_certs = "EXTRA",
    .crl = "CRL",
    .key_pass = "PASS",
    .pkcs12 = p12,
    .pkcs12_len = sizeof(p12),
};

/* Parses head + body, then builds everything for the first connection
 * entry as the frontends do, wrap key taken from the inline block. */
static void build(const char *head, const char *body)
{
	static char text[16384];
	struct memfile mf[2] = {{"a.conf", text}};
	const char *argv[] = {"leanvpn", "--dev",    "tun",    "--dh",
	                      "none",    "--config", "a.conf", NULL};
	const struct lvpn_blob *b;
	const char *name;

	snprintf(text, sizeof(text), "%s%s", head, body);
	if (memfs_run(&o, mf, argv, 1, msg, sizeof(msg)) != 0)
		fail_msg("options refused: %s", msg);
	if (lvpn_engconf_tls(&ec, &o, &files, NULL, msg, sizeof(msg)) != 0)
		fail_msg("tls: %s", msg);
	b = lvpn_engconf_wrap_blob(&o, &o.conns[0], &name);
	if (lvpn_engconf_wrap(&ec, &o, &o.conns[0], b ? b->data : NULL, b ? strlen(b->data) : 0,
	                      msg, sizeof(msg)) != 0)
		fail_msg("wrap: %s", msg);
	if (lvpn_engconf_strings(&ec, &o, &o.conns[0], "leanvpn_9.9", msg, sizeof(msg)) != 0)
		fail_msg("strings: %s", msg);
	lvpn_engconf_session(&ec, &o, &o.conns[0], NULL, &sc);
}

static void done(void)
{
	lvpn_options_free(&o);
}

static void has(const char *text, const char *part)
{
	if (!strstr(text, part))
		fail_msg("'%s' not in '%s'", part, text);
}

/* data-ciphers and auth: 2.6's defaults, or what is set, reach the
 * session, the peer-info (IV_NCP=2 with both AES-GCM) and the OCC string. */
static void test_ciphers(void **state)
{
	(void)state;
	build(client_head, "");
	assert_string_equal(sc.data_ciphers, "AES-256-GCM:AES-128-GCM:CHACHA20-POLY1305");
	assert_null(sc.cipher_fallback);
	assert_string_equal(sc.auth, "SHA1");
	has(ec.peer_info, "\nIV_CIPHERS=AES-256-GCM:AES-128-GCM:CHACHA20-POLY1305\n");
	has(ec.peer_info, "IV_NCP=2\n");
	has(ec.occ, ",auth SHA1,");
	assert_ptr_equal(sc.options_string, ec.occ);
	done();

	build(client_head, "data-ciphers CHACHA20-POLY1305:AES-128-GCM\n"
	                   "data-ciphers-fallback AES-256-CBC\nauth SHA256\n");
	assert_string_equal(sc.data_ciphers, "CHACHA20-POLY1305:AES-128-GCM");
	assert_string_equal(sc.cipher_fallback, "AES-256-CBC");
	assert_string_equal(sc.auth, "SHA256");
	assert_string_equal(sc.wrap_digest, "SHA256");
	has(ec.peer_info, "\nIV_CIPHERS=CHACHA20-POLY1305:AES-128-GCM\n");
	assert_null(strstr(ec.peer_info, "IV_NCP"));
	has(ec.occ, ",auth SHA256,");
	done();
}

/* The control-channel key: tls-auth with its direction, tls-crypt,
 * tls-crypt-v2 (a client key and its WKc; a server leaves its own key to
 * the server), none; a key that is not one is refused naming the option. */
static void test_wrap(void **state)
{
	uint8_t key2[LVPN_KEY2_LEN];
	char kt[LVPN_KEYFILE_STATIC_TEXT_MAX], body[4096], skey[LVPN_KEYFILE_PEM_TEXT_MAX],
	    ckey[LVPN_KEYFILE_PEM_TEXT_MAX];
	struct lvpn_genkey_args ga = {.now = 1};
	const char *name;
	size_t n;

	(void)state;
	for (size_t i = 0; i < sizeof(key2); i++)
		key2[i] = (uint8_t)(i * 7 + 1);
	assert_int_equal(lvpn_key_write_static(key2, kt, sizeof(kt) - 1, &n), 0);
	kt[n] = '\0'; /* the writer gives a length, no terminator */

	build(client_head, "");
	assert_int_equal(sc.wrap_mode, LVPN_WRAP_NONE);
	assert_null(sc.wkc);
	done();

	snprintf(body, sizeof(body), "key-direction 1\n<tls-auth>\n%s</tls-auth>\n", kt);
	build(client_head, body);
	assert_int_equal(sc.wrap_mode, LVPN_WRAP_AUTH);
	assert_int_equal(sc.wrap_dir, LVPN_KEY_DIR_INVERSE);
	assert_memory_equal(sc.wrap_key, key2, sizeof(key2));
	has(ec.occ, ",keydir 1,");
	has(ec.occ, ",tls-auth,");
	done();

	snprintf(body, sizeof(body), "<tls-auth>\n%s</tls-auth>\n", kt);
	build(client_head, body);
	assert_int_equal(sc.wrap_dir, LVPN_KEY_DIR_BIDI);
	done();

	snprintf(body, sizeof(body), "<tls-crypt>\n%s</tls-crypt>\n", kt);
	build(client_head, body);
	assert_int_equal(sc.wrap_mode, LVPN_WRAP_CRYPT);
	assert_memory_equal(sc.wrap_key, key2, sizeof(key2));
	assert_null(strstr(ec.occ, "tls-auth"));
	done();

	assert_int_equal(
	    lvpn_genkey_write(LVPN_GENKEY_TLS_CRYPT_V2_SERVER, NULL, skey, sizeof(skey) - 1, &n),
	    0);
	skey[n] = '\0';
	ga.server_key = skey;
	ga.server_key_len = n;
	assert_int_equal(
	    lvpn_genkey_write(LVPN_GENKEY_TLS_CRYPT_V2_CLIENT, &ga, ckey, sizeof(ckey) - 1, &n), 0);
	ckey[n] = '\0';
	snprintf(body, sizeof(body), "<tls-crypt-v2>\n%s</tls-crypt-v2>\n", ckey);
	build(client_head, body);
	assert_int_equal(sc.wrap_mode, LVPN_WRAP_CRYPT);
	assert_non_null(sc.wkc);
	assert_true(sc.wkc_len > 0 && sc.wkc_len == ec.wkc_len);
	done();

	snprintf(body, sizeof(body), "<tls-crypt-v2>\n%s</tls-crypt-v2>\n", skey);
	build(server_head, body);
	assert_null(lvpn_engconf_wrap_blob(&o, &o.conns[0], &name));
	assert_int_equal(sc.wrap_mode, LVPN_WRAP_NONE);
	has(ec.occ, ",tls-server");
	done();
}

/* A key that is not one: refused, naming the option and where it is. */
static void test_wrap_bad(void **state)
{
	const char *argv[] = {"leanvpn", "--dev", "tun", "--config", "a.conf", NULL};
	static char text[4096];
	struct memfile mf[2] = {{"a.conf", text}};
	const char *bad = "-----BEGIN OpenVPN Static key V1-----\nzz\n"
	                  "-----END OpenVPN Static key V1-----\n";

	(void)state;
	snprintf(text, sizeof(text), "%s<tls-crypt>\n%s</tls-crypt>\n", client_head, bad);
	assert_int_equal(memfs_run(&o, mf, argv, 1, msg, sizeof(msg)), 0);
	assert_int_equal(lvpn_engconf_tls(&ec, &o, &files, NULL, msg, sizeof(msg)), 0);
	ec.wrap_mode = LVPN_WRAP_AUTH;
	assert_int_equal(
	    lvpn_engconf_wrap(&ec, &o, &o.conns[0], bad, strlen(bad), msg, sizeof(msg)),
	    LVPN_ERR_CONFIG);
	has(msg, "a.conf:");
	has(msg, "option 'tls-crypt': not a valid tls-crypt key");
	assert_int_equal(ec.wrap_mode, LVPN_WRAP_NONE);
	assert_int_equal(ec.wkc_len, 0);
	done();
}

/* dev tap: the session takes Ethernet frames (32 over tun-mtu, 2.6's
 * TAP_MTU_EXTRA_DEFAULT) and the OCC string says so; tun has neither. */
static void test_tap(void **state)
{
	(void)state;
	build(client_head, "dev tap\n");
	assert_int_equal(sc.tap, 1);
	assert_int_equal(sc.tun_mtu_extra, 32);
	has(ec.occ, "V4,dev-type tap,");
	done();
	build(client_head, "");
	assert_int_equal(sc.tap, 0);
	assert_int_equal(sc.tun_mtu_extra, 0);
	has(ec.occ, "V4,dev-type tun,");
	done();
}

/* tun-mtu-extra, as 2.6 takes it: given, it replaces the tap's 32 (also
 * on a tun), in what the session takes and in the OCC link-mtu. */
static void test_tun_mtu_extra(void **state)
{
	char tap_occ[sizeof(ec.occ)];

	(void)state;
	build(client_head, "dev tap\n");
	memcpy(tap_occ, ec.occ, sizeof(tap_occ));
	done();
	build(client_head, "dev tap\ntun-mtu-extra 0\n");
	assert_int_equal(sc.tun_mtu_extra, 0);
	has(ec.occ, "link-mtu 1541,"); /* a tun's, 32 under the tap default */
	done();
	build(client_head, "tun-mtu-extra 32\n");
	assert_int_equal(sc.tap, 0);
	assert_int_equal(sc.tun_mtu_extra, 32);
	/* the same link-mtu as a tap's default */
	assert_memory_equal(strstr(ec.occ, "link-mtu"), strstr(tap_occ, "link-mtu"), 14);
	done();
}

/* Timers and windows: 2.6's defaults or what is set; what is unset stays 0
 * (the session's default); explicit-exit-notify only over UDP. */
static void test_timers(void **state)
{
	(void)state;
	build(client_head, "");
	assert_int_equal(sc.reneg_sec, 3600);
	assert_int_equal(sc.hand_window, 60);
	assert_int_equal(sc.tls_timeout, 2);
	assert_int_equal(sc.ping, 0);
	assert_int_equal(sc.inactive, 0);
	assert_int_equal(sc.explicit_exit_notify, 0);
	assert_int_equal(sc.tun_mtu, 1500);
	assert_int_equal(sc.replay_window, 64);
	assert_int_equal(sc.replay_time, 15);
	assert_int_equal(sc.transport, LVPN_TRANSPORT_UDP);
	done();

	build(client_head, "reneg-sec 600 300\nping 10\nping-restart 60\nhand-window 30\n"
	                   "tls-timeout 4\ntran-window 120\nreplay-window 128\n"
	                   "inactive 900 1000\nexplicit-exit-notify 2\nreneg-bytes 5000\n"
	                   "tun-mtu 1400\nmssfix 1300\n");
	assert_int_equal(sc.reneg_sec, 600);
	assert_int_equal(sc.reneg_sec_min, 300);
	assert_int_equal(sc.ping, 10);
	assert_int_equal(sc.ping_restart, 60);
	assert_int_equal(sc.hand_window, 30);
	assert_int_equal(sc.tls_timeout, 4);
	assert_int_equal(sc.tran_window, 120);
	assert_int_equal(sc.replay_window, 128);
	assert_int_equal(sc.replay_time, 15);
	assert_int_equal(sc.inactive, 900);
	assert_int_equal(sc.inactive_bytes, 1000);
	assert_int_equal(sc.explicit_exit_notify, 2);
	assert_int_equal(sc.reneg_bytes, 5000);
	assert_int_equal(sc.tun_mtu, 1400);
	assert_int_equal(sc.mssfix, 1300);
	done();

	build(client_head, "proto tcp-client\nexplicit-exit-notify 2\nreplay-window 64 30\n"
	                   "ping-exit 200\n");
	assert_int_equal(sc.transport, LVPN_TRANSPORT_TCP);
	assert_int_equal(sc.explicit_exit_notify, 0);
	o.conns[0].explicit_exit_notify = 2; /* even if the entry had it */
	lvpn_engconf_session(&ec, &o, &o.conns[0], NULL, &sc);
	assert_int_equal(sc.explicit_exit_notify, 0);
	assert_int_equal(sc.replay_time, 30);
	assert_int_equal(sc.ping_exit, 200);
	has(ec.occ, ",proto TCPv4_CLIENT,");
	done();
}

/* peer-info: what a 2.6.14 client in pull mode sends, without DNS_OPTION
 * (926); IV_MTU is tun-mtu (at least 1500) + 100; compression stubs only
 * unless allow-compression yes. */
static void test_peer_info(void **state)
{
	(void)state;
	build(client_head, "");
	has(ec.peer_info, "IV_VER=2.6.14\n");
	has(ec.peer_info, "IV_PLAT=linux\n");
	has(ec.peer_info, "IV_PROTO=926\n");
	has(ec.peer_info, "IV_MTU=1600\n");
	has(ec.peer_info, "IV_GUI_VER=leanvpn_9.9\n");
	has(ec.peer_info, "IV_COMP_STUBv2=1\n");
	assert_null(strstr(ec.peer_info, "IV_LZ4"));
	assert_ptr_equal(sc.peer_info, ec.peer_info);
	assert_int_equal(sc.iv_proto, 926);
	assert_int_equal(sc.allow_comp, LVPN_COMP_ALLOW_NO);
	assert_int_equal(sc.comp, LVPN_COMP_NONE);
	done();

	build(client_head, "tun-mtu 9000\nallow-compression yes\ncompress lz4-v2\n");
	has(ec.peer_info, "IV_MTU=9100\n");
	has(ec.peer_info, "IV_LZ4v2=1\n");
	assert_int_equal(sc.allow_comp, LVPN_COMP_ALLOW_YES);
	assert_int_equal(sc.comp, LVPN_COMP_LZ4_V2);
	has(ec.occ, ",comp-lzo,");
	done();

	build(client_head, "comp-lzo no\n");
	assert_int_equal(sc.comp, LVPN_COMP_LZO_STUB);
	done();
}

/* The same options in the other role: the server's TLS role, OCC string,
 * session role, no peer-info, and the same timers and ciphers. */
static void test_roles(void **state)
{
	(void)state;
	build(client_head, "proto tcp-client\n");
	assert_int_equal(ec.tls.role, LVPN_TLS_CLIENT);
	assert_int_equal(sc.role, LVPN_SESSION_CLIENT);
	has(ec.occ, ",tls-client");
	done();

	build(server_head, "proto tcp-server\ndata-ciphers AES-128-GCM\nreneg-sec 900\n"
	                   "verify-client-cert optional\n");
	assert_int_equal(ec.tls.role, LVPN_TLS_SERVER);
	assert_int_equal(ec.tls.client_cert, LVPN_CLIENT_CERT_OPTIONAL);
	assert_int_equal(sc.role, LVPN_SESSION_SERVER);
	assert_null(sc.peer_info);
	assert_string_equal(ec.peer_info, "");
	assert_null(sc.username);
	assert_null(sc.password);
	has(ec.occ, ",proto TCPv4_SERVER,");
	has(ec.occ, ",tls-server");
	assert_string_equal(sc.data_ciphers, "AES-128-GCM");
	assert_int_equal(sc.reneg_sec, 900);
	done();

	build(server_head, "");
	assert_int_equal(ec.tls.client_cert, LVPN_CLIENT_CERT_REQUIRE);
	done();
}

/* The TLS configuration: the files' contents where they belong, versions,
 * peer checks, and the fingerprint lists parsed. */
/* Peer-to-peer (no pull, no mode server): both roles announce only what
 * the peers settle (IV_CIPHERS, IV_PROTO 682 with NCP_P2P), an explicit
 * cipher is the fallback; a static key stands in for TLS. */
static void test_p2p(void **state)
{
	static const char *p2p_head = "tls-client\nremote peer.example 1194\nifconfig 10.4.0.2 "
	                              "10.4.0.1\n<ca>\n" PEM "</ca>\n<cert>\n" PEM "</cert>\n"
	                              "<key>\n" PEM "</key>\n";
	static char key[1024];
	size_t n = 0;

	(void)state;
	build(p2p_head, "data-ciphers AES-128-GCM:AES-256-GCM\ncipher AES-256-CBC\n");
	assert_int_equal(sc.role, LVPN_SESSION_CLIENT);
	assert_int_equal(sc.p2p, 1);
	assert_int_equal(sc.iv_proto, 682);
	assert_string_equal(ec.peer_info, "IV_CIPHERS=AES-128-GCM:AES-256-GCM\nIV_PROTO=682\n");
	assert_ptr_equal(sc.peer_info, ec.peer_info);
	assert_string_equal(sc.cipher_fallback, "AES-256-CBC");
	done();

	/* the tls-server end of the pair: a server role, still peer-info */
	build("tls-server\nifconfig 10.4.0.1 10.4.0.2\n<ca>\n" PEM "</ca>\n<cert>\n" PEM
	      "</cert>\n<key>\n" PEM "</key>\n",
	      "");
	assert_int_equal(sc.role, LVPN_SESSION_SERVER);
	assert_int_equal(sc.p2p, 1);
	assert_non_null(sc.peer_info);
	has(ec.peer_info, "IV_PROTO=682\n");
	done();

	/* a client that pulls: the full peer-info, no fallback from --cipher */
	build(client_head, "cipher AES-256-CBC\n");
	assert_int_equal(sc.p2p, 0);
	assert_int_equal(sc.iv_proto, LVPN_ENGCONF_IV_PROTO);
	assert_null(sc.cipher_fallback);
	done();

	/* a static key: read, then handed to the session with its direction */
	n += (size_t)snprintf(key + n, sizeof(key) - n, "-----BEGIN OpenVPN Static key V1-----\n");
	for (int i = 0; i < 16; i++)
		n += (size_t)snprintf(key + n, sizeof(key) - n, "%032x\n", i + 1);
	snprintf(key + n, sizeof(key) - n, "-----END OpenVPN Static key V1-----\n");
	memset(&ec, 0, sizeof(ec));
	build(p2p_head, "");
	assert_int_equal(lvpn_engconf_static(&ec, &o, key, strlen(key), msg, sizeof(msg)), 0);
	assert_int_equal(ec.have_static, 1);
	lvpn_engconf_session(&ec, &o, &o.conns[0], NULL, &sc);
	assert_ptr_equal(sc.static_key, ec.static_key);
	assert_int_equal(ec.static_key[15], 1); /* the first line's last byte */
	assert_int_equal(lvpn_engconf_static(&ec, &o, "junk", 4, msg, sizeof(msg)),
	                 LVPN_ERR_CONFIG);
	has(msg, "option 'secret': not a valid static key");
	done();
}

static void test_tls(void **state)
{
	static const uint8_t fp1[4] = {0xab, 0xcd, 0x01, 0x23};

	(void)state;
	build(client_head, "tls-version-min 1.2 or-highest\ntls-version-max 1.3\n"
	                   "remote-cert-tls server\nremote-cert-ku a0 88\n"
	                   "remote-cert-eku \"TLS Web Server Authentication\"\n"
	                   "verify-x509-name vpn. name-prefix\ntls-cert-profile legacy\n"
	                   "tls-cipher DEFAULT\ntls-ciphersuites TLS_AES_128_GCM_SHA256\n"
	                   "tls-groups X25519\n"
	                   "<peer-fingerprint>\n"
	                   "AB:CD:01:23:00:00:00:00:00:00:00:00:00:00:00:00:"
	                   "00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:01\n"
	                   "# a comment\n\n"
	                   "ab:cd:01:23:00:00:00:00:00:00:00:00:00:00:00:00:"
	                   "00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:02\n"
	                   "</peer-fingerprint>\n");
	assert_string_equal(ec.tls.ca_pem, "CA");
	assert_string_equal(ec.tls.cert_pem, "CERT");
	assert_string_equal(ec.tls.key_pem, "KEY");
	assert_string_equal(ec.tls.key_pass, "PASS");
	assert_string_equal(ec.tls.extra_certs_pem, "EXTRA");
	assert_string_equal(ec.tls.crl_pem, "CRL");
	assert_ptr_equal(ec.tls.pkcs12, p12);
	assert_int_equal(ec.tls.pkcs12_len, sizeof(p12));
	assert_string_equal(ec.tls.version_min, "1.2");
	assert_int_equal(ec.tls.version_min_or_highest, 1);
	assert_string_equal(ec.tls.version_max, "1.3");
	assert_int_equal(ec.tls.remote_cert, LVPN_REMOTE_CERT_SERVER);
	assert_int_equal(ec.tls.remote_ku_set, 1);
	assert_int_equal(ec.tls.nremote_ku, 2);
	assert_int_equal(ec.tls.remote_ku[0], 0xa0);
	assert_int_equal(ec.tls.remote_ku[1], 0x88);
	assert_string_equal(ec.tls.remote_eku, "TLS Web Server Authentication");
	assert_string_equal(ec.tls.x509_name, "vpn.");
	assert_int_equal(ec.tls.x509_name_type, LVPN_X509_NAME_PREFIX);
	assert_int_equal(ec.tls.cert_profile, LVPN_TLS_PROFILE_LEGACY);
	assert_string_equal(ec.tls.cipher_list, "DEFAULT");
	assert_string_equal(ec.tls.ciphersuites, "TLS_AES_128_GCM_SHA256");
	assert_string_equal(ec.tls.groups, "X25519");
	assert_int_equal(ec.tls.nfingerprints, 2);
	assert_memory_equal(ec.tls.fingerprints[0], fp1, sizeof(fp1));
	assert_memory_equal(ec.tls.fingerprints[1], fp1, sizeof(fp1));
	assert_int_equal(ec.tls.fingerprints[0][31], 1);
	assert_int_equal(ec.tls.fingerprints[1][31], 2);
	assert_int_equal(ec.tls.nca_hashes, 0);
	done();

	build(client_head, "verify-hash "
	                   "01:02:03:04:05:06:07:08:09:0a:0b:0c:0d:0e:0f:10:11:12:13:14\n");
	assert_int_equal(ec.tls.nca_hashes, 1);
	assert_int_equal(ec.tls.ca_hash_len, 20);
	assert_int_equal(ec.tls.ca_hashes[0][19], 0x14);
	assert_string_equal(ec.tls.version_min, "1.2"); /* 2.6's default */
	assert_null(ec.tls.version_max);
	assert_int_equal(ec.tls.remote_cert, LVPN_REMOTE_CERT_ANY);
	assert_int_equal(ec.tls.remote_ku_set, 0);
	assert_int_equal(ec.tls.cert_profile, LVPN_TLS_PROFILE_UNSET);
	assert_int_equal(ec.tls.nfingerprints, 0);
	done();
}

/* More fingerprints than the TLS context takes: refused, not cut. */
static void test_too_many_fingerprints(void **state)
{
	char body[8192];
	size_t n = 0;

	(void)state;
	n += (size_t)snprintf(body + n, sizeof(body) - n, "<peer-fingerprint>\n");
	for (int i = 0; i < LVPN_ENGCONF_MAX_HASHES + 1; i++)
		n += (size_t)snprintf(body + n, sizeof(body) - n,
		                      "00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:"
		                      "00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:%02x\n",
		                      i);
	snprintf(body + n, sizeof(body) - n, "</peer-fingerprint>\n");
	{
		const char *argv[] = {"leanvpn", "--dev", "tun", "--config", "a.conf", NULL};
		static char text[16384];
		struct memfile mf[2] = {{"a.conf", text}};

		snprintf(text, sizeof(text), "%s%s", client_head, body);
		assert_int_equal(memfs_run(&o, mf, argv, 1, msg, sizeof(msg)), 0);
	}
	assert_int_equal(lvpn_engconf_tls(&ec, &o, &files, NULL, msg, sizeof(msg)),
	                 LVPN_ERR_CONFIG);
	has(msg, "option 'peer-fingerprint': not a fingerprint");
	done();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_ciphers),       cmocka_unit_test(test_wrap),
	    cmocka_unit_test(test_wrap_bad),      cmocka_unit_test(test_tap),
	    cmocka_unit_test(test_tun_mtu_extra), cmocka_unit_test(test_timers),
	    cmocka_unit_test(test_peer_info),     cmocka_unit_test(test_roles),
	    cmocka_unit_test(test_tls),           cmocka_unit_test(test_too_many_fingerprints),
	    cmocka_unit_test(test_p2p),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
