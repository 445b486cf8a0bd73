/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - sd_notify without libsystemd: the protocol is one datagram
 * of "VAR=VALUE" lines to the unix socket in $NOTIFY_SOCKET, whose name
 * starts with '/' (a path) or '@' (the abstract namespace: a NUL first
 * byte, and the address length counts only the name, no terminator). */
#include "src/sdnotify.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "base/err.h"

/* the socket, for the whole process: -1 not opened yet, -2 nothing to
 * notify (no $NOTIFY_SOCKET) */
static int notify_fd = -1;

int lvpn_sdnotify_open(void)
{
	const char *name = getenv("NOTIFY_SOCKET");
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	size_t len;
	socklen_t salen;
	int fd;

	if (notify_fd != -1)
		return 0;
	if (name == NULL || name[0] == '\0') {
		notify_fd = -2;
		return 0;
	}
	len = strlen(name);
	if ((name[0] != '/' && name[0] != '@') || len < 2 || len > sizeof(sa.sun_path) - 1)
		return LVPN_ERR_INVAL;
	memcpy(sa.sun_path, name, len);
	if (name[0] == '@')
		sa.sun_path[0] = '\0';
	salen = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len + (name[0] == '/'));
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return LVPN_ERR_IO;
	if (connect(fd, (const struct sockaddr *)&sa, salen) != 0) {
		close(fd);
		return LVPN_ERR_IO;
	}
	notify_fd = fd;
	return 0;
}

int lvpn_sdnotify(const char *msg)
{
	size_t len = strlen(msg);
	ssize_t n;
	int rc;

	if (notify_fd == -1 && (rc = lvpn_sdnotify_open()) != 0)
		return rc;
	if (notify_fd < 0)
		return 0;
	do
		n = send(notify_fd, msg, len, MSG_NOSIGNAL);
	while (n < 0 && errno == EINTR);
	return n == (ssize_t)len ? 0 : LVPN_ERR_IO;
}

void lvpn_sdnotify_close(void)
{
	if (notify_fd >= 0)
		close(notify_fd);
	notify_fd = -1;
}

int lvpn_sdnotify_reloading(void)
{
	struct timespec ts;
	char msg[64];

	clock_gettime(CLOCK_MONOTONIC, &ts);
	snprintf(msg, sizeof(msg), "RELOADING=1\nMONOTONIC_USEC=%llu",
	         (unsigned long long)ts.tv_sec * 1000000ull +
	             (unsigned long long)ts.tv_nsec / 1000);
	return lvpn_sdnotify(msg);
}
