/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - OpenVPN's spelling of TLS 1.2 cipher names in --tls-cipher.
 *
 * OpenVPN lets a configuration name TLS 1.2 ciphers by their IANA names
 * with dashes ("TLS-ECDHE-ECDSA-WITH-AES-256-GCM-SHA384") and hands
 * OpenSSL its own names ("ECDHE-ECDSA-AES256-GCM-SHA384").  OpenSSL knows
 * both names of every cipher it has (SSL_CIPHER_standard_name), so the
 * translation is a lookup, not a table of ours.  A name OpenSSL does not
 * know is passed on unchanged (OpenSSL then skips it, and refuses a list
 * with nothing usable left, as OpenVPN does). */
#include <openssl/ssl.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/tls_int.h"

/* OpenSSL's name of the cipher whose IANA name is name with '-' read as
 * '_', or NULL. */
static const char *openssl_name(STACK_OF(SSL_CIPHER) * all, const char *name, size_t len)
{
	char iana[128];

	if (len >= sizeof(iana))
		return NULL;
	for (size_t i = 0; i < len; i++)
		iana[i] = name[i] == '-' ? '_' : name[i];
	iana[len] = '\0';
	for (int i = 0; i < sk_SSL_CIPHER_num(all); i++) {
		const SSL_CIPHER *c = sk_SSL_CIPHER_value(all, i);
		const char *std = SSL_CIPHER_standard_name(c);

		if (std && strcmp(std, iana) == 0)
			return SSL_CIPHER_get_name(c);
	}
	return NULL;
}

char *lvpn_tls_cipher_list(const char *list)
{
	size_t n = strlen(list), o = 0;
	char *out = malloc(2 * n + 1);
	SSL_CTX *probe;
	STACK_OF(SSL_CIPHER) * all;

	if (!out)
		return NULL;
	probe = SSL_CTX_new(TLS_method());
	if (!probe || !SSL_CTX_set_cipher_list(probe, "ALL:COMPLEMENTOFALL:@SECLEVEL=0")) {
		SSL_CTX_free(probe);
		memcpy(out, list, n + 1);
		return out;
	}
	all = SSL_CTX_get_ciphers(probe);
	for (const char *p = list; *p;) {
		size_t len = strcspn(p, ":");
		size_t pre = strspn(p, "!-+");
		const char *name = len > pre + 4 && strncmp(p + pre, "TLS-", 4) == 0
		                       ? openssl_name(all, p + pre, len - pre)
		                       : NULL;

		memcpy(out + o, p, pre);
		o += pre;
		if (name && strlen(name) <= 2 * (len - pre)) {
			memcpy(out + o, name, strlen(name));
			o += strlen(name);
		} else {
			memcpy(out + o, p + pre, len - pre);
			o += len - pre;
		}
		p += len;
		if (*p == ':')
			out[o++] = *p++;
	}
	out[o] = '\0';
	SSL_CTX_free(probe);
	return out;
}
