/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - SOCKS5 (RFC 1928) and its username/password authentication
 * (RFC 1929) for the client, without I/O, as OpenVPN 2.6 uses them:
 * one method offered (no authentication, or username/password when an
 * authfile is given), CONNECT to the server's name for TCP, UDP
 * ASSOCIATE (IPv4) for UDP with the 10-byte header on every datagram.
 *
 * The readers take the bytes received so far and answer LVPN_ERR_AGAIN
 * until a whole reply is there; *used then says how many bytes it took.
 */
#ifndef LVPN_SOCKS_H
#define LVPN_SOCKS_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

#define LVPN_SOCKS_CONNECT   1
#define LVPN_SOCKS_UDP_ASSOC 3
#define LVPN_SOCKS_UDP_HDR   10 /* RSV(2) FRAG ATYP=1 IPv4(4) PORT(2) */
#define LVPN_SOCKS_REQ_MAX   262

/* The address a reply names (BND.ADDR/BND.PORT). */
struct lvpn_socks_addr {
	int atyp;          /* 1 IPv4, 3 name, 4 IPv6 */
	uint8_t addr[255]; /* 4 or 16 bytes, or the name (not terminated) */
	size_t addr_len;
	uint16_t port;
};

/* The greeting: version 5, one method (2 when userpass, else 0); 3 bytes.
 * Errors: LVPN_ERR_BUFSIZE (cap under 3). */
LVPN_MUST_CHECK int lvpn_socks_greeting(int userpass, uint8_t *out, size_t cap, size_t *len);

/* The proxy's method choice (2 bytes).
 * Errors: LVPN_ERR_AGAIN (fewer than 2 bytes), LVPN_ERR_MALFORMED (not
 * version 5), LVPN_ERR_AUTH_FAILED (the proxy chose another method than
 * the one offered, or 0xff: none acceptable). */
LVPN_MUST_CHECK int lvpn_socks_method_read(const uint8_t *in, size_t len, int userpass,
                                           size_t *used);

/* The RFC 1929 request: 1, ulen, user, plen, pass.
 * Errors: LVPN_ERR_INVAL (user or password empty (user) or over 255
 * bytes), LVPN_ERR_BUFSIZE. */
LVPN_MUST_CHECK int lvpn_socks_userpass(const char *user, const char *pass, uint8_t *out,
                                        size_t cap, size_t *len);

/* The RFC 1929 answer (2 bytes; status 0 is success).
 * Errors: LVPN_ERR_AGAIN, LVPN_ERR_MALFORMED (version neither 1 nor 5:
 * some proxies answer 5, which OpenVPN accepts),
 * LVPN_ERR_AUTH_FAILED (status not 0). */
LVPN_MUST_CHECK int lvpn_socks_auth_read(const uint8_t *in, size_t len, size_t *used);

/* A request: CONNECT to host (sent as a name, ATYP 3, as OpenVPN does)
 * and port, or UDP ASSOCIATE from 0.0.0.0:0 (host ignored).
 * Errors: LVPN_ERR_INVAL (unknown cmd, host empty or over 255 bytes),
 * LVPN_ERR_BUFSIZE. */
LVPN_MUST_CHECK int lvpn_socks_request(int cmd, const char *host, uint16_t port, uint8_t *out,
                                       size_t cap, size_t *len);

/* The reply to a request: VER 5, REP, RSV 0, ATYP, address, port.
 * Errors: LVPN_ERR_AGAIN (incomplete), LVPN_ERR_MALFORMED (version,
 * reserved byte or address type wrong), LVPN_ERR_UNSUPPORTED (REP not 0:
 * the proxy refused; the code is in *rep). */
LVPN_MUST_CHECK int lvpn_socks_reply_read(const uint8_t *in, size_t len, struct lvpn_socks_addr *a,
                                          int *rep, size_t *used);

/* The header of a datagram to ip:port through the relay, into out (10
 * bytes). */
void lvpn_socks_udp_hdr(const uint8_t ip[4], uint16_t port, uint8_t out[LVPN_SOCKS_UDP_HDR]);

/* Checks a datagram from the relay: RSV 0, FRAG 0 (fragments are
 * dropped), ATYP 1; the payload follows LVPN_SOCKS_UDP_HDR bytes.
 * Errors: LVPN_ERR_TRUNCATED (shorter than the header),
 * LVPN_ERR_MALFORMED (reserved bytes, a fragment, another type). */
LVPN_MUST_CHECK int lvpn_socks_udp_check(const uint8_t *in, size_t len);

/* A text for a SOCKS reply code (RFC 1928, section 6). */
const char *lvpn_socks_rep_str(int rep);

#endif
