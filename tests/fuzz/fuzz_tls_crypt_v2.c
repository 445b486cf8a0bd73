/* SPDX-License-Identifier: BSD-2-Clause */
/* tls-crypt-v2 on arbitrary input: the WKc unwrap on its own, and the
 * server's whole first-packet path (strip WKc, unwrap Kc, open). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "proto/wrap.h"
#include "tests/fuzz/ctrl_keys.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct lvpn_tcv2_server s;
	static struct lvpn_wrap w;
	static int init;
	static uint8_t mem[4096 + 64];
	uint8_t kc[LVPN_TCV2_KC_LEN];
	struct lvpn_tcv2_meta meta;
	struct lvpn_buf b;
	uint32_t rid;
	int rc;

	if (!init) {
		if (lvpn_tcv2_server_init(&s, fuzz_v2_server_key) ||
		    lvpn_wrap_init(&w, LVPN_WRAP_CRYPT, fuzz_static_key, LVPN_KEY_DIR_NORMAL, NULL, 64, 15))
			abort();
		init = 1;
	}
	if (size > 4096)
		return 0;
	rc = lvpn_tcv2_unwrap_key(&s, data, size, kc, &meta);
	if (rc == 0 && (meta.len > LVPN_TCV2_META_MAX || size != 32 + 256 + 1 + meta.len + 2))
		abort();
	if (rc && lvpn_err_is_fatal(rc))
		abort();

	lvpn_buf_init(&b, mem, sizeof(mem));
	if (lvpn_buf_reset(&b, 64))
		abort();
	memcpy(mem + 64, data, size);
	b.len = (uint32_t)size;
	rc = lvpn_tcv2_open_first(&s, &w, &b, LVPN_WRAP_NO_REPLAY, 1700000000, &meta, &rid);
	if (rc && (lvpn_err_is_fatal(rc) || b.len != size || b.head != 64))
		abort(); /* a refused packet must leave the buffer window alone */
	return 0;
}
