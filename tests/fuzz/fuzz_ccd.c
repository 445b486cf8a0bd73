/* SPDX-License-Identifier: BSD-2-Clause */
/* libFuzzer: client-config-dir text and client-connect script output
 * (both read by lvpn_ccd_parse, src/ccd.c, split by the option tokenizer,
 * proto/config/optlex.c).  Other lines go to an apply
 * callback that checks what it is handed. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "src/ccd.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int apply(void *ctx, int argc, char **argv, const char *file, int line)
{
	(void)ctx;
	(void)file;
	if (argc < 1 || line < 1)
		abort();
	for (int i = 0; i < argc; i++)
		(void)strlen(argv[i]);
	return argv[0][0] == 'x';
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lvpn_ccd r;
	char *copy, name[300];

	copy = malloc(size ? size : 1); /* exact size: no NUL after it */
	if (copy == NULL)
		return 0;
	memcpy(copy, data, size);
	memset(&r, 0, sizeof(r));
	if (lvpn_ccd_parse(copy, size, "fuzz", apply, NULL, NULL, &r) == 0) {
		if (r.n_iroute4 > LVPN_CCD_MAX_IROUTES || r.n_iroute6 > LVPN_CCD_MAX_IROUTES ||
		    r.n_push > LVPN_CCD_MAX_PUSH || r.n_push_remove > LVPN_CCD_MAX_PUSH ||
		    r.n_iroute4 < 0 || r.n_iroute6 < 0)
			abort();
		for (int i = 0; i < r.n_push; i++)
			(void)strlen(r.push[i]);
		for (int i = 0; i < r.n_push_remove; i++)
			(void)strlen(r.push_remove[i]);
		if (r.has_push6 && (r.push6_bits < 0 || r.push6_bits > 128))
			abort();
	}
	lvpn_ccd_free(&r);
	/* the first line as a common name */
	if (size < 256) {
		char cn[256];

		memcpy(cn, data, size);
		cn[size] = '\0';
		if (lvpn_ccd_name(cn, name, sizeof(name)) == 0 &&
		    (strchr(name, '/') || strcmp(name, "..") == 0 || strcmp(name, ".") == 0))
			abort();
	}
	free(copy);
	return 0;
}
