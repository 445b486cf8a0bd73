/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - a server's PUSH_REPLY as one typed result (see push.h).
 * Verdict order as OpenVPN 2.6's apply_push_options: apply_pull_filter on
 * the text, then the option's permission (pull_permission_mask). */
#include "proto/config/push.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/wipe.h"
#include "proto/config/opttab.h"

int lvpn_pull_filter_match(const struct lvpn_pull_filter *f, int nf, const char *line)
{
	while (*line == ' ' || *line == '\t' || *line == '\r' || *line == '\n' || *line == '\v' ||
	       *line == '\f')
		line++;
	for (int i = 0; i < nf; i++)
		if (strncmp(line, f[i].text, strlen(f[i].text)) == 0)
			return f[i].action;
	return LVPN_PULL_ACCEPT;
}

/* Steps 1 to 3 of push.h for line (NUL-terminated, len <=
 * LVPN_CONFIG_LINE_MAX bytes); ln receives the tokens. */
static int judge(const struct lvpn_pull_policy *pol, const char *line, size_t len,
                 struct lvpn_optline *ln, struct lvpn_log *lg)
{
	const struct lvpn_opttab *t;
	const char *why = NULL, *shown = line;
	int lex = lvpn_optlex_line(line, len, ln, &why);

	/* a token is a secret: such a line is never logged */
	if (lex == 0 ? ln->argc > 0 && strcmp(ln->argv[0], "auth-token") == 0
	             : strstr(line, "auth-token") != NULL)
		shown = "auth-token [redacted]";

	switch (lvpn_pull_filter_match(pol->filters, pol->nfilters, line)) {
	case LVPN_PULL_REJECT:
		LVPN_LOG(lg, LVPN_LOG_WARN, "Pushed option rejected by filter: '%s'. Restarting.",
		         shown);
		return LVPN_PULL_REJECT;
	case LVPN_PULL_IGNORE:
		LVPN_LOG(lg, LVPN_LOG_VERBOSE, "Pushed option removed by filter: '%s'", shown);
		return LVPN_PULL_IGNORE;
	}
	if (lex != 0) {
		LVPN_LOG(lg, LVPN_LOG_WARN, "pushed option '%s' ignored: %s", shown, why);
		return LVPN_PULL_IGNORE;
	}
	if (ln->argc == 0)
		return LVPN_PULL_IGNORE;
	t = lvpn_opttab_find(ln->argv[0]);
	if (!t) {
		LVPN_LOG(lg, LVPN_LOG_WARN, "pushed option '%.64s': unknown option, ignored",
		         ln->argv[0]);
		return LVPN_PULL_IGNORE;
	}
	if (!(t->where & LVPN_WHERE_PUSH)) {
		LVPN_LOG(lg, LVPN_LOG_WARN, "pushed option '%s': a server may not push it, ignored",
		         t->name);
		return LVPN_PULL_IGNORE;
	}
	if (pol->route_nopull && (t->where & LVPN_OPT_NOPULL)) {
		LVPN_LOG(lg, LVPN_LOG_VERBOSE, "pushed option '%s' ignored (route-nopull)",
		         t->name);
		return LVPN_PULL_IGNORE;
	}
	return LVPN_PULL_ACCEPT;
}

int lvpn_push_verdict(const struct lvpn_pull_filter *f, int nf, int route_nopull, const char *line,
                      struct lvpn_log *lg)
{
	struct lvpn_pull_policy pol = {f, nf, route_nopull, NULL};
	struct lvpn_optline ln;
	size_t len = strlen(line);

	if (len > LVPN_CONFIG_LINE_MAX) {
		LVPN_LOG(lg, LVPN_LOG_WARN, "pushed option of %zu bytes ignored", len);
		return lvpn_pull_filter_match(f, nf, line) == LVPN_PULL_REJECT ? LVPN_PULL_REJECT
		                                                               : LVPN_PULL_IGNORE;
	}
	return judge(&pol, line, len, &ln, lg);
}

int lvpn_cipher_in_list_n(const char *list, const char *name, size_t n)
{
	for (const char *p = list; p && *p;) {
		const char *end = strchr(p, ':');
		size_t len = end ? (size_t)(end - p) : strlen(p);

		if (*p == '?') { /* "?CIPHER": optional, same for matching */
			p++;
			len--;
		}
		if (len == n && strncasecmp(p, name, n) == 0)
			return 1;
		p = end ? end + 1 : NULL;
	}
	return 0;
}

int lvpn_cipher_in_list(const char *list, const char *name)
{
	return lvpn_cipher_in_list_n(list, name, strlen(name));
}

/* A decimal in [lo, hi]; 0 or -1. */
static int num(const char *s, long lo, long hi, long *out)
{
	char *end;
	long v;

	if (!s || !*s)
		return -1;
	v = strtol(s, &end, 10);
	if (*end != '\0' || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

static enum lvpn_comp_alg comp_alg(const char *name, const char *arg)
{
	if (strcmp(name, "comp-lzo") == 0)
		return LVPN_COMP_LZO_STUB; /* we never compress with LZO */
	if (!arg || !*arg || strcmp(arg, "stub") == 0)
		return LVPN_COMP_STUB;
	if (strcmp(arg, "stub-v2") == 0)
		return LVPN_COMP_STUB_V2;
	if (strcmp(arg, "lz4") == 0)
		return LVPN_COMP_LZ4;
	if (strcmp(arg, "lz4-v2") == 0)
		return LVPN_COMP_LZ4_V2;
	if (strcmp(arg, "lzo") == 0)
		return LVPN_COMP_LZO_STUB;
	return LVPN_COMP_NONE;
}

static unsigned pflag(const char *w)
{
	if (strcmp(w, "cc-exit") == 0)
		return LVPN_PF_CC_EXIT;
	if (strcmp(w, "tls-ekm") == 0)
		return LVPN_PF_TLS_EKM;
	if (strcmp(w, "dyn-tls-crypt") == 0)
		return LVPN_PF_DYN_TLS_CRYPT;
	return 0;
}

/* The typed value of an option the engine or the frontend applies; 0, or
 * -1 when the engine cannot use it.  A missing argument reads as "". */
static int typed(struct lvpn_push *p, const struct lvpn_push_line *l,
                 const struct lvpn_pull_policy *pol)
{
	const char *n = l->argv[0], *a1 = l->argc > 1 ? l->argv[1] : "";
	long v, bytes = 0;

	if (strcmp(n, "cipher") == 0) {
		if (pol->data_ciphers && !lvpn_cipher_in_list(pol->data_ciphers, a1))
			return -1;
		p->cipher = a1;
		p->have |= LVPN_PUSH_CIPHER;
	} else if (strcmp(n, "peer-id") == 0) {
		if (num(a1, -1, 0xFFFFFE, &v))
			return -1;
		p->peer_id = v < 0 ? 0xFFFFFFu : (uint32_t)v;
		p->have |= LVPN_PUSH_PEER_ID;
	} else if (strcmp(n, "key-derivation") == 0) {
		if (strcmp(a1, "tls-ekm") == 0)
			p->proto_flags |= LVPN_PF_TLS_EKM;
	} else if (strcmp(n, "protocol-flags") == 0) {
		for (int i = 1; i < l->argc; i++)
			p->proto_flags |= pflag(l->argv[i]);
	} else if (strcmp(n, "ping") == 0 || strcmp(n, "ping-restart") == 0 ||
	           strcmp(n, "ping-exit") == 0) {
		if (num(a1, 0, INT_MAX, &v)) /* OpenVPN takes any int (positive_atoi) */
			return -1;
		if (n[4] == '\0') {
			p->ping = (uint32_t)v;
			p->have |= LVPN_PUSH_PING;
		} else if (n[5] == 'r') {
			p->ping_restart = (uint32_t)v;
			p->have |= LVPN_PUSH_PING_RESTART;
		} else {
			p->ping_exit = (uint32_t)v;
			p->have |= LVPN_PUSH_PING_EXIT;
		}
	} else if (strcmp(n, "inactive") == 0) {
		if (num(a1, 0, INT_MAX, &v) ||
		    (l->argc > 2 && num(l->argv[2], 0, LONG_MAX, &bytes)))
			return -1;
		p->inactive = (uint32_t)v;
		p->inactive_bytes = bytes;
		p->have |= LVPN_PUSH_INACTIVE;
	} else if (strcmp(n, "explicit-exit-notify") == 0) {
		if (num(l->argc > 1 ? a1 : "1", 0, 100, &v))
			return -1;
		p->explicit_exit_notify = (uint32_t)v;
		p->have |= LVPN_PUSH_EXIT_NOTIFY;
	} else if (strcmp(n, "compress") == 0 || strcmp(n, "comp-lzo") == 0) {
		p->comp = comp_alg(n, l->argc > 1 ? a1 : NULL);
		p->have |= LVPN_PUSH_COMP;
	} else if (strcmp(n, "auth-token") == 0 && l->argc > 1) {
		p->auth_token = a1;
		p->have |= LVPN_PUSH_AUTH_TOKEN;
	} else if (strcmp(n, "tun-mtu") == 0 && l->argc > 1) {
		p->tun_mtu = a1;
		p->have |= LVPN_PUSH_TUN_MTU;
	} else if (strcmp(n, "lladdr") == 0 && l->argc > 1) {
		p->lladdr = a1;
		p->have |= LVPN_PUSH_LLADDR;
	}
	return 0;
}

void lvpn_push_reset(struct lvpn_push *p)
{
	p->have = 0;
	p->cipher = p->auth_token = p->tun_mtu = p->lladdr = p->bad = NULL;
	p->peer_id = 0;
	p->proto_flags = 0;
	p->ping = p->ping_restart = p->ping_exit = p->inactive = 0;
	p->inactive_bytes = 0;
	p->explicit_exit_notify = 0;
	p->comp = LVPN_COMP_NONE;
	p->n = 0;
	p->used = 0;
	lvpn_netplan_init(&p->net);
	lvpn_dns_begin_pull(&p->net.dns);
}

void lvpn_push_set_base(struct lvpn_push *p, const struct lvpn_netplan *base)
{
	p->net = *base;
	lvpn_dns_begin_pull(&p->net.dns);
}

/* A network option onto the plan (proto/config/netplan.h). */
static void type_net(struct lvpn_push *p, const struct lvpn_push_line *l, struct lvpn_log *lg)
{
	int rc = lvpn_netplan_parse_args(&p->net, l->argc, l->argv, l->text, lg);

	if (rc && rc != LVPN_ERR_UNSUPPORTED)
		LVPN_LOG(lg, LVPN_LOG_WARN, "option ignored: %s", l->text);
}

/* Step 4 of push.h for an accepted line. */
static int keep(struct lvpn_push *p, const char *line, size_t len, const struct lvpn_optline *ln,
                const struct lvpn_pull_policy *pol, struct lvpn_log *lg)
{
	struct lvpn_push_line *l;
	size_t need;

	/* the text, then its tokens, which are never longer than the text */
	need = 2 * (len + 1);
	if (p->n == LVPN_PUSH_LINES_MAX || sizeof(p->store) - p->used < need) {
		LVPN_LOG(lg, LVPN_LOG_WARN, "pushed option '%.64s': too many options, ignored",
		         ln->argv[0]);
		return LVPN_PULL_IGNORE;
	}
	l = &p->line[p->n];
	memcpy(p->store + p->used, line, len + 1);
	l->text = p->store + p->used;
	p->used += len + 1;
	l->argc = ln->argc;
	for (int i = 0; i < ln->argc; i++) {
		size_t k = strlen(ln->argv[i]) + 1;

		memcpy(p->store + p->used, ln->argv[i], k);
		l->argv[i] = p->store + p->used;
		p->used += k;
	}
	l->argv[ln->argc] = NULL;
	p->n++;
	if (typed(p, l, pol) != 0 && !p->bad)
		p->bad = l->text;
	type_net(p, l, lg);
	return LVPN_PULL_ACCEPT;
}

int lvpn_push_add(struct lvpn_push *p, const char *opt, size_t len,
                  const struct lvpn_pull_policy *pol, struct lvpn_log *lg)
{
	struct lvpn_optline ln;
	char line[LVPN_CONFIG_LINE_MAX + 1];
	int v;

	if (len > LVPN_CONFIG_LINE_MAX) {
		/* the filters still see it: a reject refuses the reply */
		char head[LVPN_CONFIG_LINE_MAX + 1];

		memcpy(head, opt, sizeof(head) - 1);
		head[sizeof(head) - 1] = '\0';
		LVPN_LOG(lg, LVPN_LOG_WARN, "pushed option %u is too long: ignored", p->n + 1);
		return lvpn_pull_filter_match(pol->filters, pol->nfilters, head) == LVPN_PULL_REJECT
		           ? LVPN_PULL_REJECT
		           : LVPN_PULL_IGNORE;
	}
	memcpy(line, opt, len);
	line[len] = '\0';
	v = judge(pol, line, len, &ln, lg);
	if (v == LVPN_PULL_ACCEPT)
		v = keep(p, line, len, &ln, pol, lg);
	lvpn_wipe(line, sizeof(line)); /* it may hold an auth-token */
	lvpn_wipe(&ln, sizeof(ln));
	return v;
}

const struct lvpn_push_line *lvpn_push_next(const struct lvpn_push *p,
                                            const struct lvpn_push_line *prev)
{
	size_t i = prev ? (size_t)(prev - p->line) + 1 : 0;

	return i < p->n ? &p->line[i] : NULL;
}

/* The first option of a reply (arg) named auth-token, copied into line
 * (NUL-terminated); 0 if there is none. */
static size_t first_token_option(const char *arg, char *line, struct lvpn_optline *ln)
{
	const char *why;

	for (const char *o = arg; *o;) {
		size_t k = strcspn(o, ",");

		if (k <= LVPN_CONFIG_LINE_MAX) {
			memcpy(line, o, k);
			line[k] = '\0';
			if (lvpn_optlex_line(line, k, ln, &why) == 0 && ln->argc > 0 &&
			    strcmp(ln->argv[0], "auth-token") == 0)
				return k;
		}
		o += k + (o[k] == ',');
	}
	return 0;
}

int lvpn_push_renew_token(const char *arg, const struct lvpn_pull_policy *pol, char *tok,
                          size_t toksize, struct lvpn_log *lg)
{
	struct lvpn_optline ln;
	char line[LVPN_CONFIG_LINE_MAX + 1];
	size_t k = first_token_option(arg, line, &ln);
	int rc = 0;

	if (k == 0)
		return 0;
	switch (judge(pol, line, k, &ln, lg)) {
	case LVPN_PULL_REJECT:
		rc = LVPN_ERR_CONFIG;
		break;
	case LVPN_PULL_ACCEPT:
		if (ln.argc >= 2 && strlen(ln.argv[1]) < toksize) {
			memcpy(tok, ln.argv[1], strlen(ln.argv[1]) + 1);
			rc = 1;
		}
		break;
	default:
		break;
	}
	lvpn_wipe(line, sizeof(line));
	lvpn_wipe(&ln, sizeof(ln));
	return rc;
}
