/* SPDX-License-Identifier: BSD-2-Clause */
/* libFuzzer: key method 2 read (proto/kem2), both roles.  The first byte
 * picks the role; the rest is the message.  A message that parses is
 * written back and must read back the same. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "proto/kem2.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int from_server, const uint8_t *msg, size_t len)
{
	static uint8_t out[3 * 65540];
	struct lvpn_kem2_parsed p, q;
	struct lvpn_kem2_msg m;
	size_t n;

	if (lvpn_kem2_read(from_server, msg, len, &p) != 0)
		return;
	/* every view lies inside the message */
	if (strlen(p.options) >= LVPN_KEM2_OPTIONS_MAX ||
	    strlen(p.username) >= LVPN_KEM2_USERPASS_MAX ||
	    strlen(p.password) >= LVPN_KEM2_USERPASS_MAX || strlen(p.peer_info) >= len)
		abort();
	m.ks = &p.ks;
	m.options = p.options;
	m.username = p.username;
	m.password = p.password;
	m.peer_info = p.peer_info;
	if (lvpn_kem2_write(from_server, &m, out, sizeof(out), &n) != 0)
		abort();
	if (lvpn_kem2_read(from_server, out, n, &q) != 0)
		abort();
	if (memcmp(&p.ks, &q.ks, sizeof(p.ks)) != 0 || strcmp(p.options, q.options) != 0 ||
	    strcmp(p.username, q.username) != 0 || strcmp(p.password, q.password) != 0 ||
	    strcmp(p.peer_info, q.peer_info) != 0)
		abort();
	lvpn_kem2_parsed_wipe(&p);
	lvpn_kem2_parsed_wipe(&q);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *copy;

	if (size < 1)
		return 0;
	/* an exact-size heap copy so ASan sees any read past the end */
	copy = malloc(size - 1 ? size - 1 : 1);
	if (copy == NULL)
		return 0;
	memcpy(copy, data + 1, size - 1);
	check(data[0] & 1, copy, size - 1);
	free(copy);
	return 0;
}
