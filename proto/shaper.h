/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - the --shaper traffic shaper: what is sent to the peer is held
 * to a byte rate, as OpenVPN 2.6 shapes it.  Each datagram written (with
 * its IP and UDP/TCP header) pushes the next permitted send to
 * now + bytes / rate; nothing is saved up while the link is idle, so a
 * burst is never sent at more than the rate.  A send due in less than a
 * millisecond may go (2.6's event loop rounds the same way).
 *
 * Pure logic: the caller passes the time in microseconds (any monotonic
 * origin).  No allocation, no clock, no I/O.
 */
#ifndef LVPN_SHAPER_H
#define LVPN_SHAPER_H

#include <stddef.h>
#include <stdint.h>

#define LVPN_SHAPER_MIN         100 /* bytes per second, as 2.6 bounds it */
#define LVPN_SHAPER_MAX         100000000
#define LVPN_SHAPER_MAX_WAIT_US 10000000u /* one datagram never holds the link longer */
#define LVPN_SHAPER_SLACK_US    1000u

struct lvpn_shaper {
	uint32_t rate;   /* bytes per second; 0: off */
	uint64_t wakeup; /* microseconds: no send before (0: none pending) */
};

/* Starts the shaper at rate bytes per second (0 turns it off; a rate
 * outside [LVPN_SHAPER_MIN, LVPN_SHAPER_MAX] is clamped into it). */
void lvpn_shaper_init(struct lvpn_shaper *s, uint32_t rate);

/* Microseconds from now_us until the link may send; 0 when it may now
 * (off, nothing pending, or due within LVPN_SHAPER_SLACK_US). */
uint64_t lvpn_shaper_delay(const struct lvpn_shaper *s, uint64_t now_us);

/* Records that bytes (payloads plus per-datagram overhead) were written
 * at now_us: the next send waits bytes/rate, at most
 * LVPN_SHAPER_MAX_WAIT_US.  Nothing when the shaper is off. */
void lvpn_shaper_wrote(struct lvpn_shaper *s, uint64_t bytes, uint64_t now_us);

/* The bytes the network adds to each datagram, as 2.6 counts them: IP
 * header (20, IPv6 40) and UDP (8) or TCP (20) header. */
uint32_t lvpn_shaper_overhead(int ipv6, int tcp);

#endif
