/* SPDX-License-Identifier: BSD-2-Clause */
/* libFuzzer: arbitrary bytes as a management client's input, through the
 * line assembler, tokenizer and command dispatcher of src/mgmt (no
 * sockets).  The first byte picks password mode and how the rest is cut
 * into reads; the server stub answers status with a small client list. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "src/mgmt_int.h"
#include "src/status.h"
#include "tests/fuzz/mgmt_feed.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int f_status(void *ctx, int version, char *buf, size_t cap, size_t *len)
{
	static const struct lvpn_status_client c[] = {
	    {"alice", "198.18.0.2:40001", "10.8.0.2", "", 1, 2, 1700000000, "UNDEF", 3, 0,
	     "AES-256-GCM"},
	};
	struct lvpn_status s = {"fuzz", 1700000400, c, 1, NULL, 0, 0};

	(void)ctx;
	return lvpn_status_render(&s, version, buf, cap, len);
}

static int f_kill_cn(void *ctx, const char *cn)
{
	(void)ctx;
	return cn[0] == 'a';
}

static int f_kill_addr(void *ctx, uint32_t ip, int port)
{
	(void)ctx;
	return (ip & 1) && port > 1000;
}

static int f_kill_cid(void *ctx, unsigned long cid, const char *msg)
{
	(void)ctx, (void)msg;
	return cid == 3 ? 0 : -1;
}

static int f_signal(void *ctx, const char *name)
{
	(void)ctx;
	return name[3] == 'H' ? -1 : 0;
}

static void f_release(void *ctx)
{
	(void)ctx;
}

static void f_stats(void *ctx, int *n, uint64_t *in, uint64_t *out)
{
	(void)ctx;
	*n = 1, *in = 2, *out = 3;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct lvpn_mgmt_ops ops = {f_status, f_kill_cn, f_kill_addr, f_kill_cid,
	                                         f_signal, f_release, f_stats};
	static struct lvpn_mgmt m;
	static int ready;
	struct mgmt_conn *c;
	size_t step;

	if (!ready) {
		struct lvpn_mgmt_cfg cfg = {0};

		cfg.title = "fuzz";
		if (mgmt_core_init(&m, &cfg, &ops, NULL))
			abort();
		for (int i = 0; i < 150; i++) {
			/* history to replay through `state`/`log` */
			struct mgmt_ring *r = i & 1 ? &m.state : &m.logs;
			struct mgmt_hist *e = &r->e[(r->base + r->size) % LVPN_MGMT_HISTORY];

			if (r->size < LVPN_MGMT_HISTORY) {
				e->t = (uint32_t)i;
				strcpy(e->text, "I,entry");
				r->size++;
			}
		}
		ready = 1;
	}
	if (!size)
		return 0;
	m.password = (data[0] & 1) ? (char *)"pw" : NULL;
	m.hold = (data[0] >> 1) & 1;
	if (m.hold)
		lvpn_mgmt_hold(&m, 0); /* the greeting then says >HOLD */
	step = (size_t)(data[0] >> 2) + 1;
	c = mgmt_conn_new(-1);
	if (!c)
		return 0;
	mgmt_conn_greet(&m, c);
	mgmt_feed(&m, c, data, size, step, NULL);
	mgmt_conn_free(c);
	m.password = NULL;
	m.hold = m.holding = 0;
	m.special[0] = 0;
	return 0;
}
