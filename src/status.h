/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - the server status report (--status FILE [secs],
 * --status-version 1|2|3, management `status [N]`).
 *
 * Renders the client list and routing table exactly as OpenVPN 2.6's
 * multi_print_status() does (known answers: tests/srv/status_openvpn.sh
 * compares with a real openvpn server's file and management replies):
 *
 *   version 1: "OpenVPN CLIENT LIST", "Updated,<time>", a CSV header,
 *     one line per client, "ROUTING TABLE" + header + routes,
 *     "GLOBAL STATS", "Max bcast/mcast queue length,N", "END".
 *   version 2 (',' separated) and 3 (TAB separated): TITLE, TIME (text
 *     and time_t), HEADER lines, CLIENT_LIST and ROUTING_TABLE rows,
 *     GLOBAL_STATS (queue length, dco_enabled 0), END.
 *
 * Times print as local time "YYYY-MM-DD HH:MM:SS" (localtime_r), time_t
 * values as unsigned decimal.  Lines end in '\n'.  The caller gives all
 * data as plain structs (addresses already printed as OpenVPN prints them,
 * e.g. "198.18.0.2:1194"), so the renderer needs no server state.
 */
#ifndef LVPN_STATUS_H
#define LVPN_STATUS_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

struct lvpn_status_client {
	const char *common_name; /* "UNDEF" if none, as OpenVPN */
	const char *real_addr;   /* "IP:port" ("[AF_INET6]..." form for IPv6 is the caller's) */
	const char *vaddr4;      /* "" if none */
	const char *vaddr6;      /* "" if none */
	uint64_t bytes_in, bytes_out;
	time_t connected_since;
	const char *username; /* "UNDEF" if none */
	unsigned long client_id;
	uint32_t peer_id;
	const char *cipher; /* data channel cipher, e.g. "AES-256-GCM" */
};

struct lvpn_status_route {
	const char *vaddr; /* "10.8.0.2", "192.168.1.0/24", "2001:db8::1000" */
	int cached;        /* learnt route: 'C' suffix */
	const char *common_name;
	const char *real_addr;
	time_t last_ref;
};

struct lvpn_status {
	const char *title; /* version 2/3 TITLE, e.g. "leanvpn 0.1 ..." */
	time_t now;
	const struct lvpn_status_client *clients;
	size_t n_clients;
	const struct lvpn_status_route *routes;
	size_t n_routes;
	int max_bcast_queue; /* "Max bcast/mcast queue length" */
};

/* Writes the report of version (1, 2, 3) into buf[cap] with a NUL; *len
 * (may be NULL) gets the length without the NUL.  A line longer than 511
 * bytes stops the report there, as OpenVPN's status output does.
 * Returns 0; -1 if version is not 1..3 (the text is then OpenVPN's
 * "ERROR: bad status format version number" line); -2 if cap is too small
 * (*len gets the length needed). */
int lvpn_status_render(const struct lvpn_status *st, int version, char *buf, size_t cap,
                       size_t *len);

/* Writes text[len] to path atomically: a temporary file in the same
 * directory, fsync, rename over path.
 * Returns 0, or -errno. */
int lvpn_status_write_file(const char *path, const char *text, size_t len);

/* Formats t as OpenVPN's time_string() does (local time,
 * "YYYY-MM-DD HH:MM:SS") into dst[20]; returns dst. */
char *lvpn_status_time(time_t t, char *dst);

#endif
