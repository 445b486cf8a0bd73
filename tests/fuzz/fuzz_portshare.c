/* SPDX-License-Identifier: BSD-2-Clause */
/* libFuzzer: the port-share decision on arbitrary first bytes.  Checks:
 * no out-of-bounds access (ASan, on an exact-size copy), and the verdict
 * depends on the first 3 bytes only, as the server reads no more before
 * it decides. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "proto/portshare.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *p = malloc(size ? size : 1);
	enum lvpn_ps_verdict v;

	if (!p)
		abort();
	memcpy(p, data, size);
	v = lvpn_portshare_check(p, size);
	if (size >= 3 && lvpn_portshare_check(p, 3) != v)
		abort();
	if ((size < 2) != (v == LVPN_PS_WAIT))
		abort();
	free(p);
	return 0;
}
