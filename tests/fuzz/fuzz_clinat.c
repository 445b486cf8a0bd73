/* SPDX-License-Identifier: BSD-2-Clause */
/* libFuzzer: --client-nat on arbitrary packets.  Byte 0: direction (bit 0),
 * tap (bit 1) and rule count (bits 2-3); then 13 bytes per rule (type,
 * network, netmask, alias); the rest is the packet.  Checks: no
 * out-of-bounds access (ASan), a packet left alone is byte-identical, and
 * a rewritten IPv4 header whose checksum was right still has a right one. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "proto/clinat.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint32_t hdr_sum(const uint8_t *p)
{
	size_t n = (size_t)(p[0] & 15) * 4;
	uint32_t s = 0;

	for (size_t i = 0; i + 1 < n; i += 2)
		s += (uint32_t)(p[i] << 8 | p[i + 1]);
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct lvpn_clinat c;
	enum lvpn_clinat_dir dir;
	size_t n, off, ip;
	uint8_t *p, *q;
	int tap, ok = 0, r;

	if (size < 1)
		return 0;
	dir = (data[0] & 1) ? LVPN_CLINAT_IN : LVPN_CLINAT_OUT;
	tap = (data[0] >> 1) & 1;
	c.n = (uint32_t)(data[0] >> 2) & 3;
	off = 1 + 13 * (size_t)c.n;
	if (size < off)
		return 0;
	for (uint32_t i = 0; i < c.n; i++) {
		const uint8_t *d = data + 1 + 13 * i;

		c.r[i].dnat = d[0] & 1;
		c.r[i].net = lvpn_get_be32(d + 1);
		c.r[i].mask = lvpn_get_be32(d + 5);
		c.r[i].alias = lvpn_get_be32(d + 9);
	}
	n = size - off;
	p = malloc(n ? n : 1); /* exact size: ASan sees any overrun */
	q = malloc(n ? n : 1);
	if (!p || !q)
		abort();
	memcpy(p, data + off, n);
	memcpy(q, p, n);
	ip = tap ? 14 : 0;
	if (!tap && n >= 20 && (p[0] >> 4) == 4 && (size_t)(p[0] & 15) * 4 <= n && (p[0] & 15) >= 5)
		ok = hdr_sum(p) == 0xffff;
	r = tap ? lvpn_clinat_apply_eth(&c, p, n, dir) : lvpn_clinat_apply(&c, p, n, dir);
	if (!r && memcmp(p, q, n) != 0)
		abort();
	if (r && ok && hdr_sum(p + ip) != 0xffff)
		abort();
	free(p);
	free(q);
	return 0;
}
