/* leanvpn - the client's options turned into what the engine and TLS need. */
#include "src/client_conf.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "config.h"
#include "base/b64.h"
#include "crypto/keyfile.h"
#include "proto/wrap.h"
#include "proto/comp.h"
#include "proto/kem2.h"
#include "src/client_auth.h"
#include "src/fileio.h"
#include "base/wipe.h"

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

static const char *where(const struct lvpn_blob *b, char *buf, size_t n)
{
	snprintf(buf, n, "%s:%d", b->loc.file ? b->loc.file : "command line", b->loc.line);
	return buf;
}

/* The text of a blob: the inline block, or the file's contents (owned by
 * the caller).  NULL if unset. */
static int blob_text(const struct lvpn_blob *b, const char *name, char **text, size_t *len,
                     char *err, size_t errsize)
{
	const struct lvpn_config_ops *ops = lvpn_fileio_ops();
	char why[256], loc[300];

	*text = NULL;
	*len = 0;
	if (!b->data)
		return 0;
	if (b->is_inline) {
		*len = strlen(b->data);
		*text = malloc(*len + 1);
		if (!*text)
			return LVPN_ERR_NOMEM;
		memcpy(*text, b->data, *len + 1);
		return 0;
	}
	if (ops->read_file(ops->ctx, b->data, text, len, why, sizeof(why)) != 0)
		return fail(err, errsize, "%s: option '%s': cannot read '%s': %s",
		            where(b, loc, sizeof(loc)), name, b->data, why);
	return 0;
}

static int own(struct lvpn_client_conf *c, char *p)
{
	if (c->nowned == sizeof(c->owned) / sizeof(c->owned[0])) {
		free(p);
		return LVPN_ERR_NOMEM;
	}
	c->owned[c->nowned++] = p;
	return 0;
}

static int pem(struct lvpn_client_conf *c, const struct lvpn_blob *b, const char *name,
               const char **out, char *err, size_t errsize)
{
	char *text;
	size_t len;
	int rc = blob_text(b, name, &text, &len, err, errsize);

	if (rc || !text)
		return rc;
	*out = text;
	return own(c, text);
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

/* A list of hashes "AB:CD:..", bytes bytes each, one per line (the option
 * parser checked them): *out (at most 16, owned by the caller), *n. */
static int hash_list(const struct lvpn_blob *b, const char *name, size_t bytes, uint8_t (**out)[32],
                     size_t *count, char *err, size_t errsize)
{
	char *text, loc[300];
	size_t len, n = 0;
	int rc = blob_text(b, name, &text, &len, err, errsize);

	if (rc || !text)
		return rc;
	*out = calloc(16, 32);
	if (!*out) {
		free(text);
		return LVPN_ERR_NOMEM;
	}
	for (char *line = strtok(text, "\r\n"); line; line = strtok(NULL, "\r\n")) {
		unsigned k = 0;
		const char *p = line;

		while (isspace((unsigned char)*p))
			p++;
		if (*p == '\0' || *p == '#' || *p == ';')
			continue;
		while (*p && k < bytes) {
			unsigned v;

			if (sscanf(p, "%2x", &v) != 1)
				break;
			(*out)[n][k++] = (uint8_t)v;
			p += 2;
			if (*p == ':')
				p++;
		}
		if (k != bytes || n == 16) {
			free(text);
			return fail(err, errsize, "%s: option '%s': not a fingerprint: '%.80s'",
			            where(b, loc, sizeof(loc)), name, line);
		}
		n++;
	}
	free(text);
	*count = n;
	return 0;
}

/* --peer-fingerprint (SHA256 of the peer's certificate) and --verify-hash
 * (SHA1 or SHA256 of its issuer's). */
static int fingerprints(struct lvpn_client_conf *c, const struct lvpn_options *o, char *err,
                        size_t errsize)
{
	size_t hash_len = o->verify_hash_sha256 ? 32 : 20;
	int rc = hash_list(&o->peer_fingerprint, "peer-fingerprint", 32, &c->fingerprints,
	                   &c->tls.nfingerprints, err, errsize);

	if (rc == 0)
		rc = hash_list(&o->verify_hash, "verify-hash", hash_len, &c->ca_hashes,
		               &c->tls.nca_hashes, err, errsize);
	c->tls.fingerprints = (const uint8_t(*)[32])c->fingerprints;
	c->tls.ca_hashes = (const uint8_t(*)[32])c->ca_hashes;
	c->tls.ca_hash_len = hash_len;
	return rc;
}

static int pkcs12(struct lvpn_client_conf *c, const struct lvpn_options *o, char *err,
                  size_t errsize)
{
	char *text;
	size_t len;
	int rc = blob_text(&o->pkcs12, "pkcs12", &text, &len, err, errsize);

	if (rc || !text)
		return rc;
	if (o->pkcs12.is_inline) { /* inline pkcs12 is base64 */
		size_t n = 0;

		c->pkcs12 = malloc(len);
		rc = c->pkcs12 ? lvpn_b64_decode(text, len, c->pkcs12, len, &n) : LVPN_ERR_NOMEM;
		free(text);
		if (rc || n == 0)
			return fail(err, errsize,
			            "option 'pkcs12': the inline block is not base64");
		c->tls.pkcs12 = c->pkcs12;
		c->tls.pkcs12_len = n;
		return 0;
	}
	c->pkcs12 = (uint8_t *)text;
	c->tls.pkcs12 = c->pkcs12;
	c->tls.pkcs12_len = len;
	return 0;
}

/* Asks on the terminal; echo off for secrets.  Without a controlling
 * terminal the answer is read from standard input (as OpenVPN's console
 * falls back to stdin). */
static int ask(const char *prompt, char *out, size_t n, int secret)
{
	struct termios old, quiet;
	int fd = open("/dev/tty", O_RDWR | O_CLOEXEC), ok;
	FILE *f;

	if (fd < 0) {
		fprintf(stderr, "%s", prompt);
		fflush(stderr);
		if (!fgets(out, (int)n, stdin))
			return -1;
		out[strcspn(out, "\r\n")] = '\0';
		return 0;
	}
	f = fdopen(fd, "r+");
	if (!f) {
		close(fd);
		return -1;
	}
	fprintf(f, "%s", prompt);
	fflush(f);
	if (secret && tcgetattr(fd, &old) == 0) {
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(fd, TCSAFLUSH, &quiet);
	} else {
		secret = 0;
	}
	ok = fgets(out, (int)n, f) != NULL;
	if (secret) {
		tcsetattr(fd, TCSAFLUSH, &old);
		fprintf(f, "\n");
	}
	fclose(f);
	if (!ok)
		return -1;
	out[strcspn(out, "\r\n")] = '\0';
	return 0;
}

/* static-challenge: the response is asked for (echoed if the profile
 * says so) and sent with the password as SCRV1:base64(pw):base64(resp). */
static int challenge(struct lvpn_client_conf *c, const struct lvpn_options *o, char *err,
                     size_t errsize)
{
	char prompt[600], resp[1024], pw[sizeof(c->password)];
	int rc;

	if (!o->static_challenge)
		return 0;
	snprintf(prompt, sizeof(prompt), "CHALLENGE: %s ", o->static_challenge);
	if (ask(prompt, resp, sizeof(resp), !o->static_challenge_echo))
		return fail(err, errsize,
		            "option 'static-challenge': no terminal to ask for "
		            "the response");
	memcpy(pw, c->password, sizeof(pw));
	rc = lvpn_client_scrv1(pw, resp, c->password, sizeof(c->password));
	lvpn_wipe(pw, sizeof(pw));
	lvpn_wipe(resp, sizeof(resp));
	if (rc)
		return fail(err, errsize,
		            "option 'static-challenge': password and response "
		            "too long");
	return 0;
}

/* auth-user-pass: a file or inline block with the username on the first
 * line and the password on the second; a missing password (or no file) is
 * asked on the terminal. */
static int credentials(struct lvpn_client_conf *c, const struct lvpn_options *o, char *err,
                       size_t errsize)
{
	char *text = NULL, loc[300];
	size_t len;
	int rc;

	if (!o->auth_user_pass_set)
		return 0;
	rc = blob_text(&o->auth_user_pass, "auth-user-pass", &text, &len, err, errsize);
	if (rc)
		return rc;
	if (!text && o->management_addr && o->management_query_passwords)
		return 0; /* asked on the management interface (client_mgmt.c) */
	if (text) {
		char *save = NULL, *user = strtok_r(text, "\r\n", &save);
		char *pass = strtok_r(NULL, "\r\n", &save);

		if (!user || strlen(user) >= sizeof(c->username) ||
		    (pass && strlen(pass) >= sizeof(c->password))) {
			lvpn_wipe(text, len);
			free(text);
			return fail(err, errsize,
			            "%s: option 'auth-user-pass': no username, or too long",
			            where(&o->auth_user_pass, loc, sizeof(loc)));
		}
		snprintf(c->username, sizeof(c->username), "%s", user);
		if (pass)
			snprintf(c->password, sizeof(c->password), "%s", pass);
		lvpn_wipe(text, len);
		free(text);
		if (pass) {
			c->have_creds = 1;
			return challenge(c, o, err, errsize);
		}
	} else if (ask("Enter Auth Username: ", c->username, sizeof(c->username), 0)) {
		return fail(err, errsize,
		            "option 'auth-user-pass': no terminal to ask for a username");
	}
	if (o->management_addr && o->management_query_passwords)
		return 0; /* a file without the password: asked on the interface */
	if (ask("Enter Auth Password: ", c->password, sizeof(c->password), 1))
		return fail(err, errsize,
		            "option 'auth-user-pass': no terminal to ask for a password");
	c->have_creds = 1;
	return challenge(c, o, err, errsize);
}

/* --askpass, as OpenVPN 2.6: the private key's pass phrase is the first
 * line of the file, or asked for on the terminal when no file is named. */
static int key_pass(struct lvpn_client_conf *c, const struct lvpn_options *o,
                    struct lvpn_tls_conf *t, char *err, size_t errsize)
{
	char *p;
	int rc;

	if (!o->askpass_set)
		return 0;
	if (o->askpass.data) {
		rc = pem(c, &o->askpass, "askpass", &t->key_pass, err, errsize);
		if (rc == 0 && t->key_pass)
			((char *)t->key_pass)[strcspn(t->key_pass, "\r\n")] = '\0';
		return rc;
	}
	p = malloc(1024);
	if (!p)
		return LVPN_ERR_NOMEM;
	if (ask("Enter Private Key Password: ", p, 1024, 1) != 0) {
		free(p);
		return fail(err, errsize, "option 'askpass': no pass phrase read");
	}
	t->key_pass = p;
	return own(c, p);
}

/* --remote-cert-ku's hexadecimal values (checked by the option parser),
 * NULL when the option is not given. */
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

static int tls_conf(struct lvpn_client_conf *c, const struct lvpn_options *o, struct lvpn_log *lg,
                    char *err, size_t errsize)
{
	struct lvpn_tls_conf *t = &c->tls;
	int rc;

	t->role = o->role == LVPN_ROLE_SERVER ? LVPN_TLS_SERVER : LVPN_TLS_CLIENT;
	t->client_cert = o->verify_client_cert == LVPN_VCC_NONE       ? LVPN_CLIENT_CERT_NONE
	                 : o->verify_client_cert == LVPN_VCC_OPTIONAL ? LVPN_CLIENT_CERT_OPTIONAL
	                                                              : LVPN_CLIENT_CERT_REQUIRE;
	t->log = lg;
	if ((rc = pem(c, &o->ca, "ca", &t->ca_pem, err, errsize)) ||
	    (rc = pem(c, &o->cert, "cert", &t->cert_pem, err, errsize)) ||
	    (rc = pem(c, &o->key, "key", &t->key_pem, err, errsize)) ||
	    (rc = key_pass(c, o, t, err, errsize)) ||
	    (rc = pem(c, &o->extra_certs, "extra-certs", &t->extra_certs_pem, err, errsize)) ||
	    (!o->crl_is_dir &&
	     (rc = pem(c, &o->crl_verify, "crl-verify", &t->crl_pem, err, errsize))) ||
	    (rc = pkcs12(c, o, err, errsize)) || (rc = fingerprints(c, o, err, errsize)))
		return rc;
	if (o->capath.data)
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
	t->remote_cert = o->remote_cert_tls == LVPN_RCT_SERVER   ? LVPN_REMOTE_CERT_SERVER
	                 : o->remote_cert_tls == LVPN_RCT_CLIENT ? LVPN_REMOTE_CERT_CLIENT
	                                                         : LVPN_REMOTE_CERT_ANY;
	t->ns_cert_type = o->ns_cert_type; /* 1 client, 2 server: as the enum */
	remote_ku(t, o->remote_cert_ku);
	t->remote_eku = o->remote_cert_eku;
	if (o->verify_x509_name) {
		const char *type = o->verify_x509_type ? o->verify_x509_type : "subject";

		t->x509_name = o->verify_x509_name;
		t->x509_name_type = strcmp(type, "name") == 0          ? LVPN_X509_NAME_CN
		                    : strcmp(type, "name-prefix") == 0 ? LVPN_X509_NAME_PREFIX
		                                                       : LVPN_X509_NAME_SUBJECT;
	}
	return 0;
}

/* The tls-auth / tls-crypt / tls-crypt-v2 key of connection entry ce. */
static int wrap_key(struct lvpn_client_conf *c, const struct lvpn_conn *ce, char *err,
                    size_t errsize)
{
	const struct lvpn_blob *b = NULL;
	const char *name = NULL;
	char *text, loc[300];
	size_t len;
	int rc;

	c->wrap_mode = LVPN_WRAP_NONE;
	c->wkc_len = 0;
	if (ce->tls_crypt_v2.data) {
		b = &ce->tls_crypt_v2;
		name = "tls-crypt-v2";
	} else if (ce->tls_crypt.data) {
		b = &ce->tls_crypt;
		name = "tls-crypt";
	} else if (ce->tls_auth.data) {
		b = &ce->tls_auth;
		name = "tls-auth";
	} else {
		return 0;
	}
	rc = blob_text(b, name, &text, &len, err, errsize);
	if (rc)
		return rc;
	if (b == &ce->tls_crypt_v2)
		rc = lvpn_key_read_tcv2_client(text, len, c->wrap_key, c->wkc, &c->wkc_len);
	else
		rc = lvpn_key_read_static(text, len, c->wrap_key);
	lvpn_wipe(text, len);
	free(text);
	if (rc)
		return fail(err, errsize, "%s: option '%s': not a valid %s key (%s)",
		            where(b, loc, sizeof(loc)), name, name, lvpn_strerror(rc));
	c->wrap_mode = b == &ce->tls_auth ? LVPN_WRAP_AUTH : LVPN_WRAP_CRYPT;
	c->wrap_dir = ce->key_direction < 0    ? LVPN_KEY_DIR_BIDI
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

static int strings(struct lvpn_client_conf *c, const struct lvpn_options *o,
                   const struct lvpn_conn *ce, char *err, size_t errsize)
{
	int comp = comp_alg(o->comp);
	struct lvpn_occ_conf occ = {
	    .tun_mtu = ce->tun_mtu > 0 ? (unsigned)ce->tun_mtu : 1500,
	    .proto = ce->proto == LVPN_PROTO_UDP   ? LVPN_OCC_UDP
	             : o->role == LVPN_ROLE_SERVER ? LVPN_OCC_TCP_SERVER
	                                           : LVPN_OCC_TCP_CLIENT,
	    .comp = comp == LVPN_COMP_NONE                                  ? LVPN_OCC_COMP_OFF
	            : comp == LVPN_COMP_STUB_V2 || comp == LVPN_COMP_LZ4_V2 ? LVPN_OCC_COMP_V2
	                                                                    : LVPN_OCC_COMP_V1,
	    .key_direction = c->wrap_mode == LVPN_WRAP_AUTH ? ce->key_direction : -1,
	    .cipher = o->cipher,
	    .data_ciphers =
	        o->data_ciphers ? o->data_ciphers : "AES-256-GCM:AES-128-GCM:CHACHA20-POLY1305",
	    .auth = o->auth,
	    .tls_auth = c->wrap_mode == LVPN_WRAP_AUTH,
	    .tls_server = o->role == LVPN_ROLE_SERVER,
	};
	struct lvpn_peer_info_conf pi = {
	    .version = "2.6.14", /* the OpenVPN protocol level we speak */
	    .platform = "linux",
	    .mtu = (occ.tun_mtu > 1500 ? occ.tun_mtu : 1500) + 100,
	    .ciphers = occ.data_ciphers,
	    .iv_proto = LVPN_CLIENT_IV_PROTO,
	    .comp = o->allow_compression == LVPN_ALLOWCOMP_YES ||
	                    o->allow_compression == LVPN_ALLOWCOMP_ASYM
	                ? LVPN_PI_COMP_ALL
	                : LVPN_PI_COMP_STUBS,
	    .gui_ver = PACKAGE_NAME "_" PACKAGE_VERSION,
	};

	if (lvpn_occ_string(&occ, 0, c->occ, sizeof(c->occ)))
		/* a cipher or digest the string cannot name: OpenVPN only logs
		 * option mismatches, so a minimal string will do */
		snprintf(c->occ, sizeof(c->occ), "V4,dev-type tun,key-method 2,tls-client");
	if (lvpn_peer_info_build(&pi, c->peer_info, sizeof(c->peer_info)))
		return fail(err, errsize, "cannot build the peer-info");
	/* peer-to-peer: only what the peers settle between them (2.6's
	 * push_peer_info detail 1) */
	if (!o->pull && !o->mode_server &&
	    snprintf(c->peer_info, sizeof(c->peer_info), "IV_CIPHERS=%s\nIV_PROTO=%u\n",
	             occ.data_ciphers, LVPN_P2P_IV_PROTO) >= (int)sizeof(c->peer_info))
		return fail(err, errsize, "cannot build the peer-info");
	return 0;
}

/* --secret: the static key instead of any TLS material */
static int static_key(struct lvpn_client_conf *c, const struct lvpn_options *o, char *err,
                      size_t errsize)
{
	char *text, loc[300];
	size_t len;
	int rc = blob_text(&o->secret, "secret", &text, &len, err, errsize);

	if (rc)
		return rc;
	rc = lvpn_key_read_static(text, len, c->static_key);
	lvpn_wipe(text, len);
	free(text);
	if (rc)
		return fail(err, errsize, "%s: option 'secret': not a valid static key (%s)",
		            where(&o->secret, loc, sizeof(loc)), lvpn_strerror(rc));
	c->have_static = 1;
	return 0;
}

int lvpn_client_conf_load(struct lvpn_client_conf *c, const struct lvpn_options *o,
                          struct lvpn_log *lg, char *err, size_t errsize)
{
	int rc;

	memset(c, 0, sizeof(*c));
	if (o->secret.data)
		return static_key(c, o, err, errsize);
	rc = tls_conf(c, o, lg, err, errsize);
	if (rc == 0 && o->role != LVPN_ROLE_SERVER)
		rc = credentials(c, o, err, errsize);
	if (rc == LVPN_ERR_NOMEM)
		snprintf(err, errsize, "out of memory");
	return rc;
}

int lvpn_client_conf_creds(struct lvpn_client_conf *c, const struct lvpn_options *o, char *err,
                           size_t errsize)
{
	int rc;

	lvpn_wipe(c->username, sizeof(c->username));
	lvpn_wipe(c->password, sizeof(c->password));
	lvpn_wipe(c->real_password, sizeof(c->real_password));
	c->have_creds = c->have_token = c->forgotten = 0;
	rc = credentials(c, o, err, errsize);
	if (rc == LVPN_ERR_NOMEM)
		snprintf(err, errsize, "out of memory");
	return rc;
}

int lvpn_client_conf_conn(struct lvpn_client_conf *c, const struct lvpn_options *o,
                          const struct lvpn_conn *ce, char *err, size_t errsize)
{
	/* the key of the entry used last is kept (persist-key): after a
	 * chroot its file may be out of reach */
	int rc = ce == c->key_of ? 0 : wrap_key(c, ce, err, errsize);

	c->key_of = rc ? NULL : ce;
	if (rc == 0)
		rc = strings(c, o, ce, err, errsize);
	if (rc == LVPN_ERR_NOMEM)
		snprintf(err, errsize, "out of memory");
	return rc;
}

void lvpn_client_session_conf(const struct lvpn_client_conf *c, const struct lvpn_options *o,
                              const struct lvpn_conn *ce, struct lvpn_tls_ctx *tls,
                              struct lvpn_session_conf *sc)
{
	memset(sc, 0, sizeof(*sc));
	sc->role = o->role == LVPN_ROLE_SERVER ? LVPN_SESSION_SERVER : LVPN_SESSION_CLIENT;
	sc->p2p = !o->pull && !o->mode_server;
	sc->transport = ce->proto == LVPN_PROTO_UDP ? LVPN_TRANSPORT_UDP : LVPN_TRANSPORT_TCP;
	sc->tls = tls;
	sc->wrap_mode = c->wrap_mode;
	sc->wrap_key = c->wrap_key;
	sc->wrap_dir = c->wrap_dir;
	sc->wrap_digest = o->auth;
	if (c->wkc_len) {
		sc->wkc = c->wkc;
		sc->wkc_len = c->wkc_len;
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
	sc->tun_mtu = ce->tun_mtu > 0 ? (uint32_t)ce->tun_mtu : 1500;
	sc->mssfix = ce->mssfix > 0 ? (uint32_t)ce->mssfix : 0;
	sc->mssfix_mtu = ce->mssfix_mtu;
	sc->mssfix_fixed = ce->mssfix_fixed;
	sc->tls_mtu = ce->tls_mtu > 0 ? (uint32_t)ce->tls_mtu : 0;
	if (o->replay_window > 0) {
		sc->replay_window = (uint32_t)o->replay_window;
		sc->replay_time = o->replay_time > 0 ? (uint32_t)o->replay_time : 15;
	}
	sc->mute_replay_warnings = o->mute_replay_warnings;
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
	sc->inactive_bytes = o->inactive_bytes;
	sc->options_string = c->occ;
	sc->peer_info = c->peer_info;
	sc->iv_proto = sc->p2p ? LVPN_P2P_IV_PROTO : LVPN_CLIENT_IV_PROTO;
	sc->pull_filters = o->pull_filters;
	sc->npull_filters = o->npull_filters;
	sc->route_nopull = o->route_nopull;
	if (c->have_static) {
		sc->static_key = c->static_key;
		sc->static_dir = o->secret_dir;
	}
	if (c->have_creds) {
		sc->username = c->username;
		sc->password = c->password;
	}
}

void lvpn_client_conf_free(struct lvpn_client_conf *c)
{
	for (unsigned i = 0; i < c->nowned; i++) {
		lvpn_wipe(c->owned[i], strlen(c->owned[i]));
		free(c->owned[i]);
	}
	free(c->fingerprints);
	free(c->ca_hashes);
	if (c->pkcs12)
		lvpn_wipe(c->pkcs12, c->tls.pkcs12_len);
	free(c->pkcs12);
	lvpn_wipe(c, sizeof(*c));
}
