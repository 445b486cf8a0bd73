/* SPDX-License-Identifier: BSD-2-Clause */
/* libFuzzer: the HTTP proxy's answer (proto/httpproxy), as a hostile
 * proxy or a man in the middle sends it (OpenVPN's CVE-2017-7520 and
 * CVE-2026-11771 lived here).  The input, in an exact-size heap copy so
 * that ASan sees any read past it, is parsed whole and at every prefix
 * the client may hold while it reads: a prefix never succeeds where the
 * whole fails differently, and a success ends on the blank line inside
 * the input.  The input's first bytes also fill a CONNECT request, which
 * must refuse line breaks and stay inside its buffer.  A Digest
 * challenge the answer offers first is parsed (proto/httpdigest) within
 * the header's bytes, and its kept values stay inside their fields. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "proto/httpdigest.h"
#include "proto/httpproxy.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void request(const uint8_t *data, size_t size)
{
	char fields[4][64], out[300];
	struct lvpn_httpproxy_req q = {0};
	size_t n = 0, at = 0;

	for (int i = 0; i < 4; i++) {
		size_t k = 0;

		while (at < size && data[at] && k < sizeof(fields[i]) - 1)
			fields[i][k++] = (char)data[at++];
		fields[i][k] = '\0';
		at++;
	}
	q.host = fields[0];
	q.port = fields[1];
	q.user = fields[2][0] ? fields[2] : NULL;
	q.pass = fields[3];
	if (lvpn_httpproxy_request(&q, out, sizeof(out), &n) == 0) {
		if (n >= sizeof(out) || out[n] != '\0' || strlen(out) != n)
			abort();
		/* the only line breaks are the ones the request puts there */
		for (size_t i = 0; i < n; i++)
			if (out[i] == '\n' && (i == 0 || out[i - 1] != '\r'))
				abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lvpn_httpproxy_resp r, pr;
	uint8_t *buf = malloc(size ? size : 1);
	int rc;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	rc = lvpn_httpproxy_parse(buf, size, &r);
	if (rc == 0 &&
	    (r.hdr_len > size || r.hdr_len < 2 || buf[r.hdr_len - 1] != '\n' || r.status < 100 ||
	     r.status > 999 || r.nheaders > LVPN_HTTPPROXY_MAX_HEADERS))
		abort();
	if (rc != 0 && rc != LVPN_ERR_AGAIN && rc != LVPN_ERR_MALFORMED && rc != LVPN_ERR_TOO_BIG)
		abort();
	if (rc == 0 && r.first == LVPN_HTTPPROXY_AUTH_DIGEST) {
		struct lvpn_httpdigest_chal c;

		if (r.first_off + r.first_len > r.hdr_len)
			abort();
		if (lvpn_httpdigest_parse((const char *)buf + r.first_off, r.first_len, &c) == 0 &&
		    (strlen(c.realm) >= sizeof(c.realm) || strlen(c.nonce) >= sizeof(c.nonce)))
			abort();
	}
	/* a client reading in pieces: every prefix that completes must give
	 * the same answer as the whole */
	for (size_t n = size > 64 ? size - 64 : 0; n < size; n++) {
		uint8_t *p = malloc(n ? n : 1);

		if (!p)
			break;
		memcpy(p, data, n);
		if (lvpn_httpproxy_parse(p, n, &pr) == 0 &&
		    (rc != 0 || pr.hdr_len != r.hdr_len || pr.status != r.status))
			abort();
		free(p);
	}
	free(buf);
	request(data, size);
	return 0;
}
