/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - --multihome: a UDP server bound to a wildcard address answers
 * each client from the address (and through the interface) the client's
 * datagrams came to, as OpenVPN 2.6 does with IP_PKTINFO / IPV6_PKTINFO
 * (socket.c).  Without it the kernel picks the source by route, which is
 * not the address a client sent to when the host has several. */
#ifndef LVPN_UDP_PKTINFO_H
#define LVPN_UDP_PKTINFO_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/socket.h>

#include "base/err.h"

/* The local end of a datagram: fam AF_INET (a[0..3]) or AF_INET6, or 0
 * (unknown: the kernel chooses). */
struct lvpn_udp_local {
	int fam;
	int ifindex;
	uint8_t a[16];
};

/* Room for the control message lvpn_udp_local_cmsg writes. */
#define LVPN_UDP_PKTINFO_SPACE 64

/* Asks the kernel for the destination of each datagram received on fd
 * (IP_PKTINFO on an IPv4 socket, IPV6_RECVPKTINFO on an IPv6 one, which
 * also reports IPv4 clients of a dual-stack socket as mapped addresses).
 * Errors: LVPN_ERR_IO (the kernel refused: errno set). */
LVPN_MUST_CHECK int lvpn_udp_pktinfo_on(int fd);

/* The local end of received message h into *l (fam 0 when h carries
 * none). */
void lvpn_udp_local_parse(struct msghdr *h, struct lvpn_udp_local *l);

/* Writes the control message that sends from l at cm (room: at least
 * LVPN_UDP_PKTINFO_SPACE bytes, aligned as a struct cmsghdr); returns its
 * CMSG_SPACE, 0 when l is unknown. */
size_t lvpn_udp_local_cmsg(const struct lvpn_udp_local *l, struct cmsghdr *cm);

/* sendto(fd, p, len, MSG_DONTWAIT, a, alen), from l when it is known.
 * Returns what sendmsg returns. */
ssize_t lvpn_udp_sendto_from(int fd, const void *p, size_t len, const struct sockaddr *a,
                             socklen_t alen, const struct lvpn_udp_local *l);

#endif
