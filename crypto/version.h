/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - the versions of the libraries doing the work, for the start-up
 * banner ("library versions: OpenSSL 3.0.x ..., LZ4 1.9.x", as OpenVPN
 * names its own). */
#ifndef LVPN_CRYPTO_VERSION_H
#define LVPN_CRYPTO_VERSION_H

#include <stddef.h>

/* Writes "OpenSSL <version>, LZ4 <version>" (the libraries loaded at run
 * time) into out[cap], truncated if need be.  Returns out. */
const char *lvpn_crypto_versions(char *out, size_t cap);

/* The TLS library's version as 2.6 sends it in IV_SSL ("OpenSSL 3.0.x
 * <date>", OpenSSL_version(OPENSSL_VERSION)). */
const char *lvpn_crypto_ssl_version(void);

#endif
