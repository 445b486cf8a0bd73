/* SPDX-License-Identifier: BSD-2-Clause */
/* libFuzzer: the early-negotiation TLV list a server reset carries
 * (lvpn_tlv_parse_early_neg).  A list that parses and holds flags is
 * written back and must read back the same flags. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "proto/pkt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *copy, out[16];
	uint16_t flags = 0xffff, again = 0;
	size_t n;
	int rc;

	copy = malloc(size ? size : 1); /* exact size: ASan sees over-reads */
	if (copy == NULL)
		return 0;
	memcpy(copy, data, size);
	rc = lvpn_tlv_parse_early_neg(copy, size, &flags);
	if (rc != 0 && rc != LVPN_ERR_TRUNCATED && rc != LVPN_ERR_MALFORMED)
		abort();
	if (rc == 0) {
		if (lvpn_tlv_write_early_neg(out, sizeof(out), flags, &n) != 0)
			abort();
		if (lvpn_tlv_parse_early_neg(out, n, &again) != 0 || again != flags)
			abort();
	}
	free(copy);
	return 0;
}
