/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - hexadecimal digits. */
#include "base/hex.h"

int lvpn_hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}
