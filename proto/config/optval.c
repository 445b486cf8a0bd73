/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - syntax checks for option values: addresses, masks, names.
 * Written without the system's networking headers (proto/ is sans-IO). */
#include <string.h>

#include "proto/config/optset.h"

static int digit(int c)
{
	return c >= '0' && c <= '9';
}

static int xdigit(int c)
{
	return digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

int lvpn_is_ipv4(const char *s, uint32_t *out)
{
	uint32_t v = 0;
	int part;

	for (part = 0; part < 4; part++) {
		unsigned n = 0, len = 0;

		while (digit(*s) && len < 4) {
			n = n * 10 + (unsigned)(*s++ - '0');
			len++;
		}
		if (len == 0 || len > 3 || n > 255)
			return 0;
		v = v << 8 | n;
		if (part < 3 && *s++ != '.')
			return 0;
	}
	if (*s != '\0')
		return 0;
	if (out)
		*out = v;
	return 1;
}

int lvpn_is_netmask(const char *s, uint32_t *out)
{
	uint32_t m;

	if (!lvpn_is_ipv4(s, &m))
		return 0;
	/* contiguous ones from the top: ~m + 1 is a power of two (or 0) */
	if (((~m + 1) & ~m) != 0)
		return 0;
	if (out)
		*out = m;
	return 1;
}

int lvpn_is_ipv6(const char *s)
{
	int groups = 0, gap = 0, len;
	const char *p = s;

	if (p[0] == ':') {
		if (p[1] != ':')
			return 0;
		p += 2;
		gap = 1;
		if (*p == '\0')
			return 1;
	}
	for (;;) {
		if (strchr(p, '.') && !strchr(p, ':')) {
			/* trailing dotted IPv4 counts as two groups */
			if (!lvpn_is_ipv4(p, NULL))
				return 0;
			groups += 2;
			break;
		}
		for (len = 0; xdigit(*p) && len < 5; len++)
			p++;
		if (len == 0 || len > 4)
			return 0;
		groups++;
		if (*p == '\0')
			break;
		if (*p != ':')
			return 0;
		p++;
		if (*p == ':') {
			if (gap)
				return 0;
			gap = 1;
			p++;
			if (*p == '\0')
				break;
		} else if (*p == '\0') {
			return 0;
		}
	}
	return gap ? groups <= 7 : groups == 8;
}

int lvpn_is_ipv6_prefix(const char *s, int *bits)
{
	char buf[64];
	const char *slash = strchr(s, '/');
	size_t n = slash ? (size_t)(slash - s) : strlen(s);
	int b = 0;

	*bits = -1;
	if (n == 0 || n >= sizeof(buf))
		return 0;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (!lvpn_is_ipv6(buf))
		return 0;
	if (!slash)
		return 1;
	s = slash + 1;
	if (!digit(*s) || strlen(s) > 3)
		return 0;
	while (digit(*s))
		b = b * 10 + (*s++ - '0');
	if (*s != '\0' || b > 128)
		return 0;
	*bits = b;
	return 1;
}

int lvpn_is_algname(const char *s)
{
	if (*s == '\0' || strlen(s) > 64)
		return 0;
	for (; *s; s++) {
		char c = *s;

		if (!(digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' ||
		      c == '_' || c == '.' || c == '/'))
			return 0;
	}
	return 1;
}

int lvpn_is_alglist(const char *s)
{
	char buf[128];
	char *tok, *save = NULL;

	if (strlen(s) >= sizeof(buf) || *s == '\0')
		return 0;
	strcpy(buf, s);
	for (tok = strtok_r(buf, ":", &save); tok; tok = strtok_r(NULL, ":", &save)) {
		if (*tok == '?')
			tok++;
		if (!lvpn_is_algname(tok))
			return 0;
	}
	return s[strlen(s) - 1] != ':' && s[0] != ':' && !strstr(s, "::");
}

int lvpn_is_hostname(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > 253)
		return 0;
	for (; *s; s++) {
		char c = *s;

		if (!(digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' ||
		      c == '.' || c == '_' || c == ':' || c == '%'))
			return 0;
	}
	return 1;
}
