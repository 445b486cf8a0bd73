/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - --passtos: the TOS byte of each IPv4 packet the tunnel
 * carries goes onto the link socket (IP_TOS) before the packet is sent,
 * as OpenVPN 2.6 does (forward.c, socket.h link_socket_extract_tos /
 * link_socket_set_tos).  A packet that is not IPv4 (IPv6, ARP, a short
 * one) leaves the socket's TOS as it was.  Pure logic; the frontend
 * calls setsockopt only when the value changes. */
#ifndef LVPN_PASSTOS_H
#define LVPN_PASSTOS_H

#include <stddef.h>
#include <stdint.h>

/* The TOS of the IPv4 packet p (len bytes; with tap, an Ethernet frame
 * whose EtherType is IPv4), or -1 when it is not one. */
int lvpn_passtos_of(const uint8_t *p, size_t len, int tap);

/* Packets 0..n-1 carry tos[i] (-1: none); cur is the socket's TOS (-1:
 * never set, which sends with 0).  Returns how many packets from the
 * first on go out with one TOS and sets *run to it: the first packet's,
 * or cur when it has none.  0 only when n is 0. */
unsigned lvpn_passtos_run(const int16_t *tos, unsigned n, int cur, int *run);

#endif
