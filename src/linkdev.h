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

/* --remote-random-hostname (2.6 misc.c hostname_randomize): a host name
 * that is not a numeric IPv4 or IPv6 address gets a label of 12 random hex
 * digits in front ("3f09a1c2b7de.vpn.example"), new at every resolution;
 * returns buf holding it, or host itself when the option is off, host is
 * numeric, or buf (bufsize bytes) is too small. */
const char *lvpn_linkdev_hostname(const struct lvpn_options *o, const char *host, char *buf,
                                  size_t bufsize);

/* On the tun device name just opened: --txqueuelen N (SIOCSIFTXQLEN), a
 * note when the kernel refuses, as 2.6.  Nothing when txqueuelen is 0. */
void lvpn_linkdev_tun(const char *name, const struct lvpn_options *o, struct lvpn_log *lg);

#endif
