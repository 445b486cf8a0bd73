/* SPDX-License-Identifier: BSD-2-Clause */
/* Interop transfer helper: one TCP connection, a file each way at once.
 *
 *   xfer serve ADDR PORT SENDFILE RECVFILE READYFILE
 *   xfer fetch ADDR PORT SENDFILE RECVFILE
 *
 * serve listens on ADDR:PORT (creates READYFILE once listening) and accepts
 * one connection; fetch connects.  Both then send SENDFILE (then shut down
 * their sending side) while writing everything received until EOF to
 * RECVFILE; the test compares sha256 sums.  Every wait is bounded: no
 * progress for 60 s is a failure (exit status 1). */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define IDLE_MS 60000

static int die(const char *what)
{
	fprintf(stderr, "xfer: %s: %s\n", what, strerror(errno));
	return 1;
}

static int open_sock(const char *mode, const char *addr, const char *port, const char *ready)
{
	struct addrinfo hints = {.ai_socktype = SOCK_STREAM, .ai_flags = AI_NUMERICHOST};
	struct addrinfo *ai;
	int fd, c, one = 1, serve = strcmp(mode, "serve") == 0;
	struct pollfd p;

	if (getaddrinfo(addr, port, &hints, &ai) != 0) {
		fprintf(stderr, "xfer: bad address %s %s\n", addr, port);
		return -1;
	}
	fd = socket(ai->ai_family, SOCK_STREAM, 0);
	if (fd < 0)
		goto fail;
	if (!serve) {
		if (connect(fd, ai->ai_addr, ai->ai_addrlen) != 0)
			goto fail;
		freeaddrinfo(ai);
		return fd;
	}
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, ai->ai_addr, ai->ai_addrlen) != 0 || listen(fd, 1) != 0)
		goto fail;
	freeaddrinfo(ai);
	c = open(ready, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (c >= 0)
		close(c);
	p = (struct pollfd){.fd = fd, .events = POLLIN};
	if (poll(&p, 1, IDLE_MS) != 1) {
		fprintf(stderr, "xfer: nobody connected\n");
		close(fd);
		return -1;
	}
	c = accept(fd, NULL, NULL);
	close(fd);
	return c;
fail:
	die(serve ? "listen" : "connect");
	freeaddrinfo(ai);
	if (fd >= 0)
		close(fd);
	return -1;
}

int main(int argc, char **argv)
{
	char out[65536], in[65536];
	size_t olen = 0, ooff = 0;
	long got = 0;
	int s, src, dst, sending = 1, receiving = 1;

	if (argc < 6 || (strcmp(argv[1], "serve") == 0 && argc < 7)) {
		fprintf(stderr, "usage: xfer serve|fetch ADDR PORT SENDFILE RECVFILE [READYFILE]\n");
		return 2;
	}
	src = open(argv[4], O_RDONLY);
	dst = open(argv[5], O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (src < 0 || dst < 0)
		return die("open");
	s = open_sock(argv[1], argv[2], argv[3], argc > 6 ? argv[6] : NULL);
	if (s < 0)
		return 1;
	fcntl(s, F_SETFL, fcntl(s, F_GETFL) | O_NONBLOCK);
	while (sending || receiving) {
		struct pollfd p = {.fd = s,
				   .events = (receiving ? POLLIN : 0) | (sending ? POLLOUT : 0)};
		ssize_t n;

		if (poll(&p, 1, IDLE_MS) != 1) {
			fprintf(stderr, "xfer: no progress for %d s\n", IDLE_MS / 1000);
			return 1;
		}
		if (sending && (p.revents & POLLOUT)) {
			if (ooff == olen) {
				n = read(src, out, sizeof(out));
				if (n < 0)
					return die("read file");
				olen = (size_t)n;
				ooff = 0;
				if (n == 0) {
					shutdown(s, SHUT_WR);
					sending = 0;
				}
			}
			if (ooff < olen) {
				n = send(s, out + ooff, olen - ooff, MSG_NOSIGNAL);
				if (n < 0 && errno != EAGAIN)
					return die("send");
				if (n > 0)
					ooff += (size_t)n;
			}
		}
		if (receiving && (p.revents & (POLLIN | POLLHUP | POLLERR))) {
			n = recv(s, in, sizeof(in), 0);
			if (n < 0 && errno != EAGAIN)
				return die("recv");
			if (n == 0)
				receiving = 0;
			if (n > 0) {
				if (write(dst, in, (size_t)n) != n)
					return die("write file");
				got += n;
			}
		}
	}
	close(s);
	printf("received %ld bytes\n", got);
	return 0;
}
