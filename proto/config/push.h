/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - a server's PUSH_REPLY as one typed result.
 *
 * A client judges and reads the options a server pushed exactly once, here:
 *
 *   1. the pull-filters see the option as the server wrote it (the first
 *      filter whose text is a prefix wins; `reject` refuses the whole
 *      reply, as OpenVPN 2.6's apply_pull_filter);
 *   2. the option is split by the one tokenizer (proto/config/optlex.h);
 *   3. the option table (proto/config/opttab.c) decides whether a server may push
 *      it at all (LVPN_WHERE_PUSH: OpenVPN's pull mask; not "up",
 *      "script-security", "config", nor an unknown name) and whether
 *      route-nopull drops it (LVPN_OPT_NOPULL);
 *   4. an accepted option is kept, tokenized, in struct lvpn_push, and
 *      stored there typed: the engine's options in their fields, the
 *      network options applied onto the plan in net (proto/config/netplan.h).
 *
 * The engine (proto/session_msg.c) applies its part: cipher, peer-id,
 * protocol-flags / key-derivation, ping, ping-restart, ping-exit,
 * inactive, explicit-exit-notify, compression, auth-token.  The frontend
 * reads the same struct (lvpn_session_push()) for the rest: net, the
 * client's network plan (ifconfig, ifconfig-ipv6, topology, routes,
 * route-gateway, route-metric, redirect-gateway, dhcp-option entries):
 * the configured plan (lvpn_push_set_base) with the pushed options
 * applied onto it in the server's order, as OpenVPN merges them; and
 * tun-mtu.  The accepted lines stay for display only (echo for the
 * management interface).  Nobody splits or parses the text again.
 * lvpn_options_apply_push() (options.h) feeds the same lvpn_push_add() to
 * a struct lvpn_options.
 *
 * Memory: the struct holds its own copy of the text and the tokens (no
 * heap); it is allocated once, with the session.
 */
#ifndef LVPN_PUSH_H
#define LVPN_PUSH_H

#include <stddef.h>
#include <stdint.h>

#include "base/log.h"
#include "proto/comp.h"
#include "proto/config/netplan.h"
#include "proto/config/optlex.h"
#include "proto/config/options.h"

#define LVPN_PUSH_LINES_MAX 512   /* options kept; more are ignored with a warning */
#define LVPN_PUSH_TEXT_MAX  16384 /* bytes of option text kept */

/* What a client lets a server set. */
struct lvpn_pull_policy {
	const struct lvpn_pull_filter *filters; /* --pull-filter, in order */
	int nfilters;
	int route_nopull;         /* --route-nopull */
	const char *data_ciphers; /* a pushed cipher must be in it; NULL: any */
};

/* Which typed fields of struct lvpn_push were pushed. */
enum {
	LVPN_PUSH_CIPHER = 1 << 0,
	LVPN_PUSH_PEER_ID = 1 << 1,
	LVPN_PUSH_PING = 1 << 2,
	LVPN_PUSH_PING_RESTART = 1 << 3,
	LVPN_PUSH_PING_EXIT = 1 << 4,
	LVPN_PUSH_INACTIVE = 1 << 5,
	LVPN_PUSH_EXIT_NOTIFY = 1 << 6,
	LVPN_PUSH_COMP = 1 << 7,
	LVPN_PUSH_AUTH_TOKEN = 1 << 8,
	LVPN_PUSH_TUN_MTU = 1 << 9,
	LVPN_PUSH_LLADDR = 1 << 10,
};

/* One accepted option: argv[0] is its name. */
struct lvpn_push_line {
	const char *text; /* as the server wrote it */
	int argc;
	char *argv[LVPN_CONFIG_ARGS_MAX + 1];
};

struct lvpn_push {
	unsigned have; /* LVPN_PUSH_* bits; the last value pushed wins */
	/* --- what the engine applies --- */
	const char *cipher;
	uint32_t peer_id;      /* 0xFFFFFF: none (peer-id -1) */
	unsigned proto_flags;  /* LVPN_PF_* from protocol-flags and key-derivation */
	uint32_t ping;         /* seconds */
	uint32_t ping_restart; /* seconds */
	uint32_t ping_exit;    /* seconds */
	uint32_t inactive;     /* seconds */
	int64_t inactive_bytes;
	uint32_t explicit_exit_notify;
	enum lvpn_comp_alg comp; /* compress / comp-lzo framing */
	const char *auth_token;  /* a secret: never logged */
	/* --- what the frontend applies --- */
	const char *tun_mtu; /* the argument, checked by lvpn_push_tun_mtu() */
	const char *lladdr;  /* the argument, read by lvpn_mac_parse() */
	/* the configured plan with the pushed network options applied; a
	 * pushed one the plan cannot hold is logged and left out */
	struct lvpn_netplan net;
	/* every accepted option in the server's order */
	unsigned n;
	struct lvpn_push_line line[LVPN_PUSH_LINES_MAX];
	/* the first accepted option the engine cannot use (a cipher not in
	 * data-ciphers, a number out of range), or NULL */
	const char *bad;
	size_t used;
	char store[2 * (LVPN_PUSH_TEXT_MAX + LVPN_PUSH_LINES_MAX)];
};

/* Empties p; its network plan becomes an empty one (lvpn_netplan_init). */
void lvpn_push_reset(struct lvpn_push *p);

/* Makes a copy of base the plan the pushed network options of p are
 * applied onto: call after lvpn_push_reset, before lvpn_push_add. */
void lvpn_push_set_base(struct lvpn_push *p, const struct lvpn_netplan *base);

/* Judges one pushed option (len bytes, no NUL needed) under pol (steps 1
 * to 3 above) and, when it is accepted, appends it to p (step 4).  Logs
 * through lg why an option is not taken.  A value the engine cannot use
 * is recorded in p->bad, not returned: a later reject still wins, as
 * 2.6 filters the whole reply before applying any of it.
 * Returns LVPN_PULL_ACCEPT (appended: p->n grew), LVPN_PULL_IGNORE (not
 * taken: filtered, not pushable, dropped by route-nopull, does not
 * tokenize, too long, or p is full) or LVPN_PULL_REJECT (a `pull-filter
 * reject` matched: refuse the whole reply). */
int lvpn_push_add(struct lvpn_push *p, const char *opt, size_t len,
                  const struct lvpn_pull_policy *pol, struct lvpn_log *lg);

/* The next accepted option line after prev (NULL: the first), or NULL. */
const struct lvpn_push_line *lvpn_push_next(const struct lvpn_push *p,
                                            const struct lvpn_push_line *prev);

/* A later PUSH_REPLY (arg: the text after "PUSH_REPLY,") renews the
 * auth-token: its first "auth-token" option is judged as in the first
 * reply, and, when accepted, its value copied into tok (toksize bytes).
 * Returns 1 (tok set) or 0 (no token taken: none, filtered, too long).
 * Errors: LVPN_ERR_CONFIG (a `pull-filter reject` matched: refuse it). */
LVPN_MUST_CHECK int lvpn_push_renew_token(const char *arg, const struct lvpn_pull_policy *pol,
                                          char *tok, size_t toksize, struct lvpn_log *lg);

/* 1 if name is in the ':'-separated cipher list (case-insensitive; a
 * leading '?' marks an optional entry), else 0. */
int lvpn_cipher_in_list(const char *list, const char *name);

/* As lvpn_cipher_in_list, for the n bytes at name (not NUL-terminated). */
int lvpn_cipher_in_list_n(const char *list, const char *name, size_t n);

#endif
