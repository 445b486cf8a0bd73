/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - --passtos on the client and in peer-to-peer mode: the TOS of
 * each IPv4 packet read from the tunnel device is set on the link socket
 * (IP_TOS, as OpenVPN 2.6 sets it, whatever the socket's family) before
 * the packet goes out.  A batch is sent in runs of one TOS; setsockopt is
 * called only when the TOS changes.  No allocation, no text. */
#include <netinet/in.h>
#include <netinet/ip.h>
#include <sys/socket.h>

#include "proto/passtos.h"
#include "src/client_int.h"

void lvpn_client_tos_mark(const struct client *c, struct lvpn_buf *const *b, unsigned n,
                          int16_t *tos)
{
	for (unsigned i = 0; i < n; i++)
		tos[i] = (int16_t)lvpn_passtos_of(lvpn_buf_data(b[i]), b[i]->len, c->net.tun.tap);
}

int lvpn_client_send_tos(struct client *c, struct lvpn_buf *const *b, const int16_t *tos,
                         unsigned n)
{
	unsigned i = 0;
	int rc = 0;

	while (i < n && rc == 0) {
		int t;
		unsigned k = lvpn_passtos_run(tos + i, n - i, c->link_tos, &t);

		/* a refusal leaves link_tos as it was: tried again next run */
		if (t != (c->link_tos < 0 ? 0 : c->link_tos) &&
		    setsockopt(c->link.fd, IPPROTO_IP, IP_TOS, &t, sizeof(t)) == 0)
			c->link_tos = t;
		rc = lvpn_clink_send_batch(&c->link, b + i, k);
		i += k;
	}
	return rc;
}
