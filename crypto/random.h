/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - cryptographically secure random bytes (OpenSSL's DRBG), for
 * proto/ code that must not include OpenSSL itself. */
#ifndef LVPN_RANDOM_H
#define LVPN_RANDOM_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

/* Fills out with len random bytes.  Errors: LVPN_ERR_CRYPTO. */
LVPN_MUST_CHECK int lvpn_random(uint8_t *out, size_t len);

#endif
