/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - Linux TUN device (see tun_linux.h). */
#include "src/tun_linux.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_arp.h>
#include <linux/if_tun.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

/* USO (Linux 6.2) is missing from older headers */
#ifndef TUN_F_USO4
#define TUN_F_USO4 0x20
#endif
#ifndef TUN_F_USO6
#define TUN_F_USO6 0x40
#endif

#define TUN_OFFLOADS     (TUN_F_CSUM | TUN_F_TSO4 | TUN_F_TSO6)
#define TUN_OFFLOADS_USO (TUN_OFFLOADS | TUN_F_USO4 | TUN_F_USO6)

static int fail(struct lvpn_tun *t, const char *op)
{
	LVPN_LOG(t->lg, LVPN_LOG_ERR, "tun %s: %s: %s", t->name[0] ? t->name : "(new)", op,
	         strerror(errno));
	return LVPN_ERR_IO;
}

/* Runs one interface ioctl through a throwaway datagram socket. */
static int if_ioctl(struct lvpn_tun *t, unsigned long req, struct ifreq *ifr, const char *op)
{
	int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	int rc = 0;

	if (s < 0)
		return fail(t, "socket");
	memcpy(ifr->ifr_name, t->name, IFNAMSIZ);
	if (ioctl(s, req, ifr) < 0)
		rc = fail(t, op);
	close(s);
	return rc;
}

static int open_dev(struct lvpn_tun *t, const char *dev, const char *dev_type, int vnet, int mq,
                    struct lvpn_log *lg)
{
	struct ifreq ifr;
	size_t n = dev ? strlen(dev) : 0;
	int tap, dyn;

	memset(t, 0, sizeof(*t));
	t->fd = -1;
	t->lg = lg;
	if (dev_type ? strcmp(dev_type, "null") == 0 : dev && strncmp(dev, "null", 4) == 0) {
		t->null = 1; /* OpenVPN's null device: nothing to open */
		memcpy(t->name, "null", 5);
		return 0;
	}
	if (n == 0 || n >= LVPN_TUN_NAME_MAX || strchr(dev, '/') != NULL) {
		LVPN_LOG(lg, LVPN_LOG_ERR, "--dev '%s': not a valid device name", dev ? dev : "");
		return LVPN_ERR_CONFIG;
	}
	/* the type is --dev-type, else the name's prefix (OpenVPN's rule) */
	if (dev_type != NULL)
		tap = strcmp(dev_type, "tap") == 0;
	else
		tap = strncmp(dev, "tap", 3) == 0;
	if (dev_type == NULL && !tap && strncmp(dev, "tun", 3) != 0) {
		LVPN_LOG(lg, LVPN_LOG_ERR,
		         "--dev %s: the name says neither tun nor tap "
		         "(give --dev-type tun or --dev-type tap)",
		         dev);
		return LVPN_ERR_UNSUPPORTED;
	}
	if (dev_type != NULL && !tap && strcmp(dev_type, "tun") != 0) {
		LVPN_LOG(lg, LVPN_LOG_ERR, "--dev-type %s: only tun and tap are supported",
		         dev_type);
		return LVPN_ERR_UNSUPPORTED;
	}
	if (tap)
		vnet = 0; /* the offload path splits IP packets, not Ethernet frames */
	memset(&ifr, 0, sizeof(ifr));
	ifr.ifr_flags = (short)((tap ? IFF_TAP : IFF_TUN) | IFF_NO_PI | (vnet ? IFF_VNET_HDR : 0) |
	                        (mq ? IFF_MULTI_QUEUE : 0));
	/* plain "tun" or "tap" means: the kernel picks the number */
	dyn = strcmp(dev, tap ? "tap" : "tun") == 0;
	if (dyn)
		memcpy(ifr.ifr_name, tap ? "tap%d" : "tun%d", 6);
	else
		memcpy(ifr.ifr_name, dev, n + 1);
	t->fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (t->fd < 0)
		return fail(t, "open /dev/net/tun");
	if (ioctl(t->fd, TUNSETIFF, &ifr) < 0) {
		int rc = fail(t, "ioctl TUNSETIFF");
		lvpn_tun_close(t);
		return rc;
	}
	memcpy(t->name, ifr.ifr_name, IFNAMSIZ);
	t->name[LVPN_TUN_NAME_MAX - 1] = '\0';
	memset(&ifr, 0, sizeof(ifr));
	if (if_ioctl(t, SIOCGIFINDEX, &ifr, "get ifindex") != 0) {
		lvpn_tun_close(t);
		return LVPN_ERR_IO;
	}
	t->ifindex = ifr.ifr_ifindex;
	t->vnet = vnet;
	t->tap = tap;
	t->mq = mq;
	return 0;
}

static int open_plain(struct lvpn_tun *t, const char *dev, const char *dev_type, int mq,
                      struct lvpn_log *lg)
{
	int rc = open_dev(t, dev, dev_type, 0, mq, lg);

	if (rc == 0)
		LVPN_LOG(lg, LVPN_LOG_VERBOSE, "tun device %s created (fd %d)", t->name, t->fd);
	return rc;
}

int lvpn_tun_open(struct lvpn_tun *t, const char *dev, const char *dev_type, struct lvpn_log *lg)
{
	return open_plain(t, dev, dev_type, 0, lg);
}

int lvpn_tun_add_queue(struct lvpn_tun *t, int *fd)
{
	struct ifreq ifr;

	*fd = -1;
	if (!t->mq || t->null || t->fd < 0)
		return LVPN_ERR_STATE;
	memset(&ifr, 0, sizeof(ifr));
	ifr.ifr_flags = (short)((t->tap ? IFF_TAP : IFF_TUN) | IFF_NO_PI |
	                        (t->vnet ? IFF_VNET_HDR : 0) | IFF_MULTI_QUEUE);
	memcpy(ifr.ifr_name, t->name, LVPN_TUN_NAME_MAX);
	*fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (*fd < 0)
		return fail(t, "open /dev/net/tun");
	if (ioctl(*fd, TUNSETIFF, &ifr) < 0) {
		int rc = fail(t, "ioctl TUNSETIFF (another queue)");

		close(*fd);
		*fd = -1;
		return rc;
	}
	return 0;
}

/* The kernel takes the offloads, USO too when it has it; t->offloads says
 * which.  Returns 0 when not even checksum offload and TSO are taken. */
static int set_offloads(struct lvpn_tun *t)
{
	if (ioctl(t->fd, TUNSETOFFLOAD, (unsigned long)TUN_OFFLOADS_USO) == 0)
		t->offloads = TUN_OFFLOADS_USO;
	else if (ioctl(t->fd, TUNSETOFFLOAD, (unsigned long)TUN_OFFLOADS) == 0)
		t->offloads = TUN_OFFLOADS;
	return t->offloads != 0;
}

int lvpn_tun_open_offload(struct lvpn_tun *t, const char *dev, const char *dev_type,
                          struct lvpn_log *lg)
{
	return lvpn_tun_open_ex(t, dev, dev_type, 1, 0, lg);
}

int lvpn_tun_open_ex(struct lvpn_tun *t, const char *dev, const char *dev_type, int offload, int mq,
                     struct lvpn_log *lg)
{
	/* IFF_VNET_HDR is as old as TUN offloads (2.6.27): a failure here is
	 * not about offloads, and is the caller's as for lvpn_tun_open */
	int rc =
	    offload ? open_dev(t, dev, dev_type, 1, mq, lg) : open_plain(t, dev, dev_type, mq, lg);

	if (!offload)
		return rc;

	if (rc || t->null)
		return rc;
	if (t->tap) {
		LVPN_LOG(lg, LVPN_LOG_INFO, "tap device %s created (fd %d, no offloads on layer 2)",
		         t->name, t->fd);
		return 0;
	}
	if (!set_offloads(t)) {
		lvpn_tun_close(t);
		LVPN_LOG(lg, LVPN_LOG_INFO, "tun offloads refused by the kernel (%s), not used",
		         strerror(errno));
		return open_plain(t, dev, dev_type, mq, lg);
	}
	LVPN_LOG(lg, LVPN_LOG_INFO, "tun device %s created (fd %d, offloads: csum tso4 tso6%s)",
	         t->name, t->fd, t->offloads & TUN_F_USO4 ? " uso4 uso6" : "");
	return 0;
}

int lvpn_tun_set_mtu(struct lvpn_tun *t, int mtu)
{
	struct ifreq ifr;

	if (mtu < 68 || mtu > 65535)
		return LVPN_ERR_INVAL;
	if (t->null)
		return 0;
	memset(&ifr, 0, sizeof(ifr));
	ifr.ifr_mtu = mtu;
	return if_ioctl(t, SIOCSIFMTU, &ifr, "set MTU");
}

int lvpn_tun_set_lladdr(struct lvpn_tun *t, const uint8_t mac[6])
{
	struct ifreq ifr;

	if (!t->tap)
		return LVPN_ERR_UNSUPPORTED;
	memset(&ifr, 0, sizeof(ifr));
	ifr.ifr_hwaddr.sa_family = ARPHRD_ETHER;
	memcpy(ifr.ifr_hwaddr.sa_data, mac, 6);
	return if_ioctl(t, SIOCSIFHWADDR, &ifr, "set MAC address");
}

int lvpn_tun_set_up(struct lvpn_tun *t, int up)
{
	struct ifreq ifr;
	int rc;

	if (t->null)
		return 0;
	memset(&ifr, 0, sizeof(ifr));
	rc = if_ioctl(t, SIOCGIFFLAGS, &ifr, "get flags");
	if (rc)
		return rc;
	if (up)
		ifr.ifr_flags |= IFF_UP;
	else
		ifr.ifr_flags &= ~IFF_UP;
	return if_ioctl(t, SIOCSIFFLAGS, &ifr, up ? "set link up" : "set link down");
}

int lvpn_tun_set_persist(struct lvpn_tun *t, int persist)
{
	if (t->null)
		return 0;
	if (ioctl(t->fd, TUNSETPERSIST, (unsigned long)(persist != 0)) < 0)
		return fail(t, "ioctl TUNSETPERSIST");
	return 0;
}

void lvpn_tun_close(struct lvpn_tun *t)
{
	if (t->fd >= 0)
		close(t->fd);
	t->fd = -1;
}
