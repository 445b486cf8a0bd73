/* SPDX-License-Identifier: BSD-2-Clause */
/* libFuzzer: the MSS clamp on arbitrary IPv4/IPv6 packets.  The first two
 * bytes are the ceiling, the rest the packet.  Checks: no out-of-bounds
 * access (ASan), a packet left alone is byte-identical, a clamp changes
 * something (every MSS option above the ceiling, and the checksum), and
 * clamping twice changes nothing more. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "proto/mss.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *p, *q;
	uint16_t max;
	size_t n, diff = 0;

	if (size < 2)
		return 0;
	max = (uint16_t)(data[0] << 8 | data[1]);
	n = size - 2;
	/* exact-size heap copies so ASan sees any overread */
	p = malloc(n ? n : 1);
	q = malloc(n ? n : 1);
	if (!p || !q)
		abort();
	memcpy(p, data + 2, n);
	memcpy(q, data + 2, n);
	if (lvpn_mss_clamp(p, n, max)) {
		for (size_t i = 0; i < n; i++)
			diff += p[i] != q[i];
		if (diff == 0)
			abort();
		if (lvpn_mss_clamp(p, n, max) != 0)
			abort();
	} else if (n && memcmp(p, q, n) != 0) {
		abort();
	}
	free(p);
	free(q);
	return 0;
}
