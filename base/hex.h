/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - hexadecimal digits, as keys, fingerprints and IPv6 addresses
 * write them. */
#ifndef LVPN_HEX_H
#define LVPN_HEX_H

/* The value (0..15) of hexadecimal digit c, either case; -1 when c is not
 * one. */
int lvpn_hex_digit(char c);

#endif
