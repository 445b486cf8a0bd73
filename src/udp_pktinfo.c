/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - --multihome's packet information (see udp_pktinfo.h). */
#include "src/udp_pktinfo.h"

#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>

int lvpn_udp_pktinfo_on(int fd)
{
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);
	int one = 1, rc;

	if (getsockname(fd, (struct sockaddr *)&ss, &sl) != 0)
		return LVPN_ERR_IO;
	if (ss.ss_family == AF_INET6)
		rc = setsockopt(fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, &one, sizeof(one));
	else
		rc = setsockopt(fd, IPPROTO_IP, IP_PKTINFO, &one, sizeof(one));
	return rc == 0 ? 0 : LVPN_ERR_IO;
}

void lvpn_udp_local_parse(struct msghdr *h, struct lvpn_udp_local *l)
{
	memset(l, 0, sizeof(*l));
	for (struct cmsghdr *cm = CMSG_FIRSTHDR(h); cm; cm = CMSG_NXTHDR(h, cm)) {
		if (cm->cmsg_level == IPPROTO_IP && cm->cmsg_type == IP_PKTINFO &&
		    cm->cmsg_len >= CMSG_LEN(sizeof(struct in_pktinfo))) {
			struct in_pktinfo pi;

			memcpy(&pi, CMSG_DATA(cm), sizeof(pi));
			l->fam = AF_INET;
			l->ifindex = pi.ipi_ifindex;
			/* the local address the datagram was for (2.6 answers
			 * from ipi_spec_dst) */
			memcpy(l->a, &pi.ipi_spec_dst, 4);
		} else if (cm->cmsg_level == IPPROTO_IPV6 && cm->cmsg_type == IPV6_PKTINFO &&
		           cm->cmsg_len >= CMSG_LEN(sizeof(struct in6_pktinfo))) {
			struct in6_pktinfo pi;

			memcpy(&pi, CMSG_DATA(cm), sizeof(pi));
			l->fam = AF_INET6;
			l->ifindex = (int)pi.ipi6_ifindex;
			memcpy(l->a, &pi.ipi6_addr, 16);
		}
	}
}

ssize_t lvpn_udp_sendto_from(int fd, const void *p, size_t len, const struct sockaddr *a,
                             socklen_t alen, const struct lvpn_udp_local *l)
{
	union {
		struct cmsghdr h;
		uint8_t b[LVPN_UDP_PKTINFO_SPACE];
	} cm;
	struct iovec iov = {.iov_base = (void *)p, .iov_len = len};
	struct msghdr h = {
	    .msg_name = (void *)a, .msg_namelen = alen, .msg_iov = &iov, .msg_iovlen = 1};

	if (l && l->fam) {
		h.msg_control = cm.b;
		h.msg_controllen = lvpn_udp_local_cmsg(l, &cm.h);
	}
	return sendmsg(fd, &h, MSG_DONTWAIT);
}

size_t lvpn_udp_local_cmsg(const struct lvpn_udp_local *l, struct cmsghdr *cm)
{
	if (l->fam == AF_INET) {
		struct in_pktinfo pi;

		memset(&pi, 0, sizeof(pi));
		pi.ipi_ifindex = l->ifindex;
		memcpy(&pi.ipi_spec_dst, l->a, 4);
		cm->cmsg_level = IPPROTO_IP;
		cm->cmsg_type = IP_PKTINFO;
		cm->cmsg_len = CMSG_LEN(sizeof(pi));
		memcpy(CMSG_DATA(cm), &pi, sizeof(pi));
		return CMSG_SPACE(sizeof(pi));
	}
	if (l->fam == AF_INET6) {
		struct in6_pktinfo pi;

		memset(&pi, 0, sizeof(pi));
		pi.ipi6_ifindex = (unsigned)l->ifindex;
		memcpy(&pi.ipi6_addr, l->a, 16);
		cm->cmsg_level = IPPROTO_IPV6;
		cm->cmsg_type = IPV6_PKTINFO;
		cm->cmsg_len = CMSG_LEN(sizeof(pi));
		memcpy(CMSG_DATA(cm), &pi, sizeof(pi));
		return CMSG_SPACE(sizeof(pi));
	}
	return 0;
}
