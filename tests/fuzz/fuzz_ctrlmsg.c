/* SPDX-License-Identifier: BSD-2-Clause */
/* libFuzzer: control-channel messages (proto/ctrlmsg): framing, parsing
 * and PUSH_REPLY merging across pieces, as a client does with whatever
 * plaintext a server sends. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "proto/ctrlmsg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char store[4096];
	char *copy = malloc(size ? size : 1);
	struct lvpn_push_acc acc;
	size_t off = 0;

	if (copy == NULL)
		return 0;
	memcpy(copy, data, size);
	lvpn_push_acc_init(&acc, store, sizeof(store));
	while (off < size) {
		struct lvpn_ctrlmsg m;
		size_t used;
		char *msg;
		int rc = lvpn_ctrlmsg_next(copy + off, size - off, &used, &msg);

		if (rc == LVPN_ERR_AGAIN)
			break;
		if (used == 0 || used > size - off)
			abort();
		off += used;
		if (rc != 0)
			continue;
		if (lvpn_ctrlmsg_parse(msg, &m) != 0) {
			if (m.type != LVPN_CM_UNKNOWN)
				abort();
			continue;
		}
		for (const char *p = m.text; *p; p++)
			if ((unsigned char)*p < 0x20 || *p == 0x7f)
				abort();
		if (m.type != LVPN_CM_PUSH_REPLY)
			continue;
		if (acc.complete)
			lvpn_push_acc_init(&acc, store, sizeof(store));
		if (lvpn_push_acc_add(&acc, &m) != 0)
			continue;
		for (const char *o = lvpn_push_acc_next(&acc, NULL); o;
		     o = lvpn_push_acc_next(&acc, o))
			if (*o == '\0' || strchr(o, ',') != NULL ||
			    o + strlen(o) >= store + acc.len)
				abort();
	}
	free(copy);
	return 0;
}
