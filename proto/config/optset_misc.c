/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - handlers of options that only say something: echo (OpenVPN
 * 2.6 options.c, "echo" and its "parameter" twin); and data-threads,
 * leanvpn's own (not an OpenVPN option). */
#include <stdio.h>
#include <string.h>

#include "proto/config/optset.h"

void lvpn_opt_echo(struct lvpn_log *lg, int argc, char *const *argv, int pushed)
{
	char text[LVPN_CONFIG_LINE_MAX + 1];
	size_t used = 0;

	/* the others may carry what a GUI must not show in a log (2.6) */
	if (argc < 2 || strncmp(argv[1], "msg", 3) != 0)
		return;
	text[0] = '\0';
	for (int i = 1; i < argc && used < sizeof(text); i++) {
		int k =
		    snprintf(text + used, sizeof(text) - used, "%s%s", i > 1 ? " " : "", argv[i]);

		if (k < 0)
			break;
		used += (size_t)k;
	}
	/* level 1: 2.6's M_INFO, shown from verb 1 on, also while the
	 * configuration is read */
	LVPN_LOG(lg, LVPN_LOG_WARN, "%s:%s", pushed ? "ECHO-PULL" : "ECHO", text);
}

/* A pushed echo also goes to the management interface (src/client_mgmt.c). */
static int h_echo(struct optarg *a)
{
	lvpn_opt_echo(a->o->log, a->argc, a->argv, a->where == LVPN_WHERE_PUSH);
	return 0;
}

/* data-threads N: the data path on N threads (src/client_tx.c: 1 or 2,
 * optcheck.c refuses more; src/srv_tx.c: up to 16). */
static int h_data_threads(struct optarg *a)
{
	return lvpn_optarg_int(a, 1, 1, 16, &a->o->data_threads);
}

const struct opt_handler_ent lvpn_optset_misc[] = {
    {"data-threads", h_data_threads},
    {"echo", h_echo},
    {NULL, NULL},
};
