/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - SIGHUP: parse the command line again (see client_reload.h). */
#include "src/client_reload.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proto/config/config.h"
#include "src/fileio.h"

#define CMDLINE_MAX (1024 * 1024)

int lvpn_client_argv_load(struct lvpn_client_argv *a)
{
	FILE *f = fopen("/proc/self/cmdline", "rb");
	size_t len = 0, cap = 4096;
	int n = 0;

	memset(a, 0, sizeof(*a));
	if (!f)
		return LVPN_ERR_IO;
	a->mem = malloc(cap + 1);
	while (a->mem) {
		size_t got = fread(a->mem + len, 1, cap - len, f);

		len += got;
		if (len < cap || cap >= CMDLINE_MAX)
			break;
		cap *= 2;
		{
			char *p = realloc(a->mem, cap + 1);

			if (!p) {
				free(a->mem);
				a->mem = NULL;
			} else {
				a->mem = p;
			}
		}
	}
	fclose(f);
	if (!a->mem)
		return LVPN_ERR_NOMEM;
	if (len == 0 || len >= CMDLINE_MAX) {
		lvpn_client_argv_free(a);
		return LVPN_ERR_IO;
	}
	a->mem[len] = '\0'; /* the last argument ends in NUL already; in case */
	for (size_t i = 0; i < len; i++)
		n += a->mem[i] == '\0';
	n += a->mem[len - 1] != '\0';
	a->argv = calloc((size_t)n + 1, sizeof(char *));
	if (!a->argv) {
		lvpn_client_argv_free(a);
		return LVPN_ERR_NOMEM;
	}
	for (size_t i = 0; i < len && a->argc < n; i += strlen(a->mem + i) + 1)
		a->argv[a->argc++] = a->mem + i;
	return 0;
}

void lvpn_client_argv_free(struct lvpn_client_argv *a)
{
	free(a->argv);
	free(a->mem);
	memset(a, 0, sizeof(*a));
}

int lvpn_client_reparse(const struct lvpn_client_argv *a, struct lvpn_log *lg,
                        struct lvpn_options *out, char *err, size_t errsize)
{
	struct lvpn_config_err e;
	int rc;

	memset(&e, 0, sizeof(e));
	rc = lvpn_options_init(out, lvpn_fileio_ops(), lg);
	if (rc) {
		snprintf(err, errsize, "%s", lvpn_strerror(rc));
		return rc;
	}
	rc = lvpn_config_parse_argv(out, a->argc, a->argv, &e);
	if (rc == 0)
		rc = lvpn_options_finish(out, &e);
	if (rc == 0 && out->role != LVPN_ROLE_CLIENT) {
		snprintf(err, errsize, "the configuration is no longer a client's");
		rc = LVPN_ERR_CONFIG;
	} else if (rc == LVPN_ERR_CONFIG) {
		lvpn_config_err_format(&e, err, errsize);
	} else if (rc) {
		snprintf(err, errsize, "%s", lvpn_strerror(rc));
	}
	if (rc)
		lvpn_options_free(out);
	return rc;
}
