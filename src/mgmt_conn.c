/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - management connections: bounded output buffers, setup and
 * teardown of the protocol state (see mgmt_int.h). */
#include "src/mgmt_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/wipe.h"

struct mgmt_conn *mgmt_conn_new(int fd)
{
	struct mgmt_conn *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	c->ocap = 64 * 1024;
	c->out = malloc(c->ocap);
	if (!c->out) {
		free(c);
		return NULL;
	}
	c->fd = fd;
	return c;
}

void mgmt_conn_free(struct mgmt_conn *c)
{
	if (!c)
		return;
	free(c->out);
	free(c);
}

void mgmt_out(struct mgmt_conn *c, const char *s, size_t n)
{
	size_t need;

	if (c->overflow)
		return;
	if (c->ooff && c->ooff == c->olen)
		c->ooff = c->olen = 0;
	need = c->olen + n;
	if (need > c->ocap) {
		size_t pending = c->olen - c->ooff, cap = c->ocap;
		char *p;

		if (pending + n > LVPN_MGMT_OUT_MAX) {
			c->overflow = 1;
			return;
		}
		memmove(c->out, c->out + c->ooff, pending);
		c->ooff = 0;
		c->olen = pending;
		while (cap < pending + n)
			cap *= 2;
		if (cap > c->ocap) {
			p = realloc(c->out, cap);
			if (!p) {
				c->overflow = 1;
				return;
			}
			c->out = p;
			c->ocap = cap;
		}
	}
	memcpy(c->out + c->olen, s, n);
	c->olen += n;
}

void mgmt_line(struct mgmt_conn *c, const char *fmt, ...)
{
	char buf[LVPN_MGMT_LINE_MAX + 512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf) - 2, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n > sizeof(buf) - 3)
		n = (int)sizeof(buf) - 3;
	buf[n] = '\r';
	buf[n + 1] = '\n';
	mgmt_out(c, buf, (size_t)n + 2);
}

int mgmt_core_init(struct lvpn_mgmt *m, const struct lvpn_mgmt_cfg *cfg,
                   const struct lvpn_mgmt_ops *ops, struct lvpn_log *log)
{
	m->lfd = m->epfd = -1;
	if (ops)
		m->ops = *ops;
	m->ctx = cfg->ctx;
	m->log = log;
	m->hold = cfg->hold;
	m->remap_usr1 = cfg->remap_usr1;
	m->signal_on_close = cfg->signal_on_close;
	m->forget_on_close = cfg->forget_on_close;
	m->remote_cmd = cfg->remote_cmd;
	m->peer_uid_set = cfg->peer_uid_set;
	m->peer_uid = cfg->peer_uid;
	m->peer_gid_set = cfg->peer_gid_set;
	m->peer_gid = cfg->peer_gid;
	if (cfg->hold && lvpn_mgmt_hold(m, 0) != 1)
		return -1;
	m->scratch_cap = LVPN_MGMT_OUT_MAX;
	m->scratch = malloc(m->scratch_cap);
	m->password = cfg->password ? strdup(cfg->password) : NULL;
	m->title = cfg->title ? strdup(cfg->title) : NULL;
	if (!m->scratch || (cfg->password && !m->password) || (cfg->title && !m->title))
		return -1;
	return 0;
}

void mgmt_core_free(struct lvpn_mgmt *m)
{
	for (int i = 0; i < LVPN_MGMT_MAX_CONNS; i++) {
		mgmt_conn_free(m->conns[i]);
		m->conns[i] = NULL;
	}
	lvpn_wipe(&m->q, sizeof(m->q));
	free(m->scratch);
	free(m->password);
	free(m->title);
}
