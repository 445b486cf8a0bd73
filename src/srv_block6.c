/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - --block-ipv6 on the server (see server_int.h): packets for a
 * client are checked before they are sealed, as OpenVPN 2.6 checks them:
 * one read from the TUN/TAP device for one client goes through
 * process_incoming_tun, which answers on the device; the copies sent to
 * clients (client-to-client, broadcast) through multi_get_queue, which
 * answers to the client. */
#include <arpa/inet.h>
#include <string.h>

#include "proto/icmp6.h"
#include "src/server_int.h"

void srv_block6_setup(struct server *sv)
{
	memcpy(sv->block6_src, lvpn_icmp6_fake_src, 16);
	if (sv->sc.has_v6)
		memcpy(sv->block6_src, sv->sc.ifconfig_ipv6_remote, 16);
	else if (sv->o->ifconfig_ipv6_remote)
		(void)!inet_pton(AF_INET6, sv->o->ifconfig_ipv6_remote, sv->block6_src);
}

unsigned srv_block6_batch(struct server *sv, struct lvpn_buf **v, unsigned n, size_t room,
                          int to_tun)
{
	uint8_t ans[LVPN_ICMP6_HDRS + 18 + 1280];
	uint32_t mtu = sv->o->ce.tun_mtu > 0 ? (uint32_t)sv->o->ce.tun_mtu : 1500;
	unsigned m = 0;

	if (!sv->o->block_ipv6)
		return n;
	for (unsigned i = 0; i < n; i++) {
		uint8_t *d = lvpn_buf_data(v[i]);
		size_t k;

		if (!lvpn_icmp6_block(d, v[i]->len, sv->tap, sv->block6_src, mtu, ans, sizeof(ans),
		                      &k)) {
			v[m++] = v[i];
			continue;
		}
		if (to_tun && k) {
			srv_dp_to_tun(sv, ans, k);
			continue;
		}
		if (k == 0 || k > room)
			continue;
		memcpy(d, ans, k);
		v[i]->len = (uint32_t)k;
		v[m++] = v[i];
	}
	return m;
}
