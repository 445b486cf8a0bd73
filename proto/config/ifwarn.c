/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - the ifconfig sanity warning, as OpenVPN 2.6 words it.  2.6's
 * other ifconfig-nowarn checks (check_addr_clash: --local/--remote inside
 * the ifconfig subnet) compare an address in network byte order with
 * ones in host order and so do not fire in practice; leanvpn leaves them
 * out rather than warn where 2.6 stays silent. */
#include "proto/config/ifwarn.h"

#include <stdio.h>

#define SILENCE "(silence this warning with --ifconfig-nowarn)"

int lvpn_ifconfig_warning(const struct lvpn_netplan *p, char *buf, size_t cap)
{
	uint32_t a = p->remote_netmask;
	int netmask_like = (a & 0xFF000000u) == 0xFF000000u;

	if (!p->have_ifconfig || cap == 0)
		return 0;
	if (p->tap) {
		if (netmask_like)
			return 0;
		snprintf(
		    buf, cap,
		    "WARNING: Since you are using --dev tap, the second argument to --ifconfig "
		    "must be a netmask, for example something like 255.255.255.0. " SILENCE);
		return 1;
	}
	if (!netmask_like || p->topology == LVPN_NC_TOPO_SUBNET)
		return 0;
	snprintf(
	    buf, cap,
	    "WARNING: Since you are using --dev tun with a point-to-point topology, the second "
	    "argument to --ifconfig must be an IP address.  You are using something "
	    "(%u.%u.%u.%u) that looks more like a netmask. " SILENCE,
	    a >> 24, (a >> 16) & 0xFF, (a >> 8) & 0xFF, a & 0xFF);
	return 1;
}
