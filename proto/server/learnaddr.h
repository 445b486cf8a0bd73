/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - the words of --learn-address as OpenVPN 2.6 passes them
 * (multi.c learn_address_script, mroute.c mroute_addr_print): the
 * operation and the address text.  No I/O. */
#ifndef LVPN_LEARNADDR_H
#define LVPN_LEARNADDR_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

/* Room for the longest address text: an IPv6 address, "/128", NUL. */
#define LVPN_LEARNADDR_STRLEN 52

/* The operation for client learning an address that owner holds (-1:
 * nobody): "add" for a new address, "update" when it moves from another
 * client, NULL when client holds it already (2.6 runs nothing then). */
const char *lvpn_learnaddr_op(int owner, int client);

/* The address text of prefix a/plen of family fam (4: a has 4 bytes, 6:
 * 16, network order): a client's own tunnel address is bare (with_bits
 * 0: "10.8.0.6", "fd00::1000"), an iroute network carries its length
 * (with_bits 1: "10.9.0.0/24", "fd01::/64", an IPv4 host route "/32"
 * too, as 2.6 keeps a netmask-less iroute as /32).
 * Errors: LVPN_ERR_INVAL (bad fam or plen), LVPN_ERR_BUFSIZE (out shorter
 * than LVPN_LEARNADDR_STRLEN). */
LVPN_MUST_CHECK int lvpn_learnaddr_fmt(int fam, const uint8_t *a, int plen, int with_bits,
                                       char *out, size_t n);

/* A TAP client's MAC address as 2.6 prints it: lower-case hex bytes
 * joined by ':' then "@VID" (0 without vlan-tagging).
 * Errors: LVPN_ERR_BUFSIZE (out shorter than LVPN_LEARNADDR_STRLEN). */
LVPN_MUST_CHECK int lvpn_learnaddr_fmt_mac(const uint8_t mac[6], uint16_t vid, char *out, size_t n);

#endif
