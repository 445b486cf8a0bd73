/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - management interface sockets (see mgmt.h): a listening unix or
 * TCP socket, up to LVPN_MGMT_MAX_CONNS non-blocking connections, all
 * behind one epoll fd the server watches. */
#include "src/mgmt_int.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "base/wipe.h"

#define LISTEN_TAG UINT64_MAX

static int listen_unix(const char *path)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	mode_t old;
	int fd, rc;

	if (strlen(path) >= sizeof(sa.sun_path))
		return -ENAMETOOLONG;
	memcpy(sa.sun_path, path, strlen(path) + 1);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	unlink(path); /* a stale socket from an earlier run */
	/* The socket file is born 0660: the umask decides its mode at bind.
	 * (A chmod by path after bind left a moment in which, with a lax
	 * umask, anyone could connect, and could be sent to another file.) */
	old = umask(0117);
	rc = bind(fd, (struct sockaddr *)&sa, sizeof(sa));
	umask(old);
	if (rc < 0 || listen(fd, 4) < 0) {
		int e = -errno;

		close(fd);
		return e;
	}
	return fd;
}

static int listen_tcp(const char *addr, int port)
{
	struct sockaddr_storage ss;
	struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;
	socklen_t sl;
	int fd, one = 1;

	if (port <= 0 || port > 65535)
		return -EINVAL;
	memset(&ss, 0, sizeof(ss));
	if (inet_pton(AF_INET, addr, &s4->sin_addr) == 1) {
		s4->sin_family = AF_INET;
		s4->sin_port = htons((uint16_t)port);
		sl = sizeof(*s4);
	} else if (inet_pton(AF_INET6, addr, &s6->sin6_addr) == 1) {
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons((uint16_t)port);
		sl = sizeof(*s6);
	} else {
		return -EINVAL;
	}
	fd = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&ss, sl) < 0 || listen(fd, 4) < 0) {
		int e = -errno;

		close(fd);
		return e;
	}
	return fd;
}

int lvpn_mgmt_new(const struct lvpn_mgmt_cfg *cfg, const struct lvpn_mgmt_ops *ops,
                  struct lvpn_log *log, struct lvpn_mgmt **out)
{
	struct lvpn_mgmt *m;
	struct epoll_event ev = {.events = EPOLLIN, .data.u64 = LISTEN_TAG};
	int rc = 0;

	if (!cfg || !out)
		return -EINVAL;
	*out = NULL;
	m = calloc(1, sizeof(*m));
	if (!m)
		return -ENOMEM;
	if (mgmt_core_init(m, cfg, ops, log)) {
		lvpn_mgmt_free(m);
		return -ENOMEM;
	}
	if (cfg->unix_path) {
		m->unix_path = strdup(cfg->unix_path);
		if (!m->unix_path)
			rc = -ENOMEM;
		else
			rc = m->lfd = listen_unix(cfg->unix_path);
		if (rc < 0) {
			free(m->unix_path);
			m->unix_path = NULL; /* not ours to unlink */
		}
	} else if (cfg->tcp_addr) {
		rc = m->lfd = listen_tcp(cfg->tcp_addr, cfg->tcp_port);
	}
	if (rc >= 0 && m->lfd >= 0) {
		m->epfd = epoll_create1(EPOLL_CLOEXEC);
		if (m->epfd < 0 || epoll_ctl(m->epfd, EPOLL_CTL_ADD, m->lfd, &ev) < 0)
			rc = -errno;
	}
	if (rc < 0) {
		if (m->lfd < 0)
			m->lfd = -1;
		lvpn_mgmt_free(m);
		return rc;
	}
	if (cfg->unix_path)
		LVPN_LOG(log, LVPN_LOG_INFO, "MANAGEMENT: unix socket %s", cfg->unix_path);
	else
		LVPN_LOG(log, LVPN_LOG_INFO, "MANAGEMENT: TCP %s port %d",
		         cfg->tcp_addr ? cfg->tcp_addr : "(none)", cfg->tcp_port);
	*out = m;
	return 0;
}

static void conn_close(struct lvpn_mgmt *m, int i)
{
	struct mgmt_conn *c = m->conns[i];

	if (!c)
		return;
	if (c->fd >= 0) {
		epoll_ctl(m->epfd, EPOLL_CTL_DEL, c->fd, NULL);
		close(c->fd);
	}
	mgmt_conn_free(c);
	m->conns[i] = NULL;
	/* OpenVPN's man_reset_client_socket */
	if (m->forget_on_close && m->ops.forget_passwords)
		m->ops.forget_passwords(m->ctx);
	if (m->signal_on_close && m->ops.signal) {
		const char *sig = mgmt_mod_signal(m, "SIGUSR1");

		if (sig) {
			LVPN_LOG(m->log, LVPN_LOG_INFO, "MANAGEMENT: Triggering management signal");
			(void)m->ops.signal(m->ctx, sig);
		}
	}
}

void lvpn_mgmt_free(struct lvpn_mgmt *m)
{
	if (!m)
		return;
	for (int i = 0; i < LVPN_MGMT_MAX_CONNS; i++)
		conn_close(m, i);
	if (m->lfd >= 0)
		close(m->lfd);
	if (m->epfd >= 0)
		close(m->epfd);
	if (m->unix_path) {
		unlink(m->unix_path);
		free(m->unix_path);
	}
	if (m->password)
		lvpn_wipe(m->password, strlen(m->password));
	mgmt_core_free(m);
	free(m);
}

int lvpn_mgmt_fd(const struct lvpn_mgmt *m)
{
	return m ? m->epfd : -1;
}

int lvpn_mgmt_nconns(const struct lvpn_mgmt *m)
{
	int n = 0;

	for (int i = 0; m && i < LVPN_MGMT_MAX_CONNS; i++)
		n += m->conns[i] != NULL;
	return n;
}

/* What a send or recv that returned n means for the connection. */
enum io {
	IO_MOVED, /* n bytes went */
	IO_AGAIN, /* interrupted by a signal: try again */
	IO_WAIT,  /* would block: wait for epoll */
	IO_GONE,  /* closed or failed */
};

static enum io io_of(ssize_t n)
{
	if (n > 0)
		return IO_MOVED;
	if (n < 0 && errno == EINTR)
		return IO_AGAIN;
	if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
		return IO_WAIT;
	return IO_GONE;
}

/* Writes what is queued; arms EPOLLOUT while something is left.  Closes
 * the connection on error, overflow, or a finished quit. */
static void flush(struct lvpn_mgmt *m, int i)
{
	struct mgmt_conn *c = m->conns[i];
	struct epoll_event ev = {.data.u64 = (uint64_t)i};

	if (!c)
		return;
	if (c->overflow) {
		conn_close(m, i);
		return;
	}
	while (c->fd >= 0 && c->ooff < c->olen) {
		ssize_t n = send(c->fd, c->out + c->ooff, c->olen - c->ooff, MSG_NOSIGNAL);
		enum io k = io_of(n);

		if (k == IO_WAIT)
			break;
		if (k == IO_GONE) {
			conn_close(m, i);
			return;
		}
		if (k == IO_MOVED)
			c->ooff += (size_t)n;
	}
	if (c->ooff == c->olen) {
		c->ooff = c->olen = 0;
		if (c->halt) {
			conn_close(m, i);
			return;
		}
	}
	ev.events = EPOLLIN | (c->olen ? EPOLLOUT : 0);
	if (c->fd >= 0)
		epoll_ctl(m->epfd, EPOLL_CTL_MOD, c->fd, &ev);
}

void mgmt_flush_all(struct lvpn_mgmt *m)
{
	for (int i = 0; i < LVPN_MGMT_MAX_CONNS; i++)
		flush(m, i);
}

/* --management-client-user/-group: the peer of a unix socket connection
 * must run as that user and/or group (SO_PEERCRED). */
static int peer_ok(const struct lvpn_mgmt *m, int fd)
{
	struct ucred cr;
	socklen_t len = sizeof(cr);

	if (!m->unix_path || (!m->peer_uid_set && !m->peer_gid_set))
		return 1;
	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cr, &len) < 0)
		return 0;
	return (!m->peer_uid_set || cr.uid == m->peer_uid) &&
	       (!m->peer_gid_set || cr.gid == m->peer_gid);
}

static int accept_one(struct lvpn_mgmt *m)
{
	int fd = accept4(m->lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC), i;
	struct epoll_event ev = {.events = EPOLLIN};

	if (fd < 0)
		return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR ||
		               errno == ECONNABORTED
		           ? 1
		           : -errno;
	if (!peer_ok(m, fd)) {
		LVPN_LOG(m->log, LVPN_LOG_WARN,
		         "MANAGEMENT: UNIX domain socket client uid/gid does not match "
		         "management-client-user/group: connection refused");
		close(fd);
		return 0;
	}
	for (i = 0; i < LVPN_MGMT_MAX_CONNS && m->conns[i]; i++)
		;
	if (i == LVPN_MGMT_MAX_CONNS) {
		static const char busy[] = "ERROR: too many management connections\r\n";

		if (send(fd, busy, sizeof(busy) - 1, MSG_NOSIGNAL | MSG_DONTWAIT) < 0)
			LVPN_LOG(m->log, LVPN_LOG_DEBUG, "MANAGEMENT: busy reply failed");
		close(fd);
		return 0;
	}
	m->conns[i] = mgmt_conn_new(fd);
	ev.data.u64 = (uint64_t)i;
	if (!m->conns[i] || epoll_ctl(m->epfd, EPOLL_CTL_ADD, fd, &ev) < 0) {
		mgmt_conn_free(m->conns[i]);
		m->conns[i] = NULL;
		close(fd);
		return 0;
	}
	LVPN_LOG(m->log, LVPN_LOG_INFO, "MANAGEMENT: client connected");
	mgmt_conn_greet(m, m->conns[i]);
	flush(m, i);
	return 0;
}

static void readable(struct lvpn_mgmt *m, int i)
{
	uint8_t buf[4096];
	struct mgmt_conn *c = m->conns[i];

	for (int rounds = 0; c && rounds < 16 && !c->halt; rounds++) {
		ssize_t n = recv(c->fd, buf, sizeof(buf), 0);
		enum io k = io_of(n);

		if (k == IO_AGAIN)
			continue;
		if (k == IO_WAIT)
			break;
		if (k == IO_GONE) {
			conn_close(m, i);
			return;
		}
		mgmt_conn_input(m, c, buf, (size_t)n);
		if (c->overflow)
			break;
	}
	flush(m, i);
}

int lvpn_mgmt_handle(struct lvpn_mgmt *m)
{
	struct epoll_event ev[LVPN_MGMT_MAX_CONNS + 1];
	int n;

	if (!m || m->epfd < 0)
		return 0;
	n = epoll_wait(m->epfd, ev, LVPN_MGMT_MAX_CONNS + 1, 0);
	if (n < 0)
		return errno == EINTR ? 0 : -errno;
	for (int k = 0; k < n; k++) {
		uint64_t tag = ev[k].data.u64;

		if (tag == LISTEN_TAG) {
			int rc;

			for (int tries = 0; tries < LVPN_MGMT_MAX_CONNS + 1; tries++) {
				rc = accept_one(m);
				if (rc)
					break;
			}
			if (rc < 0)
				return rc;
			continue;
		}
		if (tag >= LVPN_MGMT_MAX_CONNS || !m->conns[tag])
			continue;
		if (ev[k].events & (EPOLLIN | EPOLLHUP | EPOLLERR))
			readable(m, (int)tag);
		else
			flush(m, (int)tag);
	}
	return 0;
}

void mgmt_ring_add(struct mgmt_ring *r, uint32_t t, const char *text)
{
	struct mgmt_hist *e;

	if (r->size == LVPN_MGMT_HISTORY) {
		e = &r->e[r->base];
		r->base = (r->base + 1) % LVPN_MGMT_HISTORY;
	} else {
		e = &r->e[(r->base + r->size++) % LVPN_MGMT_HISTORY];
	}
	e->t = t;
	snprintf(e->text, sizeof(e->text), "%s", text);
}

/* The history a real-time notification belongs to, and who asked for it
 * in real time (the "state on", "log on", "echo on" flags). */
enum rt { RT_STATE, RT_LOG, RT_ECHO };

static int wants(const struct mgmt_conn *c, enum rt k)
{
	return c && c->authed &&
	       (k == RT_STATE ? c->state_rt
	        : k == RT_LOG ? c->log_rt
	                      : c->echo_rt);
}

/* Keeps text (time t) in ring r and sends ">KIND:t,text" to every
 * connection that wants kind k in real time. */
static void realtime(struct lvpn_mgmt *m, struct mgmt_ring *r, enum rt k, const char *kind,
                     uint32_t t, const char *text)
{
	mgmt_ring_add(r, t, text);
	for (int i = 0; i < LVPN_MGMT_MAX_CONNS; i++)
		if (wants(m->conns[i], k))
			mgmt_line(m->conns[i], ">%s:%u,%s", kind, t, text);
	mgmt_flush_all(m);
}

void lvpn_mgmt_state(struct lvpn_mgmt *m, uint32_t t, const char *body)
{
	if (m && body)
		realtime(m, &m->state, RT_STATE, "STATE", t, body);
}

void lvpn_mgmt_log(struct lvpn_mgmt *m, uint32_t t, const char *flags, const char *msg)
{
	char text[MGMT_HIST_LEN];

	if (!m || !flags || !msg)
		return;
	snprintf(text, sizeof(text), "%s,%s", flags, msg);
	realtime(m, &m->logs, RT_LOG, "LOG", t, text);
}

unsigned lvpn_mgmt_bytecount_interval(const struct lvpn_mgmt *m)
{
	unsigned best = 0;

	for (int i = 0; m && i < LVPN_MGMT_MAX_CONNS; i++) {
		const struct mgmt_conn *c = m->conns[i];

		if (c && c->bytecount && (!best || c->bytecount < best))
			best = c->bytecount;
	}
	return best;
}

void lvpn_mgmt_bytecount_cli(struct lvpn_mgmt *m, unsigned long cid, uint64_t in, uint64_t out)
{
	for (int i = 0; m && i < LVPN_MGMT_MAX_CONNS; i++)
		if (m->conns[i] && m->conns[i]->authed && m->conns[i]->bytecount)
			mgmt_line(m->conns[i], ">BYTECOUNT_CLI:%lu,%llu,%llu", cid,
			          (unsigned long long)in, (unsigned long long)out);
	if (m)
		mgmt_flush_all(m);
}

void lvpn_mgmt_notify(struct lvpn_mgmt *m, const char *line)
{
	for (int i = 0; m && line && i < LVPN_MGMT_MAX_CONNS; i++)
		if (m->conns[i] && m->conns[i]->authed)
			mgmt_line(m->conns[i], "%s", line);
	if (m)
		mgmt_flush_all(m);
}

int lvpn_mgmt_held(const struct lvpn_mgmt *m)
{
	return m ? m->holding : 0;
}

void lvpn_mgmt_echo(struct lvpn_mgmt *m, uint32_t t, const char *text)
{
	if (m && text)
		realtime(m, &m->echo, RT_ECHO, "ECHO", t, text);
}

void lvpn_mgmt_bytecount(struct lvpn_mgmt *m, uint64_t now_s, uint64_t in, uint64_t out)
{
	int sent = 0;

	for (int i = 0; m && i < LVPN_MGMT_MAX_CONNS; i++) {
		struct mgmt_conn *c = m->conns[i];

		if (!c || !c->authed || !c->bytecount || now_s < c->bc_next)
			continue;
		c->bc_next = now_s + c->bytecount;
		mgmt_line(c, ">BYTECOUNT:%llu,%llu", (unsigned long long)in,
		          (unsigned long long)out);
		sent = 1;
	}
	if (sent)
		mgmt_flush_all(m);
}
