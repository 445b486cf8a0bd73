/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - the script environment and arguments OpenVPN 2.6 builds from
 * the network configuration (script.h).
 *
 * Names and formats follow OpenVPN's manual ("Environmental Variables")
 * and route.c setenv_route/setenv_route_ipv6, tun.c do_ifconfig_setenv:
 * IPv4 addresses dotted, IPv6 in inet_ntop form, route_ipv6_network_N as
 * "addr/bits", numbering from 1 in the order the routes are installed.
 */
#include "src/script.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "crypto/tls.h"
#include "proto/peerstr.h"

static const char *ip4s(uint32_t host, char *out)
{
	struct in_addr a = {.s_addr = htonl(host)};

	return inet_ntop(AF_INET, &a, out, INET_ADDRSTRLEN);
}

static const char *ip6s(const uint8_t *a, char *out)
{
	return inet_ntop(AF_INET6, a, out, INET6_ADDRSTRLEN);
}

int lvpn_script_updown_args(const struct lvpn_netplan *p, const char *dev, int tun_mtu,
                            const char *context, char *buf, size_t bufsize, const char *out[6])
{
	char l[INET_ADDRSTRLEN] = "", r[INET_ADDRSTRLEN] = "";
	int n;

	if (p->have_ifconfig) {
		ip4s(p->local, l);
		ip4s(p->remote_netmask, r);
	}
	/* four NUL-separated strings: mtu, local, remote/netmask */
	n = snprintf(buf, bufsize, "%d%c%s%c%s", tun_mtu, 0, l, 0, r);
	if (n < 0 || (size_t)n >= bufsize)
		return LVPN_ERR_BUFSIZE;
	out[0] = dev;
	out[1] = buf;
	out[2] = "0";
	out[3] = buf + strlen(buf) + 1;
	out[4] = out[3] + strlen(out[3]) + 1;
	out[5] = context;
	return 0;
}

static int routes4(struct lvpn_env *e, const struct lvpn_netplan *p,
                   const struct lvpn_netcfg_sys *sys, struct lvpn_log *lg)
{
	struct lvpn_route4_res r[LVPN_NETPLAN_MAX_ROUTES + 2];
	char name[40], a[INET_ADDRSTRLEN];
	unsigned n;
	int rc = lvpn_netcfg_routes4(p, sys, r, sizeof(r) / sizeof(r[0]), &n, lg);

	for (unsigned i = 0; rc == 0 && i < n; i++) {
		snprintf(name, sizeof(name), "route_network_%u", i + 1);
		rc = lvpn_env_set(e, name, ip4s(r[i].net, a));
		snprintf(name, sizeof(name), "route_netmask_%u", i + 1);
		rc = rc ? rc : lvpn_env_set(e, name, ip4s(r[i].mask, a));
		snprintf(name, sizeof(name), "route_gateway_%u", i + 1);
		rc = rc ? rc : lvpn_env_set(e, name, ip4s(r[i].gw, a));
		snprintf(name, sizeof(name), "route_metric_%u", i + 1);
		if (rc == 0 && r[i].metric >= 0)
			rc = lvpn_env_setf(e, name, "%lld", (long long)r[i].metric);
	}
	return rc;
}

static int routes6(struct lvpn_env *e, const struct lvpn_netplan *p,
                   const struct lvpn_netcfg_sys *sys)
{
	struct lvpn_route6 r6[LVPN_NETPLAN_MAX_ROUTES + 5];
	static const uint8_t none[16];
	char name[40], a[INET6_ADDRSTRLEN];
	unsigned n;
	int rc = lvpn_netcfg_routes6(p, sys, r6, sizeof(r6) / sizeof(r6[0]), &n);

	for (unsigned i = 0; rc == 0 && i < n; i++) {
		const uint8_t *gw = none;
		/* OpenVPN: the route's own gateway, else the IPv6 VPN gateway */
		if (r6[i].gw_kind == LVPN_GW_ADDR)
			gw = r6[i].gw;
		else if (r6[i].gw_kind == LVPN_GW_NET && sys->have_gw6 && sys->gw6.has_gw)
			gw = sys->gw6.gw;
		else if (r6[i].gw_kind != LVPN_GW_NET && p->have_route_gateway6)
			gw = p->route_gateway6;
		else if (r6[i].gw_kind != LVPN_GW_NET && p->have_remote6)
			gw = p->remote6;
		snprintf(name, sizeof(name), "route_ipv6_network_%u", i + 1);
		rc = lvpn_env_setf(e, name, "%s/%u", ip6s(r6[i].net, a), r6[i].bits);
		snprintf(name, sizeof(name), "route_ipv6_gateway_%u", i + 1);
		rc = rc ? rc : lvpn_env_set(e, name, ip6s(gw, a));
		snprintf(name, sizeof(name), "route_ipv6_metric_%u", i + 1);
		if (rc == 0 && r6[i].metric >= 0)
			rc = lvpn_env_setf(e, name, "%lld", (long long)r6[i].metric);
	}
	return rc;
}

static int ifconfig(struct lvpn_env *e, const struct lvpn_netplan *p)
{
	char a[INET6_ADDRSTRLEN];
	int rc = 0;

	if (p->have_ifconfig) {
		rc = lvpn_env_set(e, "ifconfig_local", ip4s(p->local, a));
		rc = rc ? rc
		        : lvpn_env_set(e,
		                       lvpn_netplan_has_netmask(p) ? "ifconfig_netmask"
		                                                   : "ifconfig_remote",
		                       ip4s(p->remote_netmask, a));
	}
	if (rc == 0 && p->have_ifconfig6) {
		rc = lvpn_env_set(e, "ifconfig_ipv6_local", ip6s(p->local6, a));
		rc = rc ? rc : lvpn_env_setf(e, "ifconfig_ipv6_netbits", "%u", p->bits6);
		rc = rc ? rc : lvpn_env_set(e, "ifconfig_ipv6_remote", ip6s(p->remote6, a));
	}
	return rc;
}

int lvpn_script_env_tun(struct lvpn_env *e, const struct lvpn_netplan *p, const char *dev,
                        int tun_mtu, const char *context)
{
	int rc = lvpn_env_set(e, "dev", dev);

	rc = rc ? rc : lvpn_env_set(e, "dev_type", p->tap ? "tap" : "tun");
	rc = rc ? rc : lvpn_env_setf(e, "tun_mtu", "%d", tun_mtu);
	rc = rc ? rc : lvpn_env_set(e, "script_context", context);
	return rc ? rc : ifconfig(e, p);
}

int lvpn_script_env_routes(struct lvpn_env *e, const struct lvpn_netplan *p,
                           const struct lvpn_netcfg_sys *sys, struct lvpn_log *lg)
{
	char a[INET6_ADDRSTRLEN];
	uint32_t vpn;
	int rc = 0;

	if (sys->have_gw4 && sys->gw4.has_gw) {
		uint32_t n;
		memcpy(&n, sys->gw4.gw, 4);
		rc = lvpn_env_set(e, "route_net_gateway", ip4s(ntohl(n), a));
	}
	if (rc == 0 && lvpn_netplan_vpn_gateway(p, &vpn))
		rc = lvpn_env_set(e, "route_vpn_gateway", ip4s(vpn, a));
	if (rc == 0 && sys->have_gw6 && sys->gw6.has_gw)
		rc = lvpn_env_set(e, "net_gateway_ipv6", ip6s(sys->gw6.gw, a));
	rc = rc ? rc : routes4(e, p, sys, lg);
	return rc ? rc : routes6(e, p, sys);
}

int lvpn_script_env_netcfg(struct lvpn_env *e, const struct lvpn_netplan *p,
                           const struct lvpn_netcfg_sys *sys, const char *dev, int tun_mtu,
                           const char *context, const char *const *foreign, unsigned n_foreign,
                           struct lvpn_log *lg)
{
	char name[40];
	int rc = lvpn_script_env_tun(e, p, dev, tun_mtu, context);

	rc = rc ? rc : lvpn_script_env_routes(e, p, sys, lg);
	for (unsigned i = 0; rc == 0 && i < n_foreign; i++) {
		snprintf(name, sizeof(name), "foreign_option_%u", i + 1);
		rc = lvpn_env_set(e, name, foreign[i]);
	}
	return rc;
}

void lvpn_script_setenv_split(const char *line, char *name, size_t nsz, char *value, size_t vsz)
{
	const char *sp = strchr(line, ' '), *v;
	size_t k = 0;

	snprintf(name, nsz, "%.*s", sp ? (int)(sp - line) : (int)strlen(line), line);
	v = sp ? sp + 1 : "";
	if (*v == '"') { /* the options' quoting (lvpn_opt_join) undone */
		for (v++; *v && *v != '"' && k + 1 < vsz; v++) {
			if (*v == '\\' && v[1])
				v++;
			value[k++] = *v;
		}
	} else {
		for (; *v && k + 1 < vsz; v++)
			value[k++] = *v;
	}
	value[k] = '\0';
}

/* setenv (safe 0) or setenv-safe (safe 1) lines; a name refused is left
 * out */
static int setenv_lines(struct lvpn_env *e, char *const *lines, int n, int safe)
{
	for (int i = 0; i < n; i++) {
		char name[128], value[1024];
		int rc;

		lvpn_script_setenv_split(lines[i], name, sizeof(name), value, sizeof(value));
		rc = safe ? lvpn_script_env_safe(e, name, value) : lvpn_env_set(e, name, value);
		if (rc && rc != LVPN_ERR_INVAL)
			return rc;
	}
	return 0;
}

int lvpn_script_env_setenv(struct lvpn_env *e, char *const *lines, int n)
{
	return setenv_lines(e, lines, n, 0);
}

int lvpn_script_env_safe(struct lvpn_env *e, const char *name, const char *value)
{
	char full[64]; /* 2.6's buffer: a longer name is left out */

	if ((size_t)snprintf(full, sizeof(full), "OPENVPN_%s", name) >= sizeof(full))
		return LVPN_ERR_INVAL;
	return lvpn_env_set(e, full, value);
}

int lvpn_script_env_setenv_safe(struct lvpn_env *e, char *const *lines, int n)
{
	return setenv_lines(e, lines, n, 1);
}

/* Sets name to the peer-supplied value, cleaned as class cls. */
static int env_peer(struct lvpn_env *e, const char *name, const char *value,
                    enum lvpn_peerstr_class cls)
{
	char v[1024];

	if (lvpn_peerstr_clean(v, sizeof(v), value, cls))
		return LVPN_ERR_BUFSIZE;
	return lvpn_env_set(e, name, v);
}

int lvpn_script_env_cert(struct lvpn_env *e, const struct lvpn_tls_cert_info *ci)
{
	char name[64];
	int d = ci->depth, rc;

	snprintf(name, sizeof(name), "tls_id_%d", d);
	rc = env_peer(e, name, ci->subject, LVPN_PEERSTR_SUBJECT);
	snprintf(name, sizeof(name), "tls_serial_%d", d);
	rc |= lvpn_env_set(e, name, ci->serial);
	snprintf(name, sizeof(name), "tls_serial_hex_%d", d);
	rc |= lvpn_env_set(e, name, ci->serial_hex);
	snprintf(name, sizeof(name), "tls_digest_sha256_%d", d);
	rc |= lvpn_env_set(e, name, ci->sha256);
	snprintf(name, sizeof(name), "tls_digest_%d", d);
	rc |= lvpn_env_set(e, name, ci->sha1);
	for (unsigned i = 0; i < ci->nfields && i < LVPN_TLS_FIELDS_MAX; i++)
		rc |= env_peer(e, ci->field[i].name, ci->field[i].value, LVPN_PEERSTR_NAME);
	return rc ? LVPN_ERR_BUFSIZE : 0;
}

int lvpn_script_env_addr(struct lvpn_env *e, const char *prefix, const struct sockaddr *sa)
{
	char name[48], a[INET6_ADDRSTRLEN];
	int v6 = sa->sa_family == AF_INET6, port;
	const void *ip;

	if (sa->sa_family == AF_INET) {
		ip = &((const struct sockaddr_in *)sa)->sin_addr;
		port = ntohs(((const struct sockaddr_in *)sa)->sin_port);
	} else if (v6) {
		ip = &((const struct sockaddr_in6 *)sa)->sin6_addr;
		port = ntohs(((const struct sockaddr_in6 *)sa)->sin6_port);
	} else {
		return 0;
	}
	snprintf(name, sizeof(name), "%s_ip%s", prefix, v6 ? "6" : "");
	if (lvpn_env_set(e, name, inet_ntop(sa->sa_family, ip, a, sizeof(a))))
		return LVPN_ERR_BUFSIZE;
	snprintf(name, sizeof(name), "%s_port", prefix);
	return lvpn_env_setf(e, name, "%d", port);
}
