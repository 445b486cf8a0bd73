/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - options: defaults, the arena, and applying one option line
 * (table lookup, permission and argument-count checks, dispatch to the
 * handlers in optset_*.c). */
#include "proto/config/options.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proto/config/opttab.h"
#include "proto/config/optset.h"

struct chunk {
	struct chunk *next;
	size_t len;
	char data[];
};

static void *arena_alloc(struct lvpn_options *o, size_t len)
{
	struct chunk *c = calloc(1, sizeof(*c) + len + 1);

	if (!c)
		return NULL;
	c->len = len + 1;
	c->next = o->arena;
	o->arena = c;
	return c->data;
}

char *lvpn_opt_strdup(struct lvpn_options *o, const char *s)
{
	size_t n = strlen(s);
	char *d = arena_alloc(o, n);

	if (d)
		memcpy(d, s, n);
	return d;
}

char *lvpn_opt_path(struct lvpn_options *o, const char *path)
{
	char *d;
	size_t a, b;

	if (!o->cd || path[0] == '/')
		return lvpn_opt_strdup(o, path);
	a = strlen(o->cd);
	b = strlen(path);
	d = arena_alloc(o, a + 1 + b);
	if (d) {
		memcpy(d, o->cd, a);
		d[a] = '/';
		memcpy(d + a + 1, path, b);
	}
	return d;
}

int lvpn_strlist_add(struct lvpn_options *o, struct lvpn_strlist *l, const char *s)
{
	char *d = s ? lvpn_opt_strdup(o, s) : NULL;

	if (!d)
		return LVPN_ERR_NOMEM;
	if (l->n == l->cap) {
		int cap = l->cap ? 2 * l->cap : 8;
		char **v = realloc(l->v, (size_t)cap * sizeof(*v));

		if (!v)
			return LVPN_ERR_NOMEM;
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n++] = d;
	return 0;
}

static int needs_quotes(const char *s)
{
	if (*s == '\0')
		return 1;
	for (; *s; s++)
		if (*s == ' ' || *s == '\t' || *s == '"' || *s == '\'' || *s == '\\' || *s == '#' ||
		    *s == ';')
			return 1;
	return 0;
}

char *lvpn_opt_join(struct lvpn_options *o, int argc, char **argv, int first)
{
	size_t n = 1;
	char *d, *p;
	int i;

	for (i = first; i < argc; i++)
		n += 2 * strlen(argv[i]) + 3;
	d = arena_alloc(o, n);
	if (!d)
		return NULL;
	p = d;
	for (i = first; i < argc; i++) {
		const char *s = argv[i];
		int q = needs_quotes(s);

		if (i > first)
			*p++ = ' ';
		if (q)
			*p++ = '"';
		for (; *s; s++) {
			if (q && (*s == '"' || *s == '\\'))
				*p++ = '\\';
			*p++ = *s;
		}
		if (q)
			*p++ = '"';
	}
	*p = '\0';
	return d;
}

static void conn_defaults(struct lvpn_conn *c)
{
	memset(c, 0, sizeof(*c));
	c->proto = LVPN_PROTO_UDP;
	c->bind = -1;
	c->connect_retry = 1;
	c->connect_retry_max_backoff = 300;
	c->connect_timeout = 120;
	c->tun_mtu = 1500;
	c->mssfix = 1492;
	c->mssfix_mtu = 1;
	c->key_direction = -1;
	c->tls_crypt_v2_force_cookie = 0; /* 2.6: allow-noncookie unless told */
}

int lvpn_options_init(struct lvpn_options *o, const struct lvpn_config_ops *ops,
                      struct lvpn_log *log)
{
	memset(o, 0, sizeof(*o));
	o->ops = ops;
	o->log = log;
	conn_defaults(&o->ce);
	o->cur = &o->ce;
	o->resolv_retry = -1;
	o->proto_force = -1;
	o->topology = LVPN_TOPO_NET30;
	o->route_metric = -1;
	o->data_ciphers = "AES-256-GCM:AES-128-GCM:CHACHA20-POLY1305";
	o->auth = "SHA1";
	o->tls_version_min = 0x0303;
	o->reneg_sec = 3600;
	o->reneg_bytes = -1;
	o->reneg_pkts = -1;
	o->hand_window = 60;
	o->tran_window = 3600;
	o->tls_timeout = 2;
	o->replay_window = 64;
	o->secret_dir = -1;
	o->replay_time = 15;
	o->inactive_bytes = 0;
	o->allow_compression = -1;
	o->script_security = 1;
	o->max_clients = 1024;
	o->tcp_queue_limit = 64;
	o->hash_size_real = 256;
	o->hash_size_virtual = 256;
	o->connect_freq_n = 0;
	o->peer_id = -1;
	o->status_interval = 60;
	o->status_version = 1;
	o->verb = 1;
	o->verify_client_cert = LVPN_VCC_REQUIRE;
	o->auth_retry = 0;
	o->ifconfig_pool_persist_secs = 600;
	return 0;
}

static void wipe(void *p, size_t n)
{
	volatile unsigned char *v = p;

	while (n--)
		*v++ = 0;
}

void lvpn_options_free(struct lvpn_options *o)
{
	struct chunk *c = o->arena;

	while (c) {
		struct chunk *next = c->next;

		wipe(c->data, c->len);
		free(c);
		c = next;
	}
	{
		struct lvpn_strlist *lists[] = {
		    &o->ignore_unknown, &o->other,       &o->routes,  &o->routes_ipv6,
		    &o->dhcp_options,   &o->dns,         &o->setenv,  &o->setenv_safe,
		    &o->push,           &o->push_remove, &o->iroutes, &o->iroutes_ipv6,
		    &o->x509_track,
		};
		for (size_t i = 0; i < sizeof(lists) / sizeof(lists[0]); i++)
			free(lists[i]->v);
	}
	free(o->pull_filters);
	free(o->remotes);
	free(o->conns);
	free(o->seen);
	memset(o, 0, sizeof(*o));
}

static int hexval(char c)
{
	return c >= '0' && c <= '9'   ? c - '0'
	       : c >= 'a' && c <= 'f' ? c - 'a' + 10
	       : c >= 'A' && c <= 'F' ? c - 'A' + 10
	                              : -1;
}

int lvpn_mac_parse(const char *s, uint8_t mac[6])
{
	uint8_t m[6];

	if (strlen(s) != 17)
		return LVPN_ERR_CONFIG;
	for (int i = 0; i < 6; i++) {
		int hi = hexval(s[3 * i]), lo = hexval(s[3 * i + 1]);

		if (hi < 0 || lo < 0 || (i < 5 && s[3 * i + 2] != ':'))
			return LVPN_ERR_CONFIG;
		m[i] = (uint8_t)(hi << 4 | lo);
	}
	memcpy(mac, m, 6);
	return 0;
}

int lvpn_options_tap(const struct lvpn_options *o)
{
	if (o->dev_type)
		return strcmp(o->dev_type, "tap") == 0;
	return o->dev && strncmp(o->dev, "tap", 3) == 0;
}

int lvpn_options_null(const struct lvpn_options *o)
{
	if (o->dev_type)
		return strcmp(o->dev_type, "null") == 0;
	return o->dev && strncmp(o->dev, "null", 4) == 0;
}

const struct lvpn_config_loc *lvpn_opt_seen(const struct lvpn_options *o, const char *name)
{
	for (int i = o->nseen - 1; i >= 0; i--)
		if (strcmp(o->seen[i].name, name) == 0)
			return &o->seen[i].loc;
	return NULL;
}

static int remember(struct lvpn_options *o, const char *name, const struct lvpn_config_loc *loc)
{
	if (o->nseen == o->capseen) {
		int cap = o->capseen ? 2 * o->capseen : 32;
		struct lvpn_seen *s = realloc(o->seen, (size_t)cap * sizeof(*s));

		if (!s)
			return LVPN_ERR_NOMEM;
		o->seen = s;
		o->capseen = cap;
	}
	o->seen[o->nseen].name = name;
	o->seen[o->nseen].loc = *loc;
	o->nseen++;
	return 0;
}

static opt_handler *find_handler(const char *name)
{
	const struct opt_handler_ent *lists[] = {
	    lvpn_optset_net,   lvpn_optset_route, lvpn_optset_tls,  lvpn_optset_srv,
	    lvpn_optset_proxy, lvpn_optset_apply, lvpn_optset_misc, lvpn_optset_ps};

	for (size_t l = 0; l < sizeof(lists) / sizeof(lists[0]); l++)
		for (const struct opt_handler_ent *e = lists[l]; e->name; e++)
			if (strcmp(e->name, name) == 0)
				return e->fn;
	return NULL;
}

static const char *where_name(int where)
{
	switch (where) {
	case LVPN_WHERE_CONFIG:
		return "in a configuration file";
	case LVPN_WHERE_CMDLINE:
		return "on the command line";
	case LVPN_WHERE_PUSH:
		return "in options pushed by the server";
	case LVPN_WHERE_CCD:
		return "in a client-config-dir file";
	default:
		return "inside a <connection> block";
	}
}

static const char *file_or_cmdline(const struct lvpn_config_loc *loc, char *buf, size_t n)
{
	if (!loc->file)
		return "command line";
	snprintf(buf, n, "%s:%d", loc->file, loc->line);
	return buf;
}

static int ignore_listed(const struct lvpn_options *o, const char *name)
{
	for (int i = 0; i < o->ignore_unknown.n; i++)
		if (strcmp(o->ignore_unknown.v[i], name) == 0)
			return 1;
	return 0;
}

/* Levenshtein distance of a and b (99 when either is too long to care). */
static int distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	int row[64];

	if (la >= 63 || lb >= 63)
		return 99;
	for (size_t j = 0; j <= lb; j++)
		row[j] = (int)j;
	for (size_t i = 1; i <= la; i++) {
		int diag = row[0];

		row[0] = (int)i;
		for (size_t j = 1; j <= lb; j++) {
			int up = row[j], best = diag + (a[i - 1] != b[j - 1]);

			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb];
}

/* The known option a typo most likely meant, or NULL: at most two edits,
 * and fewer for short names (where any name is two edits away). */
static const char *suggest(const char *name)
{
	const char *best = NULL;
	int bestd = 3;

	for (size_t i = 0; i < lvpn_opttab_len; i++) {
		size_t ln = strlen(name), lt = strlen(lvpn_opttab[i].name);
		int d;

		/* two edits change the length by at most two */
		if (ln > lt + 2 || lt > ln + 2)
			continue;
		d = distance(name, lvpn_opttab[i].name);

		if (d < bestd && (size_t)d * 4 <= strlen(name)) {
			best = lvpn_opttab[i].name;
			bestd = d;
		}
	}
	return best;
}

static int count_error(struct optarg *a, const struct lvpn_opttab *t)
{
	int n = a->argc - 1;

	if ((t->where & LVPN_OPT_SCRIPT) && n > t->max)
		return lvpn_optarg_fail(a,
		                        "expects %u argument%s, got %d (put a command with "
		                        "arguments in double quotes)",
		                        t->max, t->max == 1 ? "" : "s", n);
	if (t->min == t->max)
		return lvpn_optarg_fail(a, "expects %u argument%s, got %d", t->min,
		                        t->min == 1 ? "" : "s", n);
	if (t->max == LVPN_OPT_MANY)
		return lvpn_optarg_fail(a, "expects at least %u argument%s, got %d", t->min,
		                        t->min == 1 ? "" : "s", n);
	return lvpn_optarg_fail(a, "expects %u to %u arguments, got %d", t->min, t->max, n);
}

/* Global options that still reach <connection> blocks without their own
 * (remote is refused later when mixed with blocks). */
static int inherited_by_blocks(const char *name)
{
	static const char *const names[] = {"remote", "tls-auth", "tls-crypt", "tls-crypt-v2",
	                                    "key-direction"};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(names[i], name) == 0)
			return 1;
	return 0;
}

int lvpn_options_apply(struct lvpn_options *o, int argc, char **argv, int is_inline, int where,
                       const struct lvpn_config_loc *loc, struct lvpn_config_err *err)
{
	struct optarg a = {o, o->cur, argc, argv, is_inline, where, loc, err};
	const struct lvpn_opttab *t;
	opt_handler *fn;
	int from_setenv = 0, rc;
	char at[600];

	if (argc < 1)
		return lvpn_config_fail(err, loc, "", "empty option");
	if (strcmp(argv[0], "setenv") == 0 && argc >= 2 && strcmp(argv[1], "opt") == 0 &&
	    where != LVPN_WHERE_PUSH) {
		if (argc == 2)
			return lvpn_config_fail(err, loc, "setenv", "'setenv opt' needs an option");
		a.argv += 2;
		a.argc -= 2;
		from_setenv = 1;
	}
	t = lvpn_opttab_find(a.argv[0]);
	if (!t) {
		if (from_setenv || o->forward_compatible || ignore_listed(o, a.argv[0])) {
			LVPN_LOG(
			    o->log, LVPN_LOG_WARN, "leanvpn: %s: option '%s%s': unknown, ignored",
			    file_or_cmdline(loc, at, sizeof(at)), loc->file ? "" : "--", a.argv[0]);
			return 0;
		}
		/* no hints for what a server pushes: nobody reads them, and a
		 * server could push thousands of unknown names */
		const char *hint = where == LVPN_WHERE_PUSH ? NULL : suggest(a.argv[0]);

		if (hint)
			return lvpn_optarg_fail(&a, "unknown option (did you mean '%s'?)", hint);
		return lvpn_optarg_fail(&a, "unknown option");
	}
	if (is_inline && !(t->where & LVPN_OPT_INLINE))
		return lvpn_optarg_fail(&a, "cannot be given as an inline <%s> block", t->name);
	if (!(t->where & where))
		return lvpn_optarg_fail(&a, "not allowed %s", where_name(where));
	if (!is_inline && (a.argc - 1 < t->min || a.argc - 1 > t->max))
		return count_error(&a, t);
	if (t->status == LVPN_OPT_REFUSE)
		return lvpn_optarg_fail(&a, "not supported by leanvpn: %s", t->why);
	/* OpenVPN 2.6 on Linux refuses these as unknown: so do we, but only
	 * in what the user wrote (2.6 ignores them when pushed) */
	if ((t->where & LVPN_OPT_WINONLY) && where != LVPN_WHERE_PUSH && !from_setenv &&
	    !o->forward_compatible && !ignore_listed(o, t->name))
		return lvpn_optarg_fail(&a,
		                        "Windows only: OpenVPN 2.6 on Linux refuses it too (remove "
		                        "it, or name it in 'ignore-unknown-option')");
	rc = remember(o, t->name, loc);
	if (rc != 0)
		return rc;
	if (t->status == LVPN_OPT_WARN) {
		LVPN_LOG(o->log, LVPN_LOG_WARN, "WARNING: %s: option '%s%s': ignored: %s",
		         file_or_cmdline(loc, at, sizeof(at)), loc->file ? "" : "--", t->name,
		         t->why);
		return 0;
	}
	/* OpenVPN 2.6: connection options after <connection> blocks do not
	 * reach the blocks already read */
	if (where != LVPN_WHERE_CONN && o->conns_from_blocks && (t->where & LVPN_WHERE_CONN) &&
	    !inherited_by_blocks(t->name))
		LVPN_LOG(o->log, LVPN_LOG_WARN,
		         "leanvpn: %s: option '%s%s': ignored by the "
		         "<connection> blocks before it",
		         file_or_cmdline(loc, at, sizeof(at)), loc->file ? "" : "--", t->name);
	fn = find_handler(t->name);
	if (fn)
		return fn(&a);
	{
		char *line = lvpn_opt_join(o, a.argc, a.argv, 0);

		if (!line)
			return LVPN_ERR_NOMEM;
		if (is_inline) {
			line = lvpn_opt_strdup(o, t->name);
			if (!line)
				return LVPN_ERR_NOMEM;
		}
		return lvpn_strlist_add(o, &o->other, line);
	}
}
