/* SPDX-License-Identifier: BSD-2-Clause */
/* A stand-in for systemd's notification socket (tests/systemd/units.sh):
 *
 *   notify_recv ADDR SECONDS
 *
 * binds an AF_UNIX datagram socket at ADDR (a path, or '@name' in the
 * abstract namespace), then prints each datagram received as
 * "pid=SENDER" (the kernel's credentials, as systemd checks them for
 * NotifyAccess=main), the message's lines, and "--".  Exits 0 after a
 * message holding STOPPING=1, 1 after SECONDS without one. */
#include <poll.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

static int bind_at(const char *name)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	size_t len = strlen(name);
	int fd, on = 1;

	if (len < 2 || len >= sizeof(sa.sun_path))
		return -1;
	memcpy(sa.sun_path, name, len);
	if (name[0] == '@')
		sa.sun_path[0] = '\0';
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_PASSCRED, &on, sizeof(on)) != 0 ||
	    bind(fd, (struct sockaddr *)&sa,
	         (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len)) != 0) {
		perror("notify_recv: socket");
		return -1;
	}
	return fd;
}

/* one datagram: prints it; 1 if it said STOPPING=1 */
static int take(int fd)
{
	char buf[4096], cbuf[CMSG_SPACE(sizeof(struct ucred))];
	struct iovec iov = {.iov_base = buf, .iov_len = sizeof(buf) - 1};
	struct msghdr mh = {
	    .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf, .msg_controllen = sizeof(cbuf)};
	struct ucred cred = {.pid = 0};
	ssize_t n = recvmsg(fd, &mh, 0);

	if (n < 0)
		return 0;
	buf[n] = '\0';
	for (struct cmsghdr *c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c))
		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_CREDENTIALS)
			memcpy(&cred, CMSG_DATA(c), sizeof(cred));
	printf("pid=%ld\n%s\n--\n", (long)cred.pid, buf);
	fflush(stdout);
	return strstr(buf, "STOPPING=1") != NULL;
}

int main(int argc, char **argv)
{
	struct pollfd p = {.events = POLLIN};
	time_t end;

	if (argc != 3) {
		fprintf(stderr, "usage: notify_recv ADDR SECONDS\n");
		return 2;
	}
	p.fd = bind_at(argv[1]);
	if (p.fd < 0)
		return 2;
	end = time(NULL) + atoi(argv[2]);
	while (time(NULL) < end) {
		if (poll(&p, 1, 200) == 1 && take(p.fd))
			return 0;
	}
	fprintf(stderr, "notify_recv: no STOPPING=1 within %s s\n", argv[2]);
	return 1;
}
