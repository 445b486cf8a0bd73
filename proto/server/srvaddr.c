/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - IPv4/IPv6 address text and arithmetic (see srvaddr.h). */
#include "proto/server/srvaddr.h"

#include <stdio.h>
#include <string.h>

#include "base/hex.h"

static int digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Parses a dotted quad from s up to end (exclusive). */
static int quad(const char *s, const char *end, uint32_t *out)
{
	uint32_t v = 0;
	int parts = 0;

	while (s < end) {
		unsigned n = 0, nd = 0;

		while (s < end && digit(*s) && nd < 4) {
			n = n * 10 + (unsigned)(*s++ - '0');
			nd++;
		}
		if (nd == 0 || nd > 3 || n > 255)
			return LVPN_ERR_MALFORMED;
		v = v << 8 | n;
		parts++;
		if (s == end)
			break;
		if (*s != '.' || parts == 4)
			return LVPN_ERR_MALFORMED;
		s++;
		if (s == end)
			return LVPN_ERR_MALFORMED;
	}
	if (parts != 4)
		return LVPN_ERR_MALFORMED;
	*out = v;
	return 0;
}

int lvpn_srvaddr_parse4(const char *s, uint32_t *out)
{
	if (!s || !out)
		return LVPN_ERR_MALFORMED;
	return quad(s, s + strlen(s), out);
}

int lvpn_srvaddr_parse6(const char *s, uint8_t out[16])
{
	uint16_t g[8];
	int n = 0, gap = -1;
	const char *p = s;

	if (!s || !out)
		return LVPN_ERR_MALFORMED;
	if (p[0] == ':') {
		if (p[1] != ':')
			return LVPN_ERR_MALFORMED;
		gap = 0;
		p += 2;
	}
	while (*p) {
		const char *q = p;
		unsigned v = 0;
		int h;

		while (q - p < 5 && (h = lvpn_hex_digit(*q)) >= 0) {
			v = v << 4 | (unsigned)h;
			q++;
		}
		if (*q == '.') { /* trailing IPv4 part */
			uint32_t a;

			if (n > 6 || quad(p, p + strlen(p), &a))
				return LVPN_ERR_MALFORMED;
			g[n++] = (uint16_t)(a >> 16);
			g[n++] = (uint16_t)a;
			p += strlen(p);
			break;
		}
		if (q == p || q - p > 4 || n == 8)
			return LVPN_ERR_MALFORMED;
		g[n++] = (uint16_t)v;
		p = q;
		if (!*p)
			break;
		if (*p != ':')
			return LVPN_ERR_MALFORMED;
		p++;
		if (*p == ':') {
			if (gap >= 0)
				return LVPN_ERR_MALFORMED;
			gap = n;
			p++;
		} else if (!*p) {
			return LVPN_ERR_MALFORMED;
		}
	}
	if (gap < 0 ? n != 8 : n > 7)
		return LVPN_ERR_MALFORMED;
	memset(out, 0, 16);
	for (int i = 0; i < n; i++) {
		int pos = (gap >= 0 && i >= gap) ? 8 - (n - i) : i;

		out[2 * pos] = (uint8_t)(g[i] >> 8);
		out[2 * pos + 1] = (uint8_t)g[i];
	}
	return 0;
}

int lvpn_srvaddr_parse6_prefix(const char *s, uint8_t out[16], int *bits)
{
	char tmp[LVPN_ADDR6_STRLEN];
	const char *slash;
	size_t alen;
	int b = 0, nd = 0;

	if (!s || !(slash = strchr(s, '/')))
		return LVPN_ERR_MALFORMED;
	alen = (size_t)(slash - s);
	if (alen >= sizeof(tmp))
		return LVPN_ERR_MALFORMED;
	memcpy(tmp, s, alen);
	tmp[alen] = 0;
	for (const char *p = slash + 1; *p; p++) {
		if (!digit(*p) || ++nd > 3)
			return LVPN_ERR_MALFORMED;
		b = b * 10 + (*p - '0');
	}
	if (nd == 0 || b > 128)
		return LVPN_ERR_MALFORMED;
	if (lvpn_srvaddr_parse6(tmp, out))
		return LVPN_ERR_MALFORMED;
	*bits = b;
	return 0;
}

char *lvpn_srvaddr_fmt4(uint32_t a, char *dst)
{
	snprintf(dst, LVPN_ADDR4_STRLEN, "%u.%u.%u.%u", a >> 24, (a >> 16) & 255, (a >> 8) & 255,
	         a & 255);
	return dst;
}

char *lvpn_srvaddr_fmt6(const uint8_t a[16], char *dst)
{
	int best = -1, bestlen = 1, cur = -1, curlen = 0;
	char *o = dst;

	for (int i = 0; i < 8; i++) {
		if (!a[2 * i] && !a[2 * i + 1]) {
			if (cur < 0)
				cur = i, curlen = 0;
			if (++curlen > bestlen)
				best = cur, bestlen = curlen;
		} else {
			cur = -1;
		}
	}
	for (int i = 0; i < 8; i++) {
		if (i == best) {
			*o++ = ':';
			if (i == 0)
				*o++ = ':';
			i += bestlen - 1;
			continue;
		}
		o += sprintf(o, "%x", (unsigned)(a[2 * i] << 8 | a[2 * i + 1]));
		if (i < 7)
			*o++ = ':';
	}
	*o = 0;
	return dst;
}

uint32_t lvpn_srvaddr_mask4(int bits)
{
	if (bits <= 0)
		return 0;
	if (bits >= 32)
		return 0xffffffffu;
	return ~((1u << (32 - bits)) - 1);
}

int lvpn_srvaddr_maskbits4(uint32_t mask, int *bits)
{
	int n = 0;

	if (!bits)
		return LVPN_ERR_INVAL;
	while (n < 32 && (mask & (0x80000000u >> n)))
		n++;
	if (lvpn_srvaddr_mask4(n) != mask)
		return LVPN_ERR_MALFORMED;
	*bits = n;
	return 0;
}

void lvpn_srvaddr_add6(const uint8_t a[16], uint32_t n, uint8_t out[16])
{
	uint64_t carry = n;

	for (int i = 15; i >= 0; i--) {
		carry += a[i];
		out[i] = (uint8_t)carry;
		carry >>= 8;
	}
}

void lvpn_srvaddr_trunc6(uint8_t a[16], int bits)
{
	for (int i = 0; i < 16; i++) {
		int keep = bits - 8 * i;

		if (keep >= 8)
			continue;
		a[i] &= keep <= 0 ? 0 : (uint8_t)(0xff << (8 - keep));
	}
}
