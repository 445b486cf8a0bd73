/* SPDX-License-Identifier: BSD-2-Clause */
/* libFuzzer: what a SOCKS5 proxy answers (proto/socks): the method
 * choice, the RFC 1929 status, the request reply with every address type,
 * and datagrams from the UDP relay.  Each reader gets an exact-size heap
 * copy; a complete reply must lie inside the input. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "proto/socks.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lvpn_socks_addr a;
	uint8_t *buf;
	size_t used = 0;
	int rep = 0, rc;

	if (size < 1)
		return 0;
	buf = malloc(size - 1 ? size - 1 : 1);
	if (!buf)
		return 0;
	memcpy(buf, data + 1, size - 1);
	switch (data[0] & 3) {
	case 0:
		rc = lvpn_socks_method_read(buf, size - 1, data[0] >> 7, &used);
		break;
	case 1:
		rc = lvpn_socks_auth_read(buf, size - 1, &used);
		break;
	case 2:
		rc = lvpn_socks_reply_read(buf, size - 1, &a, &rep, &used);
		if ((rc == 0 || rc == LVPN_ERR_UNSUPPORTED) &&
		    (a.addr_len > sizeof(a.addr) || (rc == 0) != (rep == 0)))
			abort();
		if (rc == LVPN_ERR_UNSUPPORTED)
			rc = 0;
		break;
	default:
		rc = lvpn_socks_udp_check(buf, size - 1);
		used = LVPN_SOCKS_UDP_HDR;
		break;
	}
	if (rc == 0 && used > size - 1)
		abort();
	free(buf);
	return 0;
}
