/* SPDX-License-Identifier: BSD-2-Clause */
/* A hostile network between a VPN client and its server, for
 * tests/net/hostile_*.sh: a userspace UDP relay that listens for one
 * client and forwards its datagrams to the server from its own socket
 * (so the server sees the relay's address and port), and the server's
 * answers back, with impairments chosen by options:
 *   relay [options] LISTEN_IP PORT SERVER_IP PORT
 *   -s SEED      the PRNG seed (default 1): the same seed makes the same
 *                decisions for the same sequence of datagrams
 *   -d PCT       drop PCT percent of the datagrams (both ways)
 *   -u PCT       send PCT percent twice
 *   -r PCT -j MS hold PCT percent for a random 0..MS ms (reordering)
 *   -c PCT       flip one random bit in PCT percent
 *   -m MTU       drop datagrams whose IPv4 packet (payload + 28) > MTU
 *   -n SEC       after SEC seconds, talk to the server from a new socket
 *                (a new source port: a NAT rebinding); the old one stays
 *                open and what the server still sends there is counted;
 *                SIGUSR1 does the same at once
 *   -f N         on SIGUSR2, send N forged datagrams to the server from
 *                yet another port: the first 4 bytes of the client's last
 *                DATA_V2 packet (opcode and peer-id), then random bytes;
 *                what the server sends to that port is counted; then
 *                for 300 ms the client's datagrams are dropped ("muted"),
 *                so that what the server sends meanwhile goes wherever it
 *                believes the client is
 *   -g N         on SIGUSR2, send N such garbage datagrams from the
 *                client's own current port (paced, 20 per millisecond)
 *   -t SEC       exit after SEC seconds (default 300)
 * Stops on SIGTERM/SIGINT; prints its counters on stdout at exit, one
 * "name value" per line.  Every loop is bounded: 64 datagrams per socket
 * per wake-up, a held queue of 512 datagrams (a full queue sends at
 * once), poll timeouts of at most 50 ms. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define DGRAM_MAX 2048
#define HOLD_MAX  512

enum {
	C_FROM_CLIENT,
	C_FROM_SERVER,
	C_DROP,
	C_DUP,
	C_HELD,
	C_CORRUPT,
	C_MTU,
	C_REBIND,
	C_STALE,
	C_FORGED,
	C_FORGE_RX,
	C_GARBAGE,
	C_HOLD_FULL,
	C_MUTED,
	C_N
};
static const char *cname[C_N] = {"from_client", "from_server", "dropped",     "duplicated",
                                 "held",        "corrupted",   "mtu_dropped", "rebinds",
                                 "stale_rx",    "forged_sent", "forge_rx",    "garbage_sent",
                                 "hold_full",   "muted"};
static unsigned long long cnt[C_N];

struct held {
	uint64_t due;
	int to_server;
	size_t len;
	uint8_t d[DGRAM_MAX];
};

static struct relay {
	uint64_t rng;
	double drop, dup, reorder, corrupt;
	unsigned jitter_ms, mtu;
	double rebind_at, limit;
	unsigned forge_n, garbage_n;
	int lsock, osock, oldsock, fsock;
	struct sockaddr_in client, server;
	int have_client;
	uint8_t peer_hdr[4];
	int have_peer;
	struct held hold[HOLD_MAX];
	unsigned nheld;
	uint64_t mute_until;
} r;

static volatile sig_atomic_t stop, usr1, usr2;

static void on_signal(int sig)
{
	if (sig == SIGUSR1)
		usr1 = 1;
	else if (sig == SIGUSR2)
		usr2 = 1;
	else
		stop = 1;
}

static uint64_t next_rand(void)
{
	/* xorshift64* */
	r.rng ^= r.rng >> 12;
	r.rng ^= r.rng << 25;
	r.rng ^= r.rng >> 27;
	return r.rng * 0x2545F4914F6CDD1DULL;
}

static int chance(double pct)
{
	return pct > 0 && (double)(next_rand() >> 11) / 9007199254740992.0 * 100.0 < pct;
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static int udp_socket(const struct sockaddr_in *bind_to, const struct sockaddr_in *peer)
{
	int s = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
	int sz = 4 << 20;

	if (s < 0)
		return -1;
	setsockopt(s, SOL_SOCKET, SO_RCVBUF, &sz, sizeof(sz));
	setsockopt(s, SOL_SOCKET, SO_SNDBUF, &sz, sizeof(sz));
	if ((bind_to && bind(s, (const struct sockaddr *)bind_to, sizeof(*bind_to))) ||
	    (peer && connect(s, (const struct sockaddr *)peer, sizeof(*peer)))) {
		close(s);
		return -1;
	}
	return s;
}

static void send_now(int to_server, const uint8_t *d, size_t len)
{
	if (to_server)
		(void)send(r.osock, d, len, 0);
	else if (r.have_client)
		(void)sendto(r.lsock, d, len, 0, (const struct sockaddr *)&r.client,
		             sizeof(r.client));
}

/* One datagram through the impairments, in a fixed order of decisions. */
static void impair(int to_server, uint8_t *d, size_t len, uint64_t now)
{
	int copies = 1;

	if (r.mtu && len + 28 > r.mtu) {
		cnt[C_MTU]++;
		return;
	}
	if (chance(r.drop)) {
		cnt[C_DROP]++;
		return;
	}
	if (chance(r.corrupt) && len > 0) {
		size_t bit = (size_t)(next_rand() % (len * 8));

		d[bit / 8] ^= (uint8_t)(1u << (bit % 8));
		cnt[C_CORRUPT]++;
	}
	if (chance(r.dup)) {
		cnt[C_DUP]++;
		copies = 2;
	}
	for (int i = 0; i < copies; i++) {
		if (chance(r.reorder) && r.jitter_ms) {
			if (r.nheld < HOLD_MAX) {
				struct held *h = &r.hold[r.nheld++];

				h->due = now + next_rand() % (r.jitter_ms + 1);
				h->to_server = to_server;
				h->len = len;
				memcpy(h->d, d, len);
				cnt[C_HELD]++;
				continue;
			}
			cnt[C_HOLD_FULL]++;
		}
		send_now(to_server, d, len);
	}
}

/* Sends the held datagrams that are due; returns ms until the next one
 * (at most 50). */
static int release_due(uint64_t now)
{
	int wait = 50;

	for (unsigned i = 0; i < r.nheld;) {
		struct held *h = &r.hold[i];

		if (h->due <= now) {
			send_now(h->to_server, h->d, h->len);
			if (i != r.nheld - 1)
				memcpy(h, &r.hold[r.nheld - 1], sizeof(*h));
			r.nheld--;
			continue;
		}
		if ((int)(h->due - now) < wait)
			wait = (int)(h->due - now);
		i++;
	}
	return wait;
}

static void read_client(uint64_t now)
{
	uint8_t d[DGRAM_MAX];

	for (int i = 0; i < 64; i++) {
		struct sockaddr_in a;
		socklen_t alen = sizeof(a);
		ssize_t n = recvfrom(r.lsock, d, sizeof(d), 0, (struct sockaddr *)&a, &alen);

		if (n < 0)
			return;
		/* the client may restart from another port: follow it */
		r.client = a;
		r.have_client = 1;
		cnt[C_FROM_CLIENT]++;
		if (now < r.mute_until) {
			cnt[C_MUTED]++;
			continue;
		}
		if (n >= 4 && d[0] >> 3 == 9) { /* P_DATA_V2 */
			memcpy(r.peer_hdr, d, 4);
			r.have_peer = 1;
		}
		impair(1, d, (size_t)n, now);
	}
}

static void read_server(int s, int counter, uint64_t now)
{
	uint8_t d[DGRAM_MAX];

	for (int i = 0; i < 64; i++) {
		ssize_t n = recv(s, d, sizeof(d), 0);

		if (n < 0)
			return;
		cnt[counter]++;
		if (counter == C_FROM_SERVER)
			impair(0, d, (size_t)n, now);
	}
}

static void garbage(int s, unsigned n, unsigned counter)
{
	uint8_t d[200];

	memcpy(d, r.peer_hdr, 4);
	for (unsigned i = 0; i < n; i++) {
		size_t len = 20 + next_rand() % (sizeof(d) - 20);

		for (size_t k = 4; k < len; k++)
			d[k] = (uint8_t)next_rand();
		if (send(s, d, len, 0) == (ssize_t)len)
			cnt[counter]++;
		if (i % 20 == 19) {
			struct timespec ts = {0, 1000000};

			nanosleep(&ts, NULL);
		}
	}
}

static int addr(const char *ip, const char *port, struct sockaddr_in *a)
{
	memset(a, 0, sizeof(*a));
	a->sin_family = AF_INET;
	a->sin_port = htons((uint16_t)atoi(port));
	return inet_pton(AF_INET, ip, &a->sin_addr) == 1 ? 0 : -1;
}

static int options(int argc, char **argv)
{
	int o;

	r.rng = 1;
	r.limit = 300;
	r.rebind_at = -1;
	while ((o = getopt(argc, argv, "s:d:u:r:j:c:m:n:f:g:t:")) != -1) {
		switch (o) {
		case 's':
			r.rng = strtoull(optarg, NULL, 0) | 1;
			break;
		case 'd':
			r.drop = atof(optarg);
			break;
		case 'u':
			r.dup = atof(optarg);
			break;
		case 'r':
			r.reorder = atof(optarg);
			break;
		case 'j':
			r.jitter_ms = (unsigned)atoi(optarg);
			break;
		case 'c':
			r.corrupt = atof(optarg);
			break;
		case 'm':
			r.mtu = (unsigned)atoi(optarg);
			break;
		case 'n':
			r.rebind_at = atof(optarg);
			break;
		case 'f':
			r.forge_n = (unsigned)atoi(optarg);
			break;
		case 'g':
			r.garbage_n = (unsigned)atoi(optarg);
			break;
		case 't':
			r.limit = atof(optarg);
			break;
		default:
			return -1;
		}
	}
	if (argc - optind != 4 || addr(argv[optind], argv[optind + 1], &r.client) ||
	    addr(argv[optind + 2], argv[optind + 3], &r.server))
		return -1;
	return 0;
}

/* The events: the rebinding (timed or SIGUSR1, once each: an older
 * socket is closed), the forged and the garbage datagrams (SIGUSR2). */
static void events(double t, uint64_t now)
{
	if ((r.rebind_at >= 0 && t >= r.rebind_at) || usr1) {
		int s = udp_socket(NULL, &r.server);

		if (r.rebind_at >= 0 && t >= r.rebind_at)
			r.rebind_at = -1;
		usr1 = 0;
		if (s >= 0) {
			if (r.oldsock >= 0)
				close(r.oldsock);
			r.oldsock = r.osock;
			r.osock = s;
			cnt[C_REBIND]++;
		}
	}
	if (usr2 && r.have_peer) {
		usr2 = 0;
		if (r.forge_n && r.fsock < 0)
			r.fsock = udp_socket(NULL, &r.server);
		if (r.forge_n && r.fsock >= 0) {
			garbage(r.fsock, r.forge_n, C_FORGED);
			r.mute_until = now + 300;
		}
		if (r.garbage_n)
			garbage(r.osock, r.garbage_n, C_GARBAGE);
	}
}

int main(int argc, char **argv)
{
	struct sigaction sa;
	struct sockaddr_in listen_at;
	uint64_t t0;

	if (options(argc, argv)) {
		fprintf(stderr, "usage: relay [-s seed] [-d pct] [-u pct] [-r pct -j ms] [-c pct] "
		                "[-m mtu] [-n sec] [-f n] [-g n] [-t sec] "
		                "LISTEN_IP PORT SERVER_IP PORT\n");
		return 2;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGUSR2, &sa, NULL);
	listen_at = r.client;
	r.oldsock = r.fsock = -1;
	r.lsock = udp_socket(&listen_at, NULL);
	r.osock = udp_socket(NULL, &r.server);
	if (r.lsock < 0 || r.osock < 0) {
		perror("relay: socket");
		return 1;
	}
	t0 = now_ms();
	while (!stop) {
		uint64_t now = now_ms();
		double t = (double)(now - t0) / 1000.0;
		struct pollfd p[4] = {{r.lsock, POLLIN, 0},
		                      {r.osock, POLLIN, 0},
		                      {r.oldsock, POLLIN, 0},
		                      {r.fsock, POLLIN, 0}};

		if (t >= r.limit)
			break;
		events(t, now);
		if (poll(p, 4, release_due(now)) < 0 && errno != EINTR)
			break;
		now = now_ms();
		read_client(now);
		read_server(r.osock, C_FROM_SERVER, now);
		if (r.oldsock >= 0)
			read_server(r.oldsock, C_STALE, now);
		if (r.fsock >= 0)
			read_server(r.fsock, C_FORGE_RX, now);
	}
	for (int i = 0; i < C_N; i++)
		printf("%s %llu\n", cname[i], cnt[i]);
	return 0;
}
