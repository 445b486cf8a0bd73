/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - option handlers: role, TLS, keys and certificates, data-channel
 * ciphers, renegotiation, compression and user authentication. */
#include <stdlib.h>
#include <string.h>

#include "proto/config/optset.h"

#define FLAG(fn, field)                                                                            \
	static int fn(struct optarg *a)                                                            \
	{                                                                                          \
		a->o->field = 1;                                                                   \
		return 0;                                                                          \
	}

FLAG(h_client, client)
FLAG(h_pull, pull)
FLAG(h_tls_client, tls_client)
FLAG(h_tls_server, tls_server)
FLAG(h_no_replay, no_replay)
FLAG(h_use_prediction_resistance, use_prediction_resistance)
FLAG(h_mute_replay, mute_replay_warnings)
FLAG(h_tls_exit, tls_exit)
FLAG(h_single_session, single_session)
FLAG(h_push_peer_info, push_peer_info)
FLAG(h_auth_nocache, auth_nocache)

static int h_mode(struct optarg *a)
{
	static const char *const modes[] = {"p2p", "server", NULL};

	return lvpn_optarg_enum(a, 1, modes, &a->o->mode_server);
}

#define BLOB(fn, field)                                                                            \
	static int fn(struct optarg *a)                                                            \
	{                                                                                          \
		return lvpn_optarg_blob(a, &a->o->field);                                          \
	}

BLOB(h_ca, ca)
BLOB(h_capath, capath)
BLOB(h_cert, cert)
BLOB(h_key, key)
BLOB(h_extra_certs, extra_certs)
BLOB(h_pkcs12, pkcs12)

static int h_dh(struct optarg *a)
{
	a->o->dh_none = !a->is_inline && strcmp(a->argv[1], "none") == 0;
	if (a->o->dh_none) {
		a->o->dh.data = NULL;
		return 0;
	}
	return lvpn_optarg_blob(a, &a->o->dh);
}

static int h_crl_verify(struct optarg *a)
{
	if (a->argc > 2 && strcmp(a->argv[2], "dir") != 0)
		return lvpn_optarg_fail(a, "'%s' is not 'dir'", a->argv[2]);
	a->o->crl_is_dir = !a->is_inline && a->argc > 2;
	return lvpn_optarg_blob(a, &a->o->crl_verify);
}

/* "AB:CD:..." with 32 bytes (SHA-256). */
/* "AB:CD:..": bytes hex bytes separated by ':' */
static int is_hash(const char *s, size_t n, size_t bytes)
{
	if (n != bytes * 3 - 1)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		int hex =
		    (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');

		if (i % 3 == 2 ? c != ':' : !hex)
			return 0;
	}
	return 1;
}

/* Every line of text (blank lines and comments aside) is a hash of bytes
 * bytes; at least one.  Errors: LVPN_ERR_CONFIG (a->err filled). */
static int check_hashes(struct optarg *a, const char *p, size_t bytes, const char *what)
{
	int count = 0;

	while (*p) {
		size_t n = strcspn(p, "\n");
		const char *s = p;
		size_t k = n;

		while (k && (*s == ' ' || *s == '\t')) {
			s++;
			k--;
		}
		while (k && (s[k - 1] == ' ' || s[k - 1] == '\t' || s[k - 1] == '\r'))
			k--;
		if (k && *s != '#' && *s != ';') {
			if (!is_hash(s, k, bytes))
				return lvpn_optarg_fail(a,
				                        "'%.*s' is not a %s fingerprint "
				                        "(%zu hex bytes separated by ':')",
				                        (int)(k > 100 ? 100 : k), s, what, bytes);
			count++;
		}
		p += n + (p[n] == '\n');
	}
	if (count == 0)
		return lvpn_optarg_fail(a, "no fingerprint given");
	return 0;
}

/* As OpenVPN 2.6: an inline block replaces the list, a fingerprint on
 * the option line is added to it.  The list is kept as text, one
 * fingerprint a line (never a path). */
static int add_fingerprints(struct optarg *a, struct lvpn_blob *b)
{
	size_t lo, ln;
	char *t, *s;

	int rc;

	if (a->is_inline || !b->data) {
		rc = lvpn_optarg_blob(a, b);
		b->is_inline = 1;
		return rc;
	}
	lo = strlen(b->data);
	ln = strlen(a->argv[1]);
	t = malloc(lo + ln + 2);
	if (!t)
		return LVPN_ERR_NOMEM;
	memcpy(t, b->data, lo);
	t[lo] = '\n';
	memcpy(t + lo + 1, a->argv[1], ln + 1);
	s = lvpn_opt_strdup(a->o, t);
	free(t);
	if (!s)
		return LVPN_ERR_NOMEM;
	b->data = s;
	return 0;
}

static int h_peer_fingerprint(struct optarg *a)
{
	if (check_hashes(a, a->argv[1], 32, "SHA-256") != 0)
		return LVPN_ERR_CONFIG;
	return add_fingerprints(a, &a->o->peer_fingerprint);
}

/* Deprecated in 2.6 (which says so) but applied: the hash of the level-1
 * certificate (the peer's issuer), SHA1 unless SHA256 is named. */
static int h_verify_hash(struct optarg *a)
{
	int sha256 = 0, rc;

	if (a->argc > 2 && strcmp(a->argv[2], "SHA256") == 0)
		sha256 = 1;
	else if (a->argc > 2 && strcmp(a->argv[2], "SHA1") != 0)
		return lvpn_optarg_fail(a, "unsupported hash algorithm '%s' (SHA1 or SHA256)",
		                        a->argv[2]);
	if (check_hashes(a, a->argv[1], sha256 ? 32 : 20, sha256 ? "SHA-256" : "SHA-1") != 0)
		return LVPN_ERR_CONFIG;
	rc = lvpn_optarg_blob(a, &a->o->verify_hash);
	a->o->verify_hash.is_inline = 1; /* hashes, never a path */
	a->o->verify_hash_sha256 = sha256;
	LVPN_LOG(a->o->log, LVPN_LOG_WARN,
	         "WARNING: option 'verify-hash' is deprecated: give the level 1 certificate as "
	         "'ca', or use 'tls-verify' or 'peer-fingerprint'");
	return rc;
}

static int h_tls_auth(struct optarg *a)
{
	static const char *const dirs[] = {"0", "1", NULL};
	int rc = lvpn_optarg_blob(a, &a->ce->tls_auth);

	if (rc == 0 && a->argc > 2 && !a->is_inline)
		rc = lvpn_optarg_enum(a, 2, dirs, &a->ce->key_direction);
	return rc;
}

static int h_secret(struct optarg *a)
{
	static const char *const dirs[] = {"0", "1", NULL};
	int rc = lvpn_optarg_blob(a, &a->o->secret);

	if (rc == 0 && a->argc > 2 && !a->is_inline)
		rc = lvpn_optarg_enum(a, 2, dirs, &a->o->secret_dir);
	return rc;
}

static int h_tls_crypt(struct optarg *a)
{
	return lvpn_optarg_blob(a, &a->ce->tls_crypt);
}

static int h_tls_crypt_v2(struct optarg *a)
{
	static const char *const modes[] = {"allow-noncookie", "force-cookie", NULL};
	int rc = lvpn_optarg_blob(a, &a->ce->tls_crypt_v2);

	if (rc == 0 && a->argc > 2 && !a->is_inline)
		rc = lvpn_optarg_enum(a, 2, modes, &a->ce->tls_crypt_v2_force_cookie);
	return rc;
}

static int alg(struct optarg *a, char **dst)
{
	if (!lvpn_is_algname(a->argv[1]))
		return lvpn_optarg_fail(a, "'%s' is not a valid algorithm name", a->argv[1]);
	return lvpn_optarg_str(a, 1, dst);
}

static int h_auth(struct optarg *a)
{
	return alg(a, &a->o->auth);
}

static int h_cipher(struct optarg *a)
{
	return alg(a, &a->o->cipher);
}

static int h_data_ciphers_fallback(struct optarg *a)
{
	return alg(a, &a->o->data_ciphers_fallback);
}

static int h_data_ciphers(struct optarg *a)
{
	if (strlen(a->argv[1]) > 127)
		return lvpn_optarg_fail(a, "the cipher list is longer than 127 characters");
	if (!lvpn_is_alglist(a->argv[1]))
		return lvpn_optarg_fail(a, "'%s' is not a ':'-separated list of cipher names",
		                        a->argv[1]);
	return lvpn_optarg_str(a, 1, &a->o->data_ciphers);
}

static int h_tls_string(struct optarg *a)
{
	const char *n = a->argv[0];
	struct lvpn_options *o = a->o;
	char **dst = !strcmp(n, "tls-cipher")         ? &o->tls_cipher
	             : !strcmp(n, "tls-ciphersuites") ? &o->tls_ciphersuites
	             : !strcmp(n, "tls-groups")       ? &o->tls_groups
	             : !strcmp(n, "ecdh-curve")       ? &o->ecdh_curve
	                                              : &o->tls_cert_profile;

	if (dst == &o->tls_cert_profile) {
		static const char *const p[] = {"insecure", "legacy", "preferred", "suiteb", NULL};
		int k;

		if (lvpn_optarg_enum(a, 1, p, &k) != 0)
			return LVPN_ERR_CONFIG;
	}
	return lvpn_optarg_str(a, 1, dst);
}

static int tls_version(struct optarg *a, int i, int *out)
{
	static const char *const v[] = {"1.0", "1.1", "1.2", "1.3", NULL};
	int k, rc = lvpn_optarg_enum(a, i, v, &k);

	if (rc == 0)
		*out = 0x0301 + k;
	return rc;
}

static int h_tls_version_min(struct optarg *a)
{
	int rc = tls_version(a, 1, &a->o->tls_version_min);

	if (rc == 0 && a->argc > 2) {
		if (strcmp(a->argv[2], "or-highest") != 0)
			return lvpn_optarg_fail(a, "'%s' is not 'or-highest'", a->argv[2]);
		a->o->tls_version_min_or_highest = 1;
	}
	return rc;
}

static int h_tls_version_max(struct optarg *a)
{
	return tls_version(a, 1, &a->o->tls_version_max);
}

static int h_remote_cert_tls(struct optarg *a)
{
	static const char *const v[] = {"", "client", "server", NULL};

	return lvpn_optarg_enum(a, 1, v, &a->o->remote_cert_tls);
}

static int h_verify_x509_name(struct optarg *a)
{
	static const char *const v[] = {"subject", "name", "name-prefix", NULL};
	int k, rc = 0;

	if (a->argc > 2)
		rc = lvpn_optarg_enum(a, 2, v, &k);
	if (rc == 0)
		rc = lvpn_optarg_str(a, 1, &a->o->verify_x509_name);
	if (rc == 0 && a->argc > 2)
		rc = lvpn_optarg_str(a, 2, &a->o->verify_x509_type);
	return rc;
}

static int h_verify_client_cert(struct optarg *a)
{
	static const char *const v[] = {"require", "optional", "none", NULL};

	a->o->verify_client_cert = LVPN_VCC_REQUIRE;
	if (a->argc < 2)
		return 0;
	return lvpn_optarg_enum(a, 1, v, &a->o->verify_client_cert);
}

static int h_reneg_sec(struct optarg *a)
{
	int rc = lvpn_optarg_int(a, 1, 0, 100000000, &a->o->reneg_sec);

	a->o->reneg_sec_min = 0;
	if (rc == 0 && a->argc > 2)
		rc = lvpn_optarg_int(a, 2, 0, 100000000, &a->o->reneg_sec_min);
	return rc;
}

static int h_reneg_count(struct optarg *a)
{
	return lvpn_optarg_i64(a, 1, 0, INT64_MAX / 2,
	                       a->argv[0][6] == 'b' ? &a->o->reneg_bytes : &a->o->reneg_pkts);
}

static int h_tls_timer(struct optarg *a)
{
	const char *n = a->argv[0];
	int *dst = n[0] == 'h'   ? &a->o->hand_window
	           : n[1] == 'r' ? &a->o->tran_window
	                         : &a->o->tls_timeout;

	return lvpn_optarg_int(a, 1, n[0] == 't' && n[1] == 'l' ? 1 : 0, 100000000, dst);
}

static int h_replay_window(struct optarg *a)
{
	int rc = 0;

	a->o->replay_window = 64;
	a->o->replay_time = 15;
	if (a->argc > 1)
		rc = lvpn_optarg_int(a, 1, 0, 65536, &a->o->replay_window);
	if (rc == 0 && a->argc > 2)
		rc = lvpn_optarg_int(a, 2, 0, 600, &a->o->replay_time);
	return rc;
}

#define LVPN_OPT_KU_MAX 16 /* as LVPN_TLS_MAX_KU (crypto/tls.h) */

static int h_remote_cert_eku(struct optarg *a)
{
	return lvpn_optarg_str(a, 1, &a->o->remote_cert_eku);
}

/* checked against OpenSSL's names when the TLS context is made */
static int h_x509_track(struct optarg *a)
{
	return lvpn_strlist_add(a->o, &a->o->x509_track, a->argv[1]);
}

/* OpenVPN 2.6.14 still takes it (checked as the TLS purpose of the
 * certificate, crypto/tls_verify.c) */
static int h_ns_cert_type(struct optarg *a)
{
	static const char *const t[] = {"client", "server", NULL};
	int k;

	if (lvpn_optarg_enum(a, 1, t, &k) != 0)
		return lvpn_optarg_fail(a, "must be 'client' or 'server'");
	a->o->ns_cert_type = k + 1;
	return 0;
}

static int h_remote_cert_ku(struct optarg *a)
{
	if (a->argc - 1 > LVPN_OPT_KU_MAX)
		return lvpn_optarg_fail(a, "more than %d key usages", LVPN_OPT_KU_MAX);
	for (int i = 1; i < a->argc; i++) {
		const char *s = a->argv[i];

		if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
			s += 2;
		if (strspn(s, "0123456789abcdefABCDEF") != strlen(s) || strlen(s) > 4 || !*s)
			return lvpn_optarg_fail(a, "'%s' is not a hexadecimal key usage",
			                        a->argv[i]);
	}
	a->o->remote_cert_ku = a->argc > 1 ? lvpn_opt_join(a->o, a->argc, a->argv, 1) : "";
	return a->o->remote_cert_ku ? 0 : LVPN_ERR_NOMEM;
}

static int h_x509_username_field(struct optarg *a)
{
	return lvpn_optarg_rest(a, 1, &a->o->x509_username_field);
}

static int h_comp_lzo(struct optarg *a)
{
	static const char *const v[] = {"yes", "no", "adaptive", NULL};
	int k = 0;

	if (a->argc > 1 && lvpn_optarg_enum(a, 1, v, &k) != 0)
		return LVPN_ERR_CONFIG;
	a->o->comp = k == 1 ? LVPN_OPT_COMP_LZO_NO : LVPN_OPT_COMP_LZO;
	a->o->comp_set = 1;
	return 0;
}

static int h_compress(struct optarg *a)
{
	static const char *const v[] = {"stub", "stub-v2", "lzo", "lz4", "lz4-v2", "migrate", NULL};
	static const int map[] = {LVPN_OPT_COMP_STUB, LVPN_OPT_COMP_STUB_V2, LVPN_OPT_COMP_LZO,
	                          LVPN_OPT_COMP_LZ4,  LVPN_OPT_COMP_LZ4_V2,  LVPN_OPT_COMP_MIGRATE};
	int k = 0;

	if (a->argc > 1 && lvpn_optarg_enum(a, 1, v, &k) != 0)
		return LVPN_ERR_CONFIG;
	a->o->comp = map[k];
	a->o->comp_set = 1;
	return 0;
}

static int h_comp_noadapt(struct optarg *a)
{
	return 0;
}

static int h_allow_compression(struct optarg *a)
{
	static const char *const v[] = {"no", "asym", "yes", NULL};
	int k;

	if (lvpn_optarg_enum(a, 1, v, &k) != 0)
		return LVPN_ERR_CONFIG;
	if (a->o->allow_compression == LVPN_ALLOWCOMP_NO && k != LVPN_ALLOWCOMP_NO)
		return lvpn_optarg_fail(a, "cannot allow compression after 'allow-compression no'");
	a->o->allow_compression = k;
	return 0;
}

static int h_auth_user_pass(struct optarg *a)
{
	a->o->auth_user_pass_set = 1;
	if (a->argc < 2 || (!a->is_inline && strcmp(a->argv[1], "stdin") == 0)) {
		a->o->auth_user_pass.data = NULL;
		a->o->auth_user_pass.loc = *a->loc;
		return 0;
	}
	return lvpn_optarg_blob(a, &a->o->auth_user_pass);
}

static int h_askpass(struct optarg *a)
{
	a->o->askpass_set = 1;
	if (a->argc < 2)
		return 0;
	return lvpn_optarg_blob(a, &a->o->askpass);
}

static int h_static_challenge(struct optarg *a)
{
	static const char *const v[] = {"0", "1", NULL};
	int rc = lvpn_optarg_enum(a, 2, v, &a->o->static_challenge_echo);

	return rc ? rc : lvpn_optarg_str(a, 1, &a->o->static_challenge);
}

static int h_auth_token(struct optarg *a)
{
	return lvpn_optarg_str(a, 1,
	                       strcmp(a->argv[0], "auth-token") == 0 ? &a->o->auth_token
	                                                             : &a->o->auth_token_user);
}

static int h_auth_retry(struct optarg *a)
{
	static const char *const v[] = {"none", "nointeract", "interact", NULL};

	return lvpn_optarg_enum(a, 1, v, &a->o->auth_retry);
}

const struct opt_handler_ent lvpn_optset_tls[] = {
    {"allow-compression", h_allow_compression},
    {"askpass", h_askpass},
    {"auth", h_auth},
    {"auth-nocache", h_auth_nocache},
    {"auth-retry", h_auth_retry},
    {"auth-token", h_auth_token},
    {"auth-token-user", h_auth_token},
    {"auth-user-pass", h_auth_user_pass},
    {"ca", h_ca},
    {"capath", h_capath},
    {"cert", h_cert},
    {"cipher", h_cipher},
    {"client", h_client},
    {"comp-lzo", h_comp_lzo},
    {"comp-noadapt", h_comp_noadapt},
    {"compress", h_compress},
    {"crl-verify", h_crl_verify},
    {"data-ciphers", h_data_ciphers},
    {"data-ciphers-fallback", h_data_ciphers_fallback},
    {"dh", h_dh},
    {"ecdh-curve", h_tls_string},
    {"extra-certs", h_extra_certs},
    {"hand-window", h_tls_timer},
    {"key", h_key},
    {"mode", h_mode},
    {"mute-replay-warnings", h_mute_replay},
    {"ncp-ciphers", h_data_ciphers},
    {"no-replay", h_no_replay},
    {"ns-cert-type", h_ns_cert_type},
    {"peer-fingerprint", h_peer_fingerprint},
    {"pkcs12", h_pkcs12},
    {"pull", h_pull},
    {"push-peer-info", h_push_peer_info},
    {"remote-cert-eku", h_remote_cert_eku},
    {"remote-cert-ku", h_remote_cert_ku},
    {"remote-cert-tls", h_remote_cert_tls},
    {"reneg-bytes", h_reneg_count},
    {"reneg-pkts", h_reneg_count},
    {"reneg-sec", h_reneg_sec},
    {"replay-window", h_replay_window},
    {"secret", h_secret},
    {"single-session", h_single_session},
    {"static-challenge", h_static_challenge},
    {"tls-auth", h_tls_auth},
    {"tls-cert-profile", h_tls_string},
    {"tls-cipher", h_tls_string},
    {"tls-ciphersuites", h_tls_string},
    {"tls-client", h_tls_client},
    {"tls-crypt", h_tls_crypt},
    {"tls-crypt-v2", h_tls_crypt_v2},
    {"tls-exit", h_tls_exit},
    {"tls-groups", h_tls_string},
    {"tls-server", h_tls_server},
    {"tls-timeout", h_tls_timer},
    {"tls-version-max", h_tls_version_max},
    {"tls-version-min", h_tls_version_min},
    {"tran-window", h_tls_timer},
    {"use-prediction-resistance", h_use_prediction_resistance},
    {"verify-client-cert", h_verify_client_cert},
    {"verify-hash", h_verify_hash},
    {"verify-x509-name", h_verify_x509_name},
    {"x509-track", h_x509_track},
    {"x509-username-field", h_x509_username_field},
    {NULL, NULL},
};
