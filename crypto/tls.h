/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - TLS over memory BIOs (OpenSSL 3), either role.
 *
 * Two objects:
 *   struct lvpn_tls_ctx   built once from a struct lvpn_tls_conf (the
 *                         SSL_CTX: credentials, trust, versions, checks);
 *                         shared by any number of sessions (a server has
 *                         one per client).  Must outlive its sessions.
 *   struct lvpn_tls_sess  one TLS session.  It never touches a socket: the
 *                         caller feeds it the TLS ciphertext the reliability
 *                         layer delivered in order (lvpn_tls_feed), pulls the
 *                         ciphertext it wants sent (lvpn_tls_pull, in pieces
 *                         no larger than the caller's buffer, which the
 *                         control channel puts into packets), and moves
 *                         plaintext (key method 2, control messages) with
 *                         lvpn_tls_write / lvpn_tls_read.
 *
 * Typical engine loop, after any input:
 *     lvpn_tls_feed(s, bytes, n);        (also advances the handshake)
 *     while (lvpn_tls_pending(s)) lvpn_tls_pull(s, pkt, room, &len) -> send
 *     if (lvpn_tls_handshake_done(s)) lvpn_tls_read(s, ...) / write(...)
 *
 * Errors are sticky: after a session-fatal error every call returns it
 * again, and lvpn_tls_why() says why in one line (which is also logged).
 * TLS-level renegotiation is refused (OpenVPN renegotiates by starting a new
 * TLS session under a new key id).  No OpenSSL configuration file is read.
 */
#ifndef LVPN_TLS_H
#define LVPN_TLS_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "base/log.h"

enum lvpn_tls_role { LVPN_TLS_CLIENT = 0, LVPN_TLS_SERVER = 1 };

/* --remote-cert-tls: the peer's certificate must have a keyUsage extension
 * and this extendedKeyUsage (as OpenVPN 2.6 checks). */
enum lvpn_tls_remote_cert {
	LVPN_REMOTE_CERT_ANY = 0,
	LVPN_REMOTE_CERT_CLIENT, /* EKU TLS Web Client Authentication */
	LVPN_REMOTE_CERT_SERVER, /* EKU TLS Web Server Authentication */
};

/* --verify-x509-name NAME TYPE */
enum lvpn_tls_x509_name {
	LVPN_X509_NAME_NONE = 0,
	LVPN_X509_NAME_SUBJECT, /* "subject": whole subject "C=.., O=.., CN=.." */
	LVPN_X509_NAME_CN,      /* "name": common name equals NAME */
	LVPN_X509_NAME_PREFIX,  /* "name-prefix": common name starts with NAME */
};

/* --verify-client-cert (servers only); the default is REQUIRE. */
enum lvpn_tls_client_cert {
	LVPN_CLIENT_CERT_REQUIRE = 0,
	LVPN_CLIENT_CERT_OPTIONAL,
	LVPN_CLIENT_CERT_NONE,
};

/* --ns-cert-type: the peer certificate's TLS purpose (OpenSSL's check), or
 * else the old Netscape certificate type bit, as OpenVPN 2.6 checks it */
enum lvpn_tls_ns_cert {
	LVPN_NS_CERT_NONE = 0,
	LVPN_NS_CERT_CLIENT,
	LVPN_NS_CERT_SERVER,
};

#define LVPN_TLS_MAX_DEPTH  16 /* longest chain accepted (OpenVPN's MAX_CERT_DEPTH) */
#define LVPN_TLS_MAX_KU     16 /* --remote-cert-ku values (OpenVPN's MAX_PARMS) */
#define LVPN_TLS_FIELDS_MAX 16 /* subject fields kept per certificate */

/* Facts about one certificate of the peer's chain, as plain strings, named
 * after the environment OpenVPN gives scripts (depth N):
 *   subject     tls_id_N            "C=NL, O=org, CN=name"
 *   cn          common_name (N=0)   the CN
 *   serial      tls_serial_N        decimal
 *   serial_hex  tls_serial_hex_N    "0a:1b:..."
 *   sha256      tls_digest_sha256_N "ab:cd:..." (lowercase)
 *   sha1        tls_digest_N        "ab:cd:..." (lowercase, SHA-1)
 *   field[i]    X509_N_<short name> e.g. name "X509_0_OU", value "clients"
 * Every string is NUL-terminated; overlong values are cut. */
struct lvpn_tls_cert_info {
	int depth;
	char subject[512];
	char cn[128];
	char serial[128];
	char serial_hex[128];
	char sha256[96];
	unsigned nfields;
	char sha1[64];
	struct {
		char name[48];
		char value[256];
	} field[LVPN_TLS_FIELDS_MAX];
	const void *cert; /* the certificate (an X509) while the verify hook
	                   * runs, else NULL: lvpn_tls_cert_pem() reads it */
};

/* The certificate ci->cert as PEM text into buf[cap] (NUL-terminated;
 * *len without the NUL), for --tls-export-cert.  Only inside the verify
 * hook.  Errors: LVPN_ERR_INVAL (no certificate), LVPN_ERR_BUFSIZE (cap too
 * small), LVPN_ERR_NOMEM. */
LVPN_MUST_CHECK int lvpn_tls_cert_pem(const struct lvpn_tls_cert_info *ci, char *buf, size_t cap,
                                      size_t *len);

/* The verify hook (--tls-verify): called for every certificate of the chain
 * after OpenSSL and the built-in checks accepted it, leaf last (depth 0).
 * Return 0 to accept, anything else to reject the handshake. */
typedef int lvpn_tls_verify_fn(void *arg, const struct lvpn_tls_cert_info *ci);

/* Everything a TLS context needs, as plain values: PEM text, not file
 * names (the config layer reads the files or the inline blocks).  Strings
 * are NUL-terminated; NULL or "" means unset.  lvpn_tls_ctx_new copies what
 * it needs, except log, verify and verify_arg, which must outlive the
 * context. */
/* --tls-cert-profile, as OpenSSL security levels (OpenVPN 2.6's mapping). */
enum lvpn_tls_profile {
	LVPN_TLS_PROFILE_UNSET = 0, /* OpenSSL's default level */
	LVPN_TLS_PROFILE_INSECURE,  /* level 0 */
	LVPN_TLS_PROFILE_LEGACY,    /* level 1: SHA1 and RSA 2048 on */
	LVPN_TLS_PROFILE_PREFERRED, /* level 2: SHA2 */
	LVPN_TLS_PROFILE_SUITEB,    /* level 3 and the Suite B cipher list */
};

struct lvpn_tls_conf {
	enum lvpn_tls_role role;
	const char *ca_pem;          /* --ca: one or more certificates */
	const char *capath;          /* --capath: a hashed directory */
	const char *cert_pem;        /* --cert */
	const char *key_pem;         /* --key (PEM) */
	const char *key_pass;        /* --askpass: pass phrase of an encrypted
	                              * key; NULL: an encrypted key is refused
	                              * (never prompted for) */
	const char *extra_certs_pem; /* --extra-certs */
	const char *crl_pem;         /* --crl-verify (PEM, one or more CRLs) */
	const uint8_t *pkcs12;       /* --pkcs12 DER blob (replaces cert/key, and
	                              * ca when ca_pem is unset) */
	size_t pkcs12_len;
	const char *pkcs12_pass; /* NULL: empty password */
	/* --tls-version-min "1.0".."1.3" [or-highest]; --tls-version-max.
	 * Unset: min 1.2 (OpenVPN 2.6's default), max the highest OpenSSL has. */
	const char *version_min;
	int version_min_or_highest;
	const char *version_max;
	const char *cipher_list;  /* --tls-cipher (TLS <= 1.2) */
	const char *ciphersuites; /* --tls-ciphersuites (TLS 1.3) */
	const char *groups;       /* --tls-groups */
	const char *ecdh_curve;   /* --ecdh-curve: the one group to use when
	                           * tls-groups is not given */
	int cert_profile;         /* --tls-cert-profile: enum lvpn_tls_profile */
	enum lvpn_tls_remote_cert remote_cert;
	enum lvpn_tls_x509_name x509_name_type;
	const char *x509_name;
	/* --remote-cert-ku: with remote_ku_set the peer's certificate needs a
	 * key usage extension, holding all bits of one of remote_ku[] (none
	 * listed: any value); --remote-cert-eku: an extended key usage with
	 * this name or dotted OID (NULL: no check) */
	int ns_cert_type; /* --ns-cert-type: enum lvpn_tls_ns_cert */
	int remote_ku_set;
	size_t nremote_ku;
	uint16_t remote_ku[LVPN_TLS_MAX_KU];
	const char *remote_eku;
	const uint8_t (*fingerprints)[32]; /* --peer-fingerprint SHA256 list; with
	                                    * no ca/capath it replaces the CA */
	size_t nfingerprints;
	/* --verify-hash: the level-1 certificate's hash must be one of these
	 * (ca_hash_len bytes each: 20 SHA1, 32 SHA256) */
	const uint8_t (*ca_hashes)[32];
	size_t nca_hashes;
	size_t ca_hash_len;
	enum lvpn_tls_client_cert client_cert; /* servers only */
	/* --x509-track: attribute names ("+name": every depth); the
	 * X509_<depth>_* facts then hold only these (at most
	 * LVPN_TLS_FIELDS_MAX) */
	char *const *x509_track;
	unsigned nx509_track;
	lvpn_tls_verify_fn *verify; /* optional hook */
	void *verify_arg;
	struct lvpn_log *log; /* may be NULL */
};

struct lvpn_tls_ctx;
struct lvpn_tls_sess;

/* Initializes OpenSSL once for the process without reading any OpenSSL
 * configuration file.  Call before any other OpenSSL use; lvpn_tls_ctx_new
 * calls it too.  Errors: LVPN_ERR_CRYPTO. */
LVPN_MUST_CHECK int lvpn_tls_global_init(void);

/* Builds a context from conf: loads and checks credentials (the key must
 * match the certificate), trust, versions, cipher lists and groups.
 * A client needs some trust (ca, capath, pkcs12 CAs or fingerprints); a
 * server needs a certificate and key.  Every problem is logged with the
 * option it comes from.
 * Errors: LVPN_ERR_CONFIG (bad or inconsistent settings), LVPN_ERR_NOMEM,
 * LVPN_ERR_INVAL (conf NULL). */
LVPN_MUST_CHECK int lvpn_tls_ctx_new(const struct lvpn_tls_conf *conf, struct lvpn_tls_ctx **out);

void lvpn_tls_ctx_free(struct lvpn_tls_ctx *ctx);

/* Starts a session in the context's role.  A client has its ClientHello
 * ready to pull at once.
 * Errors: LVPN_ERR_NOMEM, LVPN_ERR_CRYPTO (the ClientHello failed),
 * LVPN_ERR_INVAL (ctx or out NULL). */
LVPN_MUST_CHECK int lvpn_tls_sess_new(struct lvpn_tls_ctx *ctx, struct lvpn_tls_sess **out);

/* Frees a session (NULL is fine). */
void lvpn_tls_sess_free(struct lvpn_tls_sess *s);

/* Hands len bytes of received TLS ciphertext (in order, no gaps) to the
 * session and advances the handshake as far as it goes.
 * Errors: LVPN_ERR_TLS (handshake or record failure, certificate rejected;
 * sticky; see lvpn_tls_why), LVPN_ERR_NOMEM, LVPN_ERR_INVAL (len over
 * INT_MAX). */
LVPN_MUST_CHECK int lvpn_tls_feed(struct lvpn_tls_sess *s, const uint8_t *data, size_t len);

/* Bytes of TLS ciphertext waiting to be sent. */
size_t lvpn_tls_pending(const struct lvpn_tls_sess *s);

/* Moves up to cap bytes of waiting ciphertext to out; *len gets the count
 * (0 when nothing waits).  Works after a failure too: the alert OpenSSL
 * wrote for the peer is worth sending.  Errors: LVPN_ERR_TLS. */
LVPN_MUST_CHECK int lvpn_tls_pull(struct lvpn_tls_sess *s, uint8_t *out, size_t cap, size_t *len);

/* Encrypts len bytes of plaintext into waiting ciphertext (pull it next).
 * Errors: LVPN_ERR_STATE (handshake not finished), LVPN_ERR_TLS,
 * LVPN_ERR_INVAL (len 0 or over INT_MAX). */
LVPN_MUST_CHECK int lvpn_tls_write(struct lvpn_tls_sess *s, const uint8_t *data, size_t len);

/* Reads up to cap bytes of decrypted plaintext into out, from one TLS
 * record at most (OpenVPN sends each message in its own record); *len gets
 * the count (0 when none is available yet).  Errors: LVPN_ERR_TLS (also when the peer
 * closed the TLS session), LVPN_ERR_INVAL (cap 0). */
LVPN_MUST_CHECK int lvpn_tls_read(struct lvpn_tls_sess *s, uint8_t *out, size_t cap, size_t *len);

/* 1 once the handshake completed and the peer was verified, else 0. */
int lvpn_tls_handshake_done(const struct lvpn_tls_sess *s);

/* The sticky error (0 if none) and a one-line reason ("" if none). */
int lvpn_tls_error(const struct lvpn_tls_sess *s);
const char *lvpn_tls_why(const struct lvpn_tls_sess *s);

/* A short description of the negotiated protocol and cipher for logs,
 * e.g. "TLSv1.3, cipher TLS_AES_256_GCM_SHA384, peer X25519";
 * "" before the handshake is done. */
const char *lvpn_tls_describe(const struct lvpn_tls_sess *s, char *out, size_t cap);

/* Fills ci with the facts of the peer certificate at depth (0 = the peer's
 * own) of the verified chain, after the handshake.
 * Errors: LVPN_ERR_STATE (handshake not done), LVPN_ERR_INVAL (no
 * certificate at that depth, e.g. a client without a certificate),
 * LVPN_ERR_CRYPTO (OpenSSL failed, e.g. out of memory; ci is zeroed). */
LVPN_MUST_CHECK int lvpn_tls_peer_cert(const struct lvpn_tls_sess *s, int depth,
                                       struct lvpn_tls_cert_info *ci);

/* RFC 5705 keying-material exporter on the finished session, no context:
 * len bytes for label into out (see crypto/kdf.h for OpenVPN's labels).
 * Errors: LVPN_ERR_STATE (handshake not done), LVPN_ERR_INVAL (empty
 * label, len 0), LVPN_ERR_CRYPTO. */
LVPN_MUST_CHECK int lvpn_tls_export(const struct lvpn_tls_sess *s, const char *label, uint8_t *out,
                                    size_t len);

#endif
