/* SPDX-License-Identifier: BSD-2-Clause */
/* proto/kem2: key method 2 byte layout, round trips, hostile input; the
 * OCC options string and peer-info against what the real openvpn sends. */
#include "tests/unit/testutil.h"

#include "proto/kem2.h"

static void fill_ks(struct lvpn_key_source *ks, uint8_t base)
{
	for (int i = 0; i < 48; i++)
		ks->pre_master[i] = (uint8_t)(base + i);
	for (int i = 0; i < 32; i++) {
		ks->random1[i] = (uint8_t)(base + 0x40 + i);
		ks->random2[i] = (uint8_t)(base + 0x80 + i);
	}
}

/* The exact bytes, written out by hand from reference b.7:
 *   00 00 00 00            literal zero (u32)
 *   02                     key method 2
 *   48 bytes pre_master    (client only)
 *   32 bytes random1, 32 bytes random2
 *   00 03 'V' '4' 00       options "V4": length 3 counts the NUL
 *   00 02 'u' 00           username "u"
 *   00 00                  password empty: a zero length, no NUL byte
 *   00 05 'A' '=' '1' '\n' 00   peer-info "A=1\n" */
static void layout_by_hand(void **st)
{
	struct lvpn_key_source ks;
	struct lvpn_kem2_msg m = {&ks, "V4", "u", NULL, "A=1\n"};
	uint8_t want[200], out[200];
	size_t n = 0, len;
	int i;

	memset(&ks, 0, sizeof(ks));
	for (i = 0; i < 48; i++)
		ks.pre_master[i] = 0xa0;
	for (i = 0; i < 32; i++)
		ks.random1[i] = 0xb1, ks.random2[i] = 0xc2;

	/* client */
	n = 0;
	for (i = 0; i < 4; i++)
		want[n++] = 0x00;
	want[n++] = 0x02;
	for (i = 0; i < 48; i++)
		want[n++] = 0xa0;
	for (i = 0; i < 32; i++)
		want[n++] = 0xb1;
	for (i = 0; i < 32; i++)
		want[n++] = 0xc2;
	memcpy(want + n, "\x00\x03V4\x00", 5);
	n += 5;
	memcpy(want + n, "\x00\x02u\x00", 4);
	n += 4;
	memcpy(want + n, "\x00\x00", 2);
	n += 2;
	memcpy(want + n, (const uint8_t[]){0x00, 0x05, 'A', '=', '1', '\n', 0x00}, 7);
	n += 7;
	assert_int_equal(n, 4 + 1 + 48 + 64 + 5 + 4 + 2 + 7);
	assert_int_equal(lvpn_kem2_write(0, &m, out, sizeof(out), &len), 0);
	assert_int_equal(len, n);
	assert_memory_equal(out, want, n);

	/* server: the same without the 48 pre_master bytes, and it sends no
	 * credentials or peer-info: three empty strings */
	m.username = NULL;
	m.peer_info = NULL;
	n = 0;
	for (i = 0; i < 4; i++)
		want[n++] = 0x00;
	want[n++] = 0x02;
	for (i = 0; i < 32; i++)
		want[n++] = 0xb1;
	for (i = 0; i < 32; i++)
		want[n++] = 0xc2;
	memcpy(want + n, "\x00\x03V4\x00\x00\x00\x00\x00\x00\x00", 11);
	n += 11;
	assert_int_equal(lvpn_kem2_write(1, &m, out, sizeof(out), &len), 0);
	assert_int_equal(len, n);
	assert_memory_equal(out, want, n);

	/* one byte short: BUFSIZE, nothing reported written */
	assert_int_equal(lvpn_kem2_write(1, &m, out, n - 1, &len), LVPN_ERR_BUFSIZE);
	assert_int_equal(len, 0);
}

static void round_trip_role(int is_server)
{
	struct lvpn_key_source ks;
	struct lvpn_kem2_msg m = {&ks, "V4,dev-type tun,link-mtu 1549,tls-client", "alice",
	                          "secret", "IV_VER=2.6.14\nIV_PROTO=990\n"};
	struct lvpn_kem2_parsed p;
	uint8_t out[600];
	size_t len;

	fill_ks(&ks, is_server ? 0x10 : 0x20);
	if (is_server)
		m.username = m.password = m.peer_info = NULL;
	assert_int_equal(lvpn_kem2_write(is_server, &m, out, sizeof(out), &len), 0);
	assert_int_equal(lvpn_kem2_read(is_server, out, len, &p), 0);
	assert_int_equal(p.key_method, 2);
	if (is_server) {
		uint8_t z[48] = {0};
		assert_memory_equal(p.ks.pre_master, z, 48);
		assert_string_equal(p.username, "");
		assert_string_equal(p.peer_info, "");
	} else {
		assert_memory_equal(p.ks.pre_master, ks.pre_master, 48);
		assert_string_equal(p.username, "alice");
		assert_string_equal(p.password, "secret");
		assert_string_equal(p.peer_info, m.peer_info);
	}
	assert_memory_equal(p.ks.random1, ks.random1, 32);
	assert_memory_equal(p.ks.random2, ks.random2, 32);
	assert_string_equal(p.options, m.options);
	assert_int_equal(p.creds_too_long, 0);
	assert_int_equal(p.len, len);
	lvpn_kem2_parsed_wipe(&p);
	for (int i = 0; i < 32; i++)
		assert_int_equal(p.ks.random1[i], 0);

	/* read with the wrong role: the lengths no longer line up */
	assert_int_not_equal(lvpn_kem2_read(!is_server, out, len, &p), 0);
}

static void round_trip(void **st)
{
	round_trip_role(0);
	round_trip_role(1);
}

/* Every prefix of a valid message is rejected, except the one that stops
 * right after the password (peer-info is optional). */
static void truncation(void **st)
{
	struct lvpn_key_source ks;
	struct lvpn_kem2_msg m = {&ks, "V4,x", "user", "pw", "IV_PLAT=linux\n"};
	struct lvpn_kem2_parsed p;
	uint8_t out[400];
	size_t len, after_pw = LVPN_KEM2_HDR_CLIENT + 2 + 5 + 2 + 5 + 2 + 3;

	fill_ks(&ks, 1);
	assert_int_equal(lvpn_kem2_write(0, &m, out, sizeof(out), &len), 0);
	for (size_t cut = 0; cut < len; cut++) {
		int rc = lvpn_kem2_read(0, out, cut, &p);

		if (cut == after_pw) {
			assert_int_equal(rc, 0);
			assert_string_equal(p.peer_info, "");
			continue;
		}
		if (rc != LVPN_ERR_TRUNCATED)
			fail_msg("prefix of %zu bytes gave %d", cut, rc);
		assert_string_equal(p.options, "");
	}
	/* trailing bytes after peer-info are ignored, as OpenVPN does */
	out[len] = 0x55;
	assert_int_equal(lvpn_kem2_read(0, out, len + 1, &p), 0);
	assert_string_equal(p.peer_info, "IV_PLAT=linux\n");
	assert_int_equal(p.len, len);
}

/* Flip every bit of every length field: never a crash, never a string
 * that is not what it claims. */
static void length_bitflips(void **st)
{
	struct lvpn_key_source ks;
	struct lvpn_kem2_msg m = {&ks, "V4,opts", "bob", "hunter2", "IV_VER=1\n"};
	struct lvpn_kem2_parsed p;
	uint8_t out[400], tmp[400];
	size_t len, off = LVPN_KEM2_HDR_CLIENT, lens[4];

	fill_ks(&ks, 9);
	assert_int_equal(lvpn_kem2_write(0, &m, out, sizeof(out), &len), 0);
	lens[0] = off;
	lens[1] = lens[0] + 2 + 8;
	lens[2] = lens[1] + 2 + 4;
	lens[3] = lens[2] + 2 + 8;
	for (int f = 0; f < 4; f++) {
		for (int bit = 0; bit < 16; bit++) {
			int rc;

			memcpy(tmp, out, len);
			tmp[lens[f] + bit / 8] ^= (uint8_t)(0x80 >> (bit % 8));
			rc = lvpn_kem2_read(0, tmp, len, &p);
			if (rc == 0) {
				/* only possible: a shorter peer-info length
				 * stops at a byte that is not its NUL -> no;
				 * or the final field shrinking to empty */
				assert_true(f == 3);
				assert_true(strlen(p.peer_info) < strlen(m.peer_info));
			} else {
				assert_true(rc == LVPN_ERR_TRUNCATED || rc == LVPN_ERR_MALFORMED);
			}
		}
	}
	/* the key method byte */
	memcpy(tmp, out, len);
	tmp[4] = 0x01;
	assert_int_equal(lvpn_kem2_read(0, tmp, len, &p), LVPN_ERR_MALFORMED);
	tmp[4] = 0x12; /* flags in the high nibble are fine */
	assert_int_equal(lvpn_kem2_read(0, tmp, len, &p), 0);
	assert_int_equal(p.key_method, 0x12);
}

static size_t put_str(uint8_t *p, const char *s, size_t n)
{
	p[0] = (uint8_t)(n >> 8);
	p[1] = (uint8_t)n;
	memcpy(p + 2, s, n);
	return n + 2;
}

/* A server message from parts, built by hand (no pre_master). */
static size_t server_msg(uint8_t *buf, const char *opt, size_t optn)
{
	size_t n = 0;

	memset(buf, 0, 5 + 64);
	buf[4] = 2;
	n = 5 + 64;
	n += put_str(buf + n, opt, optn);
	return n;
}

static void hostile_strings(void **st)
{
	static uint8_t buf[20000];
	static char big[9000];
	struct lvpn_kem2_parsed p;
	size_t n;

	/* empty written as 00 01 00 is read as empty */
	n = server_msg(buf, "V4", 3);
	n += put_str(buf + n, "", 1);
	n += put_str(buf + n, "", 1);
	n += put_str(buf + n, "", 1);
	assert_int_equal(lvpn_kem2_read(1, buf, n, &p), 0);
	assert_string_equal(p.username, "");
	assert_string_equal(p.peer_info, "");

	/* options without its NUL */
	n = server_msg(buf, "V4x", 3);
	n += put_str(buf + n, "", 0) + put_str(buf + n + 2, "", 0);
	assert_int_equal(lvpn_kem2_read(1, buf, n, &p), LVPN_ERR_MALFORMED);
	/* a NUL inside */
	n = server_msg(buf, "V\0x", 4);
	memset(buf + n, 0, 4);
	n += 4;
	assert_int_equal(lvpn_kem2_read(1, buf, n, &p), LVPN_ERR_MALFORMED);
	/* options of 512 bytes with the NUL: fine; 513: rejected */
	memset(big, 'o', sizeof(big));
	big[511] = '\0';
	n = server_msg(buf, big, 512);
	memset(buf + n, 0, 4);
	n += 4;
	assert_int_equal(lvpn_kem2_read(1, buf, n, &p), 0);
	assert_int_equal(strlen(p.options), 511);
	big[511] = 'o';
	big[512] = '\0';
	n = server_msg(buf, big, 513);
	memset(buf + n, 0, 4);
	n += 4;
	assert_int_equal(lvpn_kem2_read(1, buf, n, &p), LVPN_ERR_MALFORMED);

	/* a username over 4096 bytes is skipped and flagged, peer-info still
	 * read (OpenVPN answers AUTH_FAILED, it does not drop the session) */
	memset(big, 'u', sizeof(big));
	big[4096] = '\0';
	n = server_msg(buf, "V4", 3);
	n += put_str(buf + n, big, 4097);
	n += put_str(buf + n, "pw", 3);
	n += put_str(buf + n, "IV_X=1\n", 8);
	assert_int_equal(lvpn_kem2_read(1, buf, n, &p), 0);
	assert_int_equal(p.creds_too_long, 1);
	assert_string_equal(p.username, "");
	assert_string_equal(p.password, "");
	assert_string_equal(p.peer_info, "IV_X=1\n");
	big[4096] = 'u';
	big[4095] = '\0';
	n = server_msg(buf, "V4", 3);
	n += put_str(buf + n, big, 4096);
	n += put_str(buf + n, "pw", 3);
	assert_int_equal(lvpn_kem2_read(1, buf, n, &p), 0);
	assert_int_equal(p.creds_too_long, 0);
	assert_int_equal(strlen(p.username), 4095);

	/* a length field that claims more than the message has */
	n = server_msg(buf, "V4", 3);
	buf[n++] = 0xff;
	buf[n++] = 0xff;
	memset(buf + n, 'a', 100);
	n += 100;
	assert_int_equal(lvpn_kem2_read(1, buf, n, &p), LVPN_ERR_TRUNCATED);

	/* the writer refuses what the reader would */
	{
		struct lvpn_key_source ks;
		struct lvpn_kem2_msg m = {&ks, big, NULL, NULL, NULL};
		size_t len;

		memset(&ks, 0, sizeof(ks));
		memset(big, 'o', 600);
		big[512] = '\0';
		assert_int_equal(lvpn_kem2_write(1, &m, buf, sizeof(buf), &len), LVPN_ERR_INVAL);
		big[511] = '\0';
		assert_int_equal(lvpn_kem2_write(1, &m, buf, sizeof(buf), &len), 0);
		m.options = "V4";
		memset(big, 'p', 5000);
		big[4096] = '\0';
		m.password = big;
		assert_int_equal(lvpn_kem2_write(0, &m, buf, sizeof(buf), &len), LVPN_ERR_INVAL);
	}
}

/* OCC strings printed by the real openvpn 2.6.14 at --verb 7 ("Local
 * Options String"), run as
 *   openvpn --client --dev tun --remote 127.0.0.1 --ca ca.pem --cert c.pem
 *           --key k.pem --verb 7 <the options in the comment>       */
static void occ_known(void **st)
{
	static const struct {
		struct lvpn_occ_conf c;
		const char *want;
	} cases[] = {
	    /* --proto udp (all defaults: BF-CBC, SHA1) */
	    {{.tun_mtu = 1500,
	      .key_direction = -1,
	      .data_ciphers = "AES-256-GCM:AES-128-GCM:CHACHA20-POLY1305"},
	     "V4,dev-type tun,link-mtu 1541,tun-mtu 1500,proto UDPv4,auth SHA1,keysize 128,"
	     "key-method 2,tls-client"},
	    /* --proto udp --cipher AES-256-GCM */
	    {{.tun_mtu = 1500,
	      .key_direction = -1,
	      .cipher = "AES-256-GCM",
	      .data_ciphers = "AES-256-GCM:AES-128-GCM:CHACHA20-POLY1305"},
	     "V4,dev-type tun,link-mtu 1549,tun-mtu 1500,proto UDPv4,cipher AES-256-GCM,"
	     "auth [null-digest],keysize 256,key-method 2,tls-client"},
	    /* --proto tcp --cipher AES-256-GCM --data-ciphers AES-256-GCM:CHACHA20-POLY1305 */
	    {{.tun_mtu = 1500,
	      .key_direction = -1,
	      .cipher = "AES-256-GCM",
	      .proto = LVPN_OCC_TCP_CLIENT,
	      .data_ciphers = "AES-256-GCM:CHACHA20-POLY1305"},
	     "V4,dev-type tun,link-mtu 1551,tun-mtu 1500,proto TCPv4_CLIENT,cipher AES-256-GCM,"
	     "auth [null-digest],keysize 256,key-method 2,tls-client"},
	    /* --cipher AES-128-CBC --auth SHA256 --data-ciphers AES-128-CBC:AES-256-GCM */
	    {{.tun_mtu = 1500,
	      .key_direction = -1,
	      .cipher = "AES-128-CBC",
	      .auth = "SHA256",
	      .data_ciphers = "AES-128-CBC:AES-256-GCM"},
	     "V4,dev-type tun,link-mtu 1569,tun-mtu 1500,proto UDPv4,cipher AES-128-CBC,"
	     "auth SHA256,keysize 128,key-method 2,tls-client"},
	    /* --cipher CHACHA20-POLY1305 --compress lz4-v2 --tls-auth ta.key 1 */
	    {{.tun_mtu = 1500,
	      .key_direction = 1,
	      .cipher = "CHACHA20-POLY1305",
	      .comp = LVPN_OCC_COMP_V2,
	      .tls_auth = 1,
	      .data_ciphers = "AES-256-GCM:AES-128-GCM:CHACHA20-POLY1305"},
	     "V4,dev-type tun,link-mtu 1534,tun-mtu 1500,proto UDPv4,comp-lzo,keydir 1,"
	     "cipher CHACHA20-POLY1305,auth [null-digest],keysize 256,tls-auth,key-method 2,"
	     "tls-client"},
	    /* --dev tap --cipher AES-256-GCM --tun-mtu 1400 */
	    {{.tap = 1,
	      .tun_mtu = 1400,
	      .key_direction = -1,
	      .cipher = "AES-256-GCM",
	      .data_ciphers = "AES-256-GCM:AES-128-GCM:CHACHA20-POLY1305"},
	     "V4,dev-type tap,link-mtu 1481,tun-mtu 1400,proto UDPv4,cipher AES-256-GCM,"
	     "auth [null-digest],keysize 256,key-method 2,tls-client"},
	    /* --data-ciphers AES-256-GCM:CHACHA20-POLY1305 --tls-crypt k
	     * --allow-compression asym --comp-lzo */
	    {{.tun_mtu = 1500,
	      .key_direction = -1,
	      .comp = LVPN_OCC_COMP_V1,
	      .data_ciphers = "AES-256-GCM:CHACHA20-POLY1305"},
	     "V4,dev-type tun,link-mtu 1542,tun-mtu 1500,proto UDPv4,comp-lzo,auth SHA1,"
	     "keysize 128,key-method 2,tls-client"},
	    /* --proto tcp --cipher AES-256-CBC --auth SHA512 --data-ciphers AES-256-CBC
	     * --comp-lzo no */
	    {{.tun_mtu = 1500,
	      .key_direction = -1,
	      .cipher = "AES-256-CBC",
	      .auth = "SHA512",
	      .proto = LVPN_OCC_TCP_CLIENT,
	      .comp = LVPN_OCC_COMP_V1,
	      .data_ciphers = "AES-256-CBC"},
	     "V4,dev-type tun,link-mtu 1604,tun-mtu 1500,proto TCPv4_CLIENT,comp-lzo,"
	     "cipher AES-256-CBC,auth SHA512,keysize 256,key-method 2,tls-client"},
	};
	char out[LVPN_KEM2_OPTIONS_MAX];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(lvpn_occ_string(&cases[i].c, 0, out, sizeof(out)), 0);
		assert_string_equal(out, cases[i].want);
	}
	/* "Expected Remote Options String" the same binary printed for the
	 * first case */
	assert_int_equal(lvpn_occ_string(&cases[0].c, 1, out, sizeof(out)), 0);
	assert_string_equal(out, "V4,dev-type tun,link-mtu 1541,tun-mtu 1500,proto UDPv4,auth SHA1,"
	                         "keysize 128,key-method 2,tls-server");
	/* remote of a tcp client with tls-auth direction 1 */
	assert_int_equal(lvpn_occ_string(&cases[4].c, 1, out, sizeof(out)), 0);
	assert_non_null(strstr(out, ",keydir 0,"));
	assert_int_equal(lvpn_occ_string(&cases[2].c, 1, out, sizeof(out)), 0);
	assert_non_null(strstr(out, ",proto TCPv4_SERVER,"));
	/* unknown cipher, small buffer */
	{
		struct lvpn_occ_conf c = cases[0].c;

		c.cipher = "ROT13";
		assert_int_equal(lvpn_occ_string(&c, 0, out, sizeof(out)), LVPN_ERR_UNSUPPORTED);
		c.cipher = NULL;
		assert_int_equal(lvpn_occ_string(&c, 0, out, 20), LVPN_ERR_BUFSIZE);
		assert_string_equal(out, "");
	}
}

static void occ_get(void **st)
{
	const char *s = "V4,dev-type tun,link-mtu 1549,cipher AES-256-GCM,auth [null-digest]";
	char v[32];

	assert_int_equal(lvpn_occ_get(s, "cipher", v, sizeof(v)), 1);
	assert_string_equal(v, "AES-256-GCM");
	assert_int_equal(lvpn_occ_get(s, "auth", v, sizeof(v)), 1);
	assert_string_equal(v, "[null-digest]");
	assert_int_equal(lvpn_occ_get(s, "ciph", v, sizeof(v)), 0);
	assert_int_equal(lvpn_occ_get(s, "keysize", v, sizeof(v)), 0);
	assert_int_equal(lvpn_occ_get(s, "cipher", v, 5), LVPN_ERR_BUFSIZE);
}

/* Peer-info the real openvpn 2.6.14 client sent to a 2.6.14 server (the
 * server's "peer info:" lines at verb 7), client run as
 *   openvpn --client --dev tun --remote ... --allow-compression asym
 * That build has LZO, so it said IV_LZO=1 where we (no LZO) say
 * IV_LZO_STUB=1, as OpenVPN built without LZO does (comp.c). */
static void peer_info_known(void **st)
{
	struct lvpn_peer_info_conf c = {
	    .version = "2.6.14",
	    .platform = "linux",
	    .mtu = 1600,
	    .ciphers = "AES-256-GCM:AES-128-GCM:CHACHA20-POLY1305",
	    .iv_proto = LVPN_IV_PROTO_26_PULL,
	    .comp = LVPN_PI_COMP_ALL,
	};
	char out[1024], v[64];

	assert_int_equal(LVPN_IV_PROTO_26_PULL, 990);
	assert_int_equal(lvpn_peer_info_build(&c, out, sizeof(out)), 0);
	assert_string_equal(out, "IV_VER=2.6.14\nIV_PLAT=linux\nIV_TCPNL=1\nIV_MTU=1600\n"
	                         "IV_NCP=2\nIV_CIPHERS=AES-256-GCM:AES-128-GCM:CHACHA20-POLY1305\n"
	                         "IV_PROTO=990\nIV_LZ4=1\nIV_LZ4v2=1\nIV_LZO_STUB=1\n"
	                         "IV_COMP_STUB=1\nIV_COMP_STUBv2=1\n");
	/* The same client with its defaults (allow-compression no) and
	 *   --data-ciphers AES-256-GCM:CHACHA20-POLY1305
	 *   --setenv IV_GUI_VER "leanvpn-test 1.0"
	 * sent this (OpenVPN turned the space into '_' when it read the
	 * setenv): stubs only, and no IV_NCP without AES-128-GCM. */
	c.comp = LVPN_PI_COMP_STUBS;
	c.ciphers = "AES-256-GCM:CHACHA20-POLY1305";
	c.gui_ver = "leanvpn-test_1.0";
	assert_int_equal(lvpn_peer_info_build(&c, out, sizeof(out)), 0);
	assert_string_equal(out, "IV_VER=2.6.14\nIV_PLAT=linux\nIV_TCPNL=1\nIV_MTU=1600\n"
	                         "IV_CIPHERS=AES-256-GCM:CHACHA20-POLY1305\nIV_PROTO=990\n"
	                         "IV_LZO_STUB=1\nIV_COMP_STUB=1\nIV_COMP_STUBv2=1\n"
	                         "IV_GUI_VER=leanvpn-test_1.0\n");
	/* no compression framing at all (as 2.6 with DCO), with IV_SSO */
	c.comp = LVPN_PI_COMP_NONE;
	c.gui_ver = NULL;
	c.sso = "openurl,crtext";
	assert_int_equal(lvpn_peer_info_build(&c, out, sizeof(out)), 0);
	assert_string_equal(out, "IV_VER=2.6.14\nIV_PLAT=linux\nIV_TCPNL=1\nIV_MTU=1600\n"
	                         "IV_CIPHERS=AES-256-GCM:CHACHA20-POLY1305\nIV_PROTO=990\n"
	                         "IV_SSO=openurl,crtext\n");
	assert_int_equal(lvpn_peer_info_get(out, "IV_PROTO", v, sizeof(v)), 1);
	assert_string_equal(v, "990");
	assert_int_equal(lvpn_peer_info_get(out, "IV_NCP", v, sizeof(v)), 0);
	assert_int_equal(lvpn_peer_info_get(out, "IV_SSO", v, sizeof(v)), 1);
	assert_string_equal(v, "openurl,crtext");
	/* injection of extra lines refused; small buffers refused */
	c.sso = "x\nIV_PROTO=2";
	assert_int_equal(lvpn_peer_info_build(&c, out, sizeof(out)), LVPN_ERR_INVAL);
	c.sso = NULL;
	assert_int_equal(lvpn_peer_info_build(&c, out, 40), LVPN_ERR_BUFSIZE);
	assert_string_equal(out, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(layout_by_hand),  cmocka_unit_test(round_trip),
	    cmocka_unit_test(truncation),      cmocka_unit_test(length_bitflips),
	    cmocka_unit_test(hostile_strings), cmocka_unit_test(occ_known),
	    cmocka_unit_test(occ_get),         cmocka_unit_test(peer_info_known),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
