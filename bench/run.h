/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn-bench: the measurements (data phase and handshakes). */
#ifndef LVPN_BENCH_RUN_H
#define LVPN_BENCH_RUN_H

#include <stddef.h>
#include <stdint.h>

#include "bench/pair.h"

#define RUN_ROUNDS_MAX 31

/* Packet sizes: a fixed TUN packet size, or SIZE_MIX for the IMIX-like
 * 7:4:1 mix of 64, 576 and 1400-byte packets (346 bytes on average). */
#define SIZE_MIX 0

struct data_result {
	char cipher[32];    /* as negotiated by the engines */
	unsigned size;      /* SIZE_MIX or bytes */
	double payload_avg; /* payload bytes per packet */
	uint64_t packets;   /* engine packets timed (each sealed and opened once) */
	unsigned rounds;
	double gbps, gbps_min, gbps_max; /* engine, payload Gbit/s, over rounds */
	double ns_per_packet;            /* engine, median round */
	double pps;
	double ceil_gbps, ceil_gbps_min, ceil_gbps_max;
	double ceil_ns_per_packet;
	double ratio, ratio_min, ratio_max; /* per-round ceiling time / engine time */
	uint64_t heap_allocs;               /* during the engine's data phase */
	int check_ok;                       /* every recv gave the TUN packet back */
	uint64_t checked;                   /* packets compared byte for byte */
};

struct hs_result {
	char cipher[32];
	unsigned n;
	double per_sec;
	double ms_median, ms_min, ms_max;
	double heap_allocs_per_hs;
};

/* Connects a pair for cipher (wrap as given), then times `packets` packets
 * (rounded up to whole rings per round) through the data channel, both
 * directions alternating, interleaved with the ceiling loop in `rounds`
 * rounds.  Returns 0, or -1 on any failure (handshake, engine error, wrong
 * plaintext), explained on stderr. */
int run_data(const char *pki, const char *cipher, enum bpair_wrap wrap, unsigned size,
             uint64_t packets, unsigned rounds, struct data_result *out);

/* Times n full in-memory handshakes (new sessions, TLS, key method 2,
 * push/pull, data keys installed) with contexts built once. */
int run_handshakes(const char *pki, const char *cipher, enum bpair_wrap wrap, unsigned n,
                   struct hs_result *out);

#endif
