/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - library versions (crypto/version.h). */
#include "crypto/version.h"

#include <lz4.h>
#include <openssl/crypto.h>
#include <stdio.h>

const char *lvpn_crypto_versions(char *out, size_t cap)
{
	snprintf(out, cap, "%s, LZ4 %s", OpenSSL_version(OPENSSL_VERSION), LZ4_versionString());
	return out;
}

const char *lvpn_crypto_ssl_version(void)
{
	return OpenSSL_version(OPENSSL_VERSION);
}
