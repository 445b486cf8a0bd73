/* SPDX-License-Identifier: BSD-2-Clause */
/* libFuzzer: the ifconfig-pool-persist loader (lvpn_ippool_load).  Byte 0
 * picks the pool shape (IPv4 subnet, net30, IPv6, both, duplicate-cn); the
 * rest is the file.  After loading, the pool is saved, the text loaded
 * into a fresh pool of the same shape, and both saves must agree; every
 * address acquired afterwards is inside the pool. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "proto/server/ippool.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct lvpn_ippool *make(uint8_t shape)
{
	struct lvpn_ippool_cfg c;
	struct lvpn_ippool *p;

	memset(&c, 0, sizeof(c));
	c.v4 = (shape & 3) != 2;
	c.net30 = shape & 4 ? 1 : 0;
	c.start = 0x0a080004; /* 10.8.0.4 */
	c.end = 0x0a08001f;   /* 10.8.0.31 */
	c.v6 = (shape & 3) != 0;
	c.v6_base[0] = 0x20;
	c.v6_base[1] = 0x01;
	c.v6_base[2] = 0x0d;
	c.v6_base[3] = 0xb8;
	c.v6_base[15] = 0x10;
	c.v6_netbits = 120 + (shape >> 4 & 3);
	c.duplicate_cn = shape & 8 ? 1 : 0;
	c.persist_secs = 600;
	if (lvpn_ippool_new(&c, NULL, &p) != 0)
		abort();
	return p;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char out1[65536], out2[65536];
	struct lvpn_ippool *p, *q;
	struct lvpn_ippool_lease l;
	size_t n1 = 0, n2 = 0;
	unsigned skipped;
	char *copy;

	if (size < 1)
		return 0;
	copy = malloc(size - 1 ? size - 1 : 1); /* exact size: no NUL after it */
	if (copy == NULL)
		return 0;
	memcpy(copy, data + 1, size - 1);
	p = make(data[0]);
	if (lvpn_ippool_load(p, copy, size - 1, &skipped) != 0)
		abort();
	if (lvpn_ippool_used(p) > lvpn_ippool_size(p))
		abort();
	if (lvpn_ippool_save(p, out1, sizeof(out1), &n1) != 0)
		abort();
	q = make(data[0]);
	if (lvpn_ippool_load(q, out1, n1, &skipped) != 0 ||
	    lvpn_ippool_save(q, out2, sizeof(out2), &n2) != 0)
		abort();
	if (n1 != n2 || memcmp(out1, out2, n1) != 0)
		abort();
	for (int i = 0; i < 4; i++) {
		if (lvpn_ippool_acquire(p, "client", &l) != 0)
			break;
		if (l.has_v4 && (l.remote < 0x0a080004 || l.remote > 0x0a08001f))
			abort();
	}
	lvpn_ippool_free(p);
	lvpn_ippool_free(q);
	free(copy);
	return 0;
}
