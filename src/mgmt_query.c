/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - management interface: questions the daemon asks its client
 * (>PASSWORD, >NEED-OK, >NEED-STR), the hold, and the commands that answer
 * them.  Reply texts follow OpenVPN 2.6 manage.c. */
#include "src/mgmt_int.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "base/wipe.h"

static const char *const prompts[] = {
    [LVPN_MGMT_ASK_USERPASS] = "username/password",
    [LVPN_MGMT_ASK_PASS] = "password",
    [LVPN_MGMT_ASK_NEEDOK] = "confirmation",
    [LVPN_MGMT_ASK_NEEDSTR] = "string",
};

static void wipe(struct lvpn_mgmt *m)
{
	lvpn_wipe(&m->q, sizeof(m->q));
}

static void broadcast(struct lvpn_mgmt *m, const char *line)
{
	for (int i = 0; i < LVPN_MGMT_MAX_CONNS; i++)
		if (m->conns[i] && m->conns[i]->authed)
			mgmt_line(m->conns[i], "%s", line);
	mgmt_flush_all(m);
}

void mgmt_special(struct lvpn_mgmt *m, struct mgmt_conn *c)
{
	if (m->special[0])
		mgmt_line(c, "%s", m->special);
}

int lvpn_mgmt_ask(struct lvpn_mgmt *m, enum lvpn_mgmt_ask kind, const char *type, const char *extra)
{
	const char *head = kind == LVPN_MGMT_ASK_NEEDOK    ? "NEED-OK"
	                   : kind == LVPN_MGMT_ASK_NEEDSTR ? "NEED-STR"
	                                                   : "PASSWORD";
	int n;

	if (!m || !type || m->q.on || (unsigned)kind > LVPN_MGMT_ASK_NEEDSTR ||
	    strlen(type) >= sizeof(m->q.type))
		return -EINVAL;
	if (kind == LVPN_MGMT_ASK_NEEDOK || kind == LVPN_MGMT_ASK_NEEDSTR)
		n = snprintf(m->special, sizeof(m->special), ">%s:Need '%s' %s MSG:%s", head, type,
		             prompts[kind], extra ? extra : "");
	else
		n = snprintf(m->special, sizeof(m->special), ">%s:Need '%s' %s%s%s", head, type,
		             prompts[kind], extra ? " " : "", extra ? extra : "");
	if (n < 0 || (size_t)n >= sizeof(m->special)) {
		m->special[0] = 0;
		return -EINVAL;
	}
	wipe(m);
	m->q.on = 1;
	m->q.kind = kind;
	snprintf(m->q.type, sizeof(m->q.type), "%s", type);
	broadcast(m, m->special);
	return 0;
}

int lvpn_mgmt_answer(struct lvpn_mgmt *m, char *user, size_t ucap, char *pass, size_t pcap)
{
	if (!m || !m->q.on || !m->q.defined)
		return 0;
	if (user && ucap)
		snprintf(user, ucap, "%s", m->q.user);
	if (pass && pcap)
		snprintf(pass, pcap, "%s", m->q.pass);
	lvpn_mgmt_ask_end(m);
	return 1;
}

int lvpn_mgmt_answered(const struct lvpn_mgmt *m)
{
	return m && m->q.on && m->q.defined;
}

void lvpn_mgmt_ask_end(struct lvpn_mgmt *m)
{
	if (!m)
		return;
	wipe(m);
	if (!m->holding)
		m->special[0] = 0;
}

int lvpn_mgmt_hold(struct lvpn_mgmt *m, int holdtime)
{
	if (!m || !m->hold)
		return 0;
	m->holding = 1;
	snprintf(m->special, sizeof(m->special), ">HOLD:Waiting for hold release:%d", holdtime);
	broadcast(m, m->special);
	return 1;
}

/* username/password/needok/needstr TYPE VALUE.  As OpenVPN's
 * man_up_finalize: a username/password query is answered once both came
 * (a blank password counts), the others by their one answer. */
static void answer(struct lvpn_mgmt *m, struct mgmt_conn *c, const char *what, int needed,
                   char *dest, const char *type, const char *value)
{
	struct mgmt_query *q = &m->q;

	if (!needed) {
		mgmt_line(c, "ERROR: no %s is currently needed at this time", what);
		return;
	}
	if (strcmp(q->type, type) != 0) {
		mgmt_line(c, "ERROR: %s of type '%s' entered, but we need one of type '%s'", what,
		          type, q->type);
		return;
	}
	snprintf(dest, LVPN_MGMT_ANSWER_MAX, "%s", value);
	if (dest == q->pass)
		q->pass_set = 1;
	q->defined = q->pass_set && (q->kind != LVPN_MGMT_ASK_USERPASS || q->user[0]);
	mgmt_line(c, "SUCCESS: '%s' %s entered, but not yet verified", type, what);
}

static void hold(struct lvpn_mgmt *m, struct mgmt_conn *c, const char *arg)
{
	if (!arg) {
		mgmt_line(c, "SUCCESS: hold=%d", m->hold ? 1 : 0);
	} else if (!strcmp(arg, "on")) {
		m->hold = 1;
		mgmt_line(c, "SUCCESS: hold flag set to ON");
	} else if (!strcmp(arg, "off")) {
		m->hold = 0;
		mgmt_line(c, "SUCCESS: hold flag set to OFF");
	} else if (!strcmp(arg, "release")) {
		if (m->holding) {
			m->holding = 0;
			if (!m->q.on)
				m->special[0] = 0;
		}
		if (m->ops.hold_release)
			m->ops.hold_release(m->ctx);
		mgmt_line(c, "SUCCESS: hold release succeeded");
	} else {
		mgmt_line(c, "ERROR: bad hold command parameter");
	}
}

/* 1 if p has n parameters after the command; else reports the error */
static int need2(struct mgmt_conn *c, char **p, int nparms)
{
	if (nparms - 1 >= 2)
		return 1;
	mgmt_line(c, "ERROR: the '%s' command requires 2 parameters", p[0]);
	return 0;
}

int mgmt_query_cmd(struct lvpn_mgmt *m, struct mgmt_conn *c, char **p, int n)
{
	const struct mgmt_query *q = &m->q;
	enum lvpn_mgmt_ask k = q->kind;

	if (!strcmp(p[0], "hold")) {
		hold(m, c, p[1]);
	} else if (!strcmp(p[0], "username")) {
		if (need2(c, p, n))
			answer(m, c, "username", q->on && k == LVPN_MGMT_ASK_USERPASS, m->q.user,
			       p[1], p[2]);
	} else if (!strcmp(p[0], "password")) {
		if (need2(c, p, n))
			answer(m, c, "password",
			       q->on && (k == LVPN_MGMT_ASK_USERPASS || k == LVPN_MGMT_ASK_PASS),
			       m->q.pass, p[1], p[2]);
	} else if (!strcmp(p[0], "needok")) {
		if (need2(c, p, n))
			answer(m, c, "needok-confirmation", q->on && k == LVPN_MGMT_ASK_NEEDOK,
			       m->q.pass, p[1], p[2]);
	} else if (!strcmp(p[0], "needstr")) {
		if (need2(c, p, n))
			answer(m, c, "needstr-string", q->on && k == LVPN_MGMT_ASK_NEEDSTR,
			       m->q.pass, p[1], p[2]);
	} else if (!strcmp(p[0], "auth-retry") && m->ops.auth_retry) {
		static const char *const names[] = {"none", "nointeract", "interact"};
		int v = m->ops.auth_retry(m->ctx, p[1]);

		if (v < 0 || v > 2)
			mgmt_line(c, "ERROR: bad auth-retry parameter");
		else if (p[1])
			mgmt_line(c, "SUCCESS: auth-retry parameter changed");
		else
			mgmt_line(c, "SUCCESS: auth-retry=%s", names[v]);
	} else if (!strcmp(p[0], "forget-passwords")) {
		if (!m->ops.forget_passwords) {
			mgmt_line(c,
			          "ERROR: The 'forget-passwords' command is not supported by the "
			          "current daemon mode");
			return 1;
		}
		m->ops.forget_passwords(m->ctx);
		mgmt_line(c, "SUCCESS: Passwords were forgotten");
	} else {
		return 0;
	}
	return 1;
}
