/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn-bench: the in-memory client<->server benchmark.
 *
 * One process, a real client engine and a real server engine back to back
 * in memory: a real TLS handshake with the test PKI, then data packets both
 * ways through the data channel, timed against the raw OpenSSL loop of
 * bench/ceiling.c in the same run.  No root, no network, no files written.
 * See docs/PERFORMANCE.md for the method.
 */
#include <getopt.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/opensslv.h>

#include "bench/run.h"
#include "tests/unit/alloc_count.h"

#ifndef LVPN_SRCDIR
#define LVPN_SRCDIR "."
#endif

static const char *const all_ciphers[] = {"AES-256-GCM", "AES-128-GCM", "CHACHA20-POLY1305",
                                          "AES-256-CBC"};
static const unsigned all_sizes[] = {64, 512, 1400, SIZE_MIX};
static const char *const wrap_names[] = {"none", "tls-auth", "tls-crypt", "tls-crypt-v2"};

/* Default packets per row: about 0.3-0.6 s per row (engine and ceiling
 * together) on the 2-vCPU Xeon of docs/PERFORMANCE.md when it is idle. */
static uint64_t default_packets(const char *cipher, unsigned size)
{
	uint64_t n;

	switch (size) {
	case 64:
		n = 360000;
		break;
	case 512:
		n = 240000;
		break;
	case 1400:
		n = 160000;
		break;
	default:
		n = 240000;
		break;
	}
	if (strstr(cipher, "CHACHA"))
		return n * 2 / 3;
	if (strstr(cipher, "CBC"))
		return n / 2;
	return n;
}

/* The load average (the first field of /proc/loadavg): other work on the
 * machine during a run makes its numbers noisy. */
static double loadavg(void)
{
	FILE *f = fopen("/proc/loadavg", "r");
	double v = -1;

	if (f) {
		if (fscanf(f, "%lf", &v) != 1)
			v = -1;
		fclose(f);
	}
	return v;
}

struct opts {
	const char *ciphers[8];
	unsigned nciphers;
	unsigned sizes[8];
	unsigned nsizes;
	uint64_t packets;
	unsigned rounds;
	unsigned handshakes;
	enum bpair_wrap wrap;
	int json;
	FILE *json_out; /* --json-out FILE: the JSON rows, besides the table */
	int cpu;
	const char *pki;
};

static void usage(FILE *f)
{
	fprintf(f,
	        "usage: leanvpn-bench [--cipher NAME|all] [--size BYTES|mix|all] [--packets N]\n"
	        "                     [--wrap none|tls-auth|tls-crypt|tls-crypt-v2] [--json]\n"
	        "                     [--rounds N] [--handshakes N] [--cpu N] [--pki DIR]\n"
	        "                     [--json-out FILE]\n"
	        "  --cipher   AES-256-GCM, AES-128-GCM, CHACHA20-POLY1305, AES-256-CBC (with\n"
	        "             HMAC-SHA256), or all (default)\n"
	        "  --size     TUN packet size 64..1500, mix (7:4:1 of 64/576/1400 bytes), or\n"
	        "             all (default: 64, 512, 1400, mix)\n"
	        "  --packets  packets per row (default: by cipher and size, ~0.3-0.6 s per row)\n"
	        "  --rounds   engine/ceiling alternations per row (default 7, max %d)\n"
	        "  --handshakes  full in-memory handshakes to time (default 100; 0: none)\n"
	        "  --cpu      pin to this CPU first\n"
	        "  --pki      the test PKI directory (default %s/tests/data/pki)\n"
	        "  --json     one JSON object per row on stdout instead of the table\n"
	        "  --json-out FILE  also write the JSON rows to FILE\n",
	        RUN_ROUNDS_MAX, LVPN_SRCDIR);
}

static int parse_u64(const char *s, uint64_t lo, uint64_t hi, uint64_t *out)
{
	char *end;
	unsigned long long v = strtoull(s, &end, 10);

	if (!*s || *end || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

static int parse(int argc, char **argv, struct opts *o)
{
	static const struct option lo[] = {
	    {"cipher", 1, NULL, 'c'},     {"size", 1, NULL, 's'}, {"packets", 1, NULL, 'n'},
	    {"wrap", 1, NULL, 'w'},       {"json", 0, NULL, 'j'}, {"rounds", 1, NULL, 'r'},
	    {"handshakes", 1, NULL, 'H'}, {"cpu", 1, NULL, 'C'},  {"pki", 1, NULL, 'p'},
	    {"json-out", 1, NULL, 'o'},   {"help", 0, NULL, 'h'}, {NULL, 0, NULL, 0},
	};
	uint64_t v;
	int ch;

	memset(o, 0, sizeof(*o));
	o->rounds = 7;
	o->handshakes = 100;
	o->cpu = -1;
	o->pki = LVPN_SRCDIR "/tests/data/pki";
	while ((ch = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		switch (ch) {
		case 'c':
			if (strcasecmp(optarg, "all") == 0) {
				o->nciphers = 0;
				break;
			}
			o->nciphers = 0;
			for (unsigned i = 0; i < 4; i++)
				if (strcasecmp(optarg, all_ciphers[i]) == 0)
					o->ciphers[o->nciphers++] = all_ciphers[i];
			if (!o->nciphers) {
				fprintf(stderr,
				        "leanvpn-bench: --cipher %s: not one of "
				        "AES-256-GCM, AES-128-GCM, CHACHA20-POLY1305, "
				        "AES-256-CBC, all\n",
				        optarg);
				return -1;
			}
			break;
		case 's':
			if (strcasecmp(optarg, "all") == 0) {
				o->nsizes = 0;
			} else if (strcasecmp(optarg, "mix") == 0) {
				o->sizes[0] = SIZE_MIX;
				o->nsizes = 1;
			} else if (parse_u64(optarg, 64, 1500, &v) == 0) {
				o->sizes[0] = (unsigned)v;
				o->nsizes = 1;
			} else {
				fprintf(stderr,
				        "leanvpn-bench: --size %s: want 64..1500, mix or all\n",
				        optarg);
				return -1;
			}
			break;
		case 'n':
			if (parse_u64(optarg, 1, 1000000000000ull, &o->packets)) {
				fprintf(stderr,
				        "leanvpn-bench: --packets %s: want a positive count\n",
				        optarg);
				return -1;
			}
			break;
		case 'w':
			for (v = 0; v < 4 && strcasecmp(optarg, wrap_names[v]) != 0; v++)
				;
			if (v == 4) {
				fprintf(stderr,
				        "leanvpn-bench: --wrap %s: want none, tls-auth, "
				        "tls-crypt or tls-crypt-v2\n",
				        optarg);
				return -1;
			}
			o->wrap = (enum bpair_wrap)v;
			break;
		case 'j':
			o->json = 1;
			break;
		case 'o':
			o->json_out = fopen(optarg, "w");
			if (!o->json_out) {
				perror(optarg);
				return -1;
			}
			break;
		case 'r':
			if (parse_u64(optarg, 1, RUN_ROUNDS_MAX, &v)) {
				fprintf(stderr, "leanvpn-bench: --rounds: 1..%d\n", RUN_ROUNDS_MAX);
				return -1;
			}
			o->rounds = (unsigned)v;
			break;
		case 'H':
			if (parse_u64(optarg, 0, 1000000, &v)) {
				fprintf(stderr, "leanvpn-bench: --handshakes: 0..1000000\n");
				return -1;
			}
			o->handshakes = (unsigned)v;
			break;
		case 'C':
			if (parse_u64(optarg, 0, 4095, &v)) {
				fprintf(stderr, "leanvpn-bench: --cpu: a CPU number\n");
				return -1;
			}
			o->cpu = (int)v;
			break;
		case 'p':
			o->pki = optarg;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			usage(stderr);
			return -1;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "leanvpn-bench: unexpected argument %s\n", argv[optind]);
		return -1;
	}
	if (!o->nciphers)
		for (unsigned i = 0; i < 4; i++)
			o->ciphers[o->nciphers++] = all_ciphers[i];
	if (!o->nsizes)
		for (unsigned i = 0; i < 4; i++)
			o->sizes[o->nsizes++] = all_sizes[i];
	return 0;
}

static void size_str(unsigned size, char *out, size_t cap)
{
	if (size == SIZE_MIX)
		snprintf(out, cap, "mix");
	else
		snprintf(out, cap, "%u", size);
}

static void json_data(FILE *f, const struct opts *o, const struct data_result *r)
{
	char sz[16];

	size_str(r->size, sz, sizeof(sz));
	fprintf(f,
	        "{\"kind\":\"data\",\"cipher\":\"%s\",\"size\":%s%s%s,\"payload_avg\":%.1f,"
	        "\"wrap\":\"%s\",\"packets\":%llu,\"rounds\":%u,\"gbps\":%.4f,"
	        "\"gbps_min\":%.4f,\"gbps_max\":%.4f,\"pps\":%.0f,\"ns_per_packet\":%.1f,"
	        "\"heap_allocs\":%llu,\"ceiling_gbps\":%.4f,\"ceiling_gbps_min\":%.4f,"
	        "\"ceiling_gbps_max\":%.4f,\"ceiling_ns_per_packet\":%.1f,"
	        "\"ratio_to_ceiling\":%.4f,\"ratio_min\":%.4f,\"ratio_max\":%.4f,"
	        "\"decrypt_check\":\"%s\",\"packets_compared\":%llu,\"loadavg\":%.2f}\n",
	        r->cipher, r->size == SIZE_MIX ? "\"" : "", sz, r->size == SIZE_MIX ? "\"" : "",
	        r->payload_avg, wrap_names[o->wrap], (unsigned long long)r->packets, r->rounds,
	        r->gbps, r->gbps_min, r->gbps_max, r->pps, r->ns_per_packet,
	        (unsigned long long)r->heap_allocs, r->ceil_gbps, r->ceil_gbps_min,
	        r->ceil_gbps_max, r->ceil_ns_per_packet, r->ratio, r->ratio_min, r->ratio_max,
	        r->check_ok ? "ok" : "FAILED", (unsigned long long)r->checked, loadavg());
	fflush(f);
}

static void print_data(const struct opts *o, const struct data_result *r)
{
	char sz[16];

	size_str(r->size, sz, sizeof(sz));
	if (o->json_out)
		json_data(o->json_out, o, r);
	if (o->json) {
		json_data(stdout, o, r);
	} else {
		printf("%-18s %5s %9llu %6.2f [%5.2f..%5.2f] %6.3f %7.0f %6.2f %7.0f %5.2f "
		       "[%4.2f..%4.2f] %6llu\n",
		       r->cipher, sz, (unsigned long long)r->packets, r->gbps, r->gbps_min,
		       r->gbps_max, r->pps / 1e6, r->ns_per_packet, r->ceil_gbps,
		       r->ceil_ns_per_packet, r->ratio, r->ratio_min, r->ratio_max,
		       (unsigned long long)r->heap_allocs);
	}
	fflush(stdout);
}

static void json_hs(FILE *f, const struct opts *o, const struct hs_result *h)
{
	fprintf(f,
	        "{\"kind\":\"handshake\",\"cipher\":\"%s\",\"wrap\":\"%s\",\"handshakes\":%u,"
	        "\"per_sec\":%.1f,\"ms_median\":%.3f,\"ms_min\":%.3f,\"ms_max\":%.3f,"
	        "\"heap_allocs_per_handshake\":%.0f,\"loadavg\":%.2f}\n",
	        h->cipher, wrap_names[o->wrap], h->n, h->per_sec, h->ms_median, h->ms_min,
	        h->ms_max, h->heap_allocs_per_hs, loadavg());
	fflush(f);
}

static void print_hs(const struct opts *o, const struct hs_result *h)
{
	if (o->json_out)
		json_hs(o->json_out, o, h);
	if (o->json)
		json_hs(stdout, o, h);
	else
		printf("\nhandshakes (%s, wrap %s, RSA-2048 test PKI): %u in-memory handshakes, "
		       "%.1f/s; %.2f ms median [%.2f..%.2f]; %.0f heap allocations each\n",
		       h->cipher, wrap_names[o->wrap], h->n, h->per_sec, h->ms_median, h->ms_min,
		       h->ms_max, h->heap_allocs_per_hs);
	fflush(stdout);
}

int main(int argc, char **argv)
{
	struct opts o;
	int fail = 0;

	if (parse(argc, argv, &o))
		return 2;
	if (!bpair_pki_ok(o.pki)) {
		fprintf(stderr,
		        "leanvpn-bench: no test PKI at %s (ca.pem missing); give the "
		        "source tree's tests/data/pki with --pki DIR\n",
		        o.pki);
		return 2;
	}
	if (o.cpu >= 0) {
		cpu_set_t set;

		CPU_ZERO(&set);
		CPU_SET(o.cpu, &set);
		if (sched_setaffinity(0, sizeof(set), &set))
			perror("leanvpn-bench: sched_setaffinity");
	}
	if (!o.json) {
		printf("leanvpn-bench: in-memory client<->server data channel, %s; wrap %s; "
		       "payload Gbit/s, median [min..max] of %u rounds\n",
		       OPENSSL_VERSION_TEXT, wrap_names[o.wrap], o.rounds);
		printf("allocation counting: libc %s, OpenSSL %s; load average %.2f\n\n",
		       alloc_count_libc_active() ? "on" : "OFF (sanitizer build)",
		       alloc_count_ssl_active() ? "on" : "OFF", loadavg());
		printf("%-18s %5s %9s %-21s %6s %7s %6s %7s %-17s %6s\n", "cipher", "size",
		       "packets", "engine Gbit/s", "Mpps", "ns/pkt", "ceil", "ns/pkt",
		       "ratio [min..max]", "allocs");
	}
	for (unsigned c = 0; c < o.nciphers; c++) {
		for (unsigned s = 0; s < o.nsizes; s++) {
			struct data_result r;
			uint64_t n =
			    o.packets ? o.packets : default_packets(o.ciphers[c], o.sizes[s]);

			if (run_data(o.pki, o.ciphers[c], o.wrap, o.sizes[s], n, o.rounds, &r)) {
				fprintf(stderr, "leanvpn-bench: FAILED: %s size %u\n", o.ciphers[c],
				        o.sizes[s]);
				fail = 1;
				continue;
			}
			print_data(&o, &r);
			if (r.heap_allocs && alloc_count_libc_active())
				fprintf(stderr,
				        "leanvpn-bench: note: %s size %u: %llu heap "
				        "allocations in the data phase\n",
				        r.cipher, r.size, (unsigned long long)r.heap_allocs);
		}
	}
	if (o.handshakes) {
		struct hs_result h;

		if (run_handshakes(o.pki, o.ciphers[0], o.wrap, o.handshakes, &h)) {
			fprintf(stderr, "leanvpn-bench: FAILED: handshakes\n");
			fail = 1;
		} else {
			print_hs(&o, &h);
		}
	}
	if (!o.json)
		printf("load average at the end: %.2f\n", loadavg());
	if (o.json_out && fclose(o.json_out)) {
		perror("leanvpn-bench: --json-out");
		fail = 1;
	}
	return fail;
}
