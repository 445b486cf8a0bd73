/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - the tunnel's DNS through systemd-resolved, without scripts.
 *
 * OpenVPN 2.6 on Linux leaves DNS to --up/--down scripts.  leanvpn, like
 * OpenVPN 2.7's default --dns-updown, sets the DNS settings the server
 * pushed (dns options, or else dhcp-option DNS/DNS6/DOMAIN/DOMAIN-SEARCH:
 * proto/config/dnsopt.h lvpn_dns_effective) on the tun link when
 * systemd-resolved runs, by running `resolvectl` (found on PATH) with an
 * argv, never through a shell:
 *
 *   resolvectl dns IFACE ADDR[:PORT][#SNI]...   (the first server, in
 *                                               priority order, not DoH)
 *   resolvectl domain IFACE SEARCH... ~RESOLVE... (or "~." without
 *                                               resolve-domains)
 *   resolvectl default-route IFACE true|false   (true without resolve-domains)
 *   resolvectl dnssec IFACE true|false|allow-downgrade
 *   resolvectl dnsovertls IFACE true|false
 *
 * and `resolvectl revert IFACE` when the tunnel goes down.
 *
 * When: systemd-resolved runs (its varlink socket io.systemd.Resolve in
 * /run/systemd/resolve accepts a connection; LEANVPN_RESOLVED_DIR names
 * another directory, for tests), resolvectl is on PATH, --dns-updown is
 * not "disable", and there is no --up script (the script owns DNS, as in
 * OpenVPN 2.7) unless --dns-updown force.  Otherwise nothing is done
 * here: scripts only, as OpenVPN 2.6.
 */
#ifndef LVPN_DNS_RESOLVED_H
#define LVPN_DNS_RESOLVED_H

#include "base/log.h"
#include "proto/config/netplan.h"
#include "proto/config/options.h"

struct lvpn_resolved {
	int applied; /* settings were given to resolved: revert on down */
	char ifname[32];
	char tool[256]; /* resolvectl's path */
};

/* Applies plan p's DNS settings to link ifname through resolved when the
 * rules above say so; logs what it does at verb 3.  A failing resolvectl
 * is logged, not fatal (the tunnel works; names may not resolve through
 * it).  Returns 1 when settings were applied, else 0. */
int lvpn_resolved_up(struct lvpn_resolved *r, const struct lvpn_options *o,
                     const struct lvpn_netplan *p, const char *ifname, struct lvpn_log *lg);

/* Reverts the link's settings if lvpn_resolved_up applied some.  Safe to
 * call at any time, any number of times. */
void lvpn_resolved_down(struct lvpn_resolved *r, struct lvpn_log *lg);

#endif
