/* SPDX-License-Identifier: BSD-2-Clause */
/* libFuzzer: the --fragment reassembly on arbitrary plaintexts.  The input
 * is a series of records: a 2-byte big-endian length, a 1-byte time step
 * (in seconds), then that many bytes (the decrypted plaintext with its
 * fragment header).  Checks: no out-of-bounds access (ASan), every record
 * gives 1, 0 or a drop code, a whole packet is never longer than the
 * reassembly buffer, and every drop is counted. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "proto/fragment.h"

#define CAP  1600
#define ROOM 8

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct lvpn_frag f;
	static int ready;
	static uint8_t mem[ROOM + CAP + 4];
	uint64_t now = 0;

	if (!ready) {
		if (lvpn_frag_init(&f, CAP, 0))
			abort();
		ready = 1;
	}
	/* every input starts from nothing */
	for (int i = 0; i < LVPN_FRAG_BUFS; i++)
		f.rx[i].used = 0;
	f.rx_any = 0;
	memset(&f.st, 0, sizeof(f.st));
	while (size >= 3) {
		size_t n = (size_t)data[0] << 8 | data[1];
		uint64_t drops0 = f.st.drop_malformed + f.st.drop_overflow;
		struct lvpn_buf b;
		int rc;

		now += (uint64_t)data[2] * 1000;
		data += 3;
		size -= 3;
		if (n > size)
			n = size;
		if (n > CAP + 4)
			n = CAP + 4;
		lvpn_buf_init(&b, mem, sizeof(mem));
		if (lvpn_buf_reset(&b, ROOM) || lvpn_buf_put(&b, data, (uint32_t)n))
			abort();
		data += n;
		size -= n;
		rc = lvpn_frag_recv(&f, &b, now);
		if (rc == 1) {
			if (b.len > CAP || b.head + b.len > b.cap)
				abort();
		} else if (rc < 0) {
			if (f.st.drop_malformed + f.st.drop_overflow != drops0 + 1)
				abort();
		} else if (rc != 0) {
			abort();
		}
	}
	return 0;
}
