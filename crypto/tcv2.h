/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - the tls-crypt-v2 server key: wrapping a client key into a WKc
 * and unwrapping it again, as bytes (OpenVPN's doc/tls-crypt-v2.txt):
 *
 *   WKc = T || AES-256-CTR(Ke, IV = T[0..16), Kc || metadata) || len
 *   T   = HMAC-SHA256(Ka, len || Kc || metadata), len = u16 of the WKc
 *
 * Where a WKc sits in a packet (the trailer of HARD_RESET_CLIENT_V3 and
 * CONTROL_WKC_V1) is proto/wrap.h's business.
 */
#ifndef LVPN_TCV2_H
#define LVPN_TCV2_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "base/wire.h"
#include "crypto/ctlkey.h"

struct lvpn_tcv2_server {
	struct lvpn_ctlkey k; /* Ke = key[0..32), Ka = key[64..96) */
};

struct lvpn_tcv2_meta {
	uint8_t type; /* LVPN_TCV2_META_USER / _TIMESTAMP / other */
	size_t len;   /* bytes after the type byte */
	uint8_t data[LVPN_TCV2_META_MAX];
};

/* Sets up the server key (128 bytes, struct key).
 * Errors: LVPN_ERR_NOMEM, LVPN_ERR_CRYPTO. */
LVPN_MUST_CHECK int lvpn_tcv2_server_init(struct lvpn_tcv2_server *s,
                                          const uint8_t key[LVPN_KEY_LEN]);
void lvpn_tcv2_server_free(struct lvpn_tcv2_server *s);

/* Wraps a client key: WKc = T || AES-256-CTR(Kc || meta) || len.  meta
 * includes its type byte (1..LVPN_TCV2_META_MAX bytes).
 * Errors: LVPN_ERR_INVAL (meta length), LVPN_ERR_BUFSIZE, LVPN_ERR_CRYPTO. */
LVPN_MUST_CHECK int lvpn_tcv2_wrap_key(struct lvpn_tcv2_server *s,
                                       const uint8_t kc[LVPN_TCV2_KC_LEN], const uint8_t *meta,
                                       size_t meta_len, uint8_t *wkc, size_t cap, size_t *wkc_len);

/* Unwraps a WKc of len bytes into kc and meta (meta may be NULL).
 * Errors: LVPN_ERR_TRUNCATED (shorter than tag, Kc, a metadata type byte
 * and the length), LVPN_ERR_MALFORMED (trailing length differs from len,
 * over 1024 bytes), LVPN_ERR_AUTH (T), LVPN_ERR_CRYPTO.  kc is wiped on
 * error. */
LVPN_MUST_CHECK int lvpn_tcv2_unwrap_key(struct lvpn_tcv2_server *s, const uint8_t *wkc, size_t len,
                                         uint8_t kc[LVPN_TCV2_KC_LEN], struct lvpn_tcv2_meta *meta);

#endif
