/* SPDX-License-Identifier: BSD-2-Clause */
/* libFuzzer: every compression mode's receive path on arbitrary decrypted
 * plaintext, then the ping/OCC classification of what comes out.  The
 * first byte picks the algorithm (low 3 bits) and allow-compression (next
 * 2 bits); the rest is the payload. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "proto/comp.h"
#include "proto/ping.h"

#define FRAME 1600

static struct lvpn_comp ctx[6][3];
static int ready;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t mem[FRAME + 256];
	struct lvpn_comp *c;
	struct lvpn_buf b;
	struct lvpn_occ_msg m;
	uint32_t len;

	if (!ready) {
		for (int a = 0; a < 6; a++)
			for (int w = 0; w < 3; w++)
				if (lvpn_comp_init(&ctx[a][w], a, w, FRAME))
					abort();
		ready = 1;
	}
	if (size < 1 || size - 1 > FRAME)
		return 0;
	c = &ctx[(data[0] & 7) % 6][((data[0] >> 3) & 3) % 3];
	lvpn_buf_init(&b, mem, sizeof(mem));
	if (lvpn_buf_reset(&b, 64))
		abort();
	memcpy(lvpn_buf_data(&b), data + 1, size - 1);
	b.len = len = (uint32_t)(size - 1);
	if (lvpn_comp_recv(c, &b) != 0) {
		if (b.len != len) /* failures leave the size alone */
			abort();
		return 0;
	}
	if (b.len > FRAME || !lvpn_buf_valid(&b))
		abort();
	if (lvpn_payload_kind(lvpn_buf_data(&b), b.len) == LVPN_PAYLOAD_OCC)
		(void)!lvpn_occ_parse(lvpn_buf_data(&b), b.len, &m);
	/* what we accepted frames again and comes back identical */
	{
		static uint8_t copy[FRAME];
		uint32_t n = b.len;

		memcpy(copy, lvpn_buf_data(&b), n);
		if (lvpn_buf_reset(&b, 64))
			abort();
		memcpy(lvpn_buf_data(&b), copy, n);
		b.len = n;
		if (lvpn_comp_send(c, &b) || lvpn_comp_recv(c, &b) || b.len != n ||
		    memcmp(lvpn_buf_data(&b), copy, n))
			abort();
	}
	return 0;
}
