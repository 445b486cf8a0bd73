/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - --learn-address (see srv_learn.h).  The script runs in the
 * event loop, bounded by SRV_SCRIPT_TIMEOUT_MS like client-connect: 2.6
 * waits for it the same way.  It runs only when an address is new to a
 * client (with dev tap a refused MAC address again with each frame from
 * it, as in 2.6), never for the packets of a known one. */
#include "src/srv_learn.h"

#include "src/server_int.h"

#include <string.h>

#include "proto/server/iptable.h"
#include "proto/server/learnaddr.h"
#include "proto/server/mactab.h"
#include "src/srv_hooks.h"

/* Runs the script with op and addr (and the client's common name and
 * environment when slot >= 0).  Returns 1 when it exited 0, else 0. */
static int run(struct server *sv, int slot, const char *op, const char *addr)
{
	const struct sclient *c = slot >= 0 ? &sv->cl[slot] : NULL;
	const char *extra[3] = {op, addr, c && c->cn[0] ? c->cn : "UNDEF"};
	struct lvpn_script sc = {
	    .security = (enum lvpn_ssec)sv->o->script_security,
	    .timeout_ms = SRV_SCRIPT_TIMEOUT_MS,
	    .lg = sv->lg,
	};
	struct lvpn_env env;
	int ok = 0, st = -1;

	if (lvpn_env_init(&env, c ? SRV_ENV_CAP : 4, SRV_ENV_ENTRY))
		return 0;
	if ((!c || srv_hooks_env(sv, slot, &env) == 0) &&
	    lvpn_script_run(&sc, "learn-address", sv->o->learn_address, extra, c ? 3 : 2, &env,
	                    &st) == 0)
		ok = st == 0;
	lvpn_env_free(&env);
	if (!ok)
		LVPN_LOG(sv->lg, LVPN_LOG_WARN, "%s: learn-address %s %s failed (%d)",
		         c && c->cn[0] ? c->cn : "client", op, addr, st);
	return ok;
}

int srv_learn_route(struct server *sv, int slot, int fam, const uint8_t *a, int plen, int with_bits,
                    int *nroutes)
{
	const char *op;
	char txt[LVPN_LEARNADDR_STRLEN];

	/* dev tap learns MAC addresses only (2.6 multi_add_iroutes) */
	if (sv->o->learn_address && !sv->tap) {
		op = lvpn_learnaddr_op(lvpn_iptable_owner(sv->routes, fam, a, plen), slot);
		if (op && lvpn_learnaddr_fmt(fam, a, plen, with_bits, txt, sizeof(txt)) == 0 &&
		    !run(sv, slot, op, txt)) {
			(*nroutes)--;
			return 0;
		}
	}
	if (fam == 4)
		return lvpn_iptable_add4(sv->routes,
		                         (uint32_t)a[0] << 24 | (uint32_t)a[1] << 16 |
		                             (uint32_t)a[2] << 8 | a[3],
		                         plen, slot);
	return lvpn_iptable_add6(sv->routes, a, plen, slot);
}

int srv_learn_route4(struct server *sv, int slot, uint32_t a, int plen, int with_bits, int *nroutes)
{
	const uint8_t b[4] = {(uint8_t)(a >> 24), (uint8_t)(a >> 16), (uint8_t)(a >> 8),
	                      (uint8_t)a};

	return srv_learn_route(sv, slot, 4, b, plen, with_bits, nroutes);
}

int srv_learn_mac(struct server *sv, int slot, const uint8_t mac[6], uint64_t now)
{
	char txt[LVPN_LEARNADDR_STRLEN];
	const char *op;
	int owner = -1;

	if (!sv->o->learn_address || !lvpn_mactab_learnable(mac))
		return 0;
	if (!lvpn_mactab_lookup(sv->macs, mac, now, &owner))
		owner = -1;
	op = lvpn_learnaddr_op(owner, slot);
	if (!op || lvpn_learnaddr_fmt_mac(mac, 0, txt, sizeof(txt)))
		return 0;
	return run(sv, slot, op, txt) ? 0 : 1;
}

/* The client's own addresses are bare, its iroutes carry their length. */
static int own_addr(const struct sclient *c, int fam, const uint8_t *a, int plen)
{
	uint8_t v4[4] = {(uint8_t)(c->ip4 >> 24), (uint8_t)(c->ip4 >> 16), (uint8_t)(c->ip4 >> 8),
	                 (uint8_t)c->ip4};

	if (fam == 4)
		return c->has4 && plen == 32 && !memcmp(a, v4, 4);
	return c->has6 && plen == 128 && !memcmp(a, c->ip6, 16);
}

void srv_learn_tick(struct server *sv, uint64_t now)
{
	char txt[LVPN_LEARNADDR_STRLEN];
	uint8_t a[16];
	uint32_t pos = 0;
	int client, fam, plen;

	lvpn_iptable_set_now(sv->routes, (uint32_t)(now / 1000));
	if (sv->o->stale_routes_check <= 0 || now < sv->stale_next)
		return;
	sv->stale_next = now + (uint64_t)sv->o->stale_routes_interval * 1000;
	while (lvpn_iptable_expire(sv->routes, (uint32_t)sv->o->stale_routes_check, &pos, &client,
	                           &fam, a, &plen)) {
		if (lvpn_learnaddr_fmt(fam, a, plen, !own_addr(&sv->cl[client], fam, a, plen), txt,
		                       sizeof(txt)))
			continue;
		LVPN_LOG(sv->lg, LVPN_LOG_VERBOSE, "%s: deleting stale route for address '%s'",
		         sv->cl[client].cn[0] ? sv->cl[client].cn : "client", txt);
		if (sv->o->learn_address)
			(void)run(sv, -1, "delete", txt);
	}
}

void srv_learn_forget(struct server *sv, int slot)
{
	const struct sclient *c = &sv->cl[slot];
	char txt[LVPN_LEARNADDR_STRLEN];
	uint8_t a[16], mac[LVPN_MAC_LEN];
	uint32_t pos = 0;
	unsigned mpos = 0;
	int fam, plen;

	if (!sv->o->learn_address)
		return;
	while (!sv->tap && lvpn_iptable_next(sv->routes, slot, &pos, &fam, a, &plen))
		if (lvpn_learnaddr_fmt(fam, a, plen, !own_addr(c, fam, a, plen), txt,
		                       sizeof(txt)) == 0)
			(void)run(sv, -1, "delete", txt);
	while (sv->macs && lvpn_mactab_walk(sv->macs, slot, srv_now_ms(sv), &mpos, mac, NULL))
		if (lvpn_learnaddr_fmt_mac(mac, 0, txt, sizeof(txt)) == 0)
			(void)run(sv, -1, "delete", txt);
}
