/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - --client-nat on the server (see server_int.h). */
#include <string.h>

#include "proto/clinat.h"
#include "proto/config/optlex.h"
#include "src/server_int.h"

int srv_nat_setup(struct server *sv)
{
	const struct lvpn_strlist *l = &sv->o->client_nat;
	struct lvpn_optline ln;
	const char *why;

	memset(&sv->nat, 0, sizeof(sv->nat));
	for (int i = 0; i < l->n; i++) {
		int rc = LVPN_ERR_CONFIG;

		if (lvpn_optlex_line(l->v[i], strlen(l->v[i]), &ln, &why) == 0 && ln.argc == 4)
			rc = lvpn_clinat_add(&sv->nat, (const char *const *)ln.argv);
		if (rc == LVPN_ERR_EXHAUSTED) {
			LVPN_LOG(sv->lg, LVPN_LOG_WARN,
			         "WARNING: client-nat table overflow (max %d entries)",
			         LVPN_CLINAT_MAX);
			break;
		}
		if (rc) {
			LVPN_LOG(sv->lg, LVPN_LOG_ERR, "client-nat %s: invalid", l->v[i]);
			return -1;
		}
	}
	return 0;
}

void srv_nat(struct server *sv, struct lvpn_buf **v, unsigned n, enum lvpn_clinat_dir dir)
{
	if (!sv->nat.n || sv->tap)
		return;
	for (unsigned i = 0; i < n; i++)
		lvpn_clinat_apply(&sv->nat, lvpn_buf_data(v[i]), v[i]->len, dir);
}
