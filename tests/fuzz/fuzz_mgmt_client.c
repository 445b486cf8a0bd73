/* SPDX-License-Identifier: BSD-2-Clause */
/* libFuzzer: a management client's bytes against the client side of
 * src/mgmt: the answers to a >PASSWORD / >NEED-OK query (username,
 * password, needok, needstr with OpenVPN's quoting), hold, verb, mute,
 * echo, forget-passwords, auth-retry, and the notifications a client sends
 * meanwhile (>STATE, >ECHO, >BYTECOUNT).  No sockets: the connection is
 * in memory.
 *
 * The first byte: bit 0 a password login, bits 1-2 the query under way
 * (none, 'Auth' username/password with a static challenge, 'Private Key'
 * password, needok), bit 3 a hold, bits 4-7 how the rest is cut into
 * reads (1 to 16 bytes). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src/mgmt_int.h"
#include "tests/fuzz/mgmt_feed.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int f_status(void *ctx, int version, char *buf, size_t cap, size_t *len)
{
	int n = snprintf(buf, cap, "OpenVPN STATISTICS\nUpdated,x\nTUN/TAP read bytes,%d\nEND\n",
	                 version);

	(void)ctx;
	if (n < 0 || (size_t)n >= cap)
		return -2;
	*len = (size_t)n;
	return 0;
}

static int f_signal(void *ctx, const char *name)
{
	(void)ctx;
	return name[3] == 'T' ? 0 : -1;
}

static void f_release(void *ctx)
{
	(void)ctx;
}

static void f_forget(void *ctx)
{
	(void)ctx;
}

static int f_auth_retry(void *ctx, const char *set)
{
	(void)ctx;
	return set ? (set[0] == 'n' ? 1 : -1) : 2;
}

/* After each read: the notifications a client sends while commands
 * arrive, and an answered query is taken. */
static void between(struct lvpn_mgmt *m, size_t i)
{
	static char user[LVPN_MGMT_ANSWER_MAX], pass[LVPN_MGMT_ANSWER_MAX];

	switch (i % 4) {
	case 0:
		lvpn_mgmt_state(m, (uint32_t)i, "AUTH,,,,,,");
		break;
	case 1:
		lvpn_mgmt_echo(m, (uint32_t)i, "forget-passwords");
		break;
	case 2:
		lvpn_mgmt_bytecount(m, i, i, 2 * i);
		break;
	default:
		lvpn_mgmt_log(m, (uint32_t)i, "I", "a line");
		break;
	}
	if (lvpn_mgmt_answered(m) &&
	    lvpn_mgmt_answer(m, user, sizeof(user), pass, sizeof(pass)) != 1)
		abort(); /* answered means an answer */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct lvpn_mgmt_ops ops = {
	    .status = f_status,
	    .signal = f_signal,
	    .hold_release = f_release,
	    .forget_passwords = f_forget,
	    .auth_retry = f_auth_retry,
	};
	static struct lvpn_mgmt m;
	static struct lvpn_log lg;
	static int ready;
	struct mgmt_conn *c;
	size_t step;

	if (!ready) {
		struct lvpn_mgmt_cfg cfg = {.title = "fuzz"};

		lvpn_log_init(&lg, 3, NULL, NULL);
		if (mgmt_core_init(&m, &cfg, &ops, &lg))
			abort();
		ready = 1;
	}
	if (!size)
		return 0;
	m.password = (data[0] & 1) ? (char *)"pw" : NULL;
	m.hold = 1;
	switch ((data[0] >> 1) & 3) {
	case 1:
		lvpn_mgmt_ask(&m, LVPN_MGMT_ASK_USERPASS, "Auth", "SC:1,PIN");
		break;
	case 2:
		lvpn_mgmt_ask(&m, LVPN_MGMT_ASK_PASS, "Private Key", NULL);
		break;
	case 3:
		lvpn_mgmt_ask(&m, LVPN_MGMT_ASK_NEEDOK, "token", "Insert it");
		break;
	default:
		break;
	}
	if (!((data[0] >> 3) & 1) || !lvpn_mgmt_hold(&m, 5))
		m.hold = 0;
	step = (size_t)(data[0] >> 4) + 1;
	c = mgmt_conn_new(-1);
	if (!c)
		return 0;
	m.conns[0] = c; /* receives the notifications too */
	mgmt_conn_greet(&m, c);
	mgmt_feed(&m, c, data, size, step, between);
	if (m.conns[0] == c) {
		m.conns[0] = NULL;
		mgmt_conn_free(c);
	}
	lvpn_mgmt_ask_end(&m);
	m.holding = 0;
	m.special[0] = 0;
	m.password = NULL;
	lg.verb = 3;
	lg.mute = 0;
	return 0;
}
