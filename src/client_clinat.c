/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - --client-nat on the client: as OpenVPN 2.6 (forward.c,
 * process_ip_header), the configured and pushed rules rewrite the IPv4
 * packets read from the TUN/TAP device (outgoing) and those written to it
 * (incoming). */
#include "proto/clinat.h"
#include "src/client_int.h"

void lvpn_client_nat_out(struct client *c, struct lvpn_buf **b, unsigned n)
{
	const struct lvpn_netplan *p = &c->net.plan;

	if (!p->nat.n)
		return;
	for (unsigned i = 0; i < n; i++) {
		if (p->tap)
			lvpn_clinat_apply_eth(&p->nat, lvpn_buf_data(b[i]), b[i]->len,
			                      LVPN_CLINAT_OUT);
		else
			lvpn_clinat_apply(&p->nat, lvpn_buf_data(b[i]), b[i]->len, LVPN_CLINAT_OUT);
	}
}

void lvpn_client_nat_in(struct client *c, uint8_t *pkt, size_t len)
{
	const struct lvpn_netplan *p = &c->net.plan;

	if (!p->nat.n)
		return;
	if (p->tap)
		lvpn_clinat_apply_eth(&p->nat, pkt, len, LVPN_CLINAT_IN);
	else
		lvpn_clinat_apply(&p->nat, pkt, len, LVPN_CLINAT_IN);
}
