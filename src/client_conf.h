/* leanvpn - what a client needs from its options, loaded once: the TLS
 * context's configuration, the control-channel key, credentials, and the
 * strings key method 2 carries (kept across reconnects, as persist-key). */
#ifndef LVPN_CLIENT_CONF_H
#define LVPN_CLIENT_CONF_H

#include <stddef.h>
#include <stdint.h>

#include "crypto/tls.h"
#include "proto/options.h"
#include "proto/session.h"

#define LVPN_CLIENT_IV_PROTO                                                                       \
	926 /* DATA_V2 REQUEST_PUSH TLS_KEY_EXPORT AUTH_PENDING_KW                                 \
	     * CC_EXIT_NOTIFY AUTH_FAIL_TEMP DYN_TLS_CRYPT */

/* peer-to-peer (no pull, no mode server): what 2.6 announces there */
#define LVPN_P2P_IV_PROTO 682 /* DATA_V2 TLS_KEY_EXPORT NCP_P2P CC_EXIT_NOTIFY DYN_TLS_CRYPT */

struct lvpn_client_conf {
	struct lvpn_tls_conf tls;
	char *owned[8]; /* PEM texts and blobs we allocated */
	unsigned nowned;
	uint8_t (*fingerprints)[32];
	uint8_t (*ca_hashes)[32]; /* --verify-hash */
	uint8_t *pkcs12;

	int wrap_mode; /* enum lvpn_wrap_mode */
	int wrap_dir;
	uint8_t wrap_key[256];
	uint8_t wkc[1024];
	size_t wkc_len;
	const struct lvpn_conn *key_of; /* the entry whose key is loaded */
	uint8_t static_key[256];        /* --secret (have_static) */
	int have_static;

	int have_creds;
	char username[256];
	char password[4096];      /* what key method 2 sends: the password, or
	                           * the server's auth-token once it pushed one */
	char real_password[4096]; /* the user's, while a token stands in */
	int have_token;
	int forgotten; /* auth-nocache: the password was wiped */

	char occ[512];
	char peer_info[1024];
};

/* Loads what stays the same for every connection attempt: the TLS
 * configuration (key and certificate files or inline blocks) and the
 * username and password (file, inline, or asked on the terminal).
 * Returns 0, or LVPN_ERR_CONFIG with a message in err naming the option. */
int lvpn_client_conf_load(struct lvpn_client_conf *c, const struct lvpn_options *o,
                          struct lvpn_log *lg, char *err, size_t errsize);

/* auth-nocache: loads the username and password again (the file is read
 * again, or the terminal asked again; static-challenge asks again).
 * Errors as lvpn_client_conf_load. */
int lvpn_client_conf_creds(struct lvpn_client_conf *c, const struct lvpn_options *o, char *err,
                           size_t errsize);

/* Loads what belongs to connection entry ce: its tls-auth / tls-crypt /
 * tls-crypt-v2 key (kept when ce is the entry loaded last), the OCC string
 * and peer-info.  Errors as above. */
int lvpn_client_conf_conn(struct lvpn_client_conf *c, const struct lvpn_options *o,
                          const struct lvpn_conn *ce, char *err, size_t errsize);

/* Fills the session configuration for connection entry ce (transport,
 * timers, ciphers, keys borrowed from c and o). */
void lvpn_client_session_conf(const struct lvpn_client_conf *c, const struct lvpn_options *o,
                              const struct lvpn_conn *ce, struct lvpn_tls_ctx *tls,
                              struct lvpn_session_conf *sc);

/* Wipes the secrets and frees what load allocated. */
void lvpn_client_conf_free(struct lvpn_client_conf *c);

#endif
