/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - pushed options the client frontend applies itself: setenv-safe
 * into the scripts' environment, echo into the log (see client_int.h). */
#include <string.h>

#include "base/b64.h"
#include "base/err.h"
#include "base/wipe.h"
#include "proto/config/push.h"
#include "src/client_int.h"
#include "src/script.h"

void lvpn_client_push_token_user(struct client *c, const struct lvpn_push *p)
{
	for (const struct lvpn_push_line *l = lvpn_push_next(p, NULL); l;
	     l = lvpn_push_next(p, l)) {
		uint8_t name[sizeof(c->cred.username)];
		size_t n = 0;

		if (strcmp(l->argv[0], "auth-token-user") != 0 || l->argc < 2)
			continue;
		if (lvpn_b64_decode(l->argv[1], strlen(l->argv[1]), name, sizeof(name) - 1, &n) ||
		    n == 0 || memchr(name, '\0', n)) {
			LVPN_LOG(c->lg, LVPN_LOG_WARN, "Error decoding auth-token-username");
			continue;
		}
		if (!c->cred.token_user)
			memcpy(c->cred.real_username, c->cred.username, sizeof(c->cred.username));
		memcpy(c->cred.username, name, n);
		c->cred.username[n] = '\0';
		c->cred.token_user = 1;
		lvpn_wipe(name, sizeof(name));
	}
}

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
