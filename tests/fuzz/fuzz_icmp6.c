/* SPDX-License-Identifier: BSD-2-Clause */
/* libFuzzer: the --block-ipv6 answer for arbitrary packets.  The first
 * two bytes are the TUN MTU, the rest the packet.  Checks: no
 * out-of-bounds access (ASan), an answer only for IPv6, never longer than
 * the headers and 1280 quoted bytes, and its checksum verifies. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "proto/icmp6.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const uint8_t src[16] = {0xfe, 0x80, [15] = 7};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t out[LVPN_ICMP6_HDRS + 1280];
	uint32_t mtu, s;
	uint8_t *p;
	size_t n, a;

	if (size < 2)
		return 0;
	mtu = (uint32_t)(data[0] << 8 | data[1]);
	n = size - 2;
	p = malloc(n ? n : 1); /* exact size: ASan sees any overread */
	if (!p)
		abort();
	memcpy(p, data + 2, n);
	a = lvpn_icmp6_unreach(p, n, src, mtu, out, sizeof(out));
	if (a && !lvpn_icmp6_is_ipv6(p, n))
		abort();
	if (a > sizeof(out) || (a && a < LVPN_ICMP6_HDRS))
		abort();
	if (a) {
		s = 58 + (uint32_t)(a - 40);
		for (size_t i = 8; i < a; i += 2)
			s += (uint32_t)(out[i] << 8 | (i + 1 < a ? out[i + 1] : 0));
		while (s >> 16)
			s = (s & 0xffff) + (s >> 16);
		if (s != 0xffff)
			abort();
	}
	free(p);
	return 0;
}
