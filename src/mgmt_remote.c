/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - management interface: the >REMOTE and >PROXY queries of
 * --management-query-remote and --management-query-proxy and the `remote`
 * and `proxy` commands that answer them (OpenVPN 2.6 init.c
 * ce_management_query_remote/_proxy, management_callback_remote_cmd/
 * _proxy_cmd, manage.c man_remote/man_proxy). */
#include "src/mgmt_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int lvpn_mgmt_remote_ask(struct lvpn_mgmt *m, const char *host, const char *port, const char *proto)
{
	int n = snprintf(m->special, sizeof(m->special), ">REMOTE:%s,%s,%s", host, port, proto);

	if (n < 0 || (size_t)n >= sizeof(m->special)) {
		m->special[0] = 0;
		return LVPN_ERR_BUFSIZE;
	}
	m->remote_on = 1;
	m->remote_ans = LVPN_MGMT_REMOTE_WAIT;
	lvpn_mgmt_notify(m, m->special);
	return 0;
}

enum lvpn_mgmt_remote lvpn_mgmt_remote_answer(const struct lvpn_mgmt *m, int *skip,
                                              const char **host, const char **port)
{
	if (!m->remote_on)
		return LVPN_MGMT_REMOTE_WAIT;
	*skip = m->remote_skip;
	*host = m->remote_host;
	*port = m->remote_port;
	return m->remote_ans;
}

void lvpn_mgmt_remote_end(struct lvpn_mgmt *m)
{
	m->remote_on = 0;
	m->remote_ans = LVPN_MGMT_REMOTE_WAIT;
	m->special[0] = 0;
}

/* ACCEPT, SKIP [n] or MOD host port; 1 if taken */
static int take(struct lvpn_mgmt *m, char **p, int n)
{
	if (!m->remote_on || m->remote_ans != LVPN_MGMT_REMOTE_WAIT)
		return 0;
	if (!strcmp(p[1], "ACCEPT")) {
		m->remote_ans = LVPN_MGMT_REMOTE_ACCEPT;
	} else if (!strcmp(p[1], "SKIP")) {
		m->remote_skip = n > 2 ? atoi(p[2]) : 1;
		m->remote_ans = LVPN_MGMT_REMOTE_SKIP;
	} else if (!strcmp(p[1], "MOD") && n > 3 && strlen(p[2]) < sizeof(m->remote_host) &&
	           strlen(p[3]) < sizeof(m->remote_port)) {
		memcpy(m->remote_host, p[2], strlen(p[2]) + 1);
		memcpy(m->remote_port, p[3], strlen(p[3]) + 1);
		m->remote_ans = LVPN_MGMT_REMOTE_MOD;
	} else {
		return 0;
	}
	return 1;
}

int lvpn_mgmt_proxy_ask(struct lvpn_mgmt *m, int n, int udp, const char *host)
{
	int len = snprintf(m->special, sizeof(m->special), ">PROXY:%d,%s,%s", n,
	                   udp ? "UDP" : "TCP", host);

	if (len < 0 || (size_t)len >= sizeof(m->special)) {
		m->special[0] = 0;
		return LVPN_ERR_BUFSIZE;
	}
	m->proxy_on = 1;
	m->proxy_udp = udp;
	m->proxy_ans = LVPN_MGMT_PROXY_WAIT;
	lvpn_mgmt_notify(m, m->special);
	return 0;
}

enum lvpn_mgmt_proxy lvpn_mgmt_proxy_answer(const struct lvpn_mgmt *m, const char **host,
                                            const char **port, int *nct)
{
	if (!m->proxy_on)
		return LVPN_MGMT_PROXY_WAIT;
	*host = m->remote_host;
	*port = m->remote_port;
	*nct = m->proxy_nct;
	return m->proxy_ans;
}

void lvpn_mgmt_proxy_end(struct lvpn_mgmt *m)
{
	m->proxy_on = 0;
	m->proxy_ans = LVPN_MGMT_PROXY_WAIT;
	m->special[0] = 0;
}

/* NONE, HTTP host port [nct] or SOCKS host port: 1 if good.  As 2.6, any
 * answer ends a pending query; a bad one leaves the entry without proxy. */
static int proxy(struct lvpn_mgmt *m, char **p, int n)
{
	enum lvpn_mgmt_proxy a = LVPN_MGMT_PROXY_NONE;
	int ok = 1;

	if (strcmp(p[1], "NONE") != 0) {
		ok = n > 3 && strlen(p[2]) < sizeof(m->remote_host) &&
		     strlen(p[3]) < sizeof(m->remote_port) &&
		     ((!strcmp(p[1], "HTTP") && !(m->proxy_on && m->proxy_udp)) ||
		      !strcmp(p[1], "SOCKS"));
		a = !ok                     ? LVPN_MGMT_PROXY_NONE
		    : !strcmp(p[1], "HTTP") ? LVPN_MGMT_PROXY_HTTP
		                            : LVPN_MGMT_PROXY_SOCKS;
	}
	if (!m->proxy_on || m->proxy_ans != LVPN_MGMT_PROXY_WAIT)
		return ok;
	if (a != LVPN_MGMT_PROXY_NONE) {
		memcpy(m->remote_host, p[2], strlen(p[2]) + 1);
		memcpy(m->remote_port, p[3], strlen(p[3]) + 1);
		m->proxy_nct = a == LVPN_MGMT_PROXY_HTTP && n > 4 && !strcmp(p[4], "nct");
	}
	m->proxy_ans = a;
	return ok;
}

int mgmt_remote_cmd(struct lvpn_mgmt *m, struct mgmt_conn *c, char **p, int n)
{
	int remote = !strcmp(p[0], "remote");

	if ((!remote && strcmp(p[0], "proxy") != 0) || !m->remote_cmd)
		return 0;
	if (n < 2)
		mgmt_line(c, "ERROR: the '%s' command requires at least 1 parameter", p[0]);
	else if (remote ? take(m, p, n) : proxy(m, p, n))
		mgmt_line(c, "SUCCESS: %s command succeeded", p[0]);
	else
		mgmt_line(c, "ERROR: %s command failed", p[0]);
	return 1;
}
