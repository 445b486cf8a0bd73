/* leanvpn - tunnel network configuration: plan, steps, apply, undo.
 *
 * Three stages, so that the policy can be tested without root:
 *
 *   1. A plan (struct lvpn_netcfg_plan) holds what OpenVPN's options say:
 *      ifconfig, ifconfig-ipv6, topology, route, route-ipv6, route-gateway,
 *      route-metric, redirect-gateway.  lvpn_netcfg_parse_args() fills it
 *      from options as they arrive in a config or a PUSH_REPLY.
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
#include "src/netlink.h"

#define LVPN_NETCFG_MAX_ROUTES 64
#define LVPN_NETCFG_MAX_STEPS  (2 * LVPN_NETCFG_MAX_ROUTES + 16)

enum lvpn_nc_topology { LVPN_NC_TOPO_NET30 = 0, LVPN_NC_TOPO_P2P, LVPN_NC_TOPO_SUBNET };

/* Where a route's gateway (or network) comes from. */
enum lvpn_gw {
	LVPN_GW_DEFAULT = 0, /* not given, or "default": the VPN gateway */
	LVPN_GW_ADDR,        /* a literal address */
	LVPN_GW_VPN,         /* vpn_gateway */
	LVPN_GW_NET,         /* net_gateway / net_gateway_ipv6: the original one */
	LVPN_GW_REMOTE_HOST, /* remote_host: the VPN server (IPv4 only) */
};

/* redirect-gateway / redirect-private flags */
#define LVPN_NC_RG_ENABLE      0x01  /* redirect-gateway or redirect-private seen */
#define LVPN_NC_RG_REROUTE_GW  0x02  /* IPv4 default route goes to the VPN */
#define LVPN_NC_RG_LOCAL       0x04  /* server is on the local net: no host route */
#define LVPN_NC_RG_AUTOLOCAL   0x08  /* decide `local` from the route to the server */
#define LVPN_NC_RG_DEF1        0x10  /* two /1 routes instead of replacing 0/0 */
#define LVPN_NC_RG_BYPASS_DHCP 0x20  /* accepted: nothing to do on Linux */
#define LVPN_NC_RG_BYPASS_DNS  0x40  /* accepted: nothing to do on Linux */
#define LVPN_NC_RG_BLOCK_LOCAL 0x80  /* local subnet routed into the VPN */
#define LVPN_NC_RG_IPV6        0x100 /* IPv6 is redirected too */

struct lvpn_route4 {
	enum lvpn_gw net_kind; /* LVPN_GW_ADDR, or a keyword used as network */
	uint32_t net, mask;    /* host byte order */
	enum lvpn_gw gw_kind;
	uint32_t gw;    /* host byte order, for LVPN_GW_ADDR */
	int64_t metric; /* -1: not given */
};

struct lvpn_route6 {
	uint8_t net[16];
	uint8_t bits;
	enum lvpn_gw gw_kind; /* DEFAULT, ADDR, VPN or NET */
	uint8_t gw[16];
	int64_t metric; /* -1: not given */
	int oif;        /* 0: from gw_kind; set for the server route */
};

struct lvpn_netcfg_plan {
	enum lvpn_nc_topology topology;
	int have_ifconfig;
	uint32_t local, remote_netmask; /* remote (net30/p2p) or netmask (subnet) */
	int have_ifconfig6;
	uint8_t local6[16], remote6[16];
	uint8_t bits6;
	int have_remote6;
	int have_route_gateway, have_route_gateway6;
	uint32_t route_gateway;
	uint8_t route_gateway6[16]; /* --route-ipv6-gateway */
	int64_t route_metric;       /* -1: no --route-metric */
	unsigned rg_flags;
	unsigned n_routes, n_routes6;
	struct lvpn_route4 routes[LVPN_NETCFG_MAX_ROUTES];
	struct lvpn_route6 routes6[LVPN_NETCFG_MAX_ROUTES];
	/* the VPN server we connect to (--remote, resolved) */
	int have_remote_host, have_remote_host6;
	uint32_t remote_host;
	uint8_t remote_host6[16];
};

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

/* Sets an empty plan: topology net30 (2.6 default), no route-metric. */
void lvpn_netcfg_plan_init(struct lvpn_netcfg_plan *p);

/* Reads one option, already split (argv[0] the name: "route 10.0.0.0
 * 255.255.255.0 vpn_gateway 100", "route-ipv6 2001:db8::/32
 * net_gateway_ipv6", "redirect-gateway def1 ipv6", "ifconfig 10.8.0.2
 * 255.255.255.0", "ifconfig-ipv6 2001:db8::2/64 2001:db8::1", "topology
 * subnet", "route-gateway 10.8.0.1", "route-ipv6-gateway A", "route-metric
 * 50", "redirect-private ...") into p: a pushed option as the engine split
 * it (proto/push.h).  Names are not resolved: networks and gateways must
 * be literal addresses or keywords.  On error p is unchanged and one line
 * naming the option is logged.
 * Errors: LVPN_ERR_CONFIG (bad value: netmask, prefix length, address,
 * metric, unknown flag or keyword, wrong argument count),
 * LVPN_ERR_UNSUPPORTED (not a network option: caller handles it),
 * LVPN_ERR_EXHAUSTED (more than LVPN_NETCFG_MAX_ROUTES routes). */
LVPN_MUST_CHECK int lvpn_netcfg_parse_args(struct lvpn_netcfg_plan *p, int argc, char *const *argv,
                                           struct lvpn_log *lg);

/* The same for an option line, split by the option tokenizer
 * (proto/optlex.h) first.
 * Errors: those of lvpn_netcfg_parse_args, LVPN_ERR_CONFIG (the line does
 * not tokenize). */
LVPN_MUST_CHECK int lvpn_netcfg_parse_option(struct lvpn_netcfg_plan *p, const char *line,
                                             struct lvpn_log *lg);

/* The IPv4 VPN gateway (route-gateway, else ifconfig remote for
 * net30/p2p) in host order.  Returns 1 if defined, else 0. */
int lvpn_netcfg_vpn_gateway(const struct lvpn_netcfg_plan *p, uint32_t *gw);

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
LVPN_MUST_CHECK int lvpn_netcfg_routes4(const struct lvpn_netcfg_plan *p,
                                        const struct lvpn_netcfg_sys *sys,
                                        struct lvpn_route4_res *out, unsigned max, unsigned *n,
                                        struct lvpn_log *lg);

/* Fills sys from the kernel: the default routes of the main table
 * (net_gateway, net_gateway_ipv6; lowest metric, as OpenVPN picks them),
 * the prefix length of the IPv4 gateway's subnet, and the routes to the
 * server addresses in p.  Missing routes leave the
 * have_* flags 0 (not an error).
 * Errors: LVPN_ERR_IO (netlink failed other than "no route"). */
LVPN_MUST_CHECK int lvpn_netcfg_probe(struct lvpn_nl *nl, const struct lvpn_netcfg_plan *p,
                                      int tun_ifindex, struct lvpn_netcfg_sys *sys);

/* The IPv6 routes OpenVPN would install, in its order: the server host
 * route (when a tunnel route covers the server and its route is known),
 * the plan's routes, then redirect-gateway ipv6's four prefixes; default
 * gateway kinds and route-metric resolved.  n gets the count.
 * Errors: LVPN_ERR_BUFSIZE (more than max). */
LVPN_MUST_CHECK int lvpn_netcfg_routes6(const struct lvpn_netcfg_plan *p,
                                        const struct lvpn_netcfg_sys *sys, struct lvpn_route6 *out,
                                        unsigned max, unsigned *n);

/* Builds the address steps (ifconfig, ifconfig-ipv6) into out (appended).
 * Errors: LVPN_ERR_CONFIG (bad netmask), LVPN_ERR_BUFSIZE (out full). */
LVPN_MUST_CHECK int lvpn_netcfg_build_addrs(const struct lvpn_netcfg_plan *p,
                                            const struct lvpn_netcfg_sys *sys,
                                            struct lvpn_netcfg_steps *out, struct lvpn_log *lg);

/* Builds the route steps (redirect-gateway, route, route-ipv6), appended
 * to out in the order OpenVPN adds them.
 * Errors: LVPN_ERR_CONFIG (a route needs a gateway that is unknown, e.g.
 * vpn_gateway without ifconfig/route-gateway; logged), LVPN_ERR_UNSUPPORTED
 * (redirect-gateway without def1 over a multipath default route, which
 * undo could not restore), LVPN_ERR_BUFSIZE. */
LVPN_MUST_CHECK int lvpn_netcfg_build_routes(const struct lvpn_netcfg_plan *p,
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
