/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - MD5, for HTTP proxy Digest authentication only (RFC 2617, as
 * OpenVPN 2.6 computes it): proto/ reaches OpenSSL's MD5 through here. */
#ifndef LVPN_MD5_H
#define LVPN_MD5_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

#define LVPN_MD5_LEN 16

/* The MD5 of the concatenation of the n pieces p[i] (len[i] bytes each)
 * into out.  Errors: LVPN_ERR_CRYPTO (OpenSSL has no MD5, or failed). */
LVPN_MUST_CHECK int lvpn_md5(const void *const *p, const size_t *len, unsigned n,
                             uint8_t out[LVPN_MD5_LEN]);

#endif
