/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - the engine's configuration built from the parsed options, the
 * same for both roles: the TLS configuration, the control-channel key
 * (tls-auth / tls-crypt / tls-crypt-v2), the OCC options string and
 * peer-info, and the session configuration.  Pure: no files, no terminal,
 * no clock; the contents of the files the options name are handed in by
 * the caller (src/engfiles.c), credentials come from src/cred.c. */
#ifndef LVPN_ENGCONF_H
#define LVPN_ENGCONF_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "base/log.h"
#include "crypto/tls.h"
#include "proto/kem2.h"
#include "proto/config/options.h"
#include "proto/session.h"

/* The IV_PROTO bits a leanvpn client announces (926): as 2.6's pull mode
 * without DNS_OPTION (the dns option is not applied). */
#define LVPN_ENGCONF_IV_PROTO                                                                      \
	(LVPN_IV_PROTO_DATA_V2 | LVPN_IV_PROTO_REQUEST_PUSH | LVPN_IV_PROTO_TLS_KEY_EXPORT |       \
	 LVPN_IV_PROTO_AUTH_PENDING_KW | LVPN_IV_PROTO_CC_EXIT_NOTIFY |                            \
	 LVPN_IV_PROTO_AUTH_FAIL_TEMP | LVPN_IV_PROTO_DYN_TLS_CRYPT)

/* What 2.6 announces in peer-to-peer mode (no pull, no mode server): 682 */
#define LVPN_ENGCONF_P2P_IV_PROTO                                                                  \
	(LVPN_IV_PROTO_DATA_V2 | LVPN_IV_PROTO_TLS_KEY_EXPORT | LVPN_IV_PROTO_NCP_P2P |            \
	 LVPN_IV_PROTO_CC_EXIT_NOTIFY | LVPN_IV_PROTO_DYN_TLS_CRYPT)

#define LVPN_ENGCONF_MAX_HASHES 16 /* --peer-fingerprint / --verify-hash lines */

/* The contents of the files (or inline blocks) the options name, read by
 * the caller; NULL when the option is unset.  The TLS configuration points
 * into them: they must live as long as it. */
struct lvpn_engconf_files {
	const char *ca, *cert, *key, *extra_certs, *crl;
	const char *key_pass;  /* --askpass: the pass phrase itself */
	const uint8_t *pkcs12; /* DER (an inline block already decoded) */
	size_t pkcs12_len;
};

struct lvpn_engconf {
	struct lvpn_tls_conf tls;
	uint8_t fingerprints[LVPN_ENGCONF_MAX_HASHES][32];
	uint8_t ca_hashes[LVPN_ENGCONF_MAX_HASHES][32];

	int wrap_mode; /* enum lvpn_wrap_mode */
	int wrap_dir;  /* enum lvpn_key_dir */
	uint8_t wrap_key[256];
	uint8_t wkc[1024]; /* tls-crypt-v2 client: the wrapped client key */
	size_t wkc_len;

	char occ[512];        /* the OCC options string key method 2 sends */
	char peer_info[1024]; /* a client's or a p2p peer's peer-info ("" on a server) */
	/* set by the frontend before lvpn_engconf_strings: a client's
	 * push-peer-info lines (lvpn_peer_info_conf's extra), or NULL */
	const char *peer_info_extra;

	uint8_t static_key[256]; /* --secret (have_static): instead of TLS */
	int have_static;
};

/* Fills ec->tls (after zeroing *ec) from o and the files' contents f:
 * role, certificates and key, TLS versions and ciphers, the peer checks
 * (remote-cert-tls, ku, eku, x509 name, fingerprints, verify-hash).  Logs
 * through lg (may be NULL) what ecdh-curve does.  Pointers into o and f
 * are kept, not copied.
 * Errors: LVPN_ERR_CONFIG (a fingerprint or verify-hash line that is not
 * one, or more than 16; the message, naming the option and where it was
 * given, is in err). */
LVPN_MUST_CHECK int lvpn_engconf_tls(struct lvpn_engconf *ec, const struct lvpn_options *o,
                                     const struct lvpn_engconf_files *f, struct lvpn_log *lg,
                                     char *err, size_t errsize);

/* Which control-channel key file connection entry ce names, and its option
 * name in *name: tls-crypt-v2, else tls-crypt, else tls-auth.  NULL when
 * there is none, and for a server's tls-crypt-v2 key (not a client key:
 * the server reads it itself). */
const struct lvpn_blob *lvpn_engconf_wrap_blob(const struct lvpn_options *o,
                                               const struct lvpn_conn *ce, const char **name);

/* Reads the key text (len bytes) of the file lvpn_engconf_wrap_blob named
 * into ec's wrap mode, direction, key and WKc; text NULL: no key (wrap mode
 * none).
 * Errors: LVPN_ERR_CONFIG (not a valid key of that kind; err names the
 * option and where it was given). */
LVPN_MUST_CHECK int lvpn_engconf_wrap(struct lvpn_engconf *ec, const struct lvpn_options *o,
                                      const struct lvpn_conn *ce, const char *text, size_t len,
                                      char *err, size_t errsize);

/* Reads the --secret key text (len bytes) into ec's static key.
 * Errors: LVPN_ERR_CONFIG (not a static key; err names the option and
 * where it was given). */
LVPN_MUST_CHECK int lvpn_engconf_static(struct lvpn_engconf *ec, const struct lvpn_options *o,
                                        const char *text, size_t len, char *err, size_t errsize);

/* Builds ec's OCC options string for o and ce (after lvpn_engconf_wrap)
 * and, for a client, its peer-info (IV_GUI_VER=gui_ver unless NULL: the
 * frontend's name and version).
 * Errors: LVPN_ERR_CONFIG (the peer-info cannot be built: a data-ciphers
 * list too long or holding a newline; err says so). */
LVPN_MUST_CHECK int lvpn_engconf_strings(struct lvpn_engconf *ec, const struct lvpn_options *o,
                                         const struct lvpn_conn *ce, const char *gui_ver, char *err,
                                         size_t errsize);

/* Fills the session configuration for connection entry ce in o's role:
 * transport, timers, ciphers, compression, the wrap key and strings of ec,
 * the TLS context tls.  Credentials are the caller's (username and password
 * stay NULL), and so is a server's peer-id. */
/* The bytes a device read may hold beyond tun-mtu, as OpenVPN 2.6 takes
 * them: tun-mtu-extra when ce sets it, else 32 on a tap
 * (TAP_MTU_EXTRA_DEFAULT) and 0 on a tun.  They are accepted in a packet,
 * counted in the mssfix overhead and in the OCC link-mtu. */
uint32_t lvpn_engconf_tun_mtu_extra(const struct lvpn_conn *ce, int tap);

void lvpn_engconf_session(const struct lvpn_engconf *ec, const struct lvpn_options *o,
                          const struct lvpn_conn *ce, struct lvpn_tls_ctx *tls,
                          struct lvpn_session_conf *sc);

#endif
