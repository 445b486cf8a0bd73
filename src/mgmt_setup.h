/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - what the server and the client share to start the management
 * interface from their options. */
#ifndef LVPN_MGMT_SETUP_H
#define LVPN_MGMT_SETUP_H

#include "proto/config/options.h"
#include "src/mgmt.h"

/* Fills cfg's listener from --management ADDR PORT|unix [PWFILE]; the
 * first line of the password file goes to *pw (malloc'd, the caller wipes
 * and frees it; NULL without a file) and cfg->password.
 * Returns 0, or -1 after logging why (the file cannot be read). */
int lvpn_mgmt_cfg_load(const struct lvpn_options *o, struct lvpn_mgmt_cfg *cfg, char **pw,
                       struct lvpn_log *lg);

/* The number of a signal the `signal` command names ("SIGTERM", "SIGINT",
 * "SIGHUP", "SIGUSR1", "SIGUSR2"), or -1. */
int lvpn_mgmt_signo(const char *name);

#endif
