/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - the tunnel's network plan: what OpenVPN's network options say.
 *
 * A plan (struct lvpn_netplan) holds ifconfig, ifconfig-ipv6, topology,
 * route, route-ipv6, route-gateway, route-ipv6-gateway, route-metric,
 * redirect-gateway / redirect-private, and the dhcp-option entries a
 * client hands to its scripts.  It is filled from the config first
 * (lvpn_netplan_from_options) and then from the options a server pushed,
 * in the server's order (proto/config/push.h does that as it judges a
 * PUSH_REPLY), exactly as OpenVPN merges them: a later ifconfig, topology
 * or gateway replaces the earlier one, routes and dhcp-options add up,
 * redirect flags are or-ed.
 *
 * Pure: no system call, no name resolution (networks and gateways must be
 * literal addresses or keywords).  src/netcfg.h turns a plan plus facts
 * about the system into netlink steps.
 *
 * A plan holds no pointer: it can be copied and compared with memcmp (the
 * client compares the plan of a new PUSH_REPLY with the previous one to
 * keep a persist-tun device as it is).
 *
 * Syntax and defaults from OpenVPN 2.6 (options.c add_option, route.c
 * init_route/init_route_ipv6): a missing or "default" netmask is
 * 255.255.255.255, a missing or "default" gateway is the VPN gateway, an
 * IPv6 prefix without /bits is /64, ifconfig-ipv6 wants /64../124.  Unlike
 * OpenVPN, an IPv4 network with bits outside its netmask is refused (the
 * kernel would refuse it later with a less helpful EINVAL).
 */
#ifndef LVPN_NETPLAN_H
#define LVPN_NETPLAN_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "base/log.h"
#include "proto/clinat.h"
#include "proto/config/dnsopt.h"

struct lvpn_options;

#define LVPN_NETPLAN_MAX_ROUTES    64
#define LVPN_NETPLAN_MAX_DHCP      32    /* dhcp-option entries kept */
#define LVPN_NETPLAN_DHCP_TEXT_MAX 16384 /* their text and values, NULs included */

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

/* What a dhcp-option entry sets. */
enum lvpn_dhcp_kind {
	LVPN_DHCP_OTHER = 0, /* WINS, NTP, NBT, PROXY_*, ...: for scripts only */
	LVPN_DHCP_DNS,       /* DNS or DNS6 with an IPv4 or IPv6 address */
	LVPN_DHCP_DOMAIN,    /* DOMAIN or ADAPTER_DOMAIN_SUFFIX */
	LVPN_DHCP_DOMAIN_SEARCH,
};

/* One dhcp-option.  OpenVPN hands its text to scripts as foreign_option_N
 * (N: its place among the dhcp-options, from 1). */
struct lvpn_netplan_dhcp {
	enum lvpn_dhcp_kind kind;
	int family;       /* LVPN_DHCP_DNS: 4 or 6 */
	uint8_t addr[16]; /* LVPN_DHCP_DNS: the address (IPv4 in the first 4 bytes) */
	uint16_t text;    /* offset in dhcp_text: the option as written */
	uint16_t value;   /* offset in dhcp_text: its second argument ("" if none) */
};

struct lvpn_netplan {
	enum lvpn_nc_topology topology;
	int tap; /* layer 2 device: ifconfig's second address is a netmask
	          * whatever the topology, and only route-gateway names the
	          * VPN gateway (2.6 tun.c is_tun_p2p) */
	int have_ifconfig;
	uint32_t local, remote_netmask; /* remote (net30/p2p) or netmask (subnet) */
	int have_ifconfig6;
	uint8_t local6[16], remote6[16];
	uint8_t bits6;
	int have_remote6;
	int block_ipv6;         /* --block-ipv6 (configured or pushed) */
	struct lvpn_clinat nat; /* --client-nat rules, configured then pushed */
	int have_route_gateway, have_route_gateway6;
	uint32_t route_gateway;
	uint8_t route_gateway6[16]; /* --route-ipv6-gateway */
	int64_t route_metric;       /* -1: no --route-metric */
	unsigned rg_flags;
	unsigned n_routes, n_routes6;
	struct lvpn_route4 routes[LVPN_NETPLAN_MAX_ROUTES];
	struct lvpn_route6 routes6[LVPN_NETPLAN_MAX_ROUTES];
	/* the VPN server we connect to (--remote, resolved): the frontend
	 * sets these */
	int have_remote_host, have_remote_host6;
	uint32_t remote_host;
	uint8_t remote_host6[16];
	/* dhcp-option, in order */
	unsigned n_dhcp;
	struct lvpn_netplan_dhcp dhcp[LVPN_NETPLAN_MAX_DHCP];
	size_t dhcp_used;
	char dhcp_text[LVPN_NETPLAN_DHCP_TEXT_MAX];
	/* dns options (proto/config/dnsopt.h): the config's, then the pushed */
	struct lvpn_dns dns;
};

/* Sets an empty plan: topology net30 (2.6 default), no route-metric. */
void lvpn_netplan_init(struct lvpn_netplan *p);

/* Reads one option, already split (argv[0] the name: "route 10.0.0.0
 * 255.255.255.0 vpn_gateway 100", "route-ipv6 2001:db8::/32
 * net_gateway_ipv6", "redirect-gateway def1 ipv6", "ifconfig 10.8.0.2
 * 255.255.255.0", "ifconfig-ipv6 2001:db8::2/64 2001:db8::1", "topology
 * subnet", "route-gateway 10.8.0.1", "route-ipv6-gateway A", "route-metric
 * 50", "redirect-private ...", "dhcp-option DNS 10.8.0.1", "dns server 0
 * address 10.8.0.1") into p.  text
 * is the option as written (kept for a dhcp-option; NULL: argv joined
 * with spaces).  On error p is unchanged and one line naming the option is
 * logged.
 * Errors: LVPN_ERR_CONFIG (bad value: netmask, prefix length, address,
 * metric, unknown flag or keyword, wrong argument count),
 * LVPN_ERR_UNSUPPORTED (not a network option: caller handles it),
 * LVPN_ERR_EXHAUSTED (more than LVPN_NETPLAN_MAX_ROUTES routes, more than
 * LVPN_NETPLAN_MAX_DHCP dhcp-options or their text, or the dns limits of
 * proto/config/dnsopt.h). */
LVPN_MUST_CHECK int lvpn_netplan_parse_args(struct lvpn_netplan *p, int argc, char *const *argv,
                                            const char *text, struct lvpn_log *lg);

/* The same for an option line, split by the option tokenizer
 * (proto/config/optlex.h) first.
 * Errors: those of lvpn_netplan_parse_args, LVPN_ERR_CONFIG (the line does
 * not tokenize). */
LVPN_MUST_CHECK int lvpn_netplan_parse_option(struct lvpn_netplan *p, const char *line,
                                              struct lvpn_log *lg);

/* The plan of a client's config o: the device type, topology, ifconfig,
 * ifconfig-ipv6, route-gateway, route-metric, redirect-gateway, route,
 * route-ipv6, dns, in that order (dhcp-options of the config are not in
 * it).  An option the
 * plan cannot hold (a route to a name) is logged ("option ignored") and
 * left out. */
void lvpn_netplan_from_options(struct lvpn_netplan *p, const struct lvpn_options *o,
                               struct lvpn_log *lg);

/* The IPv4 VPN gateway (route-gateway, else ifconfig remote for
 * net30/p2p on a tun device) in host order.  Returns 1 if defined,
 * else 0. */
int lvpn_netplan_vpn_gateway(const struct lvpn_netplan *p, uint32_t *gw);

/* 1 if ifconfig's second address is a netmask (a tap device, or topology
 * subnet), 0 if it is the remote end of a point-to-point link. */
int lvpn_netplan_has_netmask(const struct lvpn_netplan *p);

/* The text of dhcp-option entry d of p (as written) and its value. */
const char *lvpn_netplan_dhcp_text(const struct lvpn_netplan *p, const struct lvpn_netplan_dhcp *d);
const char *lvpn_netplan_dhcp_value(const struct lvpn_netplan *p,
                                    const struct lvpn_netplan_dhcp *d);

#endif
