/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - the client's management interface: state shared by
 * client_mgmt.c (interface, callbacks, states) and client_mgmt_wait.c
 * (hold, questions, auth-retry). */
#ifndef LVPN_CLIENT_MGMT_INT_H
#define LVPN_CLIENT_MGMT_INT_H

#include "src/client_mgmt.h"
#include "src/mgmt.h"

struct lvpn_cmgmt {
	struct lvpn_mgmt *m;
	struct client *c;
	lvpn_log_emit_fn *emit; /* the log's own sink, called first */
	void *emit_ctx;
	int in_log; /* no >LOG of what logging >LOG logs */
	char last_err[LVPN_LOG_LINE_MAX];
	const struct lvpn_session *s; /* the session last seen by tick */
	int authed, connected, exited;
	char reason[64];
	char key_pass[LVPN_MGMT_ANSWER_MAX];
	struct lvpn_conn mod; /* remote MOD: the entry with the new host/port */
	char mod_host[LVPN_MGMT_HOST_MAX], mod_port[LVPN_MGMT_PORT_MAX];
};

#endif
