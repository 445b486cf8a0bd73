/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - tunnel network configuration: plan, steps, apply, undo.
 *
 * Three stages, so that the policy can be tested without root:
 *
 *   1. A plan (struct lvpn_netplan, proto/config/netplan.h) holds what OpenVPN's
 *      options say: ifconfig, ifconfig-ipv6, topology, route, route-ipv6,
 *      route-gateway, route-metric, redirect-gateway, dhcp-option.  The
 *      config fills it, then the engine applies the pushed options onto a
 *      copy (proto/config/push.h: struct lvpn_push's net).
 *   2. lvpn_netcfg_build() turns the plan plus facts about the system (the
 *      original gateways, the tun ifindex: struct lvpn_netcfg_sys, found
 *      with lvpn_netcfg_probe()) into an ordered list of netlink steps.
 *      This is a pure function.
 *   3. lvpn_netcfg_apply() runs the steps and records the inverse of every
 *      step that succeeded; lvpn_netcfg_undo() runs that log backwards.  A
 *      failed step undoes the steps before it.  Undo is idempotent and safe
 *      on every exit path, also after the tun device is gone.
 *
 * What OpenVPN 2.6 does and this follows (route.c, init.c):
 *   - routes without a gateway use vpn_gateway (route-gateway, else the
 *     ifconfig remote for net30/p2p);
 *   - redirect-gateway adds a host route to the server via the original
 *     gateway (unless `local`), then def1: 0.0.0.0/1 + 128.0.0.0/1 via the
 *     VPN, or without def1 deletes the default route and adds one via the
 *     VPN (undo restores the original);
 *   - redirect-gateway ipv6 adds ::/3, 2000::/4, 3000::/4, fc00::/7 to the
 *     IPv6 routes (with or without def1: link-local and multicast stay out);
 *   - an IPv6 server address covered by a tunnel route gets a /128 host
 *     route via the original IPv6 gateway, metric 1, listed first;
 *   - block-local adds a host route to the original gateway and routes the
 *     two halves of its subnet into the VPN (unless the server is on it);
 *   - route-metric is the default metric of routes that name none.
 */
#ifndef LVPN_NETCFG_H
#define LVPN_NETCFG_H

#include <stdint.h>

#include "base/err.h"
#include "base/log.h"
#include "proto/config/netplan.h"
#include "src/netlink.h"

#define LVPN_NETCFG_MAX_STEPS (2 * LVPN_NETPLAN_MAX_ROUTES + 16)

/* Facts about the system the steps depend on. */
struct lvpn_netcfg_sys {
	int tun_ifindex;
	int have_gw4, have_gw6;        /* net_gateway / net_gateway_ipv6 known */
	struct lvpn_nl_route gw4, gw6; /* the main table's default routes, exact
	                                * (redirect without def1 restores gw4) */
	uint8_t gw4_plen;              /* prefix length of gw4's local subnet,
	                                * 32 if unknown (block-local) */
	int have_to_server4, have_to_server6;
	struct lvpn_nl_route to_server4, to_server6; /* route to the server */
};

enum lvpn_netcfg_op { LVPN_NC_ADDR_ADD, LVPN_NC_ADDR_DEL, LVPN_NC_ROUTE_ADD, LVPN_NC_ROUTE_DEL };

struct lvpn_netcfg_step {
	enum lvpn_netcfg_op op;
	struct lvpn_nl_addr addr;
	struct lvpn_nl_route route;
};

struct lvpn_netcfg_steps {
	unsigned n;
	struct lvpn_netcfg_step s[LVPN_NETCFG_MAX_STEPS];
};

/* The applied changes, newest last. */
struct lvpn_netcfg {
	struct lvpn_nl *nl;
	struct lvpn_log *lg;
	unsigned n_undo;
	struct lvpn_netcfg_step undo[LVPN_NETCFG_MAX_STEPS];
};

/* A route with keywords, default gateway and metric resolved. */
struct lvpn_route4_res {
	uint32_t net, mask, gw; /* host byte order */
	int64_t metric;         /* -1: none */
	int oif;                /* 0: the kernel picks from the gateway */
};

/* The IPv4 routes OpenVPN would install after the redirect-gateway ones,
 * in its order (and its route_*_N numbering): the plan's routes, then for
 * redirect-gateway block-local the two halves of the gateway's subnet via
 * the VPN (upper half first).  n gets the count.
 * Errors: LVPN_ERR_CONFIG (a keyword whose address is unknown, e.g.
 * vpn_gateway without ifconfig/route-gateway; logged), LVPN_ERR_BUFSIZE. */
LVPN_MUST_CHECK int lvpn_netcfg_routes4(const struct lvpn_netplan *p,
                                        const struct lvpn_netcfg_sys *sys,
                                        struct lvpn_route4_res *out, unsigned max, unsigned *n,
                                        struct lvpn_log *lg);

/* Fills sys from the kernel: the default routes of the main table
 * (net_gateway, net_gateway_ipv6; lowest metric, as OpenVPN picks them),
 * the prefix length of the IPv4 gateway's subnet, and the routes to the
 * server addresses in p.  Missing routes leave the
 * have_* flags 0 (not an error).
 * Errors: LVPN_ERR_IO (netlink failed other than "no route"). */
LVPN_MUST_CHECK int lvpn_netcfg_probe(struct lvpn_nl *nl, const struct lvpn_netplan *p,
                                      int tun_ifindex, struct lvpn_netcfg_sys *sys);

/* The IPv6 routes OpenVPN would install, in its order: the server host
 * route (when a tunnel route covers the server and its route is known),
 * the plan's routes, then redirect-gateway ipv6's four prefixes; default
 * gateway kinds and route-metric resolved.  n gets the count.
 * Errors: LVPN_ERR_BUFSIZE (more than max). */
LVPN_MUST_CHECK int lvpn_netcfg_routes6(const struct lvpn_netplan *p,
                                        const struct lvpn_netcfg_sys *sys, struct lvpn_route6 *out,
                                        unsigned max, unsigned *n);

/* Builds the address steps (ifconfig, ifconfig-ipv6) into out (appended).
 * Errors: LVPN_ERR_CONFIG (bad netmask), LVPN_ERR_BUFSIZE (out full). */
LVPN_MUST_CHECK int lvpn_netcfg_build_addrs(const struct lvpn_netplan *p,
                                            const struct lvpn_netcfg_sys *sys,
                                            struct lvpn_netcfg_steps *out, struct lvpn_log *lg);

/* Builds the route steps (redirect-gateway, route, route-ipv6), appended
 * to out in the order OpenVPN adds them.
 * Errors: LVPN_ERR_CONFIG (a route needs a gateway that is unknown, e.g.
 * vpn_gateway without ifconfig/route-gateway; logged), LVPN_ERR_UNSUPPORTED
 * (redirect-gateway without def1 over a multipath default route, which
 * undo could not restore), LVPN_ERR_BUFSIZE. */
LVPN_MUST_CHECK int lvpn_netcfg_build_routes(const struct lvpn_netplan *p,
                                             const struct lvpn_netcfg_sys *sys,
                                             struct lvpn_netcfg_steps *out, struct lvpn_log *lg);

/* Starts an empty undo log bound to nl. */
void lvpn_netcfg_init(struct lvpn_netcfg *nc, struct lvpn_nl *nl, struct lvpn_log *lg);

/* Runs steps in order, recording each one's inverse.  If a step fails,
 * the steps of THIS call that succeeded are undone (earlier calls' stay
 * recorded for lvpn_netcfg_undo) and the step's error is returned.
 * Errors: LVPN_ERR_IO (a netlink step failed, logged with strerror),
 * LVPN_ERR_BUFSIZE (undo log full). */
LVPN_MUST_CHECK int lvpn_netcfg_apply(struct lvpn_netcfg *nc,
                                      const struct lvpn_netcfg_steps *steps);

/* Undoes every recorded change, newest first, and empties the log.
 * Changes already gone (device removed, route deleted by someone else)
 * count as undone.  Safe to call any number of times.
 * Errors: LVPN_ERR_IO (some inverse failed: logged; the others still ran). */
int lvpn_netcfg_undo(struct lvpn_netcfg *nc);

#endif
