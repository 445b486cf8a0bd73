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

/* --use-prediction-resistance (OpenVPN 2.6 gives its random generator
 * prediction resistance, mbed TLS's ctr_drbg): from now on, for the
 * whole process, every lvpn_random() draw asks OpenSSL's DRBG for
 * prediction resistance (a reseed from the system's entropy before the
 * bytes), and OpenSSL's primary, public and private DRBGs (those TLS
 * draws from too) reseed before every request.
 * Errors: LVPN_ERR_CRYPTO (a DRBG refused the setting). */
LVPN_MUST_CHECK int lvpn_random_prediction_resistance(void);

#endif
