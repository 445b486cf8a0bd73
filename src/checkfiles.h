/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - --check-config reads the keys and certificates as a start
 * would: a certificate or key that cannot be parsed is reported when the
 * configuration is checked (OpenVPN 2.6 fails on it when it starts). */
#ifndef LVPN_CHECKFILES_H
#define LVPN_CHECKFILES_H

#include <stddef.h>

#include "base/err.h"
#include "proto/config/options.h"

/* Reads and parses what starting with o would: the static key, or the CA,
 * certificate, key, extra-certs, CRL and PKCS#12 as the TLS setup takes
 * them.  Nothing that would ask for a pass phrase on the terminal is
 * opened (askpass without a file, an encrypted key or a PKCS#12 file with
 * no pass phrase given): those are read as files only.  On failure, msg
 * gets the line to print: "leanvpn: FILE:LINE: option 'NAME': why".
 * Errors: LVPN_ERR_CONFIG (msg says what), LVPN_ERR_NOMEM. */
LVPN_MUST_CHECK int lvpn_check_files(const struct lvpn_options *o, char *msg, size_t cap);

#endif
