/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - management interface line protocol (see mgmt.h).  Reply texts
 * follow OpenVPN 2.6 manage.c; no I/O happens here. */
#include "src/mgmt_int.h"

#include <arpa/inet.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_PARMS 16

static void greeting(struct lvpn_mgmt *m, struct mgmt_conn *c)
{
	mgmt_line(c, ">INFO:OpenVPN Management Interface Version %d -- type 'help' for more info",
	          LVPN_MGMT_VERSION);
	mgmt_special(m, c);
}

void mgmt_conn_greet(struct lvpn_mgmt *m, struct mgmt_conn *c)
{
	c->authed = m->password == NULL;
	if (c->authed)
		greeting(m, c);
	else
		mgmt_out(c, "ENTER PASSWORD:", 15);
}

/* Splits line into at most MAX_PARMS words in place: blanks separate,
 * "double quotes" group, backslash escapes the next byte.  Returns the
 * count, or -1 on an unterminated quote or too many words. */
static int split(char *line, char **p)
{
	int n = 0;
	char *r = line, *w = line;

	for (;;) {
		int quoted = 0;

		while (*r == ' ' || *r == '\t')
			r++;
		if (!*r)
			break;
		if (n == MAX_PARMS)
			return -1;
		p[n++] = w;
		while (*r && (quoted || (*r != ' ' && *r != '\t'))) {
			if (*r == '"') {
				quoted = !quoted;
				r++;
			} else if (*r == '\\' && r[1]) {
				*w++ = r[1];
				r += 2;
			} else {
				*w++ = *r++;
			}
		}
		if (quoted)
			return -1;
		if (*r)
			r++;
		*w++ = 0;
	}
	p[n] = NULL;
	return n;
}

static void unsupported(struct mgmt_conn *c, const char *cmd)
{
	mgmt_line(c, "ERROR: The '%s' command is not supported by the current daemon mode", cmd);
}

/* 1 if p has n parameters after the command; else reports the error */
static int need(struct mgmt_conn *c, char **p, int nparms, int n, int at_least)
{
	if (nparms - 1 >= n)
		return 1;
	mgmt_line(c, "ERROR: the '%s' command requires %s%d parameter%s", p[0],
	          at_least ? "at least " : "", n, n > 1 ? "s" : "");
	return 0;
}

static void help(struct lvpn_mgmt *m, struct mgmt_conn *c)
{
	static const char *const lines[] = {
	    "Commands:",
	    "auth-retry t           : Auth failure retry mode (none,interact,nointeract).",
	    "bytecount n            : Emit >BYTECOUNT_CLI every n seconds (0 stops).",
	    "client-kill CID [msg]  : Disconnect client CID (msg defaults to RESTART).",
	    "echo [on|off] [N|all]  : Like log, but only show messages in echo buffer.",
	    "exit, quit             : Close this management session.",
	    "forget-passwords       : Forget passwords entered so far.",
	    "help                   : This list.",
	    "hold [on|off|release]  : Show or set the hold flag, or release the hold.",
	    "kill cn                : Disconnect every client with common name cn.",
	    "kill IP:port           : Disconnect the client at IP:port.",
	    "load-stats             : Client count and byte totals.",
	    "log [on|off] [N|all]   : Real-time log on/off and/or the last N lines.",
	    "mute [n]               : Set log mute level to n, or show level if n is absent.",
	    "nclients               : Number of connected clients.",
	    "needok type action     : Enter confirmation for NEED-OK request of 'type',",
	    "                         where action = 'ok' or 'cancel'.",
	    "needstr type action    : Enter confirmation for NEED-STR request of 'type'.",
	    "password type p        : Enter password p for a queried OpenVPN password.",
	    "pid                    : Process id.",
	    "proxy type [host port] : Answer a >PROXY query (client): type is NONE,",
	    "                         HTTP (host port [nct]) or SOCKS (host port).",
	    "remote type [host port]: Answer a >REMOTE query (client): type is ACCEPT,",
	    "                         SKIP [n] or MOD (with the new host and port).",
	    "signal s               : Raise s (SIGHUP, SIGTERM, SIGUSR1, SIGUSR2).",
	    "state [on|off] [N|all] : Real-time state on/off and/or state history.",
	    "status [n]             : Status in format n (1, 2 or 3).",
	    "username type u        : Enter username u for a queried OpenVPN username.",
	    "verb [n]               : Set log verbosity level to n, or show if n is absent.",
	    "version [n]            : Show versions, or announce client version n.",
	};

	mgmt_line(c, "Management Interface for %s", m->title ? m->title : "leanvpn");
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
		mgmt_line(c, "%s", lines[i]);
	mgmt_line(c, "END");
}

static int parse_ulong(const char *s, unsigned long *v)
{
	char *end;

	if (!s || *s < '0' || *s > '9')
		return -1;
	*v = strtoul(s, &end, 10);
	return 0;
}

static void status(struct lvpn_mgmt *m, struct mgmt_conn *c, char **p)
{
	size_t len = 0;
	int v = p[1] ? atoi(p[1]) : 0, rc;

	if (!m->ops.status) {
		unsupported(c, "status");
		return;
	}
	rc = m->ops.status(m->ctx, v, m->scratch, m->scratch_cap, &len);
	if (rc == -2 || len >= m->scratch_cap) {
		mgmt_line(c, "ERROR: status output too large");
		return;
	}
	for (size_t i = 0; i < len;) {
		const char *nl = memchr(m->scratch + i, '\n', len - i);
		size_t l = nl ? (size_t)(nl - (m->scratch + i)) : len - i;

		mgmt_out(c, m->scratch + i, l);
		mgmt_out(c, "\r\n", 2);
		i += l + 1;
	}
}

/* IPv4 text -> host order, numeric only, with inet_aton()'s forms ("1.2.3"
 * is 1.2.0.3) as 2.6's getaddr() accepts them */
static int ip4(const char *s, uint32_t *out)
{
	struct in_addr a;

	if (!inet_aton(s, &a))
		return -1;
	*out = ntohl(a.s_addr);
	return 0;
}

static void kill_cmd(struct lvpn_mgmt *m, struct mgmt_conn *c, const char *victim)
{
	char p1[128], p2[128];
	const char *colon;
	size_t l1;

	if (!m->ops.kill_cn || !m->ops.kill_addr) {
		unsupported(c, "kill");
		return;
	}
	/* like 2.6: the text before the first ':' and the one after it */
	colon = strchr(victim, ':');
	l1 = colon ? (size_t)(colon - victim) : strlen(victim);
	snprintf(p1, sizeof(p1), "%.*s", (int)(l1 < 127 ? l1 : 127), victim);
	p2[0] = 0;
	if (colon) {
		const char *e = strchr(colon + 1, ':');
		size_t l2 = e ? (size_t)(e - colon - 1) : strlen(colon + 1);

		snprintf(p2, sizeof(p2), "%.*s", (int)(l2 < 127 ? l2 : 127), colon + 1);
	}
	if (p1[0] && p2[0]) {
		uint32_t a;
		int port, n;
		char as[16];

		if (ip4(p1, &a)) {
			mgmt_line(c, "ERROR: error parsing IP address: %s", p1);
			return;
		}
		port = atoi(p2);
		if (port <= 0 || port >= 65536) {
			mgmt_line(c, "ERROR: port number is out of range: %s", p2);
			return;
		}
		snprintf(as, sizeof(as), "%u.%u.%u.%u", a >> 24, (a >> 16) & 255, (a >> 8) & 255,
		         a & 255);
		n = m->ops.kill_addr(m->ctx, a, port);
		if (n > 0)
			mgmt_line(c, "SUCCESS: %d client(s) at address %s:%d killed", n, as, port);
		else
			mgmt_line(c, "ERROR: client at address %s:%d not found", as, port);
	} else if (p1[0]) {
		int n = m->ops.kill_cn(m->ctx, p1);

		if (n > 0)
			mgmt_line(c, "SUCCESS: common name '%s' found, %d client(s) killed", p1, n);
		else
			mgmt_line(c, "ERROR: common name '%s' not found", p1);
	} else {
		mgmt_line(c, "ERROR: kill parse");
	}
}

static void history(struct mgmt_conn *c, const char *parm, const char *type,
                    const struct mgmt_ring *r, int *realtime)
{
	int n = 0;

	if (!strcmp(parm, "on")) {
		*realtime = 1;
		mgmt_line(c, "SUCCESS: real-time %s notification set to ON", type);
	} else if (!strcmp(parm, "off")) {
		*realtime = 0;
		mgmt_line(c, "SUCCESS: real-time %s notification set to OFF", type);
	} else if (!strcmp(parm, "all") || (n = atoi(parm)) > 0) {
		int count = n && n < r->size ? n : r->size;

		for (int i = r->size - count; i < r->size; i++) {
			const struct mgmt_hist *e = &r->e[(r->base + i) % LVPN_MGMT_HISTORY];

			mgmt_line(c, "%u,%s", e->t, e->text);
		}
		mgmt_line(c, "END");
	} else {
		mgmt_line(c, "ERROR: %s parameter must be 'on' or 'off' or some number n or 'all'",
		          type);
	}
}

const char *mgmt_mod_signal(const struct lvpn_mgmt *m, const char *name)
{
	if (!strcmp(name, "SIGUSR1") && m->remap_usr1 == SIGHUP)
		name = "SIGHUP";
	else if (!strcmp(name, "SIGUSR1") && m->remap_usr1 == SIGTERM)
		name = "SIGTERM";
	/* as OpenVPN: a hold ignores restarts (only SIGTERM/SIGINT work) */
	if (m->holding && (!strcmp(name, "SIGHUP") || !strcmp(name, "SIGUSR1")))
		return NULL;
	return name;
}

static void signal_cmd(struct lvpn_mgmt *m, struct mgmt_conn *c, const char *name)
{
	const char *sig;

	static const char *const known[] = {"SIGINT", "SIGTERM", "SIGHUP", "SIGUSR1", "SIGUSR2"};
	size_t i;

	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (!strcmp(name, known[i]))
			break;
	if (i == sizeof(known) / sizeof(known[0])) {
		mgmt_line(c, "ERROR: signal '%s' is not a known signal type", name);
		return;
	}
	if (!m->ops.signal) {
		unsupported(c, "signal");
		return;
	}
	sig = mgmt_mod_signal(m, known[i]);
	if (sig && m->ops.signal(m->ctx, sig) == 0) {
		mgmt_line(c, "SUCCESS: signal %s thrown", sig);
		return;
	}
	mgmt_line(c, "ERROR: signal '%s' is currently ignored", name);
	mgmt_special(m, c);
}

/* verb [n] / mute [n]: the log's level or mute cutoff */
static void log_level(struct lvpn_mgmt *m, struct mgmt_conn *c, const char *cmd, const char *arg)
{
	int verb = !strcmp(cmd, "verb"), v;

	if (!m->log) {
		unsupported(c, cmd);
		return;
	}
	if (!arg) {
		if (verb)
			mgmt_line(c, "SUCCESS: verb=%d", m->log->verb);
		else
			mgmt_line(c, "SUCCESS: mute=%u", m->log->mute);
		return;
	}
	v = atoi(arg);
	if (v < 0 || (verb && v > 15)) {
		mgmt_line(c, "ERROR: %s level is out of range", cmd);
		return;
	}
	if (verb)
		m->log->verb = v;
	else
		m->log->mute = (unsigned)v;
	mgmt_line(c, "SUCCESS: %s level changed", cmd);
}

static void load_stats(struct lvpn_mgmt *m, struct mgmt_conn *c, int only_n)
{
	int n = 0;
	uint64_t in = 0, out = 0;

	if (!m->ops.load_stats) {
		unsupported(c, only_n ? "nclients" : "load-stats");
		return;
	}
	m->ops.load_stats(m->ctx, &n, &in, &out);
	if (only_n)
		mgmt_line(c, "SUCCESS: nclients=%d", n);
	else
		mgmt_line(c, "SUCCESS: nclients=%d,bytesin=%llu,bytesout=%llu", n,
		          (unsigned long long)in, (unsigned long long)out);
}

/* OpenVPN commands that make no sense on this server */
static int known_other(const char *cmd)
{
	static const char *const other[] = {
	    "auth-retry",
	    "cr-response",
	    "net",
	    "remote",
	    "remote-entry-count",
	    "remote-entry-get",
	    "proxy",
	    "pk-sig",
	    "rsa-sig",
	    "certificate",
	    "env-filter",
	    "client-auth",
	    "client-auth-nt",
	    "client-deny",
	    "client-pending-auth",
	    "pkcs11-id-count",
	    "pkcs11-id-get",
	    "network-change",
	    "test",
	};

	for (size_t i = 0; i < sizeof(other) / sizeof(other[0]); i++)
		if (!strcmp(cmd, other[i]))
			return 1;
	return 0;
}

static void dispatch(struct lvpn_mgmt *m, struct mgmt_conn *c, char **p, int n)
{
	const char *cmd = p[0];

	if (mgmt_query_cmd(m, c, p, n) || mgmt_remote_cmd(m, c, p, n)) {
		return;
	} else if (!strcmp(cmd, "exit") || !strcmp(cmd, "quit")) {
		c->halt = 1;
	} else if (!strcmp(cmd, "help")) {
		help(m, c);
	} else if (!strcmp(cmd, "version")) {
		if (p[1]) {
			c->client_version = atoi(p[1]); /* 2.6 says nothing */
			return;
		}
		mgmt_line(c, "OpenVPN Version: %s", m->title ? m->title : "leanvpn");
		mgmt_line(c, "Management Version: %d", LVPN_MGMT_VERSION);
		mgmt_line(c, "END");
	} else if (!strcmp(cmd, "pid")) {
		mgmt_line(c, "SUCCESS: pid=%d", (int)getpid());
	} else if (!strcmp(cmd, "status")) {
		status(m, c, p);
	} else if (!strcmp(cmd, "kill")) {
		if (need(c, p, n, 1, 0))
			kill_cmd(m, c, p[1]);
	} else if (!strcmp(cmd, "client-kill")) {
		unsigned long cid;

		if (!need(c, p, n, 1, 1))
			return;
		if (parse_ulong(p[1], &cid)) {
			mgmt_line(c, "ERROR: cannot parse CID");
		} else if (!m->ops.kill_cid) {
			unsupported(c, "client-kill");
		} else if (m->ops.kill_cid(m->ctx, cid, p[2]) == 0) {
			mgmt_line(c, "SUCCESS: client-kill command succeeded");
		} else {
			mgmt_line(c, "ERROR: client-kill command failed");
		}
	} else if (!strcmp(cmd, "signal")) {
		if (need(c, p, n, 1, 0))
			signal_cmd(m, c, p[1]);
	} else if (!strcmp(cmd, "bytecount")) {
		if (need(c, p, n, 1, 0)) {
			int s = atoi(p[1]);

			c->bytecount = s > 0 ? (unsigned)s : 0;
			mgmt_line(c, "SUCCESS: bytecount interval changed");
		}
	} else if (!strcmp(cmd, "state")) {
		history(c, p[1] ? p[1] : "1", "state", &m->state, &c->state_rt);
		if (p[1] && p[2])
			history(c, p[2], "state", &m->state, &c->state_rt);
	} else if (!strcmp(cmd, "log")) {
		if (need(c, p, n, 1, 1)) {
			history(c, p[1], "log", &m->logs, &c->log_rt);
			if (p[2])
				history(c, p[2], "log", &m->logs, &c->log_rt);
		}
	} else if (!strcmp(cmd, "echo")) {
		if (need(c, p, n, 1, 1)) {
			history(c, p[1], "echo", &m->echo, &c->echo_rt);
			if (p[2])
				history(c, p[2], "echo", &m->echo, &c->echo_rt);
		}
	} else if (!strcmp(cmd, "verb") || !strcmp(cmd, "mute")) {
		log_level(m, c, cmd, p[1]);
	} else if (!strcmp(cmd, "load-stats")) {
		load_stats(m, c, 0);
	} else if (!strcmp(cmd, "nclients")) {
		load_stats(m, c, 1);
	} else if (known_other(cmd)) {
		unsupported(c, cmd);
	} else {
		mgmt_line(c, "ERROR: unknown command, enter 'help' for more options");
	}
}

/* constant time over the attempt's length (the attacker's choice) */
static int pw_ok(const char *want, const char *got)
{
	size_t lw = strlen(want), lg = strlen(got);
	unsigned char d = (unsigned char)(lw != lg);

	for (size_t i = 0; i < lg; i++)
		d |= (unsigned char)(got[i] ^ (i < lw ? want[i] : 0));
	return d == 0;
}

static void command(struct lvpn_mgmt *m, struct mgmt_conn *c, char *line)
{
	char *p[MAX_PARMS + 1];
	int n;

	if (!c->authed) {
		if (pw_ok(m->password, line)) {
			c->authed = 1;
			mgmt_line(c, "SUCCESS: password is correct");
			greeting(m, c);
			return;
		}
		mgmt_line(c, "ERROR: bad password");
		if (++c->pw_tries >= 3)
			c->halt = 1;
		else
			mgmt_out(c, "ENTER PASSWORD:", 15);
		return;
	}
	n = split(line, p);
	if (n < 0) {
		mgmt_line(c, "ERROR: cannot parse command line");
		return;
	}
	if (n > 0)
		dispatch(m, c, p, n);
}

void mgmt_conn_input(struct lvpn_mgmt *m, struct mgmt_conn *c, const uint8_t *data, size_t len)
{
	for (size_t i = 0; i < len && !c->halt && !c->overflow; i++) {
		uint8_t b = data[i];

		if (b == '\n') {
			if (c->discard) {
				mgmt_line(c, "ERROR: command line too long");
				c->discard = 0;
			} else {
				c->in[c->inlen] = 0;
				command(m, c, c->in);
			}
			c->inlen = 0;
			continue;
		}
		if (b < 0x20 || b > 0x7e || c->discard)
			continue; /* like 2.6: only printable bytes count */
		if (c->inlen + 1 >= sizeof(c->in)) {
			c->discard = 1;
			c->inlen = 0;
			continue;
		}
		c->in[c->inlen++] = (char)b;
	}
}
