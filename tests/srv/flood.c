/* SPDX-License-Identifier: BSD-2-Clause */
/* A flood of spoofed HARD_RESET_CLIENT packets for tests/srv/flood.sh:
 *   flood DST_IP DST_PORT SRC_IP COUNT [v2 CLIENT_KEY]
 * Each packet is a fresh client reset (random session id) from a random
 * source port of SRC_IP, sent through a raw socket (root).  Without a key
 * it is a plain HARD_RESET_CLIENT_V2; with "v2 CLIENT_KEY" (a tls-crypt-v2
 * client key file) a HARD_RESET_CLIENT_V3 correctly wrapped with that key,
 * early-negotiation marker included: the worst case, an attacker holding
 * a valid client key, whose every packet passes the server's unwrap.
 * Paced to about 50,000 packets per second, so that most reach the
 * server rather than overflow its socket buffer.  Prints how many were
 * sent.
 *   flood DST_IP DST_PORT SRC_IP COUNT v2 CLIENT_KEY tcp|tcp-fresh
 * TCP instead (no raw socket; SRC_IP unused): COUNT connections, one after
 * the other, each sending one framed client reset and waiting up to
 * 300 ms for the server's answer or close: "tcp" sends the same frame on
 * every connection (a captured frame replayed), "tcp-fresh" a new one
 * each time.
 * Over UDP, SRC_IP may be a prefix, e.g. 198.18.128.0/17: every packet
 * then comes from a random address in it as well.  With FLOOD_REPLIES=1
 * a raw UDP socket also counts the server's replies reaching this
 * namespace (from DST_PORT, to any address routed here as local) while
 * sending and for 1 s after, and a second line on stdout says
 *   requests N BYTES MAX replies R BYTES MAX
 * (UDP payload bytes and the largest payload, each way). */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "crypto/keyfile.h"
#include "proto/wrap.h"
#include "proto/pkt.h"
#include "base/wire.h"

static uint32_t rng = 0x9e3779b9u;

/* FLOOD_REPLIES: the replies seen by a raw UDP socket. */
static unsigned long req_bytes, req_max, rep_n, rep_bytes, rep_max;

static uint32_t next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	return rng;
}

static int load_v2(const char *path, struct lvpn_wrap *w)
{
	static char text[16384];
	uint8_t key2[LVPN_KEY2_LEN], wkc[LVPN_TCV2_WKC_MAX];
	size_t len, wkc_len;
	FILE *f = fopen(path, "r");

	if (!f)
		return -1;
	len = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	if (lvpn_key_read_tcv2_client(text, len, key2, wkc, &wkc_len) ||
	    lvpn_wrap_init(w, LVPN_WRAP_CRYPT, key2, LVPN_KEY_DIR_INVERSE, NULL, 0, 0) ||
	    lvpn_wrap_set_wkc(w, wkc, wkc_len))
		return -1;
	return 0;
}

/* The UDP payload: a client reset with a random session id. */
static int build(struct lvpn_wrap *w, uint8_t *out, size_t cap, size_t *len)
{
	uint8_t sid[LVPN_SID_SIZE];
	struct lvpn_ctrl_pkt p;
	struct lvpn_buf b;
	size_t head = w ? lvpn_wrap_headroom(w) : 0, plain;

	for (int i = 0; i < LVPN_SID_SIZE; i += 4) {
		uint32_t r = next_rand();

		memcpy(sid + i, &r, 4);
	}
	memset(&p, 0, sizeof(p));
	p.op = w ? LVPN_OP_HARD_RESET_CLIENT_V3 : LVPN_OP_HARD_RESET_CLIENT_V2;
	p.sid = sid;
	p.has_msg_id = 1;
	if (lvpn_pkt_write(&p, out + head, cap - head - LVPN_TCV2_WKC_MAX, &plain))
		return -1;
	if (!w) {
		*len = plain;
		return 0;
	}
	lvpn_buf_init(&b, out, (uint32_t)cap);
	b.head = (uint32_t)head;
	b.len = (uint32_t)plain;
	lvpn_wrap_set_send_id(w, LVPN_EARLY_NEG_START);
	if (lvpn_wrap_seal(w, &b, (uint64_t)time(NULL)))
		return -1;
	memmove(out, lvpn_buf_data(&b), b.len);
	*len = b.len;
	return 0;
}

/* The TCP variants: prints how many frames went out. */
static int over_tcp(const struct sockaddr_in *dst, unsigned long count, struct lvpn_wrap *w,
                    int fresh)
{
	uint8_t frame[2 + 2048], junk[4096];
	unsigned long sent = 0;
	size_t len = 0;

	for (unsigned long i = 0; i < count; i++) {
		struct timeval tv = {.tv_sec = 0, .tv_usec = 300000};
		int fd;

		if ((i == 0 || fresh) && build(w, frame + 2, sizeof(frame) - 2, &len))
			return 1;
		frame[0] = (uint8_t)(len >> 8);
		frame[1] = (uint8_t)len;
		fd = socket(AF_INET, SOCK_STREAM, 0);
		if (fd < 0 || connect(fd, (const struct sockaddr *)dst, sizeof(*dst))) {
			perror("flood: tcp connect");
			return 1;
		}
		setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
		if (send(fd, frame, len + 2, 0) == (ssize_t)(len + 2))
			sent++;
		(void)!recv(fd, junk, sizeof(junk), 0);
		close(fd);
	}
	printf("%lu\n", sent);
	return 0;
}

/* The spoofed sources: SRC_IP and the mask of its random part. */
static uint32_t src_net, src_host_mask;

/* Counts what the raw socket FD holds from port SPORT to a spoofed source
 * (not to the real clients of the namespace): at most 4096 datagrams per
 * call, waiting up to WAIT_MS for the first. */
static void count_replies(int fd, uint16_t sport, int wait_ms)
{
	uint8_t d[2048];

	for (int i = 0; fd >= 0 && i < 4096; i++) {
		struct pollfd p = {fd, POLLIN, 0};
		ssize_t n;
		size_t ihl, len;
		uint32_t dst;

		if (poll(&p, 1, i == 0 ? wait_ms : 0) <= 0)
			return;
		n = recv(fd, d, sizeof(d), MSG_DONTWAIT);
		if (n < 28)
			continue;
		ihl = (size_t)(d[0] & 15) * 4;
		dst = (uint32_t)d[16] << 24 | (uint32_t)d[17] << 16 | (uint32_t)d[18] << 8 | d[19];
		if ((size_t)n < ihl + 8 || (d[ihl] << 8 | d[ihl + 1]) != sport ||
		    (dst & ~src_host_mask) != src_net)
			continue;
		len = (size_t)n - ihl - 8;
		rep_n++;
		rep_bytes += len;
		if (len > rep_max)
			rep_max = len;
	}
}

static int reply_socket(void)
{
	int fd, sz = 8 << 20;

	if (!getenv("FLOOD_REPLIES"))
		return -1;
	fd = socket(AF_INET, SOCK_RAW | SOCK_NONBLOCK, IPPROTO_UDP);
	if (fd >= 0)
		setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &sz, sizeof(sz));
	return fd;
}

/* SRC_IP or SRC_IP/BITS: the address and the mask of the random part. */
static int parse_src(const char *arg, struct in_addr *src, uint32_t *host_mask)
{
	char ip[64];
	const char *slash = strchr(arg, '/');
	int bits = 32;

	snprintf(ip, sizeof(ip), "%.*s", slash ? (int)(slash - arg) : (int)strlen(arg), arg);
	if (slash)
		bits = atoi(slash + 1);
	if (bits < 8 || bits > 32 || inet_pton(AF_INET, ip, src) != 1)
		return -1;
	*host_mask = bits == 32 ? 0 : 0xffffffffu >> bits;
	return 0;
}

int main(int argc, char **argv)
{
	struct lvpn_wrap w, *wp = NULL;
	struct sockaddr_in dst = {.sin_family = AF_INET};
	struct in_addr src;
	uint32_t host_mask = 0;
	int rfd;
	uint8_t pkt[28 + 2048];
	unsigned long count, sent = 0;
	int fd;

	if (argc != 5 && argc != 7 && argc != 8) {
		fprintf(stderr, "usage: flood DST_IP DST_PORT SRC_IP COUNT [v2 CLIENT_KEY]\n");
		return 2;
	}
	if (inet_pton(AF_INET, argv[1], &dst.sin_addr) != 1 || parse_src(argv[3], &src, &host_mask))
		return 2;
	count = strtoul(argv[4], NULL, 10);
	if (argc >= 7) {
		memset(&w, 0, sizeof(w));
		if (strcmp(argv[5], "v2") || load_v2(argv[6], &w)) {
			fprintf(stderr, "flood: cannot use key %s\n", argv[6]);
			return 2;
		}
		wp = &w;
	}
	rng ^= (uint32_t)getpid();
	if (argc == 8) {
		dst.sin_port = htons((uint16_t)atoi(argv[2]));
		int rc = over_tcp(&dst, count, wp, strcmp(argv[7], "tcp-fresh") == 0);

		lvpn_wrap_free(wp);
		return rc;
	}
	fd = socket(AF_INET, SOCK_RAW, IPPROTO_RAW);
	if (fd < 0) {
		perror("flood: raw socket");
		return 1;
	}
	rfd = reply_socket();
	src_host_mask = host_mask;
	src_net = ntohl(src.s_addr) & ~host_mask;
	for (unsigned long i = 0; i < count; i++) {
		size_t len, tot;
		uint16_t sport = (uint16_t)(1024 + next_rand() % 64000);

		if (build(wp, pkt + 28, sizeof(pkt) - 28, &len))
			return 1;
		tot = 28 + len;
		if (i % 32 == 31) {
			usleep(500); /* paced (~50k/s), so the server sees most of it */
			count_replies(rfd, (uint16_t)atoi(argv[2]), 0);
		}
		req_bytes += len;
		if (len > req_max)
			req_max = len;
		/* IPv4 header (the kernel fills the checksum and, if 0, the id) */
		memset(pkt, 0, 28);
		pkt[0] = 0x45;
		pkt[2] = (uint8_t)(tot >> 8);
		pkt[3] = (uint8_t)tot;
		pkt[8] = 64;
		pkt[9] = IPPROTO_UDP;
		if (host_mask) {
			uint32_t a = (ntohl(src.s_addr) & ~host_mask) | (next_rand() & host_mask);

			a = htonl(a);
			memcpy(pkt + 12, &a, 4);
		} else {
			memcpy(pkt + 12, &src, 4);
		}
		memcpy(pkt + 16, &dst.sin_addr, 4);
		/* UDP header, checksum 0 (none, allowed over IPv4) */
		pkt[20] = (uint8_t)(sport >> 8);
		pkt[21] = (uint8_t)sport;
		pkt[22] = (uint8_t)(atoi(argv[2]) >> 8);
		pkt[23] = (uint8_t)atoi(argv[2]);
		pkt[24] = (uint8_t)((tot - 20) >> 8);
		pkt[25] = (uint8_t)(tot - 20);
		for (int tries = 0; tries < 1000; tries++) {
			if (sendto(fd, pkt, tot, 0, (struct sockaddr *)&dst, sizeof(dst)) >= 0) {
				sent++;
				break;
			}
			if (errno != ENOBUFS && errno != EAGAIN) {
				perror("flood: sendto");
				return 1;
			}
			usleep(100);
		}
	}
	close(fd);
	if (wp)
		lvpn_wrap_free(wp);
	printf("%lu\n", sent);
	if (rfd >= 0) {
		for (int k = 0; k < 64; k++)
			count_replies(rfd, (uint16_t)atoi(argv[2]), k < 20 ? 50 : 0);
		close(rfd);
		printf("requests %lu %lu %lu replies %lu %lu %lu\n", sent, req_bytes, req_max,
		       rep_n, rep_bytes, rep_max);
	}
	return 0;
}
