/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - HTTP proxy Digest authentication (RFC 2617), without I/O, as
 * OpenVPN 2.6 does it (proxy.c, httpdigest.c): only with http-proxy
 * 'auto' or 'auto-nct', after a 407 whose first Proxy-Authenticate that
 * OpenVPN knows is Digest; the request goes on a new connection with
 *   Proxy-Authorization: Digest username="u", realm="r", nonce="n",
 *   uri="host:port", qop=auth, nc=00000001, cnonce="c", response="h"
 * and opaque="o" when the challenge had one.  qop is always "auth" and
 * the method "CONNECT":
 *   HA1 = MD5(user ":" realm ":" pass), with algorithm=MD5-sess then
 *         MD5(HA1 ":" nonce ":" cnonce) over the 16 raw bytes of HA1
 *         (RFC 2617's sample code, which 2.6 follows);
 *   HA2 = MD5("CONNECT:" uri);
 *   response = MD5(hex(HA1) ":" nonce ":00000001:" cnonce ":auth:" hex(HA2)),
 * hex in lower case.  Quoted values are kept as received, escapes and
 * all, as 2.6 keeps them. */
#ifndef LVPN_HTTPDIGEST_H
#define LVPN_HTTPDIGEST_H

#include <stddef.h>

#include "base/err.h"

#define LVPN_HTTPDIGEST_FIELD 256 /* realm, nonce, opaque, with the NUL */

struct lvpn_httpdigest_chal {
	char realm[LVPN_HTTPDIGEST_FIELD];
	char nonce[LVPN_HTTPDIGEST_FIELD];
	char opaque[LVPN_HTTPDIGEST_FIELD];
	char algorithm[32];
	int have_realm, have_nonce, have_opaque;
};

/* Parses the value of a Proxy-Authenticate header (v, n bytes, from the
 * scheme on: 'Digest realm="x", nonce="y", ...') into *c; parameters
 * other than realm, nonce, opaque and algorithm are skipped.
 * Errors: LVPN_ERR_MALFORMED (not Digest, realm or nonce missing, a
 * parameter without '=' or value, an open quote, a control byte),
 * LVPN_ERR_TOO_BIG (a kept value over its field), LVPN_ERR_INVAL (NULL). */
LVPN_MUST_CHECK int lvpn_httpdigest_parse(const char *v, size_t n, struct lvpn_httpdigest_chal *c);

/* Writes the Proxy-Authorization value answering c for user/pass, the
 * request method and uri ("CONNECT", "host:port") and the client nonce
 * cnonce, NUL-terminated, into out (cap bytes).  The caller wipes out
 * after use (it derives from the password).
 * Errors: LVPN_ERR_INVAL (NULL, or user, uri or cnonce holding a quote,
 * a backslash or a control byte), LVPN_ERR_BUFSIZE (out too small),
 * LVPN_ERR_CRYPTO (MD5 failed). */
LVPN_MUST_CHECK int lvpn_httpdigest_answer(const struct lvpn_httpdigest_chal *c, const char *user,
                                           const char *pass, const char *method, const char *uri,
                                           const char *cnonce, char *out, size_t cap);

#endif
