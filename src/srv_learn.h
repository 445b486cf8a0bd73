/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - --learn-address: the server runs the script as OpenVPN 2.6
 * does (multi.c learn_address_script) with "add ADDR CN" or "update ADDR
 * CN" before a client's address enters the routing table (its tunnel
 * addresses and iroutes with dev tun, its MAC addresses with dev tap),
 * and "delete ADDR" once the client is gone.  Internal to the server. */
#ifndef LVPN_SRV_LEARN_H
#define LVPN_SRV_LEARN_H

#include <stdint.h>

struct server;

/* Client slot takes prefix a/plen of family fam (4: a has 4 bytes, 6: 16,
 * network order) into the routing table.  With --learn-address (dev tun),
 * an address the client does not hold yet is first given to the script
 * ("add", or "update" when another client holds it), in the client's
 * environment (srv_hooks_env); with_bits says whether the address text
 * carries "/plen" (iroutes) or not (the client's own address).  A
 * non-zero exit, or a script that could not run, refuses the prefix: it
 * is not routed, as 2.6 leaves it unlearnt, and *nroutes (the count for
 * max-routes-per-client, counted up by the caller) is counted down again.
 * Returns 0 (routed or refused) or an error of lvpn_iptable_add4/6:
 * LVPN_ERR_INVAL, LVPN_ERR_EXHAUSTED. */
int srv_learn_route(struct server *sv, int slot, int fam, const uint8_t *a, int plen, int with_bits,
                    int *nroutes);

/* srv_learn_route for the IPv4 prefix a/plen (a in host order). */
int srv_learn_route4(struct server *sv, int slot, uint32_t a, int plen, int with_bits,
                     int *nroutes);

/* dev tap: client slot sent a frame from mac at time now.  Returns 1 when
 * the script refused an address the client does not hold yet (the frame
 * is dropped, as 2.6 drops it), else 0 (nothing to do, or accepted; the
 * caller learns it).  Without --learn-address it returns 0 at once. */
int srv_learn_mac(struct server *sv, int slot, const uint8_t mac[6], uint64_t now);

/* Called from the event loop with the time (ms): keeps the routing
 * table's clock and, with --stale-routes-check N T, every T seconds
 * removes the routes (tunnel addresses and iroutes) no packet matched for
 * N seconds, each with "delete ADDR" to --learn-address, as 2.6's
 * check_stale_routes.  A client whose address went this way stays
 * connected without it, as in 2.6. */
void srv_learn_tick(struct server *sv, uint64_t now);

/* The client is going: "delete ADDR" for every prefix and live MAC address
 * it still holds (not those another client took over), in an environment
 * holding nothing else, as 2.6 runs it. */
void srv_learn_forget(struct server *sv, int slot);

#endif
