/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - what a client adds to its peer-info with --push-peer-info, as
 * OpenVPN 2.6 does (ssl.c push_peer_info at detail 3). */
#ifndef LVPN_PEERINFO_H
#define LVPN_PEERINFO_H

#include <stddef.h>

#include "proto/config/options.h"

/* Writes into out[cap] the lines push-peer-info adds, in 2.6's order:
 * IV_HWADDR=<MAC of the IPv4 default route's device, lowercase with ':'>
 * (left out when there is no default route or the device has no Ethernet
 * address), IV_SSL=<the TLS library's version>, IV_PLAT_VER=<uname
 * release>, then UV_NAME=value for each "setenv UV_NAME value".  Lines that
 * do not fit, or hold characters peer-info cannot carry, are left out.
 * Returns out ("" when push-peer-info is off). */
const char *lvpn_peerinfo_extra(const struct lvpn_options *o, char *out, size_t cap);

#endif
