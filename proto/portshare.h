/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - --port-share: is a new TCP connection an OpenVPN client?
 *
 * A TCP server with port-share looks at the first bytes a new connection
 * sends, as OpenVPN 2.6 does (ps.c, is_openvpn_protocol), and hands a
 * connection that is not OpenVPN to another server (src/portshare.c).
 * The rule, on the bytes received so far:
 *   fewer than 2: not decided yet;
 *   2: the length prefix is within 14..255;
 *   3 or more: the third byte is a P_CONTROL_HARD_RESET_CLIENT_V2 opcode
 *   (key id 0) with a length prefix within 14..255, or a
 *   P_CONTROL_HARD_RESET_CLIENT_V3 opcode (tls-crypt-v2, which carries the
 *   wrapped client key) with a length prefix within 336..1278.
 * Anything else is another protocol. */
#ifndef LVPN_PROTO_PORTSHARE_H
#define LVPN_PROTO_PORTSHARE_H

#include <stddef.h>
#include <stdint.h>

enum lvpn_ps_verdict {
	LVPN_PS_WAIT,    /* fewer than 2 bytes: read more */
	LVPN_PS_OPENVPN, /* an OpenVPN client: the server's own */
	LVPN_PS_FOREIGN, /* another protocol: relay it */
};

/* The verdict on the first len bytes p of a TCP connection (len may be
 * larger than the first frame: only the first 3 bytes are looked at).
 * Pure; no errors. */
enum lvpn_ps_verdict lvpn_portshare_check(const uint8_t *p, size_t len);

#endif
