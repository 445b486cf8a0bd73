/* SPDX-License-Identifier: BSD-2-Clause */
/* libFuzzer: TCP stream reassembly (proto/tcpframe) with arbitrary splits.
 * The first byte sizes the packet buffer, then the input is a list of
 * chunks: one length byte (the split), then that many stream bytes.  Every
 * packet yielded must match the length prefix that announced it, fit the
 * buffer, and a broken stream must stay broken. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "proto/tcpframe.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lvpn_tcpframe f;
	size_t cap, i = 1;
	int broken = 0;

	if (size < 1)
		return 0;
	cap = 1 + (size_t)data[0] * 8; /* 1..2041 bytes */
	/* an exact-size heap buffer so ASan sees a write past it */
	uint8_t *buf = malloc(cap);
	if (buf == NULL)
		return 0;
	lvpn_tcpframe_init(&f, buf, cap);
	while (i < size) {
		size_t chunk = data[i++], used = 0;
		const uint8_t *p = data + i;

		if (chunk > size - i)
			chunk = size - i;
		i += chunk;
		while (chunk) {
			int rc = lvpn_tcpframe_push(&f, p, chunk, &used);

			if (used > chunk)
				abort();
			if (rc < 0) {
				if (rc != LVPN_ERR_FRAMING)
					abort();
				broken = 1;
				break;
			}
			if (broken)
				abort(); /* the error is sticky */
			p += used;
			chunk -= used;
			if (rc == 1) {
				const uint8_t *pkt;
				size_t len;

				lvpn_tcpframe_packet(&f, &pkt, &len);
				if (len == 0 || len > cap || pkt != buf)
					abort();
				/* the packet lies inside the buffer */
				if (pkt + len > buf + cap)
					abort();
				lvpn_tcpframe_next(&f);
			} else if (used == 0 && chunk) {
				abort(); /* no progress without a packet */
			}
		}
		if (broken) {
			size_t u = 0;
			if (lvpn_tcpframe_push(&f, data, size, &u) != LVPN_ERR_FRAMING)
				abort();
			break;
		}
	}
	free(buf);
	return 0;
}
