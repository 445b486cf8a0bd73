/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - IPv4/IPv6 address text and arithmetic for the server modules.
 *
 * proto/ includes no networking header, so the server building blocks
 * (srvconf, pool, iptable) parse and print addresses here.  IPv4 addresses
 * are uint32_t in host order (10.8.0.1 == 0x0a080001); IPv6 addresses are
 * 16 bytes in network order.  Printing follows inet_ntop()/RFC 5952 (the
 * form OpenVPN prints), except that IPv4-mapped addresses are printed as
 * plain hex groups.
 */
#ifndef LVPN_SRVADDR_H
#define LVPN_SRVADDR_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

#define LVPN_ADDR4_STRLEN 16 /* "255.255.255.255" + NUL */
#define LVPN_ADDR6_STRLEN 46 /* as INET6_ADDRSTRLEN */

/* Parses dotted-quad s (exactly four decimal parts 0..255, no leading '+',
 * no trailing bytes) into *out.
 * Errors: LVPN_ERR_MALFORMED (not such a dotted quad, or s or out NULL). */
LVPN_MUST_CHECK int lvpn_srvaddr_parse4(const char *s, uint32_t *out);

/* Parses an IPv6 address in the text forms of RFC 4291 2.2 (hex groups,
 * one "::", a trailing dotted quad) into out[16].
 * Errors: LVPN_ERR_MALFORMED (not such an address, or s or out NULL). */
LVPN_MUST_CHECK int lvpn_srvaddr_parse6(const char *s, uint8_t out[16]);

/* Parses "ADDR/BITS" (BITS 0..128; "/BITS" required) into out and *bits.
 * Errors: LVPN_ERR_MALFORMED (no "/", BITS not a number 0..128, ADDR not
 * an IPv6 address, or s NULL). */
LVPN_MUST_CHECK int lvpn_srvaddr_parse6_prefix(const char *s, uint8_t out[16], int *bits);

/* Writes a into dst (at least LVPN_ADDR4_STRLEN bytes); returns dst. */
char *lvpn_srvaddr_fmt4(uint32_t a, char *dst);

/* Writes a into dst (at least LVPN_ADDR6_STRLEN bytes) in RFC 5952 form
 * (longest run of >= 2 zero groups compressed, lower-case); returns dst. */
char *lvpn_srvaddr_fmt6(const uint8_t a[16], char *dst);

/* The netmask with bits leading ones (0..32). */
uint32_t lvpn_srvaddr_mask4(int bits);

/* *bits = the number of leading ones of mask (0..32).
 * Errors: LVPN_ERR_MALFORMED (mask is not contiguous), LVPN_ERR_INVAL (bits
 * is NULL). */
LVPN_MUST_CHECK int lvpn_srvaddr_maskbits4(uint32_t mask, int *bits);

/* out = a + n, with carry across all 16 bytes (wraps silently). */
void lvpn_srvaddr_add6(const uint8_t a[16], uint32_t n, uint8_t out[16]);

/* Clears all bits of a after the first bits (0..128) in place. */
void lvpn_srvaddr_trunc6(uint8_t a[16], int bits);

#endif
