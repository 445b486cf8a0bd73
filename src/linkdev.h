/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - settings OpenVPN 2.6 makes on the client's link socket
 * (--bind-dev, --mtu-disc) and on its tun device (--txqueuelen). */
#ifndef LVPN_LINKDEV_H
#define LVPN_LINKDEV_H

#include "base/log.h"
#include "proto/config/options.h"

/* On a new link socket fd, before it is bound or connected: --bind-dev
 * (SO_BINDTODEVICE; refused: a warning, as 2.6) and the connection entry's
 * --mtu-disc (IP_MTU_DISCOVER or IPV6_MTU_DISCOVER after the socket's
 * family: no = don't, maybe = want, yes = do).  A refusal is logged; it
 * cannot fail otherwise. */
void lvpn_linkdev_sock(int fd, const struct lvpn_options *o, const struct lvpn_conn *ce,
                       struct lvpn_log *lg);

/* On the tun device name just opened: --txqueuelen N (SIOCSIFTXQLEN), a
 * note when the kernel refuses, as 2.6.  Nothing when txqueuelen is 0. */
void lvpn_linkdev_tun(const char *name, const struct lvpn_options *o, struct lvpn_log *lg);

#endif
