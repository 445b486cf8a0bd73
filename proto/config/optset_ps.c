/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - port-share HOST PORT [DIR] (applied by src/portshare.c).  As
 * in OpenVPN 2.6 the host and port are kept as given and resolved when
 * the server starts; a name that does not resolve stops it there. */
#include "proto/config/optset.h"

static int h_port_share(struct optarg *a)
{
	int rc = lvpn_optarg_str(a, 1, &a->o->port_share_host);

	if (rc == 0)
		rc = lvpn_optarg_str(a, 2, &a->o->port_share_port);
	a->o->port_share_dir = NULL;
	if (rc == 0 && a->argc > 3)
		rc = lvpn_optarg_str(a, 3, &a->o->port_share_dir);
	return rc;
}

const struct opt_handler_ent lvpn_optset_ps[] = {
    {"port-share", h_port_share},
    {NULL, NULL},
};
