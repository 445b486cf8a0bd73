/* SPDX-License-Identifier: BSD-2-Clause */
/* src/tcpout: frames through a congested non-blocking stream socket.  The
 * reader must see only whole frames, in order, each intact; what did not
 * fit is dropped whole and counted; a broken peer is an error. */
#include "tests/unit/testutil.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include "src/tcpout.h"

#define FRAME 1402 /* 2-byte length + 1400 bytes */

static void make_frame(uint8_t *f, uint32_t seq)
{
	f[0] = (FRAME - 2) >> 8;
	f[1] = (FRAME - 2) & 0xff;
	for (size_t i = 2; i < FRAME; i++)
		f[i] = (uint8_t)(seq * 31 + i);
	memcpy(f + 2, &seq, sizeof(seq));
}

static void pair(int sv[2])
{
	int small = 4096;

	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	assert_int_equal(setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &small, sizeof(small)), 0);
	assert_int_equal(fcntl(sv[0], F_SETFL, O_NONBLOCK), 0);
	assert_int_equal(fcntl(sv[1], F_SETFL, O_NONBLOCK), 0);
}

/* Reads what is there and checks every complete frame; returns the
 * number of frames seen; a partial frame stays in acc. */
static int drain(int fd, uint8_t *acc, size_t *have, uint32_t *last_seq)
{
	int frames = 0;
	ssize_t n;

	while ((n = read(fd, acc + *have, 65536 - *have)) > 0) {
		*have += (size_t)n;
		while (*have >= FRAME) {
			uint8_t want[FRAME];
			uint32_t seq;

			assert_int_equal(acc[0] << 8 | acc[1], FRAME - 2);
			memcpy(&seq, acc + 2, sizeof(seq));
			assert_true(seq > *last_seq || (*last_seq == 0 && seq == 0 && frames == 0));
			make_frame(want, seq);
			assert_memory_equal(acc, want, FRAME);
			*last_seq = seq;
			memmove(acc, acc + FRAME, *have - FRAME);
			*have -= FRAME;
			frames++;
		}
	}
	return frames;
}

static void congested_stream_keeps_framing(void **state)
{
	static uint8_t acc[65536];
	struct lvpn_tcpout q;
	uint8_t f[FRAME];
	uint32_t last = 0, sent = 0, seen = 0, partial = 0;
	size_t have = 0;
	int sv[2];

	(void)state;
	pair(sv);
	assert_int_equal(lvpn_tcpout_init(&q, FRAME), 0);
	/* bounded: 20 rounds of a burst of 64 frames, then a partial read */
	for (int round = 0; round < 20; round++) {
		for (int i = 0; i < 64; i++) {
			int rc;

			make_frame(f, sent);
			rc = lvpn_tcpout_send(&q, sv[0], f, FRAME);
			assert_true(rc == 0 || rc == 1);
			partial += rc == 0 && lvpn_tcpout_pending(&q);
			sent++;
		}
		seen += (uint32_t)drain(sv[1], acc, &have, &last);
		assert_true(lvpn_tcpout_flush(&q, sv[0]) >= 0);
	}
	/* empty everything */
	for (int i = 0; i < 1000 && (lvpn_tcpout_pending(&q) || have); i++) {
		seen += (uint32_t)drain(sv[1], acc, &have, &last);
		assert_true(lvpn_tcpout_flush(&q, sv[0]) >= 0);
	}
	seen += (uint32_t)drain(sv[1], acc, &have, &last);
	assert_false(lvpn_tcpout_pending(&q));
	assert_int_equal(have, 0);
	assert_true(q.dropped > 0); /* the buffer was really too small */
	assert_true(partial > 0);   /* and frames were really split */
	assert_int_equal(seen + q.dropped, sent);
	lvpn_tcpout_free(&q);
	close(sv[0]);
	close(sv[1]);
}

static void oversized_frame_dropped(void **state)
{
	struct lvpn_tcpout q;
	uint8_t big[FRAME + 1] = {0};
	int sv[2];

	(void)state;
	pair(sv);
	assert_int_equal(lvpn_tcpout_init(&q, FRAME), 0);
	assert_int_equal(lvpn_tcpout_send(&q, sv[0], big, sizeof(big)), 1);
	assert_int_equal(q.dropped, 1);
	lvpn_tcpout_free(&q);
	close(sv[0]);
	close(sv[1]);
}

static void broken_peer_is_an_error(void **state)
{
	struct lvpn_tcpout q;
	uint8_t f[FRAME];
	int sv[2];

	(void)state;
	signal(SIGPIPE, SIG_IGN);
	pair(sv);
	assert_int_equal(lvpn_tcpout_init(&q, FRAME), 0);
	close(sv[1]);
	make_frame(f, 1);
	assert_int_equal(lvpn_tcpout_send(&q, sv[0], f, FRAME), -1);
	assert_int_equal(errno, EPIPE);
	lvpn_tcpout_free(&q);
	close(sv[0]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(congested_stream_keeps_framing),
		cmocka_unit_test(oversized_frame_dropped),
		cmocka_unit_test(broken_peer_is_an_error),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
