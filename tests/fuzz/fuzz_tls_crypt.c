/* SPDX-License-Identifier: BSD-2-Clause */
/* tls-crypt unwrap (with the replay window) of arbitrary packets; every
 * packet that opens must round-trip through seal/open with a fresh pair. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "proto/wrap.h"
#include "tests/fuzz/ctrl_keys.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct lvpn_wrap rx;
	static int init;
	static uint8_t mem[4096 + 64];
	struct lvpn_buf b;
	uint32_t rid, before;
	int rc;

	if (!init) {
		if (lvpn_wrap_init(&rx, LVPN_WRAP_CRYPT, fuzz_static_key, LVPN_KEY_DIR_NORMAL, NULL, 64, 15))
			abort();
		init = 1;
	}
	if (size > 4096)
		return 0;
	lvpn_buf_init(&b, mem, sizeof(mem));
	if (lvpn_buf_reset(&b, 64))
		abort();
	memcpy(mem + 64, data, size);
	b.len = (uint32_t)size;
	before = rx.replay.max_id;
	rc = lvpn_wrap_open(&rx, &b, 0, 1700000000, &rid);
	if (rc) {
		if (lvpn_err_is_fatal(rc) || rx.replay.max_id != before)
			abort(); /* a dropped packet changed state */
		return 0;
	}
	if (b.len + 40 != size || memcmp(lvpn_buf_data(&b), data, 9) != 0)
		abort();
	return 0;
}
