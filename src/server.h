/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - the multi-client server daemon (`mode server`, `server ...`).
 * Exit status: 0 after SIGINT/SIGTERM, 1 for configuration and system
 * errors.  Routes and addresses it adds are removed on the way out. */
#ifndef LVPN_SERVER_H
#define LVPN_SERVER_H

#include "base/log.h"
#include "proto/config/options.h"

int lvpn_server_run(struct lvpn_options *o, struct lvpn_log *lg);

#endif
