/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - HTTP proxy Digest authentication (see httpdigest.h). */
#include "proto/httpdigest.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "base/wipe.h"
#include "crypto/md5.h"

static int ows(char c)
{
	return c == ' ' || c == '\t';
}

/* RFC 7230 token characters. */
static int tchar(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c && strchr("!#$%&'*+-.^_`|~", c) != NULL);
}

static int ctl(char c)
{
	return ((unsigned char)c < 0x20 && c != '\t') || c == 0x7f;
}

/* Copies [s, s + n) into a field of cap bytes. */
static int keep(char *dst, size_t cap, const char *s, size_t n, int *have)
{
	if (n >= cap)
		return LVPN_ERR_TOO_BIG;
	memcpy(dst, s, n);
	dst[n] = '\0';
	if (have)
		*have = 1;
	return 0;
}

/* The field a parameter name keeps its value in, or NULL. */
static char *field(struct lvpn_httpdigest_chal *c, const char *k, size_t kn, size_t *cap,
                   int **have)
{
	static const char *const names[] = {"realm", "nonce", "opaque", "algorithm"};
	char *const f[] = {c->realm, c->nonce, c->opaque, c->algorithm};
	int *const h[] = {&c->have_realm, &c->have_nonce, &c->have_opaque, NULL};
	const size_t caps[] = {sizeof(c->realm), sizeof(c->nonce), sizeof(c->opaque),
	                       sizeof(c->algorithm)};

	for (unsigned i = 0; i < 4; i++)
		if (strlen(names[i]) == kn && strncasecmp(k, names[i], kn) == 0) {
			*cap = caps[i];
			*have = h[i];
			return f[i];
		}
	return NULL;
}

int lvpn_httpdigest_parse(const char *v, size_t n, struct lvpn_httpdigest_chal *c)
{
	size_t i = 0;

	if (!v || !c)
		return LVPN_ERR_INVAL;
	memset(c, 0, sizeof(*c));
	for (size_t j = 0; j < n; j++)
		if (ctl(v[j]))
			return LVPN_ERR_MALFORMED;
	while (i < n && ows(v[i]))
		i++;
	if (n - i < 6 || strncasecmp(v + i, "digest", 6) != 0 || (n - i > 6 && !ows(v[i + 6])))
		return LVPN_ERR_MALFORMED;
	i += 6;
	for (;;) {
		size_t k0, kn, v0, vn, cap = 0;
		int *have = NULL, quoted = 0, rc;
		char *dst;

		while (i < n && (ows(v[i]) || v[i] == ','))
			i++;
		if (i == n)
			break;
		for (k0 = i; i < n && tchar(v[i]); i++)
			;
		kn = i - k0;
		while (i < n && ows(v[i]))
			i++;
		if (kn == 0 || i == n || v[i] != '=')
			return LVPN_ERR_MALFORMED;
		i++;
		while (i < n && ows(v[i]))
			i++;
		if (i < n && v[i] == '"') {
			quoted = 1;
			for (v0 = ++i; i < n && v[i] != '"'; i++)
				if (v[i] == '\\' && ++i == n)
					break;
			if (i >= n)
				return LVPN_ERR_MALFORMED; /* no closing quote */
			vn = i++ - v0;
		} else {
			for (v0 = i; i < n && tchar(v[i]); i++)
				;
			vn = i - v0;
		}
		if (!quoted && vn == 0)
			return LVPN_ERR_MALFORMED;
		while (i < n && ows(v[i]))
			i++;
		if (i < n && v[i] != ',')
			return LVPN_ERR_MALFORMED;
		dst = field(c, v + k0, kn, &cap, &have);
		if (dst && (rc = keep(dst, cap, v + v0, vn, have)) != 0)
			return rc;
	}
	return c->have_realm && c->have_nonce ? 0 : LVPN_ERR_MALFORMED;
}

/* Safe between quotes of a header we write. */
static int plain(const char *s)
{
	for (; *s; s++)
		if (*s == '"' || *s == '\\' || ctl(*s))
			return 0;
	return 1;
}

static void hex(const uint8_t h[LVPN_MD5_LEN], char out[2 * LVPN_MD5_LEN + 1])
{
	static const char d[] = "0123456789abcdef";

	for (unsigned i = 0; i < LVPN_MD5_LEN; i++) {
		out[2 * i] = d[h[i] >> 4];
		out[2 * i + 1] = d[h[i] & 15];
	}
	out[2 * LVPN_MD5_LEN] = '\0';
}

#define MD5_OF(out, ...)                                                                           \
	md5_of(out, (const char *const[]){__VA_ARGS__},                                            \
	       sizeof((const char *const[]){__VA_ARGS__}) / sizeof(const char *))

/* MD5 of the concatenated strings s[0..n). */
static int md5_of(uint8_t out[LVPN_MD5_LEN], const char *const *s, unsigned n)
{
	const void *p[12];
	size_t len[12];

	for (unsigned i = 0; i < n; i++) {
		p[i] = s[i];
		len[i] = strlen(s[i]);
	}
	return lvpn_md5(p, len, n, out);
}

/* HA1, for MD5-sess over its raw bytes (see httpdigest.h). */
static int ha1(const struct lvpn_httpdigest_chal *c, const char *user, const char *pass,
               const char *cnonce, char out[2 * LVPN_MD5_LEN + 1])
{
	uint8_t h[LVPN_MD5_LEN];
	int rc = MD5_OF(h, user, ":", c->realm, ":", pass);

	if (rc == 0 && strcasecmp(c->algorithm, "md5-sess") == 0) {
		const void *p[] = {h, ":", c->nonce, ":", cnonce};
		const size_t len[] = {sizeof(h), 1, strlen(c->nonce), 1, strlen(cnonce)};

		rc = lvpn_md5(p, len, 5, h);
	}
	hex(h, out);
	lvpn_wipe(h, sizeof(h));
	return rc;
}

int lvpn_httpdigest_answer(const struct lvpn_httpdigest_chal *c, const char *user, const char *pass,
                           const char *method, const char *uri, const char *cnonce, char *out,
                           size_t cap)
{
	char h1[2 * LVPN_MD5_LEN + 1], h2[2 * LVPN_MD5_LEN + 1], rx[2 * LVPN_MD5_LEN + 1];
	uint8_t h[LVPN_MD5_LEN];
	int rc, n;

	if (!c || !user || !pass || !method || !uri || !cnonce || !out || !cap)
		return LVPN_ERR_INVAL;
	if (!plain(user) || !plain(uri) || !plain(cnonce) || !plain(method))
		return LVPN_ERR_INVAL;
	rc = ha1(c, user, pass, cnonce, h1);
	if (rc == 0)
		rc = MD5_OF(h, method, ":", uri);
	hex(h, h2);
	if (rc == 0)
		rc = MD5_OF(h, h1, ":", c->nonce, ":00000001:", cnonce, ":auth:", h2);
	hex(h, rx);
	lvpn_wipe(h1, sizeof(h1));
	if (rc)
		return rc;
	n = snprintf(out, cap,
	             "Digest username=\"%s\", realm=\"%s\", nonce=\"%s\", uri=\"%s\", qop=auth, "
	             "nc=00000001, cnonce=\"%s\", response=\"%s\"%s%s%s",
	             user, c->realm, c->nonce, uri, cnonce, rx, c->have_opaque ? ", opaque=\"" : "",
	             c->have_opaque ? c->opaque : "", c->have_opaque ? "\"" : "");
	if (n < 0 || (size_t)n >= cap) {
		lvpn_wipe(out, cap);
		return LVPN_ERR_BUFSIZE;
	}
	return 0;
}
