/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - HTTP proxy CONNECT, without I/O: the request a client sends
 * to an HTTP proxy, and the parser of the proxy's answer.
 *
 * The answer is read until the blank line that ends its headers; bytes
 * after it belong to the tunnelled stream.  The parser is strict and
 * bounded (OpenVPN's proxy code had CVE-2017-7520 and CVE-2026-11771 in
 * this place): a status line "HTTP/d.d NNN ...", at most
 * LVPN_HTTPPROXY_MAX_HEADERS header lines of "name: value", each line at
 * most LVPN_HTTPPROXY_MAX_LINE bytes ending in CRLF (or LF), no control
 * bytes apart from tab, at most LVPN_HTTPPROXY_MAX_RESP bytes in all.
 */
#ifndef LVPN_HTTPPROXY_H
#define LVPN_HTTPPROXY_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

#define LVPN_HTTPPROXY_MAX_LINE    1024
#define LVPN_HTTPPROXY_MAX_HEADERS 64
#define LVPN_HTTPPROXY_MAX_RESP    8192
#define LVPN_HTTPPROXY_MAX_CUSTOM  10 /* http-proxy-option CUSTOM-HEADER lines */

/* Proxy-Authenticate schemes offered in a 407 answer (bits). */
#define LVPN_HTTPPROXY_AUTH_BASIC  1
#define LVPN_HTTPPROXY_AUTH_DIGEST 2
#define LVPN_HTTPPROXY_AUTH_NTLM   4
#define LVPN_HTTPPROXY_AUTH_OTHER  8

struct lvpn_httpproxy_req {
	const char *host, *port; /* the OpenVPN server, as written in remote */
	const char *version;     /* "1.0" (OpenVPN's default) or "1.1"; NULL: 1.0 */
	const char *agent;       /* User-Agent, or NULL */
	/* CUSTOM-HEADER lines: a name and a value, or (value NULL) a
	 * whole "Name: value" line as given */
	const char *hdr_name[LVPN_HTTPPROXY_MAX_CUSTOM];
	const char *hdr_value[LVPN_HTTPPROXY_MAX_CUSTOM];
	int nhdr;
	const char *user, *pass; /* Basic credentials, or user NULL */
	const char *auth;        /* a whole Proxy-Authorization value (Digest),
	                          * sent instead of Basic; or NULL */
};

struct lvpn_httpproxy_resp {
	int status;       /* the 3-digit status code */
	size_t hdr_len;   /* bytes of the answer up to and with its blank line */
	unsigned schemes; /* LVPN_HTTPPROXY_AUTH_* offered by Proxy-Authenticate */
	int nheaders;
	/* the first Proxy-Authenticate offering Basic, Digest or NTLM (what
	 * OpenVPN 2.6 answers): its scheme (0: none) and where its value
	 * (after the colon) lies in the input */
	unsigned first;
	size_t first_off, first_len;
};

/* Writes the CONNECT request for r into out (cap bytes, NUL-terminated
 * on success; *len is the length without the NUL): the request line,
 * the custom headers, Host (unless a custom header gave it), User-Agent,
 * Proxy-Authorization (r->auth as given, or Basic when r->user is set),
 * and the blank line.
 * The caller wipes out after sending when it holds credentials.
 * Errors: LVPN_ERR_INVAL (a field holds CR, LF or NUL-less garbage that
 * would split the request: CR or LF anywhere, or an empty host/port),
 * LVPN_ERR_BUFSIZE (out too small; out holds nothing usable). */
LVPN_MUST_CHECK int lvpn_httpproxy_request(const struct lvpn_httpproxy_req *r, char *out,
                                           size_t cap, size_t *len);

/* Parses the first len bytes a proxy sent.  On success r describes the
 * answer and r->hdr_len bytes were its header block; the caller decides
 * what the status means (200: tunnel open, 407: authentication).
 * Errors: LVPN_ERR_AGAIN (no blank line yet and len is under the
 * limits: read more), LVPN_ERR_MALFORMED (not an HTTP answer, a bad
 * line, a control byte, a header without a colon or folded),
 * LVPN_ERR_TOO_BIG (a line, the header count or the whole answer over
 * its limit), LVPN_ERR_INVAL (in or r NULL). */
LVPN_MUST_CHECK int lvpn_httpproxy_parse(const uint8_t *in, size_t len,
                                         struct lvpn_httpproxy_resp *r);

#endif
