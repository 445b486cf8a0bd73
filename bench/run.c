/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn-bench: the measurements.
 *
 * Data phase: a ring of RING distinct plaintext TUN packets, each in its own
 * buffer with the session's headroom and tailroom.  Packet i is sealed in
 * place by one engine (lvpn_session_encrypt) and opened in place by the other
 * (lvpn_session_recv), the direction alternating every packet; the open
 * leaves the plaintext where it was, so the ring is reused without copying
 * and every seal takes a fresh packet id (the replay window sees only
 * accepts).  The timed loop holds exactly that: seal, open, the return-code
 * and length checks.  After each round, outside the clock, every ring
 * buffer is compared byte for byte with its reference copy.
 *
 * The ceiling (bench/ceiling.c) seals and opens the same sizes in the same
 * order on its own ring; engine and ceiling alternate in short rounds so
 * that both see the same machine state, and the ratio is taken per round.
 */
#include "bench/run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench/ceiling.h"
#include "tests/unit/alloc_count.h"

#define RING 384 /* > the 64-packet replay window; a multiple of 2 x 12 */

static const unsigned mix12[12] = {64, 576, 64, 64, 1400, 64, 576, 64, 64, 576, 64, 576};

struct ring {
	uint8_t *mem, *ref, *cmem;
	uint32_t slot, headroom;
	uint32_t len[RING];
	struct lvpn_buf b[RING];
};

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static uint64_t allocs(void)
{
	return alloc_count_libc_active() ? alloc_count_libc() : alloc_count_ssl();
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void stats(double *v, unsigned n, double *med, double *lo, double *hi)
{
	qsort(v, n, sizeof(*v), cmp_double);
	*lo = v[0];
	*hi = v[n - 1];
	*med = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* An IPv4/UDP-looking packet (so mssfix inspects and leaves it), then bytes
 * that differ per slot. */
static void fill(uint8_t *p, uint32_t len, unsigned slot)
{
	for (uint32_t i = 0; i < len; i++)
		p[i] = (uint8_t)(slot * 131 + i * 7 + 1);
	if (len < 28)
		return;
	p[0] = 0x45;
	p[1] = 0;
	p[2] = (uint8_t)(len >> 8);
	p[3] = (uint8_t)len;
	p[6] = p[7] = 0;
	p[8] = 64;
	p[9] = 17;
}

static int ring_init(struct ring *r, const struct lvpn_frame *f, unsigned size)
{
	memset(r, 0, sizeof(*r));
	r->headroom = f->headroom;
	r->slot = (lvpn_frame_bufsize(f) + 64 + 63) & ~63u;
	r->mem = aligned_alloc(64, (size_t)r->slot * RING);
	r->cmem = aligned_alloc(64, (size_t)r->slot * RING);
	r->ref = malloc((size_t)1500 * RING);
	if (!r->mem || !r->cmem || !r->ref)
		return -1;
	for (unsigned s = 0; s < RING; s++) {
		r->len[s] = size == SIZE_MIX ? mix12[(s / 2) % 12] : size;
		fill(r->ref + (size_t)s * 1500, r->len[s], s);
		lvpn_buf_init(&r->b[s], r->mem + (size_t)s * r->slot, r->slot);
		if (lvpn_buf_reset(&r->b[s], r->headroom) ||
		    lvpn_buf_put(&r->b[s], r->ref + (size_t)s * 1500, r->len[s]))
			return -1;
		memcpy(r->cmem + (size_t)s * r->slot, r->ref + (size_t)s * 1500, r->len[s]);
	}
	return 0;
}

static void ring_free(struct ring *r)
{
	free(r->mem);
	free(r->cmem);
	free(r->ref);
}

/* The timed engine loop: n packets (a multiple of RING). */
static int engine_round(struct bpair *p, struct ring *r, uint64_t n)
{
	struct lvpn_session *side[2] = {p->c.s, p->s.s};
	uint64_t now = p->now;

	for (uint64_t i = 0; i < n; i++) {
		unsigned s = (unsigned)(i % RING);
		struct lvpn_buf *b = &r->b[s];
		enum lvpn_rx rx = LVPN_RX_NONE;
		int rc;

		b->head = r->headroom;
		b->len = r->len[s];
		rc = lvpn_session_encrypt(side[s & 1], b, now);
		if (rc) {
			fprintf(stderr, "leanvpn-bench: encrypt failed: %d\n", rc);
			return -1;
		}
		rc = lvpn_session_recv(side[!(s & 1)], b, now, &rx);
		if (rc || rx != LVPN_RX_TUN || b->len != r->len[s] || b->head != r->headroom) {
			fprintf(stderr,
			        "leanvpn-bench: packet %llu (%u bytes) did not come back: "
			        "rc %d, rx %d, len %u, head %u (want %u)\n",
			        (unsigned long long)i, r->len[s], rc, (int)rx, b->len, b->head,
			        r->headroom);
			return -1;
		}
	}
	return 0;
}

static int ring_check(const struct ring *r)
{
	for (unsigned s = 0; s < RING; s++) {
		if (memcmp(lvpn_buf_data(&r->b[s]), r->ref + (size_t)s * 1500, r->len[s]) != 0) {
			fprintf(stderr, "leanvpn-bench: slot %u: decrypted bytes differ\n", s);
			return -1;
		}
	}
	return 0;
}

static int ceiling_round(struct ceiling *c, struct ring *r, uint64_t n, uint32_t *pid)
{
	for (uint64_t i = 0; i < n; i++) {
		unsigned s = (unsigned)(i % RING);

		if (ceiling_roundtrip(c, r->cmem + (size_t)s * r->slot, r->len[s], ++*pid)) {
			fprintf(stderr, "leanvpn-bench: ceiling round trip failed\n");
			return -1;
		}
	}
	return 0;
}

static int measure(struct bpair *p, struct ceiling *c, struct ring *r, uint64_t per_round,
                   unsigned rounds, struct data_result *o)
{
	double te[RUN_ROUNDS_MAX], tc[RUN_ROUNDS_MAX], ratio[RUN_ROUNDS_MAX];
	double bytes = 0, t0;
	uint32_t pid = 0;
	uint64_t a0;

	for (unsigned s = 0; s < RING; s++)
		bytes += r->len[s];
	bytes *= (double)(per_round / RING);
	/* warm-up: caches, branch predictors, lazily set-up OpenSSL state */
	if (engine_round(p, r, RING) || ring_check(r) || ceiling_round(c, r, RING, &pid))
		return -1;
	for (unsigned k = 0; k < rounds; k++) {
		a0 = allocs();
		t0 = now_ns();
		if (engine_round(p, r, per_round))
			return -1;
		te[k] = now_ns() - t0;
		o->heap_allocs += allocs() - a0;
		if (ring_check(r))
			return -1;
		o->checked += RING;
		t0 = now_ns();
		if (ceiling_round(c, r, per_round, &pid))
			return -1;
		tc[k] = now_ns() - t0;
		ratio[k] = tc[k] / te[k];
	}
	o->check_ok = 1;
	o->packets = per_round * rounds;
	o->payload_avg = bytes / (double)per_round;
	stats(ratio, rounds, &o->ratio, &o->ratio_min, &o->ratio_max);
	for (unsigned k = 0; k < rounds; k++) {
		te[k] = bytes * 8 / te[k]; /* bits per ns = Gbit/s */
		tc[k] = bytes * 8 / tc[k];
	}
	stats(te, rounds, &o->gbps, &o->gbps_min, &o->gbps_max);
	stats(tc, rounds, &o->ceil_gbps, &o->ceil_gbps_min, &o->ceil_gbps_max);
	o->ns_per_packet = bytes * 8 / o->gbps / (double)per_round;
	o->ceil_ns_per_packet = bytes * 8 / o->ceil_gbps / (double)per_round;
	o->pps = 1e9 / o->ns_per_packet;
	return 0;
}

int run_data(const char *pki, const char *cipher, enum bpair_wrap wrap, unsigned size,
             uint64_t packets, unsigned rounds, struct data_result *o)
{
	struct bpair *p = calloc(1, sizeof(*p));
	struct ceiling *c = ceiling_new(cipher, "SHA256");
	struct ring r;
	struct lvpn_frame f;
	uint64_t per_round;
	int rc = -1;

	memset(o, 0, sizeof(*o));
	memset(&r, 0, sizeof(r));
	o->size = size;
	o->rounds = rounds;
	if (!p || !c) {
		fprintf(stderr, "leanvpn-bench: cannot set up %s\n", cipher);
		goto out;
	}
	if (bpair_init(p, pki, cipher, wrap) || bpair_connect(p))
		goto out;
	snprintf(o->cipher, sizeof(o->cipher), "%s", lvpn_session_cipher(p->c.s));
	if (strcmp(o->cipher, lvpn_session_cipher(p->s.s)) != 0) {
		fprintf(stderr, "leanvpn-bench: the engines disagree on the cipher\n");
		goto out;
	}
	lvpn_session_frame(p->c.s, &f);
	if (ring_init(&r, &f, size)) {
		fprintf(stderr, "leanvpn-bench: out of memory\n");
		goto out;
	}
	per_round = (packets / rounds + RING - 1) / RING * RING;
	rc = measure(p, c, &r, per_round ? per_round : RING, rounds, o);
out:
	ring_free(&r);
	ceiling_free(c);
	if (p)
		bpair_free(p);
	free(p);
	return rc;
}

int run_handshakes(const char *pki, const char *cipher, enum bpair_wrap wrap, unsigned n,
                   struct hs_result *o)
{
	struct bpair *p = calloc(1, sizeof(*p));
	double *ms = calloc(n + 1, sizeof(double)), total = 0, t0;
	uint64_t a0, a = 0;
	int rc = -1;

	memset(o, 0, sizeof(*o));
	snprintf(o->cipher, sizeof(o->cipher), "%s", cipher);
	if (!p || !ms || bpair_init(p, pki, cipher, wrap))
		goto out;
	/* one untimed handshake warms OpenSSL's lazy state */
	if (bpair_connect(p))
		goto out;
	bpair_disconnect(p);
	for (unsigned i = 0; i < n; i++) {
		a0 = allocs();
		t0 = now_ns();
		if (bpair_connect(p))
			goto out;
		bpair_disconnect(p);
		ms[i] = (now_ns() - t0) / 1e6;
		a += allocs() - a0;
		total += ms[i];
	}
	o->n = n;
	o->per_sec = n / (total / 1e3);
	o->heap_allocs_per_hs = (double)a / n;
	stats(ms, n, &o->ms_median, &o->ms_min, &o->ms_max);
	rc = 0;
out:
	if (p)
		bpair_free(p);
	free(p);
	free(ms);
	return rc;
}
