/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - --client-nat (see clinat.h). */
#include "proto/clinat.h"

#include <string.h>

#include "base/buf.h"
#include "proto/server/srvaddr.h"

static int addr4(const char *s, uint32_t *out)
{
	return lvpn_srvaddr_parse4(s, out) == 0 ? 0 : LVPN_ERR_CONFIG;
}

int lvpn_clinat_add(struct lvpn_clinat *c, const char *const t[4])
{
	struct lvpn_clinat_rule r;

	if (strcmp(t[0], "snat") == 0)
		r.dnat = 0;
	else if (strcmp(t[0], "dnat") == 0)
		r.dnat = 1;
	else
		return LVPN_ERR_CONFIG;
	if (addr4(t[1], &r.net) || addr4(t[2], &r.mask) || addr4(t[3], &r.alias))
		return LVPN_ERR_CONFIG;
	if (c->n >= LVPN_CLINAT_MAX)
		return LVPN_ERR_EXHAUSTED;
	c->r[c->n++] = r;
	return 0;
}

/* RFC 1624 eqn. 3: the checksum at p after a 32-bit word went from old
 * to new. */
static void csum_update(uint8_t *p, uint32_t old, uint32_t new)
{
	uint32_t s = (uint32_t)~lvpn_get_be16(p) & 0xffff;

	s += (~old >> 16 & 0xffff) + (~old & 0xffff) + (new >> 16) + (new & 0xffff);
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	lvpn_put_be16(p, (uint16_t)~s);
}

/* The transport checksum of an unfragmented (or first-fragment) TCP or
 * UDP packet, or NULL. */
static uint8_t *l4_csum(uint8_t *pkt, size_t len)
{
	size_t ihl = (size_t)(pkt[0] & 15) * 4;

	if (ihl < 20 || (lvpn_get_be16(pkt + 6) & 0x1fff) != 0)
		return NULL;
	if (pkt[9] == 6 && len >= ihl + 20)
		return pkt + ihl + 16;
	if (pkt[9] == 17 && len >= ihl + 8)
		return pkt + ihl + 6;
	return NULL;
}

int lvpn_clinat_apply(const struct lvpn_clinat *c, uint8_t *pkt, size_t len,
                      enum lvpn_clinat_dir dir)
{
	uint32_t old[2], now[2];
	unsigned done = 0;
	uint8_t *l4;
	int udp;

	if (len < 20 || (pkt[0] >> 4) != 4 || c->n == 0)
		return 0;
	old[0] = now[0] = lvpn_get_be32(pkt + 12); /* source */
	old[1] = now[1] = lvpn_get_be32(pkt + 16); /* destination */
	for (uint32_t i = 0; i < c->n; i++) {
		const struct lvpn_clinat_rule *r = &c->r[i];
		unsigned w = (r->dnat ^ (uint32_t)dir) ? 1 : 0; /* which address */
		uint32_t from = dir == LVPN_CLINAT_IN ? r->alias : r->net;
		uint32_t to = dir == LVPN_CLINAT_IN ? r->net : r->alias;

		if ((done & (1u << w)) || (now[w] & r->mask) != from)
			continue;
		now[w] = (now[w] & ~r->mask) | to;
		done |= 1u << w;
	}
	if (!done)
		return 0;
	l4 = l4_csum(pkt, len);
	/* a UDP checksum of 0 means none: it stays 0, and a computed 0 is
	 * sent as 0xffff */
	udp = l4 && pkt[9] == 17;
	if (udp && lvpn_get_be16(l4) == 0)
		l4 = NULL;
	for (int w = 0; w < 2; w++) {
		if (now[w] == old[w])
			continue;
		lvpn_put_be32(pkt + 12 + 4 * w, now[w]);
		csum_update(pkt + 10, old[w], now[w]);
		if (l4)
			csum_update(l4, old[w], now[w]);
	}
	if (l4 && udp && lvpn_get_be16(l4) == 0)
		lvpn_put_be16(l4, 0xffff);
	return 1;
}

int lvpn_clinat_apply_eth(const struct lvpn_clinat *c, uint8_t *frame, size_t len,
                          enum lvpn_clinat_dir dir)
{
	size_t off = 14;
	unsigned type;

	if (len < 14)
		return 0;
	type = lvpn_get_be16(frame + 12);
	if (type == 0x8100) {
		if (len < 18)
			return 0;
		type = lvpn_get_be16(frame + 16);
		off = 18;
	}
	if (type != 0x0800)
		return 0;
	return lvpn_clinat_apply(c, frame + off, len - off, dir);
}
