/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - the port-share decision (see proto/portshare.h). */
#include "proto/portshare.h"

#include "base/wire.h"

/* A client's first packet is small; a tls-crypt-v2 one also carries the
 * wrapped client key (at least 290 bytes plus the handshake and the
 * tls-crypt overhead, and its metadata) */
#define PLAIN_MIN 14
#define PLAIN_MAX 255
#define V3_MIN    336
#define V3_MAX    (1024 + 255 - 1)

enum lvpn_ps_verdict lvpn_portshare_check(const uint8_t *p, size_t len)
{
	unsigned plen;

	if (len < 2)
		return LVPN_PS_WAIT;
	plen = (unsigned)p[0] << 8 | p[1];
	if (len >= 3 && p[2] == lvpn_op_byte(LVPN_OP_HARD_RESET_CLIENT_V3, 0))
		return plen >= V3_MIN && plen <= V3_MAX ? LVPN_PS_OPENVPN : LVPN_PS_FOREIGN;
	if (plen < PLAIN_MIN || plen > PLAIN_MAX)
		return LVPN_PS_FOREIGN;
	if (len >= 3 && p[2] != lvpn_op_byte(LVPN_OP_HARD_RESET_CLIENT_V2, 0))
		return LVPN_PS_FOREIGN;
	return LVPN_PS_OPENVPN;
}
