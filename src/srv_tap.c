/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - the server's layer 2 data path (dev tap), as OpenVPN 2.6's
 * multi.c handles a tap device:
 *
 *  - a frame from a client teaches the MAC table (proto/server/mactab.h)
 *    that its source address is that client's; a source that cannot be
 *    learnt (a group address, zero, or beyond the client's quota) drops
 *    the frame;
 *  - with client-to-client, a frame for another client's address goes to
 *    that client only, and a broadcast or multicast frame to every other
 *    client as well as to the device; otherwise every frame goes to the
 *    device (the kernel, or a bridge, sends it back if it must);
 *  - a frame from the device goes to the client holding its destination,
 *    a broadcast or multicast frame to every client, anything else
 *    nowhere.
 *
 * Nothing here allocates or formats text per frame. */
#include "src/server_int.h"
#include "src/srv_learn.h"

#include <string.h>

#define QUOTA_LOG_MS 10000 /* at most one "quota" line this often */

int srv_tap_setup(struct server *sv, uint64_t seed)
{
	if (!sv->tap)
		return 0;
	if (lvpn_mactab_new(sv->max, LVPN_MACTAB_PER_CLIENT, LVPN_MACTAB_TTL_MS, seed, &sv->macs)) {
		LVPN_LOG(sv->lg, LVPN_LOG_ERR, "cannot allocate the MAC table for %u clients",
		         sv->max);
		return -1;
	}
	return 0;
}

static int ready(const struct sclient *c)
{
	return c->used && c->connected;
}

/* A copy for every connected client but skip (-1: none). */
static void flood(struct server *sv, int skip, const uint8_t *p, size_t len, uint64_t now)
{
	for (unsigned i = 0; i < sv->max; i++)
		if ((int)i != skip && ready(&sv->cl[i]))
			srv_send_copy(sv, &sv->cl[i], p, len, now);
}

void srv_tap_from_client(struct server *sv, int slot, const uint8_t *p, size_t len, uint64_t now)
{
	int to, rc;

	if (lvpn_mactab_dest(sv->macs, p, len, now, &to) != 0) {
		sv->tapst.bad++;
		return;
	}
	if (srv_learn_mac(sv, slot, p + LVPN_MAC_LEN, now)) {
		sv->tapst.bad_src++;
		return;
	}
	rc = lvpn_mactab_learn(sv->macs, p + LVPN_MAC_LEN, slot, now);
	if (rc) {
		sv->tapst.bad_src++;
		if (rc == LVPN_ERR_EXHAUSTED && now >= sv->tapst.log_next) {
			sv->tapst.log_next = now + QUOTA_LOG_MS;
			LVPN_LOG(sv->lg, LVPN_LOG_WARN,
			         "%s: MAC address quota (%d) reached, frames from further "
			         "addresses dropped (%llu dropped so far)",
			         sv->cl[slot].cn, LVPN_MACTAB_PER_CLIENT,
			         (unsigned long long)sv->tapst.bad_src);
		}
		return;
	}
	if (sv->o->client_to_client) {
		if (to == LVPN_MACTAB_GROUP) {
			flood(sv, slot, p, len, now);
		} else if (to >= 0 && to != slot && ready(&sv->cl[to])) {
			srv_send_copy(sv, &sv->cl[to], p, len, now);
			return;
		}
	}
	srv_dp_to_tun(sv, p, len);
}

void srv_tap_from_tun(struct server *sv, const uint8_t *p, size_t len, uint64_t now)
{
	int to;

	if (lvpn_mactab_dest(sv->macs, p, len, now, &to) != 0) {
		sv->tapst.bad++;
		return;
	}
	if (to == LVPN_MACTAB_GROUP)
		flood(sv, -1, p, len, now);
	else if (to >= 0 && ready(&sv->cl[to]))
		srv_send_copy(sv, &sv->cl[to], p, len, now);
	else
		sv->tapst.unknown++;
}

void srv_tap_log(struct server *sv, int level)
{
	if (!sv->tap)
		return;
	LVPN_LOG(sv->lg, level,
	         "tap: %u MAC addresses learnt; frames dropped: %llu short, %llu from a source not "
	         "learnt, %llu from the device for no client",
	         lvpn_mactab_count(sv->macs, -1), (unsigned long long)sv->tapst.bad,
	         (unsigned long long)sv->tapst.bad_src, (unsigned long long)sv->tapst.unknown);
}
