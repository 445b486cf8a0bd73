/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - --learn-address words (see learnaddr.h). */
#include "proto/server/learnaddr.h"

#include <stdio.h>
#include <string.h>

#include "proto/server/srvaddr.h"

const char *lvpn_learnaddr_op(int owner, int client)
{
	if (owner < 0)
		return "add";
	return owner == client ? NULL : "update";
}

int lvpn_learnaddr_fmt(int fam, const uint8_t *a, int plen, int with_bits, char *out, size_t n)
{
	char txt[LVPN_ADDR6_STRLEN];
	size_t len;

	if (!a || (fam != 4 && fam != 6) || plen < 0 || plen > (fam == 4 ? 32 : 128))
		return LVPN_ERR_INVAL;
	if (!out || n < LVPN_LEARNADDR_STRLEN)
		return LVPN_ERR_BUFSIZE;
	if (fam == 4)
		lvpn_srvaddr_fmt4(
		    (uint32_t)a[0] << 24 | (uint32_t)a[1] << 16 | (uint32_t)a[2] << 8 | a[3], txt);
	else
		lvpn_srvaddr_fmt6(a, txt);
	len = strlen(txt);
	memcpy(out, txt, len + 1);
	if (with_bits)
		snprintf(out + len, n - len, "/%d", plen);
	return 0;
}

int lvpn_learnaddr_fmt_mac(const uint8_t mac[6], uint16_t vid, char *out, size_t n)
{
	if (!mac || !out || n < LVPN_LEARNADDR_STRLEN)
		return LVPN_ERR_BUFSIZE;
	snprintf(out, n, "%02x:%02x:%02x:%02x:%02x:%02x@%u", mac[0], mac[1], mac[2], mac[3], mac[4],
	         mac[5], (unsigned)vid);
	return 0;
}
