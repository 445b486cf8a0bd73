/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - MD5 through OpenSSL (see md5.h). */
#include "crypto/md5.h"

#include <openssl/evp.h>

int lvpn_md5(const void *const *p, const size_t *len, unsigned n, uint8_t out[LVPN_MD5_LEN])
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	unsigned int outl = 0;
	int ok = ctx && EVP_DigestInit_ex(ctx, EVP_md5(), NULL);

	for (unsigned i = 0; ok && i < n; i++)
		ok = EVP_DigestUpdate(ctx, p[i], len[i]);
	ok = ok && EVP_DigestFinal_ex(ctx, out, &outl) && outl == LVPN_MD5_LEN;
	EVP_MD_CTX_free(ctx);
	return ok ? 0 : LVPN_ERR_CRYPTO;
}
