/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - small rtnetlink client (see netlink.h).
 *
 * Facts used (rtnetlink(7), netlink(7)): one request = nlmsghdr + ifaddrmsg
 * or rtmsg + rtattrs; NLM_F_ACK makes the kernel answer with an NLMSG_ERROR
 * whose error field is 0 or -errno; a dump ends with NLMSG_DONE.  Deleting a
 * route with scope RT_SCOPE_NOWHERE and protocol 0 matches any scope and
 * protocol, the way `ip route del` does.
 */
#include "src/netlink.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define REQ_MAX  512
#define RESP_MAX 32768

struct req {
	struct nlmsghdr h;
	char body[REQ_MAX];
};

int lvpn_nl_open(struct lvpn_nl *nl, struct lvpn_log *lg)
{
	struct sockaddr_nl sa = {.nl_family = AF_NETLINK};

	memset(nl, 0, sizeof(*nl));
	nl->lg = lg;
	nl->fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (nl->fd < 0) {
		nl->last_errno = errno;
		LVPN_LOG(lg, LVPN_LOG_ERR, "netlink: socket: %s", strerror(errno));
		return LVPN_ERR_IO;
	}
	if (bind(nl->fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		nl->last_errno = errno;
		LVPN_LOG(lg, LVPN_LOG_ERR, "netlink: bind: %s", strerror(errno));
		close(nl->fd);
		nl->fd = -1;
		return LVPN_ERR_IO;
	}
	nl->seq = 1;
	return 0;
}

void lvpn_nl_close(struct lvpn_nl *nl)
{
	if (nl->fd >= 0)
		close(nl->fd);
	nl->fd = -1;
}

static unsigned alen(int family)
{
	return family == AF_INET ? 4 : family == AF_INET6 ? 16 : 0;
}

static int put_attr(struct req *r, unsigned short type, const void *data, unsigned len)
{
	unsigned off = NLMSG_ALIGN(r->h.nlmsg_len);
	struct rtattr *a = (struct rtattr *)((char *)r + off);

	if (off + RTA_SPACE(len) > sizeof(*r))
		return LVPN_ERR_BUFSIZE;
	a->rta_type = type;
	a->rta_len = RTA_LENGTH(len);
	memcpy(RTA_DATA(a), data, len);
	r->h.nlmsg_len = off + RTA_SPACE(len);
	return 0;
}

static int put_u32(struct req *r, unsigned short type, uint32_t v)
{
	return put_attr(r, type, &v, sizeof(v));
}

typedef int msg_fn(void *ctx, const struct nlmsghdr *h);

/* Sends r and reads answers until the ACK (or NLMSG_DONE for a dump);
 * each other message of our sequence goes to fn. */
static int transact(struct lvpn_nl *nl, struct req *r, const char *what, msg_fn *fn, void *ctx)
{
	static char resp[RESP_MAX] __attribute__((aligned(4)));
	struct sockaddr_nl sa = {.nl_family = AF_NETLINK};
	uint32_t seq = ++nl->seq;

	r->h.nlmsg_seq = seq;
	nl->last_errno = 0;
	if (sendto(nl->fd, r, r->h.nlmsg_len, 0, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		nl->last_errno = errno;
		LVPN_LOG(nl->lg, LVPN_LOG_ERR, "netlink: %s: send: %s", what, strerror(errno));
		return LVPN_ERR_IO;
	}
	for (;;) {
		ssize_t n = recv(nl->fd, resp, sizeof(resp), 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			nl->last_errno = n < 0 ? errno : EIO;
			LVPN_LOG(nl->lg, LVPN_LOG_ERR, "netlink: %s: recv: %s", what,
			         strerror(nl->last_errno));
			return LVPN_ERR_IO;
		}
		size_t left = (size_t)n;
		for (struct nlmsghdr *h = (struct nlmsghdr *)resp; NLMSG_OK(h, left);
		     h = NLMSG_NEXT(h, left)) {
			if (h->nlmsg_seq != seq)
				continue;
			if (h->nlmsg_type == NLMSG_DONE)
				return 0;
			if (h->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = NLMSG_DATA(h);
				if (h->nlmsg_len < NLMSG_LENGTH(sizeof(*e)))
					nl->last_errno = EPROTO;
				else if (e->error == 0)
					return 0;
				else
					nl->last_errno = -e->error;
				LVPN_LOG(nl->lg, LVPN_LOG_ERR, "netlink: %s: %s", what,
				         strerror(nl->last_errno));
				return LVPN_ERR_IO;
			}
			if (fn != NULL) {
				int rc = fn(ctx, h);
				if (rc < 0)
					return rc;
			}
		}
	}
}

int lvpn_nl_addr(struct lvpn_nl *nl, int add, const struct lvpn_nl_addr *a)
{
	struct req r;
	struct ifaddrmsg *ifa = NLMSG_DATA(&r.h);
	unsigned len = alen(a->family);
	char what[160], l[INET6_ADDRSTRLEN], p[INET6_ADDRSTRLEN] = "";
	int rc = 0;

	if (len == 0 || a->plen > len * 8 || a->ifindex <= 0)
		return LVPN_ERR_INVAL;
	memset(&r, 0, sizeof(r));
	r.h.nlmsg_len = NLMSG_LENGTH(sizeof(*ifa));
	r.h.nlmsg_type = add ? RTM_NEWADDR : RTM_DELADDR;
	r.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | (add ? NLM_F_CREATE | NLM_F_EXCL : 0);
	ifa->ifa_family = (unsigned char)a->family;
	ifa->ifa_prefixlen = a->plen;
	ifa->ifa_index = (unsigned)a->ifindex;
	rc |= put_attr(&r, IFA_LOCAL, a->local, len);
	rc |= put_attr(&r, IFA_ADDRESS, a->has_peer ? a->peer : a->local, len);
	if (add && a->family == AF_INET && !a->has_peer && a->plen <= 30) {
		/* the subnet's broadcast address, as ifconfig would set it */
		uint32_t v, m = a->plen ? htonl(~0u << (32 - a->plen)) : 0;
		memcpy(&v, a->local, 4);
		v |= ~m;
		rc |= put_attr(&r, IFA_BROADCAST, &v, 4);
	}
	if (rc)
		return LVPN_ERR_BUFSIZE;
	inet_ntop(a->family, a->local, l, sizeof(l));
	if (a->has_peer)
		inet_ntop(a->family, a->peer, p, sizeof(p));
	snprintf(what, sizeof(what), "%s address %s/%u%s%s on ifindex %d", add ? "add" : "delete",
	         l, a->plen, a->has_peer ? " peer " : "", p, a->ifindex);
	return transact(nl, &r, what, NULL, NULL);
}

static int route_req(struct req *r, int type, unsigned flags, const struct lvpn_nl_route *rt)
{
	struct rtmsg *m = NLMSG_DATA(&r->h);
	unsigned len = alen(rt->family);
	int rc = 0;

	if (len == 0 || rt->plen > len * 8)
		return LVPN_ERR_INVAL;
	memset(r, 0, sizeof(*r));
	r->h.nlmsg_len = NLMSG_LENGTH(sizeof(*m));
	r->h.nlmsg_type = (unsigned short)type;
	r->h.nlmsg_flags = (unsigned short)(NLM_F_REQUEST | flags);
	m->rtm_family = (unsigned char)rt->family;
	m->rtm_dst_len = rt->plen;
	m->rtm_table = rt->table ? rt->table : RT_TABLE_MAIN;
	m->rtm_type = rt->type ? rt->type : RTN_UNICAST;
	if (type == RTM_NEWROUTE) {
		m->rtm_protocol = rt->protocol ? rt->protocol : RTPROT_BOOT;
		if (rt->scope)
			m->rtm_scope = rt->scope;
		else
			m->rtm_scope = rt->has_gw || rt->family == AF_INET6 ? RT_SCOPE_UNIVERSE
			                                                    : RT_SCOPE_LINK;
	} else if (type == RTM_DELROUTE) {
		m->rtm_scope = RT_SCOPE_NOWHERE;
	}
	rc |= put_attr(r, RTA_DST, rt->dst, len);
	if (rt->has_gw)
		rc |= put_attr(r, RTA_GATEWAY, rt->gw, len);
	if (rt->oif > 0)
		rc |= put_u32(r, RTA_OIF, (uint32_t)rt->oif);
	if (rt->has_metric)
		rc |= put_u32(r, RTA_PRIORITY, rt->metric);
	if (rt->has_prefsrc && type == RTM_NEWROUTE)
		rc |= put_attr(r, RTA_PREFSRC, rt->prefsrc, len);
	return rc ? LVPN_ERR_BUFSIZE : 0;
}

const char *lvpn_nl_route_str(const struct lvpn_nl_route *r, char *out, unsigned outsize)
{
	char d[INET6_ADDRSTRLEN] = "?", g[INET6_ADDRSTRLEN] = "";

	if (alen(r->family)) {
		inet_ntop(r->family, r->dst, d, sizeof(d));
		if (r->has_gw)
			inet_ntop(r->family, r->gw, g, sizeof(g));
	}
	if (r->has_metric)
		snprintf(out, outsize, "%s/%u%s%s dev #%d metric %u", d, r->plen,
		         r->has_gw ? " via " : "", g, r->oif, r->metric);
	else
		snprintf(out, outsize, "%s/%u%s%s dev #%d", d, r->plen, r->has_gw ? " via " : "", g,
		         r->oif);
	return out;
}

int lvpn_nl_route(struct lvpn_nl *nl, int add, const struct lvpn_nl_route *rt)
{
	struct req r;
	char what[200], s[160];
	int rc = route_req(&r, add ? RTM_NEWROUTE : RTM_DELROUTE,
	                   NLM_F_ACK | (add ? NLM_F_CREATE | NLM_F_EXCL : 0), rt);

	if (rc)
		return rc;
	snprintf(what, sizeof(what), "%s route %s", add ? "add" : "delete",
	         lvpn_nl_route_str(rt, s, sizeof(s)));
	return transact(nl, &r, what, NULL, NULL);
}

/* Fills out from an RTM_NEWROUTE message; 0, or 1 to skip it. */
static int parse_route(const struct nlmsghdr *h, struct lvpn_nl_route *out)
{
	const struct rtmsg *m = NLMSG_DATA(h);
	unsigned len;
	int attrlen;

	if (h->nlmsg_type != RTM_NEWROUTE || h->nlmsg_len < NLMSG_LENGTH(sizeof(*m)))
		return 1;
	len = alen(m->rtm_family);
	if (len == 0)
		return 1;
	memset(out, 0, sizeof(*out));
	out->family = m->rtm_family;
	out->plen = m->rtm_dst_len;
	out->table = m->rtm_table;
	out->protocol = m->rtm_protocol;
	out->scope = m->rtm_scope;
	out->type = m->rtm_type;
	attrlen = (int)(h->nlmsg_len - NLMSG_LENGTH(sizeof(*m)));
	for (const struct rtattr *a = RTM_RTA(m); RTA_OK(a, attrlen); a = RTA_NEXT(a, attrlen)) {
		unsigned n = RTA_PAYLOAD(a);
		switch (a->rta_type) {
		case RTA_DST:
			if (n == len)
				memcpy(out->dst, RTA_DATA(a), len);
			break;
		case RTA_GATEWAY:
			if (n == len) {
				memcpy(out->gw, RTA_DATA(a), len);
				out->has_gw = 1;
			}
			break;
		case RTA_PREFSRC:
			if (n == len) {
				memcpy(out->prefsrc, RTA_DATA(a), len);
				out->has_prefsrc = 1;
			}
			break;
		case RTA_OIF:
			if (n == 4)
				memcpy(&out->oif, RTA_DATA(a), 4);
			break;
		case RTA_PRIORITY:
			if (n == 4) {
				memcpy(&out->metric, RTA_DATA(a), 4);
				out->has_metric = 1;
			}
			break;
		case RTA_MULTIPATH:
			out->multipath = 1;
			break;
		case RTA_TABLE:
			if (n == 4) {
				uint32_t t;
				memcpy(&t, RTA_DATA(a), 4);
				if (t > 255)
					return 1; /* not the main table */
				out->table = (uint8_t)t;
			}
			break;
		}
	}
	return 0;
}

static int got_route(void *ctx, const struct nlmsghdr *h)
{
	struct lvpn_nl_route *out = ctx;

	if (out->family == 0 && parse_route(h, out) != 0)
		out->family = 0;
	return 0;
}

int lvpn_nl_route_get(struct lvpn_nl *nl, int family, const uint8_t *addr,
                      struct lvpn_nl_route *out)
{
	struct lvpn_nl_route q = {.family = family, .plen = (uint8_t)(alen(family) * 8)};
	struct req r;
	char what[100], a[INET6_ADDRSTRLEN];
	int rc;

	if (alen(family) == 0)
		return LVPN_ERR_INVAL;
	memcpy(q.dst, addr, alen(family));
	rc = route_req(&r, RTM_GETROUTE, NLM_F_ACK, &q);
	if (rc)
		return rc;
	((struct rtmsg *)NLMSG_DATA(&r.h))->rtm_table = 0;
	inet_ntop(family, addr, a, sizeof(a));
	snprintf(what, sizeof(what), "get route to %s", a);
	memset(out, 0, sizeof(*out));
	rc = transact(nl, &r, what, got_route, out);
	if (rc == 0 && out->family != family) {
		nl->last_errno = ENOENT;
		LVPN_LOG(nl->lg, LVPN_LOG_ERR, "netlink: %s: no answer", what);
		return LVPN_ERR_IO;
	}
	return rc;
}

struct best {
	struct lvpn_nl_route best;
	int found;
};

static int got_default(void *ctx, const struct nlmsghdr *h)
{
	struct best *b = ctx;
	struct lvpn_nl_route r;

	if (parse_route(h, &r) != 0 || r.plen != 0 || r.table != RT_TABLE_MAIN ||
	    r.type != RTN_UNICAST)
		return 0;
	if (!b->found || r.metric < b->best.metric) {
		b->best = r;
		b->found = 1;
	}
	return 0;
}

int lvpn_nl_route_default(struct lvpn_nl *nl, int family, struct lvpn_nl_route *out)
{
	struct lvpn_nl_route q = {.family = family};
	struct best b = {.found = 0};
	struct req r;
	int rc;

	if (alen(family) == 0)
		return LVPN_ERR_INVAL;
	rc = route_req(&r, RTM_GETROUTE, NLM_F_DUMP, &q);
	if (rc)
		return rc;
	/* a dump request carries only the rtmsg */
	r.h.nlmsg_len = NLMSG_LENGTH(sizeof(struct rtmsg));
	rc = transact(nl, &r, family == AF_INET ? "dump IPv4 routes" : "dump IPv6 routes",
	              got_default, &b);
	if (rc)
		return rc;
	if (!b.found) {
		nl->last_errno = ENOENT;
		return LVPN_ERR_IO;
	}
	*out = b.best;
	/* re-adding needs the metric the kernel reports, even 0 */
	out->has_metric = 1;
	return 0;
}

/* Does prefix a/plen contain b? */
static int same_net(const uint8_t *a, const uint8_t *b, unsigned plen)
{
	for (unsigned i = 0; plen > 0; i++, plen = plen > 8 ? plen - 8 : 0) {
		uint8_t m = plen >= 8 ? 0xff : (uint8_t)(0xff << (8 - plen));
		if ((a[i] & m) != (b[i] & m))
			return 0;
	}
	return 1;
}

struct addr_match {
	int family, ifindex, found;
	const uint8_t *near;
	struct lvpn_nl_addr *out;
};

static int got_addr(void *ctx, const struct nlmsghdr *h)
{
	struct addr_match *m = ctx;
	const struct ifaddrmsg *ifa = NLMSG_DATA(h);
	unsigned len = alen(m->family);
	int attrlen;

	if (m->found || h->nlmsg_type != RTM_NEWADDR || h->nlmsg_len < NLMSG_LENGTH(sizeof(*ifa)) ||
	    ifa->ifa_family != m->family || (int)ifa->ifa_index != m->ifindex ||
	    ifa->ifa_prefixlen > len * 8)
		return 0;
	attrlen = (int)(h->nlmsg_len - NLMSG_LENGTH(sizeof(*ifa)));
	for (const struct rtattr *a = IFA_RTA(ifa); RTA_OK(a, attrlen); a = RTA_NEXT(a, attrlen)) {
		if ((a->rta_type != IFA_LOCAL && a->rta_type != IFA_ADDRESS) ||
		    RTA_PAYLOAD(a) != len || !same_net(RTA_DATA(a), m->near, ifa->ifa_prefixlen))
			continue;
		memset(m->out, 0, sizeof(*m->out));
		m->out->family = m->family;
		m->out->ifindex = m->ifindex;
		m->out->plen = ifa->ifa_prefixlen;
		memcpy(m->out->local, RTA_DATA(a), len);
		m->found = 1;
		break;
	}
	return 0;
}

int lvpn_nl_addr_find(struct lvpn_nl *nl, int family, int ifindex, const uint8_t *near,
                      struct lvpn_nl_addr *out)
{
	struct addr_match m = {.family = family, .ifindex = ifindex, .near = near, .out = out};
	struct req r;
	struct ifaddrmsg *ifa = NLMSG_DATA(&r.h);
	int rc;

	if (alen(family) == 0)
		return LVPN_ERR_INVAL;
	memset(&r, 0, sizeof(r));
	r.h.nlmsg_len = NLMSG_LENGTH(sizeof(*ifa));
	r.h.nlmsg_type = RTM_GETADDR;
	r.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	ifa->ifa_family = (unsigned char)family;
	rc = transact(nl, &r, "dump addresses", got_addr, &m);
	if (rc)
		return rc;
	if (!m.found) {
		nl->last_errno = ENOENT;
		return LVPN_ERR_IO;
	}
	return 0;
}
