/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - what the client's and the server's data paths share about
 * offloads: the LEANVPN_OFFLOAD switch and the counters logged at exit
 * (and on SIGUSR2).
 *
 * LEANVPN_OFFLOAD is a list of words separated by commas or spaces:
 * "all" (the default), "none", "no-tun" (a plain TUN device: one packet
 * per read and write), "no-gso" (one datagram per UDP message sent),
 * "no-gro" (no UDP receive coalescing).  Later words win. */
#ifndef LVPN_OFFLOAD_CTL_H
#define LVPN_OFFLOAD_CTL_H

#include <stdint.h>

#include "base/log.h"
#include "proto/offload.h"
#include "src/udp_batch.h"

/* Offloads a data path may use. */
struct lvpn_offload_want {
	int tun; /* TUN device with virtio_net_hdr, TSO/USO and coalesced writes */
	int gso; /* UDP GSO trains */
	int gro; /* UDP GRO */
};

/* TUN side counters of a data path, for the whole run. */
struct lvpn_dp_stats {
	uint64_t tun_reads;  /* reads from the TUN device */
	uint64_t tun_super;  /* of them, super-packets (a GSO type) */
	uint64_t tun_segs;   /* segments cut from super-packets */
	uint64_t tun_bad;    /* reads that could not be cut (dropped) */
	uint64_t tun_writes; /* writes to the TUN device */
	uint64_t gro_writes; /* of them, coalesced super-packets */
	uint64_t gro_segs;   /* packets in those */
	uint64_t tun_wfail;  /* writes the device refused */
};

/* Writes decrypted packets to a TUN device: with offloads (vnet), the
 * TCP segments of one flow that arrive in a row are coalesced into one
 * super-packet (lvpn_gro) written by the next packet that does not join
 * or by lvpn_tunw_flush; any other packet is written on its own behind
 * a zero virtio_net_hdr.  After the device refuses a coalesced packet
 * (other than for a full queue) it writes one packet at a time. */
struct lvpn_tunw {
	int fd, vnet;
	int coalesce;
	struct lvpn_gro gro; /* over caller storage of LVPN_VNET_HDR_LEN + LVPN_GSO_MAX */
	struct lvpn_dp_stats *st;
	struct lvpn_log *lg;
};

/* Starts w on device fd (vnet: with virtio_net_hdr), gro_mem of
 * LVPN_VNET_HDR_LEN + LVPN_GSO_MAX bytes, counters to *st. */
void lvpn_tunw_init(struct lvpn_tunw *w, int fd, int vnet, uint8_t *gro_mem,
                    struct lvpn_dp_stats *st, struct lvpn_log *lg);

/* Writes (or coalesces) the IP packet p of len bytes; a full device
 * queue drops it (counted). */
void lvpn_tunw_put(struct lvpn_tunw *w, const uint8_t *p, size_t len);

/* Writes the super-packet being coalesced, if any. */
void lvpn_tunw_flush(struct lvpn_tunw *w);

/* Reads the value v of LEANVPN_OFFLOAD (NULL or "": all offloads) into
 * *w; an unknown word is logged (to lg) and ignored. */
void lvpn_offload_env(const char *v, struct lvpn_offload_want *w, struct lvpn_log *lg);

/* Adds a sending thread's counters (data-threads: its sends tl, its TUN
 * reads td) to l and d. */
void lvpn_offload_add_tx(struct lvpn_link_stats *l, struct lvpn_dp_stats *d,
                         const struct lvpn_link_stats *tl, const struct lvpn_dp_stats *td);

/* A data thread's wait (data-threads): returns 1 when the TUN queue fd
 * has packets, 0 when stopfd was signalled (*asked 1) or the device
 * failed (*asked 0). */
int lvpn_offload_wait(int fd, int stopfd, int *asked);

/* Logs the link counters l and data path counters d at level (two
 * "STATISTICS:" lines). */
void lvpn_offload_log(struct lvpn_log *lg, int level, const struct lvpn_link_stats *l,
                      const struct lvpn_dp_stats *d);

#endif
