/* SPDX-License-Identifier: BSD-2-Clause */
/* libFuzzer: a packet as read from a TUN device with IFF_VNET_HDR (the
 * first LVPN_VNET_HDR_LEN bytes are the virtio_net_hdr, host byte order),
 * cut with lvpn_gso_start/next, every segment offered to lvpn_gro_add
 * (finishing and restarting whenever one does not join); then the raw
 * packet offered to lvpn_gro_add twice.  Checks: no out-of-bounds access
 * (ASan; the packet is an exact-size heap copy), every segment of a GSO
 * packet carries checksums that verify (summed here byte by byte), an
 * empty coalescer takes any packet up to LVPN_GSO_MAX, finish succeeds
 * whenever something was added. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "proto/offload.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint8_t seg[LVPN_GSO_MAX];
static uint8_t gbuf[LVPN_VNET_HDR_LEN + LVPN_GSO_MAX];

static uint32_t sum(const uint8_t *p, size_t n, uint32_t s)
{
	for (size_t i = 0; i < n; i++)
		s += (i & 1) ? p[i] : (uint32_t)p[i] << 8;
	return s;
}

static int folds_to_ffff(uint32_t s)
{
	while (s >> 16)
		s = (s & 0xFFFF) + (s >> 16);
	return s == 0xFFFF;
}

/* IPv4 header and TCP/UDP checksums of a segment (no extension headers
 * in a GSO packet, so the transport header follows the IP header). */
static int verifies(const uint8_t *p, size_t len)
{
	size_t off = (p[0] >> 4) == 6 ? 40 : (size_t)(p[0] & 15) * 4;
	uint32_t ps = (p[0] >> 4) == 6 ? sum(p + 8, 32, 0) : sum(p + 12, 8, 0);
	uint8_t proto = (p[0] >> 4) == 6 ? p[6] : p[9];

	if ((p[0] >> 4) == 4 && !folds_to_ffff(sum(p, off, 0)))
		return 0;
	return folds_to_ffff(sum(p + off, len - off, ps + proto + (uint32_t)(len - off)));
}

static void offer(struct lvpn_gro *gro, const uint8_t *p, size_t n)
{
	const uint8_t *out;
	size_t olen;
	int rc = lvpn_gro_add(gro, p, n);

	if (rc < 0)
		abort();
	if (rc == 0) {
		if (lvpn_gro_finish(gro, &out, &olen) != 0 || olen < LVPN_VNET_HDR_LEN)
			abort();
		if (lvpn_gro_add(gro, p, n) != 1)
			abort();
	}
}

static void drain(struct lvpn_gro *gro)
{
	const uint8_t *out;
	size_t olen;

	if (gro->nseg && lvpn_gro_finish(gro, &out, &olen) != 0)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lvpn_vnet_hdr h;
	struct lvpn_gso g;
	struct lvpn_gro gro;
	uint8_t *p;
	size_t n, sl;
	unsigned cnt = 0;
	int rc;

	if (lvpn_vnet_hdr_read(data, size, &h) != 0)
		return 0;
	n = size - LVPN_VNET_HDR_LEN;
	p = malloc(n ? n : 1);
	if (!p)
		abort();
	memcpy(p, data + LVPN_VNET_HDR_LEN, n);
	lvpn_gro_init(&gro, gbuf, sizeof(gbuf));
	if (lvpn_gso_start(&g, &h, p, n) == 0) {
		while ((rc = lvpn_gso_next(&g, seg, sizeof(seg), &sl)) == 1) {
			if (sl > LVPN_GSO_MAX || ++cnt > LVPN_GSO_MAX)
				abort();
			if (h.gso_type != LVPN_VNET_GSO_NONE && !verifies(seg, sl))
				abort();
			offer(&gro, seg, sl);
		}
		if (rc != 0 || cnt == 0)
			abort();
		drain(&gro);
	}
	rc = lvpn_gro_add(&gro, p, n);
	if (rc != (n > LVPN_GSO_MAX ? LVPN_ERR_TOO_BIG : 1))
		abort();
	if (rc == 1)
		offer(&gro, p, n);
	drain(&gro);
	free(p);
	return 0;
}
