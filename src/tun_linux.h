/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - Linux TUN/TAP device (/dev/net/tun, IFF_TUN or IFF_TAP,
 * IFF_NO_PI).
 *
 * `dev tun` (`dev tap`) lets the kernel pick the next free tunN (tapN);
 * any other name (`tun3`, `vpn0`) asks for exactly that device, creating
 * it if needed.  The type is --dev-type when given, else the name's
 * prefix, as OpenVPN decides it.  A TUN device carries IP packets, a TAP
 * device Ethernet frames.  The fd is non-blocking and close-on-exec.
 * Closing the fd removes the device (and with it every address and route
 * on it) unless it was made persistent.
 */
#ifndef LVPN_TUN_LINUX_H
#define LVPN_TUN_LINUX_H

#include <stdint.h>

#include "base/err.h"
#include "base/log.h"

#define LVPN_TUN_NAME_MAX 16 /* IFNAMSIZ, including the NUL */

struct lvpn_tun {
	int fd;
	int ifindex;
	char name[LVPN_TUN_NAME_MAX];
	struct lvpn_log *lg;
	int vnet;          /* every read and write starts with a virtio_net_hdr */
	unsigned offloads; /* TUN_F_* flags the kernel took (vnet only) */
	int tap;           /* layer 2: frames are Ethernet, not IP */
	int null;          /* `dev null`: no device, fd -1, writes dropped */
	int mq;            /* opened with IFF_MULTI_QUEUE: more queues may be added */
};

/* Opens a TUN device.  dev is OpenVPN's --dev value ("tun" for a dynamic
 * name, else the exact name); dev_type is --dev-type (NULL: derived from
 * dev, which must then start with "tun" or "tap").  On success t->fd,
 * t->name, t->ifindex and t->tap are set.  `dev null` (or dev-type null)
 * opens nothing, as OpenVPN's null device: t->null is set, t->fd is -1,
 * t->name is "null", and the other calls below do nothing on it.
 * Errors: LVPN_ERR_CONFIG (name too long or empty), LVPN_ERR_UNSUPPORTED
 * (another type), LVPN_ERR_IO (open/ioctl failed, logged). */
LVPN_MUST_CHECK int lvpn_tun_open(struct lvpn_tun *t, const char *dev, const char *dev_type,
                                  struct lvpn_log *lg);

/* As lvpn_tun_open, with offloads: the device is opened with
 * IFF_VNET_HDR and TUNSETOFFLOAD asks for checksum offload and TSO for
 * IPv4 and IPv6 (and USO for both when the kernel has it); t->vnet is set.
 * When the kernel refuses the offloads, the device is opened again as
 * lvpn_tun_open does (t->vnet 0).  A TAP device is opened without them
 * (the offload path splits IP packets, not frames).
 * Errors: as lvpn_tun_open. */
LVPN_MUST_CHECK int lvpn_tun_open_offload(struct lvpn_tun *t, const char *dev, const char *dev_type,
                                          struct lvpn_log *lg);

/* lvpn_tun_open_offload (offload) or lvpn_tun_open, and with mq the
 * device is a multi-queue one (IFF_MULTI_QUEUE): t->fd is its first queue
 * and lvpn_tun_add_queue opens more.  The kernel hands each packet to one
 * queue, chosen by its flow, so a flow stays on one queue.
 * Errors: as lvpn_tun_open. */
LVPN_MUST_CHECK int lvpn_tun_open_ex(struct lvpn_tun *t, const char *dev, const char *dev_type,
                                     int offload, int mq, struct lvpn_log *lg);

/* Opens another queue of a multi-queue device into *fd (non-blocking,
 * close-on-exec; the caller closes it: the device stays while any queue
 * is open, unless persistent).
 * Errors: LVPN_ERR_STATE (not a multi-queue device), LVPN_ERR_IO (logged). */
LVPN_MUST_CHECK int lvpn_tun_add_queue(struct lvpn_tun *t, int *fd);

/* Sets the device MTU (68..65535).
 * Errors: LVPN_ERR_INVAL (out of range), LVPN_ERR_IO (ioctl failed). */
LVPN_MUST_CHECK int lvpn_tun_set_mtu(struct lvpn_tun *t, int mtu);

/* Sets the Ethernet address of a TAP device (--lladdr) to mac.
 * Errors: LVPN_ERR_UNSUPPORTED (a TUN device has none), LVPN_ERR_IO
 * (ioctl failed, logged). */
LVPN_MUST_CHECK int lvpn_tun_set_lladdr(struct lvpn_tun *t, const uint8_t mac[6]);

/* Sets the link up (up=1) or down (up=0).
 * Errors: LVPN_ERR_IO. */
LVPN_MUST_CHECK int lvpn_tun_set_up(struct lvpn_tun *t, int up);

/* Makes the device survive close (persist=1, --persist-tun/--mktun) or
 * not (persist=0).  Errors: LVPN_ERR_IO. */
LVPN_MUST_CHECK int lvpn_tun_set_persist(struct lvpn_tun *t, int persist);

/* Closes the fd (the device goes away unless persistent).  Safe to call
 * twice and on a struct whose fd is -1. */
void lvpn_tun_close(struct lvpn_tun *t);

#endif
