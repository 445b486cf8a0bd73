/* SPDX-License-Identifier: BSD-2-Clause */
/* The UDP server's pre-session path on an arbitrary datagram: classify,
 * unwrap statelessly (tls-auth SHA1, tls-crypt, tls-crypt-v2 or none,
 * chosen by the first input byte), parse, and run the cookie checks /
 * build the cookie reply.  Input: mode byte, then the datagram. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "proto/wrap.h"
#include "proto/server/cookie.h"
#include "proto/pkt.h"
#include "tests/fuzz/ctrl_keys.h"

static struct lvpn_wrap w_auth, w_crypt, w_v2;
static struct lvpn_tcv2_server v2;
static struct lvpn_cookie cookie;

static void init_once(void)
{
	static int done;
	static const uint8_t ck[LVPN_COOKIE_KEY_LEN] = { 7 };

	if (done)
		return;
	done = 1;
	if (lvpn_wrap_init(&w_auth, LVPN_WRAP_AUTH, fuzz_static_key, LVPN_KEY_DIR_NORMAL, "SHA1", 64, 15) ||
	    lvpn_wrap_init(&w_crypt, LVPN_WRAP_CRYPT, fuzz_static_key, LVPN_KEY_DIR_NORMAL, NULL, 64, 15) ||
	    lvpn_wrap_init(&w_v2, LVPN_WRAP_CRYPT, fuzz_static_key, LVPN_KEY_DIR_NORMAL, NULL, 64, 15) ||
	    lvpn_tcv2_server_init(&v2, fuzz_v2_server_key) || lvpn_cookie_init(&cookie, ck, 60))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t mem[4096 + 256];
	static const uint8_t addr[16] = { 2, 0, 1, 2, 127, 0, 0, 1 };
	const uint64_t now = 1700000000;
	struct lvpn_wrap *w;
	struct lvpn_ctrl_pkt p;
	struct lvpn_tcv2_meta meta;
	struct lvpn_buf b;
	uint32_t rid = 0;
	unsigned mode;
	int rc;

	init_once();
	if (size < 1 || size - 1 > 4096)
		return 0;
	mode = data[0] % 4;
	lvpn_buf_init(&b, mem, sizeof(mem));
	if (lvpn_buf_reset(&b, 256))
		abort();
	memcpy(mem + 256, data + 1, size - 1);
	b.len = (uint32_t)(size - 1);

	rc = lvpn_pkt_classify(lvpn_buf_data(&b), b.len);
	if (rc != 0)
		return 0; /* data or invalid: never answered before a session */
	w = mode == 0 ? &w_auth : mode == 1 ? &w_crypt : &w_v2;
	if (mode == 2) {
		rc = lvpn_tcv2_open_first(&v2, w, &b, LVPN_WRAP_NO_REPLAY, now, &meta, &rid);
		if (rc == LVPN_ERR_OPCODE)
			rc = lvpn_wrap_open(w, &b, LVPN_WRAP_NO_REPLAY, now, &rid);
	} else if (mode == 3) {
		rc = b.len >= 9 ? 0 : LVPN_ERR_TRUNCATED; /* no wrapping */
	} else {
		rc = lvpn_wrap_open(w, &b, LVPN_WRAP_NO_REPLAY, now, &rid);
	}
	if (rc) {
		if (lvpn_err_is_fatal(rc))
			abort();
		return 0;
	}
	if (lvpn_pkt_parse(lvpn_buf_data(&b), b.len, &p))
		return 0;
	if (lvpn_cookie_check_first(&p) == 0) {
		uint8_t out[512];
		size_t len;
		struct lvpn_buf rb;

		lvpn_buf_init(&rb, out, sizeof(out));
		if (lvpn_buf_reset(&rb, 128))
			abort();
		if (lvpn_cookie_reply(&cookie, now, addr, sizeof(addr), &p, rid, out + 128,
				      sizeof(out) - 128 - 64, &len))
			abort();
		rb.len = (uint32_t)len;
		if (mode != 3 && lvpn_wrap_seal(mode == 0 ? &w_auth : &w_crypt, &rb, now))
			abort();
	} else {
		rc = lvpn_cookie_check_third(&cookie, now, addr, sizeof(addr), &p);
		/* a random cookie passing would be a finding: 2^-64 per try */
		if (rc == 0 && p.ack_sid) {
			uint8_t want[8];

			if (lvpn_cookie_make(&cookie, now, addr, sizeof(addr), p.sid, want) ||
			    memcmp(want, p.ack_sid, 8) != 0) {
				/* accepted from an older slot: recheck explicitly */
				if (lvpn_cookie_verify(&cookie, now, addr, sizeof(addr), p.sid, p.ack_sid))
					abort();
			}
		}
	}
	return 0;
}
