/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - OpenVPN 2.6's sanity warning on the ifconfig addresses
 * (tun.c ifconfig_sanity_check, run each time the device is set up, also
 * with pushed addresses), which ifconfig-nowarn silences. */
#ifndef LVPN_IFWARN_H
#define LVPN_IFWARN_H

#include <stddef.h>

#include "proto/config/netplan.h"

/* When p's IPv4 ifconfig pair looks wrong as 2.6 judges it (tun with a
 * point-to-point topology: a second address that looks like a netmask,
 * 255.x.x.x; tap: one that does not), writes 2.6's warning into buf (cap
 * bytes, truncated) and returns 1; else returns 0 (buf untouched).  A tun
 * with topology subnet is never warned about, as in 2.6. */
int lvpn_ifconfig_warning(const struct lvpn_netplan *p, char *buf, size_t cap);

#endif
