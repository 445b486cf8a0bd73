/* SPDX-License-Identifier: BSD-2-Clause */
/* libFuzzer: a peer certificate (DER) turned into the strings scripts see
 * (lvpn_tls_cert_facts: tls_id_N, common_name, serials, digests, X509_N_*
 * fields).  Every string must be NUL-terminated inside its field, values
 * printable, and field names of the form X509_<depth>_<name>. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/x509.h>

#include "crypto/tls_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_str(const char *s, size_t cap, int printable)
{
	const char *z = memchr(s, 0, cap);

	if (z == NULL)
		abort();
	for (; printable && s < z; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct lvpn_tls_cert_info ci;
	const unsigned char *p = data;
	char prefix[16];
	X509 *x;
	int depth = (int)(size % 3);

	x = d2i_X509(NULL, &p, (long)size);
	if (x == NULL) {
		ERR_clear_error();
		return 0;
	}
	if (lvpn_tls_cert_facts(x, depth, &ci) == 0) {
		if (ci.depth != depth || ci.nfields > LVPN_TLS_FIELDS_MAX)
			abort();
		check_str(ci.subject, sizeof(ci.subject), 0);
		check_str(ci.cn, sizeof(ci.cn), 1);
		check_str(ci.serial, sizeof(ci.serial), 1);
		check_str(ci.serial_hex, sizeof(ci.serial_hex), 1);
		check_str(ci.sha256, sizeof(ci.sha256), 1);
		check_str(ci.sha1, sizeof(ci.sha1), 1);
		snprintf(prefix, sizeof(prefix), "X509_%d_", depth);
		for (unsigned i = 0; i < ci.nfields; i++) {
			check_str(ci.field[i].name, sizeof(ci.field[i].name), 1);
			check_str(ci.field[i].value, sizeof(ci.field[i].value), 1);
			if (strncmp(ci.field[i].name, prefix, strlen(prefix)) != 0)
				abort();
		}
	}
	X509_free(x);
	ERR_clear_error();
	return 0;
}
