/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - management interface: the >REMOTE query of
 * --management-query-remote and the `remote` command that answers it
 * (OpenVPN 2.6 init.c ce_management_query_remote and
 * management_callback_remote_cmd, manage.c man_remote). */
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

int mgmt_remote_cmd(struct lvpn_mgmt *m, struct mgmt_conn *c, char **p, int n)
{
	if (strcmp(p[0], "remote") != 0 || !m->remote_cmd)
		return 0;
	if (n < 2)
		mgmt_line(c, "ERROR: the 'remote' command requires at least 1 parameter");
	else if (take(m, p, n))
		mgmt_line(c, "SUCCESS: remote command succeeded");
	else
		mgmt_line(c, "ERROR: remote command failed");
	return 1;
}
