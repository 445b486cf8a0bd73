/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - --block-ipv6 on the client: as OpenVPN 2.6 (forward.c,
 * process_incoming_tun), an IPv6 packet read from the TUN/TAP device is
 * never sent to the server; it is answered on the device with an ICMPv6
 * destination unreachable (no route) from the tunnel's IPv6 remote
 * address, or fe80::7 without one.  The option installs no route: the
 * configuration routes IPv6 into the tunnel (redirect-gateway ipv6). */
#include <string.h>

#include "proto/icmp6.h"
#include "src/client_int.h"

unsigned lvpn_client_block6(struct client *c, struct lvpn_buf **b, unsigned n)
{
	uint8_t ans[LVPN_ICMP6_HDRS + 18 + 1280];
	const struct lvpn_netplan *p = &c->net.plan;
	const uint8_t *src = p->have_remote6 ? p->remote6 : lvpn_icmp6_fake_src;
	int out = c->net.tun_open && !c->net.tun.null;
	unsigned m = 0;

	if (!p->block_ipv6)
		return n;
	c->tw.fd = c->net.tun.fd;
	c->tw.vnet = c->net.tun.vnet;
	for (unsigned i = 0; i < n; i++) {
		size_t k;

		if (!lvpn_icmp6_block(lvpn_buf_data(b[i]), b[i]->len, p->tap, src,
		                      (uint32_t)c->net.tun_mtu, ans, sizeof(ans), &k)) {
			b[m++] = b[i];
			continue;
		}
		if (k && out)
			lvpn_tunw_put(&c->tw, ans, k);
		lvpn_pool_put(&c->pool, b[i]);
	}
	if (out && m < n)
		lvpn_tunw_flush(&c->tw);
	return m;
}
