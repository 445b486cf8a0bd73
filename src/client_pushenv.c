/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - pushed options the client frontend applies itself: setenv-safe
 * into the scripts' environment, echo into the log (see client_int.h). */
#include <string.h>

#include "base/err.h"
#include "proto/config/push.h"
#include "src/client_int.h"
#include "src/script.h"

void lvpn_client_push_env(struct client *c, const struct lvpn_push *p)
{
	for (const struct lvpn_push_line *l = lvpn_push_next(p, NULL); l;
	     l = lvpn_push_next(p, l)) {
		int rc;

		if (strcmp(l->argv[0], "echo") == 0)
			lvpn_opt_echo(c->lg, l->argc, l->argv, 1);
		if (strcmp(l->argv[0], "setenv-safe") != 0 || l->argc < 2)
			continue;
		rc = lvpn_script_env_safe(&c->env, l->argv[1], l->argc > 2 ? l->argv[2] : "");
		if (rc)
			LVPN_LOG(c->lg, LVPN_LOG_WARN, "pushed setenv-safe %.64s: left out (%s)",
			         l->argv[1], lvpn_strerror(rc));
	}
}
