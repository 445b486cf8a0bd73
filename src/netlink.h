/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - a small rtnetlink client (Linux): addresses and routes.
 *
 * Every request is sent with NLM_F_ACK and the call waits for the kernel's
 * answer, so a returned 0 means the change is in the kernel.  A refused
 * request logs one line naming the operation and strerror(errno), keeps the
 * errno in nl->last_errno, and returns LVPN_ERR_IO.
 *
 * Addresses are raw bytes in network order (4 bytes for AF_INET, 16 for
 * AF_INET6) so callers never need a system networking header.
 */
#ifndef LVPN_NETLINK_H
#define LVPN_NETLINK_H

#include <stdint.h>

#include "base/err.h"
#include "base/log.h"

struct lvpn_nl {
	int fd;
	uint32_t seq;
	int last_errno; /* errno of the last refused request, else 0 */
	struct lvpn_log *lg;
};

/* An interface address: local/plen, or a point-to-point pair local+peer
 * (IPv4 net30/p2p: plen 32 and has_peer). */
struct lvpn_nl_addr {
	int family; /* AF_INET or AF_INET6 */
	int ifindex;
	uint8_t plen;
	uint8_t has_peer;
	uint8_t local[16];
	uint8_t peer[16];
};

/* A route in a table (main unless table says otherwise). */
struct lvpn_nl_route {
	int family;
	uint8_t dst[16];
	uint8_t plen;
	uint8_t has_gw;
	uint8_t has_metric;
	uint8_t has_prefsrc;
	uint8_t multipath; /* has RTA_MULTIPATH: cannot be re-created here */
	uint8_t gw[16];
	uint8_t prefsrc[16];
	int oif; /* 0: let the kernel pick from the gateway */
	uint32_t metric;
	uint8_t table;    /* 0 means RT_TABLE_MAIN */
	uint8_t protocol; /* 0 means RTPROT_BOOT (what `ip route add` uses) */
	uint8_t scope;    /* 0 means: universe, or link without a gateway */
	uint8_t type;     /* 0 means RTN_UNICAST */
};

/* Opens a NETLINK_ROUTE socket.  lg may be NULL.
 * Errors: LVPN_ERR_IO (socket/bind failed). */
LVPN_MUST_CHECK int lvpn_nl_open(struct lvpn_nl *nl, struct lvpn_log *lg);

/* Closes the socket (safe on a closed or zeroed struct with fd -1). */
void lvpn_nl_close(struct lvpn_nl *nl);

/* Adds (add=1) or deletes (add=0) an interface address.
 * Errors: LVPN_ERR_INVAL (bad family/prefix), LVPN_ERR_IO (kernel refused,
 * errno in nl->last_errno, e.g. EEXIST, EADDRNOTAVAIL, ENODEV). */
LVPN_MUST_CHECK int lvpn_nl_addr(struct lvpn_nl *nl, int add, const struct lvpn_nl_addr *a);

/* Adds (add=1, NLM_F_CREATE|NLM_F_EXCL: an existing identical route is an
 * error) or deletes (add=0) a route.
 * Errors: LVPN_ERR_INVAL, LVPN_ERR_IO (errno in nl->last_errno: EEXIST,
 * ESRCH, ENETUNREACH, ...). */
LVPN_MUST_CHECK int lvpn_nl_route(struct lvpn_nl *nl, int add, const struct lvpn_nl_route *r);

/* Asks the kernel which route it would use to reach addr (RTM_GETROUTE):
 * out gets gw (if any), oif, prefsrc; dst is addr with full prefix length.
 * Errors: LVPN_ERR_INVAL, LVPN_ERR_IO (e.g. ENETUNREACH: no route). */
LVPN_MUST_CHECK int lvpn_nl_route_get(struct lvpn_nl *nl, int family, const uint8_t *addr,
                                      struct lvpn_nl_route *out);

/* Finds the default route (prefix length 0) of the main table with the
 * lowest metric, by dumping the table; its attributes are kept so that
 * lvpn_nl_route(nl, 1, out) re-creates it exactly.
 * Errors: LVPN_ERR_INVAL, LVPN_ERR_IO (dump failed, or ENOENT in last_errno
 * when there is no default route). */
LVPN_MUST_CHECK int lvpn_nl_route_default(struct lvpn_nl *nl, int family,
                                          struct lvpn_nl_route *out);

/* Finds the address of interface ifindex whose prefix contains near (by
 * dumping the addresses), e.g. the local subnet of the default gateway.
 * Errors: LVPN_ERR_INVAL, LVPN_ERR_IO (dump failed, or ENOENT in
 * last_errno when no address matches). */
LVPN_MUST_CHECK int lvpn_nl_addr_find(struct lvpn_nl *nl, int family, int ifindex,
                                      const uint8_t *near, struct lvpn_nl_addr *out);

/* Formats "dst/plen [via gw] dev #oif [metric M]" into out (always
 * NUL-terminated) for log lines.  Returns out. */
const char *lvpn_nl_route_str(const struct lvpn_nl_route *r, char *out, unsigned outsize);

#endif
