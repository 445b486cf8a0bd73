/* SPDX-License-Identifier: BSD-2-Clause */
/* mgmt_chat SOCKET CMD...: connects to a management unix socket, sends
 * each CMD as a line, then "quit", and copies everything received to
 * stdout until the server closes (10 s at most).  Used to capture a real
 * openvpn's replies in tests/srv/status_openvpn.sh. */
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	char buf[65536];
	time_t t0 = time(NULL);
	int fd;

	if (argc < 2 || strlen(argv[1]) >= sizeof(sa.sun_path))
		return 2;
	strcpy(sa.sun_path, argv[1]);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		perror("connect");
		return 1;
	}
	for (int i = 2; i <= argc; i++) {
		const char *c = i < argc ? argv[i] : "quit";
		struct pollfd p = {fd, POLLIN, 0};

		if (send(fd, c, strlen(c), MSG_NOSIGNAL) < 0 || send(fd, "\n", 1, MSG_NOSIGNAL) < 0)
			return 1;
		/* one command at a time: wait until the reply has settled */
		while (poll(&p, 1, 300) > 0) {
			ssize_t n = recv(fd, buf, sizeof(buf), 0);

			if (n <= 0)
				break;
			fwrite(buf, 1, (size_t)n, stdout);
		}
	}
	for (;;) {
		struct pollfd p = {fd, POLLIN, 0};
		ssize_t n;

		if (time(NULL) - t0 > 10 || poll(&p, 1, 1000) <= 0)
			break;
		n = recv(fd, buf, sizeof(buf), 0);
		if (n <= 0)
			break;
		fwrite(buf, 1, (size_t)n, stdout);
	}
	close(fd);
	return 0;
}
