/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - the port-share relay (see src/portshare.h).  Each direction
 * has one buffer, read into only when empty and written out before the
 * next read, as 2.6's proxy does: a slow reader stops the other side's
 * reads, never grows memory. */
#include "src/portshare.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "src/addrstr.h"

#define CONNECT_MS 5000 /* 2.6 waits 5 seconds for HOST:PORT */

struct relay {
	int used, connecting;
	int fd[2]; /* 0: the client, 1: HOST:PORT */
	uint32_t ev[2];
	uint64_t since;
	struct {
		uint32_t off, len;
		uint8_t b[LVPN_PS_BUF];
	} q[2];        /* q[s]: read from side s, to be written to the other */
	char jfn[320]; /* the DIR file, "" when none */
	size_t jbase;  /* where its name starts in jfn */
};

struct lvpn_ps {
	struct sockaddr_storage to;
	socklen_t tolen;
	const char *dir;
	int dirfd; /* DIR opened at start (chroot and cd come later); -1: by path */
	int epfd, tag_base;
	struct lvpn_log *lg;
	struct lvpn_ps_stats st;
	struct relay r[LVPN_PS_MAX];
};

int lvpn_ps_open(struct lvpn_ps **out, const char *host, const char *port, const char *dir,
                 int epfd, int tag_base, struct lvpn_log *lg)
{
	struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM}, *ai = NULL;
	struct lvpn_ps *ps;
	int rc = getaddrinfo(host, port, &hints, &ai);

	if (rc || !ai || ai->ai_addrlen > sizeof(ps->to)) {
		LVPN_LOG(lg, LVPN_LOG_ERR, "port-share: cannot resolve %s:%s: %s", host, port,
		         rc ? gai_strerror(rc) : "no address");
		if (ai)
			freeaddrinfo(ai);
		return LVPN_ERR_CONFIG;
	}
	ps = calloc(1, sizeof(*ps));
	if (!ps) {
		freeaddrinfo(ai);
		return LVPN_ERR_NOMEM;
	}
	memcpy(&ps->to, ai->ai_addr, ai->ai_addrlen);
	ps->tolen = ai->ai_addrlen;
	freeaddrinfo(ai);
	ps->dir = dir;
	/* as 2.6, a DIR that cannot be used is told per connection */
	ps->dirfd = dir ? open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC) : -1;
	ps->epfd = epfd;
	ps->tag_base = tag_base;
	ps->lg = lg;
	*out = ps;
	return 0;
}

/* An address as 2.6 writes it in DIR: "198.18.0.1:1194", "2001:db8::1:443". */
static void addr_text(const struct sockaddr_storage *a, char *out, size_t cap)
{
	char tmp[96];
	const char *s = lvpn_addrstr(a, tmp, sizeof(tmp)), *b = strchr(s, ']');

	snprintf(out, cap, "%s", b ? b + 1 : s);
}

static int dirfd_of(const struct lvpn_ps *ps)
{
	return ps->dirfd >= 0 ? ps->dirfd : AT_FDCWD;
}

/* The DIR file for this relay: named after its address toward HOST:PORT,
 * holding the client's. */
static void journal_add(struct lvpn_ps *ps, struct relay *r)
{
	struct sockaddr_storage from, to;
	socklen_t fl = sizeof(from), tl = sizeof(to);
	char f[96], t[96];
	int fd, n;
	size_t len;

	if (getpeername(r->fd[0], (struct sockaddr *)&from, &fl) ||
	    getsockname(r->fd[1], (struct sockaddr *)&to, &tl))
		return;
	addr_text(&from, f, sizeof(f));
	addr_text(&to, t, sizeof(t));
	n = snprintf(r->jfn, sizeof(r->jfn), "%s/%s", ps->dir, t);
	if (n < 0 || (size_t)n >= sizeof(r->jfn)) {
		r->jfn[0] = 0;
		return;
	}
	r->jbase = ps->dirfd >= 0 ? strlen(ps->dir) + 1 : 0;
	fd =
	    openat(dirfd_of(ps), r->jfn + r->jbase, O_CREAT | O_TRUNC | O_WRONLY | O_CLOEXEC, 0640);
	if (fd < 0) {
		LVPN_LOG(ps->lg, LVPN_LOG_WARN,
		         "PORT SHARE: unable to write journal file in %s: %s", r->jfn,
		         strerror(errno));
		r->jfn[0] = 0;
		return;
	}
	len = strlen(f);
	if (write(fd, f, len) != (ssize_t)len)
		LVPN_LOG(ps->lg, LVPN_LOG_WARN, "PORT SHARE: writing to journal file (%s) failed",
		         r->jfn);
	close(fd);
}

static void drop(struct lvpn_ps *ps, struct relay *r)
{
	for (int s = 0; s < 2; s++) {
		if (r->fd[s] >= 0) {
			epoll_ctl(ps->epfd, EPOLL_CTL_DEL, r->fd[s], NULL);
			close(r->fd[s]);
		}
		r->fd[s] = -1;
	}
	if (r->jfn[0])
		unlinkat(dirfd_of(ps), r->jfn + r->jbase, 0);
	r->jfn[0] = 0;
	r->used = 0;
}

/* What each socket waits for now: reading while its buffer is empty,
 * writing while the other side's holds bytes. */
static void interest(struct lvpn_ps *ps, struct relay *r)
{
	for (int s = 0; s < 2; s++) {
		uint32_t ev = 0;
		struct epoll_event e;

		if (r->connecting)
			ev = s ? EPOLLOUT : 0;
		else {
			if (r->q[s].len == 0)
				ev |= EPOLLIN;
			if (r->q[!s].len > r->q[!s].off)
				ev |= EPOLLOUT;
		}
		if (ev == r->ev[s])
			continue;
		e.events = ev;
		e.data.u64 = (uint64_t)(int64_t)(ps->tag_base - (int)(2 * (r - ps->r) + s));
		epoll_ctl(ps->epfd, EPOLL_CTL_MOD, r->fd[s], &e);
		r->ev[s] = ev;
	}
}

/* Side s's buffered bytes out to the other side; 0 or -1 (broken). */
static int flush(struct relay *r, int s)
{
	while (r->q[s].off < r->q[s].len) {
		ssize_t n = send(r->fd[!s], r->q[s].b + r->q[s].off, r->q[s].len - r->q[s].off,
		                 MSG_DONTWAIT | MSG_NOSIGNAL);

		if (n < 0)
			return errno == EAGAIN || errno == EINTR ? 0 : -1;
		r->q[s].off += (uint32_t)n;
	}
	r->q[s].off = r->q[s].len = 0;
	return 0;
}

/* Moves what can move without blocking; closes the relay when a side
 * fails or closes (2.6: either side's end ends both).  A side is read
 * only once all it sent before was delivered, so its end is seen only
 * then. */
static void pump(struct lvpn_ps *ps, struct relay *r)
{
	for (int s = 0; s < 2; s++) {
		if (flush(r, s))
			goto close;
		if (r->q[s].len == 0) {
			ssize_t n = recv(r->fd[s], r->q[s].b, LVPN_PS_BUF, MSG_DONTWAIT);

			if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR))
				goto close;
			if (n > 0) {
				r->q[s].len = (uint32_t)n;
				if (flush(r, s))
					goto close;
			}
		}
	}
	interest(ps, r);
	return;
close:
	drop(ps, r);
}

static int add(struct lvpn_ps *ps, struct relay *r, int s, uint32_t ev)
{
	struct epoll_event e = {.events = ev};

	e.data.u64 = (uint64_t)(int64_t)(ps->tag_base - (int)(2 * (r - ps->r) + s));
	r->ev[s] = ev;
	return epoll_ctl(ps->epfd, EPOLL_CTL_ADD, r->fd[s], &e);
}

void lvpn_ps_take(struct lvpn_ps *ps, int fd, const uint8_t *head, size_t n, uint64_t now)
{
	struct relay *r = NULL;
	int sfd;

	for (int i = 0; i < LVPN_PS_MAX && !r; i++)
		if (!ps->r[i].used)
			r = &ps->r[i];
	if (!r || n > LVPN_PS_BUF) {
		/* a flood logs the 1st, 2nd, 4th, 8th... refusal */
		ps->st.refused++;
		if ((ps->st.refused & (ps->st.refused - 1)) == 0)
			LVPN_LOG(
			    ps->lg, LVPN_LOG_INFO,
			    "PORT SHARE: %d connections relayed already: refused (%llu so far)",
			    LVPN_PS_MAX, (unsigned long long)ps->st.refused);
		close(fd);
		return;
	}
	sfd = socket(ps->to.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (sfd < 0 ||
	    (connect(sfd, (struct sockaddr *)&ps->to, ps->tolen) && errno != EINPROGRESS)) {
		ps->st.failed++;
		LVPN_LOG(ps->lg, LVPN_LOG_WARN,
		         "PORT SHARE PROXY: connect to port-share server failed: %s",
		         strerror(errno));
		if (sfd >= 0)
			close(sfd);
		close(fd);
		return;
	}
	memset(r, 0, offsetof(struct relay, q));
	r->used = 1;
	r->connecting = 1;
	r->since = now;
	r->fd[0] = fd;
	r->fd[1] = sfd;
	r->q[0].off = 0;
	r->q[0].len = (uint32_t)n;
	memcpy(r->q[0].b, head, n);
	r->q[1].off = r->q[1].len = 0;
	r->jfn[0] = 0;
	if (add(ps, r, 0, 0) || add(ps, r, 1, EPOLLOUT)) {
		ps->st.failed++;
		drop(ps, r);
		return;
	}
	ps->st.relayed++;
}

/* The connect to HOST:PORT finished (or failed). */
static void connected(struct lvpn_ps *ps, struct relay *r)
{
	int err = 0;
	socklen_t el = sizeof(err);

	if (getsockopt(r->fd[1], SOL_SOCKET, SO_ERROR, &err, &el) || err) {
		ps->st.failed++;
		LVPN_LOG(ps->lg, LVPN_LOG_WARN,
		         "PORT SHARE PROXY: connect to port-share server failed: %s",
		         strerror(err ? err : errno));
		drop(ps, r);
		return;
	}
	r->connecting = 0;
	if (ps->dir)
		journal_add(ps, r);
	pump(ps, r);
}

void lvpn_ps_event(struct lvpn_ps *ps, int idx, uint64_t now)
{
	struct relay *r;

	(void)now;
	if (!ps || idx < 0 || idx >= LVPN_PS_TAGS || !ps->r[idx / 2].used)
		return;
	r = &ps->r[idx / 2];
	if (r->connecting && idx % 2 == 0)
		drop(ps, r); /* only a hang-up or an error: the client left */
	else if (r->connecting)
		connected(ps, r);
	else
		pump(ps, r);
}

void lvpn_ps_expire(struct lvpn_ps *ps, uint64_t now)
{
	if (!ps)
		return;
	for (int i = 0; i < LVPN_PS_MAX; i++) {
		struct relay *r = &ps->r[i];

		if (r->used && r->connecting && now - r->since > CONNECT_MS) {
			ps->st.failed++;
			LVPN_LOG(ps->lg, LVPN_LOG_WARN,
			         "PORT SHARE PROXY: connect to port-share server failed: timeout");
			drop(ps, r);
		}
	}
}

void lvpn_ps_stats(const struct lvpn_ps *ps, struct lvpn_ps_stats *st)
{
	*st = ps->st;
}

void lvpn_ps_close(struct lvpn_ps *ps)
{
	if (!ps)
		return;
	for (int i = 0; i < LVPN_PS_MAX; i++)
		if (ps->r[i].used)
			drop(ps, &ps->r[i]);
	if (ps->dirfd >= 0)
		close(ps->dirfd);
	free(ps);
}
