/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - expansion of the server helper directives (see srvconf.h).
 * Facts from OpenVPN 2.6 helper.c; the known answers in
 * tests/unit/test_srvconf.sh come from the real openvpn's --verb 4 dump. */
#include "proto/config/srvconf.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "proto/server/srvaddr.h"

static int fail(char *err, unsigned errlen, int code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void push(struct lvpn_srvconf *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int fail(char *err, unsigned errlen, int code, const char *fmt, ...)
{
	va_list ap;

	if (err && errlen) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return code;
}

static void push(struct lvpn_srvconf *o, const char *fmt, ...)
{
	va_list ap;

	if (o->n_push >= LVPN_SRVCONF_MAX_PUSH)
		return; /* cannot happen: at most 6 lines are added */
	va_start(ap, fmt);
	vsnprintf(o->push[o->n_push++], LVPN_SRVCONF_PUSH_LEN, fmt, ap);
	va_end(ap);
}

static const char *topo_name(int t)
{
	return t == LVPN_SRV_TOPO_SUBNET ? "subnet" : t == LVPN_SRV_TOPO_P2P ? "p2p" : "net30";
}

static int expand6(const struct lvpn_srvconf_in *in, struct lvpn_srvconf *o, char *err,
                   unsigned errlen)
{
	uint8_t net[16];
	int bits;

	if (lvpn_srvaddr_parse6_prefix(in->server_ipv6, net, &bits))
		return fail(err, errlen, LVPN_ERR_CONFIG, "--server-ipv6: bad prefix '%s'",
		            in->server_ipv6);
	if (in->nopool)
		return fail(err, errlen, LVPN_ERR_CONFIG,
		            "--server-ipv6 is incompatible with 'nopool' option");
	if (in->ifconfig_ipv6_pool_given)
		return fail(err, errlen, LVPN_ERR_CONFIG,
		            "--server-ipv6 already defines an ifconfig-ipv6-pool");
	if (bits < 64 || bits > 124)
		return fail(err, errlen, LVPN_ERR_CONFIG,
		            "--server-ipv6: prefix length must be 64..124");
	o->mode_server = 1;
	o->has_v6 = 1;
	lvpn_srvaddr_add6(net, 1, o->ifconfig_ipv6_local);
	lvpn_srvaddr_add6(net, 2, o->ifconfig_ipv6_remote);
	o->ifconfig_ipv6_netbits = bits;
	o->ipv6_pool_defined = 1;
	/* large prefixes start the pool at ::1000, small ones right after the
	 * server's two addresses */
	lvpn_srvaddr_add6(net, bits < 112 ? 0x1000 : 2, o->ipv6_pool_base);
	o->ipv6_pool_netbits = bits;
	push(o, "tun-ipv6");
	return 0;
}

/* server-bridge: no address of the server's own; a pool inside the
 * gateway's subnet, or the clients ask the bridged LAN's DHCP server. */
static int bridge(const struct lvpn_srvconf_in *in, struct lvpn_srvconf *o, char *err,
                  unsigned errlen)
{
	uint32_t v[4];

	if (!in->tap)
		return fail(err, errlen, LVPN_ERR_CONFIG,
		            "--server-bridge directive only makes sense with --dev tap");
	if (in->server_net)
		return fail(err, errlen, LVPN_ERR_CONFIG,
		            "--server and --server-bridge cannot be used together");
	o->mode_server = 1;
	if (!in->bridge[0]) {
		if (!in->bridge_nogw)
			push(o, "route-gateway dhcp");
		return 0;
	}
	for (int i = 0; i < 4; i++)
		if (lvpn_srvaddr_parse4(in->bridge[i], &v[i]))
			return fail(err, errlen, LVPN_ERR_CONFIG,
			            "--server-bridge: bad address '%s'", in->bridge[i]);
	/* the gateway and the pool's start, then the pool's ends (OpenVPN) */
	for (int i = 2; i < 4; i++) {
		int j = i == 2 ? 0 : 2;

		if ((v[j] & v[1]) != (v[i] & v[1]))
			return fail(err, errlen, LVPN_ERR_CONFIG,
			            "--server-bridge IP addresses %s and %s are not in the same %s "
			            "subnet",
			            in->bridge[j], in->bridge[i], in->bridge[1]);
	}
	if (in->ifconfig_given)
		return fail(err, errlen, LVPN_ERR_CONFIG,
		            "--server-bridge must be used without --ifconfig");
	if (v[3] < v[2] || v[3] - v[2] >= LVPN_SRVCONF_POOL_MAX)
		return fail(err, errlen, LVPN_ERR_CONFIG,
		            "--server-bridge: the pool must run from POOL-START up to at most %u "
		            "addresses",
		            (unsigned)LVPN_SRVCONF_POOL_MAX);
	o->pool_defined = 1;
	o->pool_start = v[2];
	o->pool_end = v[3];
	o->pool_netmask = v[1];
	push(o, "route-gateway %s", in->bridge[0]);
	return 0;
}

/* `mode server` on a tap with its own ifconfig and ifconfig-pool: the tap
 * takes ADDR NETMASK; the clients get pool addresses with the pool's
 * netmask, else the tap's (OpenVPN multi.c). */
static int explicit_tap(const struct lvpn_srvconf_in *in, struct lvpn_srvconf *o, char *err,
                        unsigned errlen)
{
	uint32_t mask = 0;

	if (in->ifconfig_local) {
		if (lvpn_srvaddr_parse4(in->ifconfig_local, &o->ifconfig_local) ||
		    lvpn_srvaddr_parse4(in->ifconfig_netmask, &mask))
			return fail(err, errlen, LVPN_ERR_CONFIG,
			            "--ifconfig: bad address or netmask");
		o->has_v4 = 1;
		o->ifconfig_remote_netmask = mask;
	}
	if (!in->pool_start)
		return 0;
	if (lvpn_srvaddr_parse4(in->pool_start, &o->pool_start) ||
	    lvpn_srvaddr_parse4(in->pool_end, &o->pool_end) ||
	    (in->pool_mask && lvpn_srvaddr_parse4(in->pool_mask, &o->pool_netmask)))
		return fail(err, errlen, LVPN_ERR_CONFIG,
		            "--ifconfig-pool: bad address or netmask");
	if (o->pool_end < o->pool_start || o->pool_end - o->pool_start >= LVPN_SRVCONF_POOL_MAX)
		return fail(err, errlen, LVPN_ERR_CONFIG,
		            "--ifconfig-pool: the pool must run from its start up to at most %u "
		            "addresses",
		            (unsigned)LVPN_SRVCONF_POOL_MAX);
	o->pool_defined = 1;
	if (!in->pool_mask)
		o->pool_netmask = mask;
	return 0;
}

static int expand4(const struct lvpn_srvconf_in *in, struct lvpn_srvconf *o, char *err,
                   unsigned errlen)
{
	char a[LVPN_ADDR4_STRLEN], m[LVPN_ADDR4_STRLEN];
	uint32_t net, mask;
	int bits;

	if (lvpn_srvaddr_parse4(in->server_net, &net) ||
	    lvpn_srvaddr_parse4(in->server_mask, &mask))
		return fail(err, errlen, LVPN_ERR_CONFIG, "--server: bad address or netmask");
	if (!in->nopool && in->ifconfig_pool_given)
		return fail(err, errlen, LVPN_ERR_CONFIG,
		            "--server already defines an ifconfig-pool, so you can't also "
		            "specify --ifconfig-pool explicitly");
	if (lvpn_srvaddr_maskbits4(mask, &bits) || (net & mask) != net)
		return fail(err, errlen, LVPN_ERR_CONFIG,
		            "--server directive network/netmask combination is invalid");
	if (bits == 32)
		return fail(err, errlen, LVPN_ERR_CONFIG, "--server directive netmask is invalid");
	if (bits < LVPN_SRVCONF_POOL_MIN_BITS)
		return fail(err, errlen, LVPN_ERR_CONFIG,
		            "--server directive netmask allows for too many host addresses");
	if (bits > (in->tap ? 30 : 29))
		return fail(err, errlen, LVPN_ERR_CONFIG,
		            "--server directive when used with --dev %s must define a subnet "
		            "of %s or lower",
		            in->tap ? "tap" : "tun",
		            in->tap ? "255.255.255.252 (/30)" : "255.255.255.248 (/29)");
	o->mode_server = 1;
	o->has_v4 = 1;
	o->ifconfig_local = net + 1;
	/* a tap is one subnet too: the tap holds NET+1 MASK, the clients the
	 * rest; no topology there */
	if (in->topology == LVPN_SRV_TOPO_SUBNET || in->tap) {
		o->ifconfig_remote_netmask = mask;
		if (!in->nopool) {
			o->pool_defined = 1;
			o->pool_start = net + 2;
			o->pool_end = (net | ~mask) - 1;
		}
		o->pool_netmask = mask;
		push(o, "route-gateway %s", lvpn_srvaddr_fmt4(net + 1, a));
		if (in->tap)
			return 0;
		o->route_default_gateway = net + 2;
		o->ifconfig_constraint = 1;
		o->constraint_net = net;
		o->constraint_mask = mask;
	} else {
		o->ifconfig_remote_netmask = net + 2;
		if (!in->nopool) {
			o->pool_defined = 1;
			o->pool_start = net + 4;
			/* a /29 keeps its last /30; larger nets leave it out */
			o->pool_end = (net | ~mask) - (bits == 29 ? 0 : 4);
		}
		o->has_local_route = 1;
		o->local_route_net = net;
		o->local_route_mask = mask;
		if (in->client_to_client)
			push(o, "route %s %s", lvpn_srvaddr_fmt4(net, a),
			     lvpn_srvaddr_fmt4(mask, m));
		else if (in->topology == LVPN_SRV_TOPO_NET30)
			push(o, "route %s", lvpn_srvaddr_fmt4(net + 1, a));
	}
	push(o, "topology %s", topo_name(in->topology));
	return 0;
}

static int keepalive(const struct lvpn_srvconf_in *in, struct lvpn_srvconf *o, char *err,
                     unsigned errlen)
{
	int a = in->keepalive_ping, b = in->keepalive_timeout;

	if (!a && !b)
		return 0;
	if (a <= 0 || b <= 0)
		return fail(err, errlen, LVPN_ERR_CONFIG, "--keepalive parameters must be > 0");
	if (a > b / 2 || 2 * (long)a > b)
		return fail(err, errlen, LVPN_ERR_CONFIG,
		            "the second parameter to --keepalive (restart timeout=%d) must be at "
		            "least twice the value of the first parameter (ping interval=%d)",
		            b, a);
	if (in->ping_set)
		return fail(err, errlen, LVPN_ERR_CONFIG,
		            "--keepalive conflicts with --ping, --ping-exit, or --ping-restart");
	o->ping_send = a;
	if (!o->mode_server) {
		o->ping_rec = b;
		return 0;
	}
	/* the server waits twice as long as the clients it tells */
	o->ping_rec = b > 0x3fffffff ? 0x7fffffff : 2 * b;
	push(o, "ping %d", a);
	push(o, "ping-restart %d", b);
	return 0;
}

int lvpn_srvconf_expand(const struct lvpn_srvconf_in *in, struct lvpn_srvconf *out, char *err,
                        unsigned errlen)
{
	int rc;

	if (!in || !out)
		return LVPN_ERR_INVAL;
	memset(out, 0, sizeof(*out));
	if (err && errlen)
		err[0] = 0;
	if (in->topology < LVPN_SRV_TOPO_NET30 || in->topology > LVPN_SRV_TOPO_SUBNET)
		return fail(err, errlen, LVPN_ERR_CONFIG, "bad topology");
	out->mode_server = in->mode_server;
	if (in->server_ipv6 && (rc = expand6(in, out, err, errlen)))
		return rc;
	if (in->server_net && (rc = expand4(in, out, err, errlen)))
		return rc;
	if ((in->bridge[0] || in->bridge_dhcp) && (rc = bridge(in, out, err, errlen)))
		return rc;
	if (in->tap && in->mode_server && !in->server_net && !in->bridge[0] && !in->bridge_dhcp &&
	    (rc = explicit_tap(in, out, err, errlen)))
		return rc;
	if ((rc = keepalive(in, out, err, errlen)))
		return rc;
	if (in->tcp_nodelay && out->mode_server)
		push(out, "socket-flags TCP_NODELAY");
	return 0;
}

int lvpn_srvconf_is_tap(const char *dev, const char *dev_type)
{
	if (dev_type)
		return strcmp(dev_type, "tap") == 0;
	return dev && strncmp(dev, "tap", 3) == 0;
}
