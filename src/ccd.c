/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - client-config-dir (see ccd.h). */
#include "src/ccd.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "proto/config/optlex.h"
#include "proto/server/srvaddr.h"

int lvpn_ccd_name(const char *cn, char *out, size_t outlen)
{
	size_t n;

	if (!cn || !out)
		return -1;
	n = strlen(cn);
	if (!n || n > LVPN_CCD_CN_MAX || n + 1 > outlen || !strcmp(cn, ".") || !strcmp(cn, ".."))
		return -1;
	for (size_t i = 0; i <= n; i++) {
		unsigned char c = (unsigned char)cn[i];

		out[i] = (i == n) ? 0 : (c < 0x20 || c > 0x7e || c == '/') ? '_' : (char)c;
	}
	return 0;
}

struct ctx {
	const char *file;
	int line;
	struct lvpn_log *log;
	struct lvpn_ccd *res;
};

static int bad(struct ctx *c, const char *opt, const char *why)
{
	LVPN_LOG(c->log, LVPN_LOG_WARN, "%s:%d: %s: %s (line ignored)", c->file, c->line, opt, why);
	c->res->errors++;
	return 0;
}

static int add_str(char **list, int *n, const char *s)
{
	if (*n >= LVPN_CCD_MAX_PUSH)
		return 1;
	list[*n] = strdup(s);
	if (!list[*n])
		return -2;
	(*n)++;
	return 0;
}

static int iroute4(struct ctx *c, char **p, int n)
{
	uint32_t net, mask = 0xffffffffu;
	int bits;

	if (n < 2 || n > 3 || lvpn_srvaddr_parse4(p[1], &net) ||
	    (n == 3 && lvpn_srvaddr_parse4(p[2], &mask)))
		return bad(c, "iroute", "expects NETWORK [NETMASK]");
	if (lvpn_srvaddr_maskbits4(mask, &bits) || (net & mask) != net)
		return bad(c, "iroute", "bad network/netmask combination");
	if (c->res->n_iroute4 >= LVPN_CCD_MAX_IROUTES)
		return bad(c, "iroute", "too many routes");
	c->res->iroute4[c->res->n_iroute4].net = net;
	c->res->iroute4[c->res->n_iroute4++].bits = bits;
	return 0;
}

static int iroute6(struct ctx *c, char **p, int n)
{
	struct lvpn_ccd_route6 *r;

	if (n != 2)
		return bad(c, "iroute-ipv6", "expects ADDRESS/BITS");
	if (c->res->n_iroute6 >= LVPN_CCD_MAX_IROUTES)
		return bad(c, "iroute-ipv6", "too many routes");
	r = &c->res->iroute6[c->res->n_iroute6];
	if (strchr(p[1], '/') ? lvpn_srvaddr_parse6_prefix(p[1], r->net, &r->bits)
	                      : lvpn_srvaddr_parse6(p[1], r->net))
		return bad(c, "iroute-ipv6", "bad IPv6 prefix");
	if (!strchr(p[1], '/'))
		r->bits = 128;
	lvpn_srvaddr_trunc6(r->net, r->bits);
	c->res->n_iroute6++;
	return 0;
}

static int push6(struct ctx *c, char **p, int n)
{
	struct lvpn_ccd *r = c->res;
	uint8_t a[16], rem[16];
	int bits = 128;

	if (n < 2 || n > 3 ||
	    (strchr(p[1], '/') ? lvpn_srvaddr_parse6_prefix(p[1], a, &bits)
	                       : lvpn_srvaddr_parse6(p[1], a)) ||
	    (n == 3 && lvpn_srvaddr_parse6(p[2], rem)))
		return bad(c, "ifconfig-ipv6-push", "expects ADDRESS/BITS [REMOTE]");
	r->has_push6 = 1;
	memcpy(r->push6_local, a, 16);
	r->push6_bits = bits;
	r->push6_has_remote = n == 3;
	if (n == 3)
		memcpy(r->push6_remote, rem, 16);
	return 0;
}

static void clear_push(struct lvpn_ccd *r)
{
	for (int i = 0; i < r->n_push; i++)
		free(r->push[i]);
	r->n_push = 0;
}

static int one_line(struct ctx *c, char **p, int n, lvpn_ccd_apply_fn *apply, void *actx)
{
	struct lvpn_ccd *r = c->res;
	const char *o = p[0];
	int rc;

	if (!strcmp(o, "ifconfig-push")) {
		if (n < 3 || n > 4 || lvpn_srvaddr_parse4(p[1], &r->push4_local) ||
		    lvpn_srvaddr_parse4(p[2], &r->push4_remote_netmask)) {
			r->has_push4 = 0;
			return bad(c, o, "expects LOCAL REMOTE-NETMASK");
		}
		r->has_push4 = 1;
	} else if (!strcmp(o, "ifconfig-ipv6-push")) {
		return push6(c, p, n);
	} else if (!strcmp(o, "iroute")) {
		return iroute4(c, p, n);
	} else if (!strcmp(o, "iroute-ipv6")) {
		return iroute6(c, p, n);
	} else if (!strcmp(o, "push")) {
		if (n != 2)
			return bad(c, o, "expects one quoted option");
		rc = add_str(r->push, &r->n_push, p[1]);
		return rc > 0 ? bad(c, o, "too many push options") : rc;
	} else if (!strcmp(o, "push-reset")) {
		if (n != 1)
			return bad(c, o, "takes no parameter");
		r->push_reset = 1;
		clear_push(r);
	} else if (!strcmp(o, "push-remove")) {
		if (n != 2)
			return bad(c, o, "expects an option name");
		rc = add_str(r->push_remove, &r->n_push_remove, p[1]);
		return rc > 0 ? bad(c, o, "too many push-remove options") : rc;
	} else if (!strcmp(o, "max-routes-per-client")) {
		if (n != 2)
			return bad(c, o, "expects a number");
		r->max_routes = atoi(p[1]) > 1 ? atoi(p[1]) : 1; /* 2.6: max_int(atoi, 1) */
	} else if (!strcmp(o, "disable")) {
		if (n != 1)
			return bad(c, o, "takes no parameter");
		r->disable = 1;
	} else if (!apply) {
		return bad(c, o, "not allowed in a client-config-dir file");
	} else if (apply(actx, n, p, c->file, c->line)) {
		r->errors++;
	}
	return 0;
}

int lvpn_ccd_parse(const char *text, size_t len, const char *file, lvpn_ccd_apply_fn *apply,
                   void *actx, struct lvpn_log *log, struct lvpn_ccd *res)
{
	struct ctx c = {file ? file : "(ccd)", 0, log, res};
	struct lvpn_optline ln;
	const char *why;
	size_t i = 0;

	while (i < len) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t l = nl ? (size_t)(nl - (text + i)) : len - i;
		int rc;

		c.line++;
		if (lvpn_optlex_line(text + i, l, &ln, &why) != 0) {
			bad(&c, "line", why);
		} else if (ln.argc > 0) {
			rc = one_line(&c, ln.argv, ln.argc, apply, actx);
			if (rc)
				return rc;
		}
		i += l + 1;
	}
	return 0;
}

/* Reads path into a new buffer; -ENOENT when it does not exist. */
static int slurp(const char *path, char **out, size_t *len)
{
	struct stat sb;
	char *b;
	size_t got = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC), e;

	if (fd < 0)
		return -errno;
	e = fstat(fd, &sb) < 0               ? -errno
	    : !S_ISREG(sb.st_mode)           ? -EINVAL
	    : sb.st_size > LVPN_CCD_FILE_MAX ? -EFBIG
	                                     : 0;
	if (e) {
		close(fd);
		return e;
	}
	b = malloc((size_t)sb.st_size + 1);
	if (!b) {
		close(fd);
		return -ENOMEM;
	}
	while (got < (size_t)sb.st_size) {
		ssize_t n = read(fd, b + got, (size_t)sb.st_size - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	*out = b;
	*len = got;
	return 0;
}

int lvpn_ccd_load(const char *dir, const char *cn, int exclusive, lvpn_ccd_apply_fn *apply,
                  void *ctx, struct lvpn_log *log, struct lvpn_ccd *res)
{
	char name[LVPN_CCD_CN_MAX + 1], *text = NULL;
	size_t len = 0;
	int rc = -ENOENT;

	memset(res, 0, sizeof(*res));
	if (!dir)
		return exclusive ? -1 : 0;
	if (lvpn_ccd_name(cn, name, sizeof(name)) == 0 && strcmp(name, "DEFAULT") &&
	    (size_t)snprintf(res->path, sizeof(res->path), "%s/%s", dir, name) < sizeof(res->path))
		rc = slurp(res->path, &text, &len);
	if (rc == -ENOENT && exclusive) {
		LVPN_LOG(log, LVPN_LOG_WARN,
		         "client-config-dir authentication failed for common name '%s'",
		         cn ? cn : "UNDEF");
		return -1;
	}
	if (rc == -ENOENT) {
		res->is_default = 1;
		snprintf(res->path, sizeof(res->path), "%s/DEFAULT", dir);
		rc = slurp(res->path, &text, &len);
		if (rc == -ENOENT) {
			res->path[0] = 0;
			res->is_default = 0;
			return 0;
		}
	}
	if (rc == -ENOMEM)
		return -2;
	if (rc < 0) {
		LVPN_LOG(log, LVPN_LOG_WARN, "client-config-dir: cannot read %s: %s", res->path,
		         strerror(-rc));
		return -1;
	}
	res->found = 1;
	rc = lvpn_ccd_parse(text, len, res->path, apply, ctx, log, res);
	free(text);
	if (rc)
		lvpn_ccd_free(res);
	return rc;
}

void lvpn_ccd_free(struct lvpn_ccd *res)
{
	if (!res)
		return;
	clear_push(res);
	for (int i = 0; i < res->n_push_remove; i++)
		free(res->push_remove[i]);
	memset(res, 0, sizeof(*res));
}
