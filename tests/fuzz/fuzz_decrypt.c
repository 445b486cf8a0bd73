/* SPDX-License-Identifier: BSD-2-Clause */
/* libFuzzer: the data-channel receive path (header, key lookup, tag/HMAC,
 * decryption, replay) on arbitrary input.  The first byte picks the cipher
 * suite; the rest is the packet.  Keys are fixed (the pattern of
 * tests/unit/dc_testutil.h) so the seed corpus holds valid sealed packets.
 * The replay window is reset per input to keep runs deterministic. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "proto/datachan.h"
#include "tests/fuzz/dc_fuzz.h"

#define NSUITES 5

static const struct {
	enum lvpn_dc_cipher c;
	enum lvpn_dc_auth a;
} suites[NSUITES] = {
    {LVPN_DC_AES_256_GCM, LVPN_DC_AUTH_NONE}, {LVPN_DC_CHACHA20_POLY1305, LVPN_DC_AUTH_NONE},
    {LVPN_DC_AES_128_GCM, LVPN_DC_AUTH_NONE}, {LVPN_DC_AES_256_CBC, LVPN_DC_SHA256},
    {LVPN_DC_AES_128_CBC, LVPN_DC_SHA1},
};

static struct lvpn_data rx[NSUITES];
static int ready;

static void setup(void)
{
	uint8_t key2[LVPN_DC_KEY2_LEN];

	for (int i = 0; i < LVPN_DC_KEY2_LEN; i++)
		key2[i] = (uint8_t)(i * 7 + 1 * 13 + 1);
	for (int s = 0; s < NSUITES; s++) {
		if (lvpn_data_init(&rx[s], 1, 64, 15) ||
		    lvpn_data_key_install(&rx[s], 0, suites[s].c, suites[s].a, key2, LVPN_DC_SERVER,
		                          0) ||
		    lvpn_data_key_install(&rx[s], 1, suites[s].c, suites[s].a, key2, LVPN_DC_CLIENT,
		                          0))
			abort();
	}
	ready = 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t mem[4096];
	struct lvpn_data *d;
	struct lvpn_buf b;
	uint8_t kid;

	if (!ready)
		setup();
	if (size < 1 || size - 1 > 2048)
		return 0;
	d = &rx[data[0] % NSUITES];
	dc_fuzz_prepare(d, &b, mem, sizeof(mem), data + 1, size - 1);
	if (lvpn_data_open(d, &b, 100, &kid) == 0) {
		/* the plaintext lies inside what came in */
		if (b.head < 256 || b.head + b.len > 256 + size - 1)
			abort();
		/* and the same packet again is a replay */
		memcpy(mem + 256, data + 1, size - 1);
		b.head = 256;
		b.len = (uint32_t)(size - 1);
		if (lvpn_data_open(d, &b, 100, &kid) != LVPN_ERR_REPLAY)
			abort();
	}
	return 0;
}
