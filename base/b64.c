/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - base64 (see b64.h). */
#include "base/b64.h"

static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static int value(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

size_t lvpn_b64_encode(const uint8_t *p, size_t n, char *out)
{
	size_t o = 0;

	for (size_t i = 0; i < n; i += 3) {
		size_t left = n - i;
		uint32_t v = (uint32_t)p[i] << 16;

		if (left > 1)
			v |= (uint32_t)p[i + 1] << 8;
		if (left > 2)
			v |= p[i + 2];
		out[o++] = alphabet[v >> 18 & 63];
		out[o++] = alphabet[v >> 12 & 63];
		out[o++] = left > 1 ? alphabet[v >> 6 & 63] : '=';
		out[o++] = left > 2 ? alphabet[v & 63] : '=';
	}
	return o;
}

int lvpn_b64_decode(const char *s, size_t n, uint8_t *out, size_t cap, size_t *out_len)
{
	uint32_t acc = 0;
	int bits = 0, pad = 0, v;
	size_t o = 0, chars = 0;

	for (size_t i = 0; i < n; i++) {
		if (is_space(s[i]))
			continue;
		chars++;
		if (s[i] == '=') {
			pad++;
			continue;
		}
		if (pad || (v = value(s[i])) < 0)
			return LVPN_ERR_MALFORMED;
		acc = acc << 6 | (uint32_t)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			if (o == cap)
				return LVPN_ERR_BUFSIZE;
			out[o++] = (uint8_t)(acc >> bits);
		}
	}
	if (chars % 4 || pad > 2)
		return LVPN_ERR_MALFORMED;
	*out_len = o;
	return 0;
}
