/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - expansion of the server helper directives.
 *
 * OpenVPN 2.6 rewrites `server NET MASK [nopool]`, `server-ipv6 PREFIX/BITS`,
 * `keepalive A B` and `tcp-nodelay` on a server into lower-level settings
 * and push lines (helper.c helper_client_server, helper_keepalive,
 * helper_tcp_nodelay, run in that order after all options are read).
 * lvpn_srvconf_expand() computes the same result from plain inputs, so
 * the caller does not need the whole options struct.  With a tap device
 * (layer 2) `server` gives the tap NET+1 MASK, a pool of the rest of the
 * subnet and route-gateway NET+1; `server-bridge` gives only the pool and
 * the route-gateway (the admin bridges the tap), or with no arguments
 * pushes `route-gateway dhcp` (nothing with `nogw`).
 *
 * The push lines are appended by OpenVPN after the user's own `push`
 * lines; out->push holds only the helper's lines, in OpenVPN's order:
 *   tun-ipv6                          (server-ipv6)
 *   route-gateway NET+1               (server, topology subnet or tap)
 *   route-gateway GW | dhcp           (server-bridge)
 *   route NET MASK                    (server, net30/p2p, client-to-client)
 *   route NET+1                       (server, net30, no client-to-client)
 *   topology net30|p2p|subnet         (server, tun)
 *   ping A / ping-restart B           (keepalive on a server)
 *   socket-flags TCP_NODELAY          (tcp-nodelay on a server)
 */
#ifndef LVPN_SRVCONF_H
#define LVPN_SRVCONF_H

#include <stdint.h>

#include "base/err.h"

/* Same values as enum lvpn_topology in proto/options.h. */
enum { LVPN_SRV_TOPO_NET30 = 0, LVPN_SRV_TOPO_P2P = 1, LVPN_SRV_TOPO_SUBNET = 2 };

#define LVPN_SRVCONF_MAX_PUSH      8
#define LVPN_SRVCONF_PUSH_LEN      64
#define LVPN_SRVCONF_POOL_MAX      65536 /* IFCONFIG_POOL_MAX */
#define LVPN_SRVCONF_POOL_MIN_BITS 16    /* IFCONFIG_POOL_MIN_NETBITS */

struct lvpn_srvconf_in {
	const char *server_net, *server_mask; /* NULL: no `server` */
	int nopool;                           /* `server ... nopool` */
	const char *server_ipv6;              /* "PREFIX/BITS" or NULL */
	int topology;                         /* LVPN_SRV_TOPO_* */
	int tap;                              /* dev tap (layer 2) */
	/* server-bridge GW MASK POOL-START POOL-END (bridge[0] NULL: not
	 * given), or without them: bridge_dhcp (and bridge_nogw) */
	const char *bridge[4];
	int bridge_dhcp, bridge_nogw;
	int ifconfig_given; /* --ifconfig */
	/* `mode server` on a tap without a helper: ifconfig ADDR NETMASK for
	 * the tap and ifconfig-pool START END [NETMASK] (NULL: not given) */
	const char *ifconfig_local, *ifconfig_netmask;
	const char *pool_start, *pool_end, *pool_mask;
	int mode_server; /* `mode server` given explicitly */
	int client_to_client;
	int keepalive_ping, keepalive_timeout; /* both 0: no keepalive */
	int ping_set;                          /* ping/ping-restart/ping-exit given too */
	int tcp_nodelay;
	int ifconfig_pool_given, ifconfig_ipv6_pool_given; /* explicit pool options */
};

struct lvpn_srvconf {
	int mode_server; /* a helper turned server mode on */
	/* IPv4 (has_v4: `server` given) */
	int has_v4;
	uint32_t ifconfig_local;          /* server's tun address (NET+1) */
	uint32_t ifconfig_remote_netmask; /* subnet: MASK; net30/p2p: NET+2 */
	int pool_defined;
	uint32_t pool_start, pool_end, pool_netmask; /* pool_netmask 0 in net30/p2p */
	int has_local_route;                         /* net30/p2p: route NET MASK via tun */
	uint32_t local_route_net, local_route_mask;
	uint32_t route_default_gateway; /* subnet: NET+2, else 0 */
	int ifconfig_constraint;        /* subnet: pushed ifconfig must lie in */
	uint32_t constraint_net, constraint_mask;
	/* IPv6 (has_v6: `server-ipv6` given) */
	int has_v6;
	uint8_t ifconfig_ipv6_local[16], ifconfig_ipv6_remote[16];
	int ifconfig_ipv6_netbits;
	int ipv6_pool_defined;
	uint8_t ipv6_pool_base[16];
	int ipv6_pool_netbits;
	/* keepalive on a server */
	int ping_send, ping_rec; /* seconds, 0: unset; ping_rec is 2*B */
	/* push lines added by the helpers, OpenVPN's order */
	int n_push;
	char push[LVPN_SRVCONF_MAX_PUSH][LVPN_SRVCONF_PUSH_LEN];
};

/* Fills *out from *in as OpenVPN 2.6 would.  err (may be NULL, errlen
 * bytes) receives a one-line reason on failure, phrased after OpenVPN's
 * usage messages.
 * Errors: LVPN_ERR_CONFIG (bad address or topology, mask not contiguous,
 * netmask shorter than /16 or longer than /29, net/mask mismatch, IPv6
 * bits outside 64..124, `nopool` with server-ipv6, explicit pool next to
 * the helper, keepalive values <= 0 or B < 2*A, keepalive with ping
 * options; server-bridge without tap, with server or ifconfig, or with
 * addresses outside its subnet; a bad ifconfig or ifconfig-pool of a tap
 * server without helpers), LVPN_ERR_INVAL (NULL arguments). */
LVPN_MUST_CHECK int lvpn_srvconf_expand(const struct lvpn_srvconf_in *in, struct lvpn_srvconf *out,
                                        char *err, unsigned errlen);

/* 1 if the device is a tap (layer 2) device as OpenVPN decides it: the
 * dev-type if given, else the device name's prefix; 0 otherwise (also
 * for a NULL dev). */
int lvpn_srvconf_is_tap(const char *dev, const char *dev_type);

#endif
