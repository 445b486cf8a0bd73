/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - server status report (see status.h).  Layout per OpenVPN 2.6
 * multi.c multi_print_status() and status.c status_printf(). */
#include "src/status.h"

#include "proto/peerstr.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define LINE_MAX_LEN 512                /* STATUS_PRINTF_MAXLEN */
#define PEER_MAX     (LINE_MAX_LEN + 1) /* longer: the line is too long anyway */

struct out {
	char *buf;
	size_t cap, len;
	int stopped;
};

static void line(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void line(struct out *o, const char *fmt, ...)
{
	char tmp[LINE_MAX_LEN];
	va_list ap;
	int n;

	if (o->stopped)
		return;
	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n < 0 || n >= LINE_MAX_LEN) { /* OpenVPN drops the rest */
		o->stopped = 1;
		return;
	}
	if (o->len + (size_t)n + 1 < o->cap) {
		memcpy(o->buf + o->len, tmp, (size_t)n);
		o->buf[o->len + (size_t)n] = '\n';
	}
	o->len += (size_t)n + 1;
}

char *lvpn_status_time(time_t t, char *dst)
{
	struct tm tm;
	char tmp[80];

	if (!localtime_r(&t, &tm))
		memset(&tm, 0, sizeof(tm));
	snprintf(tmp, sizeof(tmp), "%04d-%02d-%02d %02d:%02d:%02d", tm.tm_year + 1900,
	         tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
	memcpy(dst, tmp, 19);
	dst[19] = 0;
	return dst;
}

static const char *s(const char *x)
{
	return x ? x : "";
}

/* A field the peer chose (common name, username): whatever the caller
 * stored, no line break and no comma gets into the report (proto/peerstr). */
static const char *peer(char tmp[PEER_MAX], const char *x)
{
	return lvpn_peerstr_show(tmp, PEER_MAX, s(x), LVPN_PEERSTR_CSV);
}

static void v1(const struct lvpn_status *st, struct out *o)
{
	char t[20], cn[PEER_MAX];

	line(o, "OpenVPN CLIENT LIST");
	line(o, "Updated,%s", lvpn_status_time(st->now, t));
	line(o, "Common Name,Real Address,Bytes Received,Bytes Sent,Connected Since");
	for (size_t i = 0; i < st->n_clients; i++) {
		const struct lvpn_status_client *c = &st->clients[i];

		line(o, "%s,%s,%" PRIu64 ",%" PRIu64 ",%s", peer(cn, c->common_name),
		     s(c->real_addr), c->bytes_in, c->bytes_out,
		     lvpn_status_time(c->connected_since, t));
	}
	line(o, "ROUTING TABLE");
	line(o, "Virtual Address,Common Name,Real Address,Last Ref");
	for (size_t i = 0; i < st->n_routes; i++) {
		const struct lvpn_status_route *r = &st->routes[i];

		line(o, "%s%s,%s,%s,%s", s(r->vaddr), r->cached ? "C" : "",
		     peer(cn, r->common_name), s(r->real_addr), lvpn_status_time(r->last_ref, t));
	}
	line(o, "GLOBAL STATS");
	line(o, "Max bcast/mcast queue length,%d", st->max_bcast_queue);
	line(o, "END");
}

static void v23(const struct lvpn_status *st, struct out *o, char c)
{
	char t[20], cn[PEER_MAX], user[PEER_MAX];

	line(o, "TITLE%c%s", c, s(st->title));
	line(o, "TIME%c%s%c%u", c, lvpn_status_time(st->now, t), c, (unsigned)st->now);
	line(o,
	     "HEADER%cCLIENT_LIST%cCommon Name%cReal Address%cVirtual Address%cVirtual IPv6 "
	     "Address%cBytes Received%cBytes Sent%cConnected Since%cConnected Since "
	     "(time_t)%cUsername%cClient ID%cPeer ID%cData Channel Cipher",
	     c, c, c, c, c, c, c, c, c, c, c, c, c);
	for (size_t i = 0; i < st->n_clients; i++) {
		const struct lvpn_status_client *x = &st->clients[i];

		line(o,
		     "CLIENT_LIST%c%s%c%s%c%s%c%s%c%" PRIu64 "%c%" PRIu64
		     "%c%s%c%u%c%s%c%lu%c%" PRIu32 "%c%s",
		     c, peer(cn, x->common_name), c, s(x->real_addr), c, s(x->vaddr4), c,
		     s(x->vaddr6), c, x->bytes_in, c, x->bytes_out, c,
		     lvpn_status_time(x->connected_since, t), c, (unsigned)x->connected_since, c,
		     peer(user, x->username), c, x->client_id, c, x->peer_id, c, s(x->cipher));
	}
	line(o,
	     "HEADER%cROUTING_TABLE%cVirtual Address%cCommon Name%cReal Address%cLast Ref%cLast "
	     "Ref (time_t)",
	     c, c, c, c, c, c);
	for (size_t i = 0; i < st->n_routes; i++) {
		const struct lvpn_status_route *r = &st->routes[i];

		line(o, "ROUTING_TABLE%c%s%s%c%s%c%s%c%s%c%u", c, s(r->vaddr), r->cached ? "C" : "",
		     c, peer(cn, r->common_name), c, s(r->real_addr), c,
		     lvpn_status_time(r->last_ref, t), c, (unsigned)r->last_ref);
	}
	line(o, "GLOBAL_STATS%cMax bcast/mcast queue length%c%d", c, c, st->max_bcast_queue);
	line(o, "GLOBAL_STATS%cdco_enabled%c%d", c, c, 0);
	line(o, "END");
}

int lvpn_status_render(const struct lvpn_status *st, int version, char *buf, size_t cap,
                       size_t *len)
{
	struct out o = {buf, cap, 0, 0};
	int rc = 0;

	if (version == 1)
		v1(st, &o);
	else if (version == 2 || version == 3)
		v23(st, &o, version == 3 ? '\t' : ',');
	else {
		line(&o, "ERROR: bad status format version number");
		rc = -1;
	}
	if (len)
		*len = o.len;
	if (o.len + 1 > cap)
		return -2;
	buf[o.len] = 0;
	return rc;
}

int lvpn_status_write_file(const char *path, const char *text, size_t len)
{
	size_t plen = strlen(path);
	char *tmp = malloc(plen + 16);
	int fd, err = 0;

	if (!tmp)
		return -ENOMEM;
	snprintf(tmp, plen + 16, "%s.tmpXXXXXX", path);
	fd = mkstemp(tmp);
	if (fd < 0) {
		err = -errno;
		free(tmp);
		return err;
	}
	for (size_t off = 0; off < len && !err;) {
		ssize_t n = write(fd, text + off, len - off);

		if (n < 0 && errno != EINTR)
			err = -errno;
		else if (n > 0)
			off += (size_t)n;
	}
	if (!err && fchmod(fd, 0600) < 0)
		err = -errno;
	if (!err && fsync(fd) < 0)
		err = -errno;
	if (close(fd) < 0 && !err)
		err = -errno;
	if (!err && rename(tmp, path) < 0)
		err = -errno;
	if (err)
		unlink(tmp);
	free(tmp);
	return err;
}
