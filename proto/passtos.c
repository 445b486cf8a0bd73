/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - --passtos (see passtos.h). */
#include "proto/passtos.h"

#define ETH_HLEN 14

int lvpn_passtos_of(const uint8_t *p, size_t len, int tap)
{
	if (tap) {
		/* 2.6 looks at untagged IPv4 frames only */
		if (len < ETH_HLEN || p[12] != 0x08 || p[13] != 0x00)
			return -1;
		p += ETH_HLEN;
		len -= ETH_HLEN;
	}
	if (len < 20 || (p[0] >> 4) != 4)
		return -1;
	return p[1];
}

unsigned lvpn_passtos_run(const int16_t *tos, unsigned n, int cur, int *run)
{
	int t = cur < 0 ? 0 : cur; /* a socket never set sends with TOS 0 */
	unsigned i;

	if (n && tos[0] >= 0)
		t = tos[0];
	for (i = 0; i < n; i++)
		if (tos[i] >= 0 && tos[i] != t)
			break;
	*run = t;
	return i;
}
