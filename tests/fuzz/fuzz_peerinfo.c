/* SPDX-License-Identifier: BSD-2-Clause */
/* libFuzzer: the readers of peer text - lvpn_peer_info_get and
 * lvpn_occ_get (proto/kem2.h) with fuzzer-chosen names and output sizes,
 * and the server's peer-string sanitizers (proto/peerstr.h).  Input: byte
 * 0 picks the output size, then "name\0text". */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "proto/kem2.h"
#include "proto/peerstr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_clean(const char *s, size_t cap)
{
	char *dst = malloc(cap ? cap : 1);

	if (dst == NULL)
		return;
	for (int cls = LVPN_PEERSTR_NAME; cls <= LVPN_PEERSTR_LOG; cls++) {
		int rc = lvpn_peerstr_clean(dst, cap, s, (enum lvpn_peerstr_class)cls);

		if (rc != 0 && rc != LVPN_ERR_BUFSIZE)
			abort();
		if (cap && strlen(dst) >= cap)
			abort();
		/* what comes out is clean: no control bytes */
		for (const char *q = dst; cap && *q; q++)
			if ((unsigned char)*q < 0x20 || *q == 0x7f)
				abort();
		(void)lvpn_peerstr_show(dst, cap, s, (enum lvpn_peerstr_class)cls);
	}
	free(dst);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *name, *text, *out, *line;
	size_t cap, nlen;
	const uint8_t *z;
	int rc;

	if (size < 2)
		return 0;
	cap = data[0];
	z = memchr(data + 1, 0, size - 1);
	nlen = z ? (size_t)(z - (data + 1)) : 0;
	name = strndup((const char *)data + 1, nlen);
	text = strndup(z ? (const char *)z + 1 : (const char *)data + 1,
	               z ? size - 2 - nlen : size - 1);
	out = malloc(cap ? cap : 1);
	if (name == NULL || text == NULL || out == NULL)
		goto done;
	rc = lvpn_peer_info_get(text, name, out, cap);
	if (rc < 0 && rc != LVPN_ERR_BUFSIZE)
		abort();
	if (rc == 1 && strlen(out) >= cap)
		abort();
	rc = lvpn_occ_get(text, name, out, cap);
	if (rc < 0 && rc != LVPN_ERR_BUFSIZE)
		abort();
	if (rc == 1 && strlen(out) >= cap)
		abort();
	check_clean(text, cap);
	/* each line of the text as the server's peer-info filter sees it */
	line = text;
	while (line) {
		char *nl = strchr(line, '\n');

		if (nl)
			*nl = '\0';
		rc = lvpn_peerstr_peer_info(line);
		if (rc == 0) {
			for (const char *q = line; *q; q++)
				if ((unsigned char)*q <= 0x20 || (unsigned char)*q > 0x7e ||
				    *q == '$' || *q == '(' || *q == '`')
					abort();
		} else if (rc != LVPN_ERR_MALFORMED) {
			abort();
		}
		line = nl ? nl + 1 : NULL;
	}
done:
	free(name);
	free(text);
	free(out);
	return 0;
}
