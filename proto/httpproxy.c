/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - HTTP proxy CONNECT request and answer (see httpproxy.h). */
#include "proto/httpproxy.h"

#include <string.h>

#include "base/b64.h"
#include "base/wipe.h"

struct out {
	char *p;
	size_t cap, n;
	int full;
};

static void put(struct out *o, const char *s, size_t n)
{
	if (o->full || n >= o->cap - o->n) {
		o->full = 1;
		return;
	}
	memcpy(o->p + o->n, s, n);
	o->n += n;
}

static void puts_(struct out *o, const char *s)
{
	put(o, s, strlen(s));
}

/* A field that would end the line early (request splitting). */
static int unsafe(const char *s)
{
	return s && strpbrk(s, "\r\n") != NULL;
}

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static int prefix_ci(const char *s, size_t n, const char *word)
{
	size_t w = strlen(word);

	if (n < w)
		return 0;
	for (size_t i = 0; i < w; i++)
		if (lower((unsigned char)s[i]) != lower((unsigned char)word[i]))
			return 0;
	return 1;
}

static void basic(struct out *o, const char *user, const char *pass)
{
	char plain[520], enc[700];
	size_t nu = strlen(user), np = strlen(pass);

	if (nu + np + 1 > sizeof(plain)) {
		o->full = 1;
		return;
	}
	memcpy(plain, user, nu);
	plain[nu] = ':';
	memcpy(plain + nu + 1, pass, np);
	enc[lvpn_b64_encode((const uint8_t *)plain, nu + 1 + np, enc)] = '\0';
	puts_(o, "Proxy-Authorization: Basic ");
	puts_(o, enc);
	puts_(o, "\r\n");
	lvpn_wipe(plain, sizeof(plain));
	lvpn_wipe(enc, sizeof(enc));
}

int lvpn_httpproxy_request(const struct lvpn_httpproxy_req *r, char *out, size_t cap, size_t *len)
{
	struct out o = {.p = out, .cap = cap};
	int host_given = 0;

	if (!r || !out || !cap || !len || !r->host || !r->port || !*r->host || !*r->port ||
	    r->nhdr < 0 || r->nhdr > LVPN_HTTPPROXY_MAX_CUSTOM)
		return LVPN_ERR_INVAL;
	if (unsafe(r->host) || unsafe(r->port) || unsafe(r->version) || unsafe(r->agent) ||
	    unsafe(r->user) || unsafe(r->pass) || unsafe(r->auth))
		return LVPN_ERR_INVAL;
	for (int i = 0; i < r->nhdr; i++)
		if (!r->hdr_name[i] || unsafe(r->hdr_name[i]) || unsafe(r->hdr_value[i]))
			return LVPN_ERR_INVAL;
	puts_(&o, "CONNECT ");
	puts_(&o, r->host);
	puts_(&o, ":");
	puts_(&o, r->port);
	puts_(&o, " HTTP/");
	puts_(&o, r->version ? r->version : "1.0");
	puts_(&o, "\r\n");
	for (int i = 0; i < r->nhdr; i++) {
		const char *nm = r->hdr_name[i];

		puts_(&o, nm);
		if (r->hdr_value[i]) {
			host_given |= strlen(nm) == 4 && prefix_ci(nm, 4, "host");
			puts_(&o, ": ");
			puts_(&o, r->hdr_value[i]);
		} else {
			host_given |= prefix_ci(nm, strlen(nm), "host:");
		}
		puts_(&o, "\r\n");
	}
	if (!host_given) {
		puts_(&o, "Host: ");
		puts_(&o, r->host);
		puts_(&o, "\r\n");
	}
	if (r->agent) {
		puts_(&o, "User-Agent: ");
		puts_(&o, r->agent);
		puts_(&o, "\r\n");
	}
	if (r->auth) {
		puts_(&o, "Proxy-Authorization: ");
		puts_(&o, r->auth);
		puts_(&o, "\r\n");
	} else if (r->user) {
		basic(&o, r->user, r->pass ? r->pass : "");
	}
	puts_(&o, "\r\n");
	if (o.full) {
		lvpn_wipe(out, cap);
		return LVPN_ERR_BUFSIZE;
	}
	out[o.n] = '\0';
	*len = o.n;
	return 0;
}

/* The next line of [p, end): its length without the line end in *n, the
 * bytes it takes with the line end in *adv.  0, LVPN_ERR_AGAIN (no line
 * end yet), or an error for a bad byte or a line over the limit. */
static int line(const uint8_t *p, const uint8_t *end, size_t *n, size_t *adv)
{
	for (size_t i = 0; p + i < end; i++) {
		uint8_t c = p[i];

		if (i > LVPN_HTTPPROXY_MAX_LINE)
			return LVPN_ERR_TOO_BIG;
		if (c == '\n') {
			*n = i;
			*adv = i + 1;
			return 0;
		}
		if (c == '\r') {
			if (p + i + 1 == end)
				return LVPN_ERR_AGAIN;
			if (p[i + 1] != '\n')
				return LVPN_ERR_MALFORMED;
			*n = i;
			*adv = i + 2;
			return 0;
		}
		if ((c < 0x20 && c != '\t') || c == 0x7f)
			return LVPN_ERR_MALFORMED;
	}
	return (size_t)(end - p) > LVPN_HTTPPROXY_MAX_LINE ? LVPN_ERR_TOO_BIG : LVPN_ERR_AGAIN;
}

static int isdig(uint8_t c)
{
	return c >= '0' && c <= '9';
}

/* "HTTP/d.d NNN" followed by the end of the line or a space. */
static int status_line(const uint8_t *s, size_t n, int *status)
{
	if (n < 12 || memcmp(s, "HTTP/", 5) != 0 || !isdig(s[5]) || s[6] != '.' || !isdig(s[7]) ||
	    s[8] != ' ' || !isdig(s[9]) || !isdig(s[10]) || !isdig(s[11]))
		return LVPN_ERR_MALFORMED;
	if (n > 12 && s[12] != ' ')
		return LVPN_ERR_MALFORMED;
	*status = (s[9] - '0') * 100 + (s[10] - '0') * 10 + (s[11] - '0');
	return *status >= 100 ? 0 : LVPN_ERR_MALFORMED;
}

static int tchar(uint8_t c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || isdig(c) ||
	       (c && strchr("!#$%&'*+-.^_`|~", c) != NULL);
}

static unsigned scheme_of(const uint8_t *v, size_t n)
{
	size_t w = 0;

	while (w < n && (v[w] == ' ' || v[w] == '\t'))
		w++;
	v += w;
	n -= w;
	for (w = 0; w < n && tchar(v[w]); w++)
		;
	if (w == 5 && prefix_ci((const char *)v, w, "basic"))
		return LVPN_HTTPPROXY_AUTH_BASIC;
	if (w == 6 && prefix_ci((const char *)v, w, "digest"))
		return LVPN_HTTPPROXY_AUTH_DIGEST;
	if (w == 4 && prefix_ci((const char *)v, w, "ntlm"))
		return LVPN_HTTPPROXY_AUTH_NTLM;
	return LVPN_HTTPPROXY_AUTH_OTHER;
}

/* One "name: value" line at offset off; records a Proxy-Authenticate
 * scheme, and the first OpenVPN knows. */
static int header(const uint8_t *s, size_t off, size_t n, struct lvpn_httpproxy_resp *r)
{
	size_t k = 0;
	static const char pa[] = "proxy-authenticate";
	unsigned sc;

	s += off;
	while (k < n && tchar(s[k]))
		k++;
	if (k == 0 || k == n || s[k] != ':')
		return LVPN_ERR_MALFORMED; /* no name, no colon, or folded */
	if (k != sizeof(pa) - 1 || !prefix_ci((const char *)s, k, pa))
		return 0;
	sc = scheme_of(s + k + 1, n - k - 1);
	r->schemes |= sc;
	if (!r->first && sc != LVPN_HTTPPROXY_AUTH_OTHER) {
		r->first = sc;
		r->first_off = off + k + 1;
		r->first_len = n - k - 1;
	}
	return 0;
}

int lvpn_httpproxy_parse(const uint8_t *in, size_t len, struct lvpn_httpproxy_resp *r)
{
	const uint8_t *p = in, *end;
	size_t n, adv;
	int rc;

	if (!in || !r)
		return LVPN_ERR_INVAL;
	memset(r, 0, sizeof(*r));
	if (len > LVPN_HTTPPROXY_MAX_RESP)
		len = LVPN_HTTPPROXY_MAX_RESP + 1; /* what lies beyond cannot help */
	end = in + len;
	rc = line(p, end, &n, &adv);
	if (rc == LVPN_ERR_AGAIN && len > LVPN_HTTPPROXY_MAX_RESP)
		return LVPN_ERR_TOO_BIG;
	if (rc)
		return rc;
	if ((rc = status_line(p, n, &r->status)) != 0)
		return rc;
	p += adv;
	for (;;) {
		rc = line(p, end, &n, &adv);
		if (rc == LVPN_ERR_AGAIN && len > LVPN_HTTPPROXY_MAX_RESP)
			return LVPN_ERR_TOO_BIG;
		if (rc)
			return rc;
		if (n == 0)
			break;
		if (++r->nheaders > LVPN_HTTPPROXY_MAX_HEADERS)
			return LVPN_ERR_TOO_BIG;
		if ((rc = header(in, (size_t)(p - in), n, r)) != 0)
			return rc;
		p += adv;
	}
	p += adv;
	if ((size_t)(p - in) > LVPN_HTTPPROXY_MAX_RESP)
		return LVPN_ERR_TOO_BIG;
	r->hdr_len = (size_t)(p - in);
	return 0;
}
