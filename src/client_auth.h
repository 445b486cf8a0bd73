/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - client credentials helpers: the static-challenge response
 * packing (OpenVPN 2.6 misc.c, "SCRV1"). */
#ifndef LVPN_CLIENT_AUTH_H
#define LVPN_CLIENT_AUTH_H

#include <stddef.h>

#include "base/err.h"

/* Writes "SCRV1:" base64(password) ":" base64(response) (standard base64
 * with '=' padding, no line breaks), NUL-terminated, into out[cap]: what
 * an OpenVPN 2.6 client sends as the password with
 * `static-challenge text echo` (format scrv1, the default).
 * Errors: LVPN_ERR_BUFSIZE (out too small; out is then ""),
 * LVPN_ERR_INVAL (NULL argument). */
LVPN_MUST_CHECK int lvpn_client_scrv1(const char *password, const char *response, char *out,
                                      size_t cap);

#endif
