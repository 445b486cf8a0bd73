/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - --bind-dev, --mtu-disc and --txqueuelen (see linkdev.h). */
#include "src/linkdev.h"

#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <unistd.h>

static void mtu_disc(int fd, int how, struct lvpn_log *lg)
{
	static const int kind[] = {IP_PMTUDISC_DONT, IP_PMTUDISC_WANT, IP_PMTUDISC_DO};
	int family = 0, v = kind[how - 1];
	socklen_t len = sizeof(family);

	if (getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &family, &len) != 0)
		family = AF_INET;
	/* 2.6 stops here when the kernel refuses a valid type, which Linux
	 * does not do for an IPv4 or IPv6 socket */
	if (family == AF_INET6 ? setsockopt(fd, IPPROTO_IPV6, IPV6_MTU_DISCOVER, &v, sizeof(v))
	                       : setsockopt(fd, IPPROTO_IP, IP_MTU_DISCOVER, &v, sizeof(v)))
		LVPN_LOG(lg, LVPN_LOG_ERR, "Error setting %s type=%d on the link socket: %s",
		         family == AF_INET6 ? "IPV6_MTU_DISCOVER" : "IP_MTU_DISCOVER", v,
		         strerror(errno));
}

void lvpn_linkdev_sock(int fd, const struct lvpn_options *o, const struct lvpn_conn *ce,
                       struct lvpn_log *lg)
{
	if (o->bind_dev) {
		LVPN_LOG(lg, LVPN_LOG_INFO, "Using bind-dev %s", o->bind_dev);
		if (setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, o->bind_dev,
		               (socklen_t)strlen(o->bind_dev) + 1) != 0)
			LVPN_LOG(lg, LVPN_LOG_WARN,
			         "WARN: setsockopt SO_BINDTODEVICE=%s failed: %s", o->bind_dev,
			         strerror(errno));
	}
	if (ce->mtu_disc >= LVPN_MTUDISC_NO && ce->mtu_disc <= LVPN_MTUDISC_YES)
		mtu_disc(fd, ce->mtu_disc, lg);
}

const char *lvpn_linkdev_hostname(const struct lvpn_options *o, const char *host, char *buf,
                                  size_t bufsize)
{
	unsigned char rnd[6], a[sizeof(struct in6_addr)];
	int n;

	if (!o->remote_random_hostname || inet_pton(AF_INET, host, a) == 1 ||
	    inet_pton(AF_INET6, host, a) == 1)
		return host;
	if (getrandom(rnd, sizeof(rnd), 0) != (ssize_t)sizeof(rnd))
		return host;
	n = snprintf(buf, bufsize, "%02x%02x%02x%02x%02x%02x.%s", rnd[0], rnd[1], rnd[2], rnd[3],
	             rnd[4], rnd[5], host);
	return n > 0 && (size_t)n < bufsize ? buf : host;
}

void lvpn_linkdev_tun(const char *name, const struct lvpn_options *o, struct lvpn_log *lg)
{
	struct ifreq ifr;
	int fd;

	if (o->txqueuelen <= 0)
		return;
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		LVPN_LOG(lg, LVPN_LOG_WARN, "Note: Cannot open control socket on %s: %s", name,
		         strerror(errno));
		return;
	}
	memset(&ifr, 0, sizeof(ifr));
	strncpy(ifr.ifr_name, name, IFNAMSIZ - 1);
	ifr.ifr_qlen = o->txqueuelen;
	if (ioctl(fd, SIOCSIFTXQLEN, &ifr) == 0)
		LVPN_LOG(lg, LVPN_LOG_VERBOSE, "TUN/TAP TX queue length set to %d", o->txqueuelen);
	else
		LVPN_LOG(lg, LVPN_LOG_WARN, "Note: Cannot set tx queue length on %s: %s", name,
		         strerror(errno));
	close(fd);
}
