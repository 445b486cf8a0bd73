/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - the engine's configuration from the parsed options (both
 * roles; pure: file contents are handed in). */
#include "proto/config/engconf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/hex.h"
#include "base/wipe.h"
#include "crypto/keyfile.h"
#include "proto/comp.h"
#include "proto/wrap.h"

static int fail(char *err, size_t errsize, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int fail(char *err, size_t errsize, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errsize, fmt, ap);
	va_end(ap);
	return LVPN_ERR_CONFIG;
}

/* Peer-to-peer: TLS without pull or mode server, or a static key. */
static int p2p(const struct lvpn_options *o)
{
	return !o->pull && !o->mode_server;
}

static const char *where(const struct lvpn_blob *b, char *buf, size_t n)
{
	snprintf(buf, n, "%s:%d", b->loc.file ? b->loc.file : "command line", b->loc.line);
	return buf;
}

static const char *tls_version(int v)
{
	switch (v) {
	case 0x0301:
		return "1.0";
	case 0x0302:
		return "1.1";
	case 0x0303:
		return "1.2";
	case 0x0304:
		return "1.3";
	default:
		return NULL;
	}
}

/* One line "AB:CD:..." of exactly bytes bytes into out.  Returns 1 if it
 * is one, 0 if not. */
static int hash_line(const char *p, size_t n, size_t bytes, uint8_t *out)
{
	size_t k = 0;

	while (k < bytes && n >= 2 && lvpn_hex_digit(p[0]) >= 0 && lvpn_hex_digit(p[1]) >= 0) {
		out[k++] = (uint8_t)(lvpn_hex_digit(p[0]) << 4 | lvpn_hex_digit(p[1]));
		p += 2;
		n -= 2;
		if (n && *p == ':') {
			p++;
			n--;
		}
	}
	return k == bytes;
}

/* A list of hashes, bytes bytes each, one per line (blank lines and
 * comments aside) into out[16], their number in *count. */
static int hash_list(const struct lvpn_blob *b, const char *name, size_t bytes, uint8_t (*out)[32],
                     size_t *count, char *err, size_t errsize)
{
	const char *p = b->data;
	char loc[300];
	size_t n = 0;

	*count = 0;
	if (!p)
		return 0;
	while (*p) {
		size_t len = strcspn(p, "\r\n");
		const char *s = p;

		p += len;
		p += strspn(p, "\r\n");
		while (len && (*s == ' ' || *s == '\t')) {
			s++;
			len--;
		}
		if (len == 0 || *s == '#' || *s == ';')
			continue;
		if (n == LVPN_ENGCONF_MAX_HASHES || !hash_line(s, len, bytes, out[n]))
			return fail(err, errsize, "%s: option '%s': not a fingerprint: '%.*s'",
			            where(b, loc, sizeof(loc)), name, (int)(len > 80 ? 80 : len),
			            s);
		n++;
	}
	*count = n;
	return 0;
}

/* --peer-fingerprint (SHA256 of the peer's certificate) and --verify-hash
 * (SHA1 or SHA256 of its issuer's): always inline text. */
static int fingerprints(struct lvpn_engconf *ec, const struct lvpn_options *o, char *err,
                        size_t errsize)
{
	struct lvpn_tls_conf *t = &ec->tls;
	int rc;

	t->ca_hash_len = o->verify_hash_sha256 ? 32 : 20;
	rc = hash_list(&o->peer_fingerprint, "peer-fingerprint", 32, ec->fingerprints,
	               &t->nfingerprints, err, errsize);
	if (rc == 0)
		rc = hash_list(&o->verify_hash, "verify-hash", t->ca_hash_len, ec->ca_hashes,
		               &t->nca_hashes, err, errsize);
	t->fingerprints = t->nfingerprints ? (const uint8_t(*)[32])ec->fingerprints : NULL;
	t->ca_hashes = t->nca_hashes ? (const uint8_t(*)[32])ec->ca_hashes : NULL;
	return rc;
}

/* --remote-cert-ku's hexadecimal values (checked by the option parser). */
static void remote_ku(struct lvpn_tls_conf *t, const char *list)
{
	const char *p = list;

	if (list == NULL)
		return;
	t->remote_ku_set = 1;
	while (*p && t->nremote_ku < LVPN_TLS_MAX_KU) {
		char *end;
		unsigned long v = strtoul(p, &end, 16);

		if (end == p)
			break;
		t->remote_ku[t->nremote_ku++] = (uint16_t)v;
		p = end;
	}
}

/* The peer checks: remote-cert-tls, ns-cert-type, ku, eku, x509 name. */
static void peer_checks(struct lvpn_tls_conf *t, const struct lvpn_options *o)
{
	t->remote_cert = o->remote_cert_tls == LVPN_RCT_SERVER   ? LVPN_REMOTE_CERT_SERVER
	                 : o->remote_cert_tls == LVPN_RCT_CLIENT ? LVPN_REMOTE_CERT_CLIENT
	                                                         : LVPN_REMOTE_CERT_ANY;
	t->ns_cert_type = o->ns_cert_type; /* 1 client, 2 server: as the enum */
	remote_ku(t, o->remote_cert_ku);
	t->remote_eku = o->remote_cert_eku;
	t->x509_track = o->x509_track.v;
	t->nx509_track = (unsigned)o->x509_track.n;
	if (o->verify_x509_name) {
		const char *type = o->verify_x509_type ? o->verify_x509_type : "subject";

		t->x509_name = o->verify_x509_name;
		t->x509_name_type = strcmp(type, "name") == 0          ? LVPN_X509_NAME_CN
		                    : strcmp(type, "name-prefix") == 0 ? LVPN_X509_NAME_PREFIX
		                                                       : LVPN_X509_NAME_SUBJECT;
	}
}

int lvpn_engconf_tls(struct lvpn_engconf *ec, const struct lvpn_options *o,
                     const struct lvpn_engconf_files *f, struct lvpn_log *lg, char *err,
                     size_t errsize)
{
	struct lvpn_tls_conf *t = &ec->tls;

	memset(ec, 0, sizeof(*ec));
	t->role = o->role == LVPN_ROLE_SERVER ? LVPN_TLS_SERVER : LVPN_TLS_CLIENT;
	t->client_cert = o->verify_client_cert == LVPN_VCC_NONE       ? LVPN_CLIENT_CERT_NONE
	                 : o->verify_client_cert == LVPN_VCC_OPTIONAL ? LVPN_CLIENT_CERT_OPTIONAL
	                                                              : LVPN_CLIENT_CERT_REQUIRE;
	t->log = lg;
	t->ca_pem = f->ca;
	t->cert_pem = f->cert;
	t->key_pem = f->key;
	t->key_pass = f->key_pass;
	t->extra_certs_pem = f->extra_certs;
	t->crl_pem = o->crl_is_dir ? NULL : f->crl;
	t->pkcs12 = f->pkcs12;
	t->pkcs12_len = f->pkcs12 ? f->pkcs12_len : 0;
	t->capath = o->capath.data;
	t->version_min = tls_version(o->tls_version_min);
	t->version_min_or_highest = o->tls_version_min_or_highest;
	t->version_max = tls_version(o->tls_version_max);
	t->cipher_list = o->tls_cipher;
	t->ciphersuites = o->tls_ciphersuites;
	t->groups = o->tls_groups;
	t->ecdh_curve = o->ecdh_curve;
	t->cert_profile = !o->tls_cert_profile                        ? LVPN_TLS_PROFILE_UNSET
	                  : !strcmp(o->tls_cert_profile, "insecure")  ? LVPN_TLS_PROFILE_INSECURE
	                  : !strcmp(o->tls_cert_profile, "legacy")    ? LVPN_TLS_PROFILE_LEGACY
	                  : !strcmp(o->tls_cert_profile, "preferred") ? LVPN_TLS_PROFILE_PREFERRED
	                                                              : LVPN_TLS_PROFILE_SUITEB;
	if (o->ecdh_curve && o->tls_groups)
		LVPN_LOG(lg, LVPN_LOG_WARN,
		         "WARNING: ecdh-curve %s is not used: tls-groups gives the groups",
		         o->ecdh_curve);
	else if (o->ecdh_curve)
		LVPN_LOG(lg, LVPN_LOG_INFO,
		         "Note: ecdh-curve %s is the only group offered; tls-groups sets a "
		         "preference list instead",
		         o->ecdh_curve);
	peer_checks(t, o);
	return fingerprints(ec, o, err, errsize);
}

const struct lvpn_blob *lvpn_engconf_wrap_blob(const struct lvpn_options *o,
                                               const struct lvpn_conn *ce, const char **name)
{
	*name = NULL;
	if (ce->tls_crypt_v2.data) {
		if (o->role == LVPN_ROLE_SERVER)
			return NULL;
		*name = "tls-crypt-v2";
		return &ce->tls_crypt_v2;
	}
	if (ce->tls_crypt.data) {
		*name = "tls-crypt";
		return &ce->tls_crypt;
	}
	if (ce->tls_auth.data) {
		*name = "tls-auth";
		return &ce->tls_auth;
	}
	return NULL;
}

int lvpn_engconf_wrap(struct lvpn_engconf *ec, const struct lvpn_options *o,
                      const struct lvpn_conn *ce, const char *text, size_t len, char *err,
                      size_t errsize)
{
	const char *name;
	const struct lvpn_blob *b = lvpn_engconf_wrap_blob(o, ce, &name);
	char loc[300];
	int rc;

	ec->wrap_mode = LVPN_WRAP_NONE;
	ec->wkc_len = 0;
	lvpn_wipe(ec->wrap_key, sizeof(ec->wrap_key));
	if (!b || !text)
		return 0;
	if (b == &ce->tls_crypt_v2)
		rc = lvpn_key_read_tcv2_client(text, len, ec->wrap_key, ec->wkc, &ec->wkc_len);
	else
		rc = lvpn_key_read_static(text, len, ec->wrap_key);
	if (rc) {
		ec->wkc_len = 0;
		return fail(err, errsize, "%s: option '%s': not a valid %s key (%s)",
		            where(b, loc, sizeof(loc)), name, name, lvpn_strerror(rc));
	}
	ec->wrap_mode = b == &ce->tls_auth ? LVPN_WRAP_AUTH : LVPN_WRAP_CRYPT;
	ec->wrap_dir = ce->key_direction < 0    ? LVPN_KEY_DIR_BIDI
	               : ce->key_direction == 0 ? LVPN_KEY_DIR_NORMAL
	                                        : LVPN_KEY_DIR_INVERSE;
	return 0;
}

static int comp_alg(int opt)
{
	switch (opt) {
	case LVPN_OPT_COMP_STUB:
		return LVPN_COMP_STUB;
	case LVPN_OPT_COMP_STUB_V2:
		return LVPN_COMP_STUB_V2;
	case LVPN_OPT_COMP_LZO:
	case LVPN_OPT_COMP_LZO_NO:
		return LVPN_COMP_LZO_STUB;
	case LVPN_OPT_COMP_LZ4:
		return LVPN_COMP_LZ4;
	case LVPN_OPT_COMP_LZ4_V2:
		return LVPN_COMP_LZ4_V2;
	default:
		return LVPN_COMP_NONE;
	}
}

static uint32_t tun_mtu(const struct lvpn_conn *ce)
{
	return ce->tun_mtu > 0 ? (uint32_t)ce->tun_mtu : 1500;
}

uint32_t lvpn_engconf_tun_mtu_extra(const struct lvpn_conn *ce, int tap)
{
	if (ce->tun_mtu_extra_set)
		return (uint32_t)ce->tun_mtu_extra;
	return tap ? LVPN_TAP_MTU_EXTRA : 0;
}

int lvpn_engconf_strings(struct lvpn_engconf *ec, const struct lvpn_options *o,
                         const struct lvpn_conn *ce, const char *gui_ver, char *err, size_t errsize)
{
	int comp = comp_alg(o->comp);
	struct lvpn_occ_conf occ = {
	    .tun_mtu = tun_mtu(ce),
	    .tap = lvpn_options_tap(o),
	    .tun_mtu_extra_set = ce->tun_mtu_extra_set,
	    .tun_mtu_extra = (unsigned)ce->tun_mtu_extra,
	    .null = lvpn_options_null(o),
	    .proto = ce->proto == LVPN_PROTO_UDP          ? LVPN_OCC_UDP
	             : ce->proto == LVPN_PROTO_TCP_SERVER ? LVPN_OCC_TCP_SERVER
	                                                  : LVPN_OCC_TCP_CLIENT,
	    .comp = comp == LVPN_COMP_NONE                                  ? LVPN_OCC_COMP_OFF
	            : comp == LVPN_COMP_STUB_V2 || comp == LVPN_COMP_LZ4_V2 ? LVPN_OCC_COMP_V2
	                                                                    : LVPN_OCC_COMP_V1,
	    .key_direction = ec->wrap_mode == LVPN_WRAP_AUTH ? ce->key_direction : -1,
	    .cipher = o->cipher,
	    .data_ciphers =
	        o->data_ciphers ? o->data_ciphers : "AES-256-GCM:AES-128-GCM:CHACHA20-POLY1305",
	    .auth = o->auth,
	    .tls_auth = ec->wrap_mode == LVPN_WRAP_AUTH,
	    .tls_server = o->role == LVPN_ROLE_SERVER,
	    .no_replay = o->no_replay,
	    .fragment = ce->fragment > 0,
	};
	struct lvpn_peer_info_conf pi = {
	    .version = "2.6.14", /* the OpenVPN protocol level we speak */
	    .platform = "linux",
	    .mtu = (occ.tun_mtu > 1500 ? occ.tun_mtu : 1500) + 100,
	    .ciphers = occ.data_ciphers,
	    .iv_proto = LVPN_ENGCONF_IV_PROTO,
	    .comp = o->allow_compression == LVPN_ALLOWCOMP_YES ||
	                    o->allow_compression == LVPN_ALLOWCOMP_ASYM
	                ? LVPN_PI_COMP_ALL
	                : LVPN_PI_COMP_STUBS,
	    .gui_ver = gui_ver,
	    .extra = o->push_peer_info ? ec->peer_info_extra : NULL,
	};

	if (lvpn_occ_string(&occ, 0, ec->occ, sizeof(ec->occ)))
		/* a cipher or digest the string cannot name: OpenVPN only logs
		 * option mismatches, so a minimal string will do */
		snprintf(ec->occ, sizeof(ec->occ), "V4,dev-type tun,key-method 2,%s",
		         occ.tls_server ? "tls-server" : "tls-client");
	ec->peer_info[0] = '\0';
	if (p2p(o)) {
		/* only what the peers settle between them (2.6's push_peer_info
		 * detail 1), from both roles */
		if (snprintf(ec->peer_info, sizeof(ec->peer_info), "IV_CIPHERS=%s\nIV_PROTO=%u\n",
		             occ.data_ciphers,
		             LVPN_ENGCONF_P2P_IV_PROTO) >= (int)sizeof(ec->peer_info))
			return fail(err, errsize, "cannot build the peer-info");
		return 0;
	}
	if (o->role != LVPN_ROLE_SERVER &&
	    lvpn_peer_info_build(&pi, ec->peer_info, sizeof(ec->peer_info)))
		return fail(err, errsize, "cannot build the peer-info");
	return 0;
}

int lvpn_engconf_static(struct lvpn_engconf *ec, const struct lvpn_options *o, const char *text,
                        size_t len, char *err, size_t errsize)
{
	char loc[300];
	int rc = text ? lvpn_key_read_static(text, len, ec->static_key) : LVPN_ERR_INVAL;

	if (rc)
		return fail(err, errsize, "%s: option 'secret': not a valid static key (%s)",
		            where(&o->secret, loc, sizeof(loc)), lvpn_strerror(rc));
	ec->have_static = 1;
	return 0;
}

void lvpn_engconf_session(const struct lvpn_engconf *ec, const struct lvpn_options *o,
                          const struct lvpn_conn *ce, struct lvpn_tls_ctx *tls,
                          struct lvpn_session_conf *sc)
{
	memset(sc, 0, sizeof(*sc));
	sc->role = o->role == LVPN_ROLE_SERVER ? LVPN_SESSION_SERVER : LVPN_SESSION_CLIENT;
	sc->p2p = p2p(o);
	sc->transport = ce->proto == LVPN_PROTO_UDP ? LVPN_TRANSPORT_UDP : LVPN_TRANSPORT_TCP;
	sc->tls = tls;
	sc->wrap_mode = ec->wrap_mode;
	sc->wrap_key = ec->wrap_key;
	sc->wrap_dir = ec->wrap_dir;
	sc->wrap_digest = o->auth;
	if (ec->wkc_len) {
		sc->wkc = ec->wkc;
		sc->wkc_len = ec->wkc_len;
	}
	sc->data_ciphers = o->data_ciphers;
	/* in p2p mode an explicit --cipher is the fallback too (2.6) */
	sc->cipher_fallback = o->data_ciphers_fallback ? o->data_ciphers_fallback
	                      : sc->p2p                ? o->cipher
	                                               : NULL;
	sc->auth = o->auth;
	sc->comp = comp_alg(o->comp);
	sc->allow_comp = o->allow_compression == LVPN_ALLOWCOMP_YES    ? LVPN_COMP_ALLOW_YES
	                 : o->allow_compression == LVPN_ALLOWCOMP_ASYM ? LVPN_COMP_ALLOW_ASYM
	                                                               : LVPN_COMP_ALLOW_NO;
	sc->tun_mtu = tun_mtu(ce);
	sc->tap = lvpn_options_tap(o);
	sc->tun_mtu_extra = lvpn_engconf_tun_mtu_extra(ce, sc->tap);
	sc->mssfix = ce->mssfix > 0 ? (uint32_t)ce->mssfix : 0;
	sc->mssfix_mtu = ce->mssfix_mtu;
	sc->mssfix_fixed = ce->mssfix_fixed;
	sc->fragment = ce->proto == LVPN_PROTO_UDP && ce->fragment > 0 ? (uint32_t)ce->fragment : 0;
	sc->fragment_mtu = ce->fragment_mtu;
	sc->tls_mtu = ce->tls_mtu > 0 ? (uint32_t)ce->tls_mtu : 0;
	if (o->replay_window > 0) {
		sc->replay_window = (uint32_t)o->replay_window;
		sc->replay_time = o->replay_time > 0 ? (uint32_t)o->replay_time : 15;
	}
	sc->mute_replay_warnings = o->mute_replay_warnings;
	sc->no_replay = o->no_replay;
	sc->tls_timeout = o->tls_timeout > 0 ? (uint32_t)o->tls_timeout : 0;
	sc->hand_window = o->hand_window > 0 ? (uint32_t)o->hand_window : 0;
	sc->tran_window = o->tran_window > 0 ? (uint32_t)o->tran_window : 0;
	sc->reneg_sec = o->reneg_sec > 0 ? (uint32_t)o->reneg_sec : 0;
	sc->reneg_sec_min = o->reneg_sec_min > 0 ? (uint32_t)o->reneg_sec_min : 0;
	sc->reneg_bytes = o->reneg_bytes;
	sc->reneg_pkts = o->reneg_pkts;
	sc->ping = o->ping > 0 ? (uint32_t)o->ping : 0;
	sc->ping_restart = o->ping_restart > 0 ? (uint32_t)o->ping_restart : 0;
	sc->ping_exit = o->ping_exit > 0 ? (uint32_t)o->ping_exit : 0;
	sc->explicit_exit_notify = ce->proto == LVPN_PROTO_UDP && ce->explicit_exit_notify > 0
	                               ? (uint32_t)ce->explicit_exit_notify
	                               : 0;
	sc->inactive = o->inactive > 0 ? (uint32_t)o->inactive : 0;
	sc->force_ekm = o->force_tls_ekm;
	sc->inactive_bytes = o->inactive_bytes;
	sc->options_string = ec->occ;
	sc->peer_info = o->role == LVPN_ROLE_SERVER && !sc->p2p ? NULL : ec->peer_info;
	sc->iv_proto = sc->p2p ? LVPN_ENGCONF_P2P_IV_PROTO : LVPN_ENGCONF_IV_PROTO;
	sc->pull_filters = o->pull_filters;
	sc->npull_filters = o->npull_filters;
	sc->route_nopull = o->route_nopull;
	if (ec->have_static) {
		sc->static_key = ec->static_key;
		sc->static_dir = o->secret_dir;
	}
}
