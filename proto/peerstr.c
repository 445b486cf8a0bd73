/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - peer-supplied strings made safe (see peerstr.h). */
#include "proto/peerstr.h"

static int control(unsigned char c)
{
	return c < 0x20 || c == 0x7f;
}

static char map(unsigned char c, enum lvpn_peerstr_class cls, int leading)
{
	if (cls == LVPN_PEERSTR_LOG)
		return control(c) ? '.' : (char)c;
	if (control(c))
		return '_';
	if (cls == LVPN_PEERSTR_CSV && c == ',')
		return '_';
	if (cls == LVPN_PEERSTR_SUBJECT && leading && c == '-')
		return '_';
	return (char)c;
}

int lvpn_peerstr_clean(char *dst, size_t cap, const char *src, enum lvpn_peerstr_class cls)
{
	size_t i;
	int leading = 1;

	if (cap == 0)
		return LVPN_ERR_BUFSIZE;
	for (i = 0; src[i] && i + 1 < cap; i++) {
		unsigned char c = (unsigned char)src[i];

		dst[i] = map(c, cls, leading);
		leading = leading && c == '-';
	}
	/* read src[i] before the NUL goes in: dst may be src */
	if (src[i]) {
		dst[i] = '\0';
		return LVPN_ERR_BUFSIZE;
	}
	dst[i] = '\0';
	return 0;
}

const char *lvpn_peerstr_show(char *dst, size_t cap, const char *src, enum lvpn_peerstr_class cls)
{
	int rc = lvpn_peerstr_clean(dst, cap, src, cls);

	(void)rc; /* truncated is fine for display */
	return dst;
}

static int name_char(unsigned char c)
{
	return c == '_' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z');
}

int lvpn_peerstr_peer_info(char *line)
{
	size_t i = 0;

	while (name_char((unsigned char)line[i]))
		i++;
	if (i == 0 || line[i] != '=')
		return LVPN_ERR_MALFORMED;
	for (i++; line[i]; i++) {
		unsigned char c = (unsigned char)line[i];

		if (c <= 0x20 || c >= 0x7f || c == '$' || c == '(' || c == '`')
			line[i] = '_';
	}
	return 0;
}
