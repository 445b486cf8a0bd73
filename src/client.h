/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - the client: connects to the remotes of a profile, brings up the
 * TUN device with what the server pushes, moves packets, reconnects, and
 * undoes every change to the system on the way out.
 *
 * Exit status: 0 after SIGINT/SIGTERM or a HALT from the server, 1 for
 * configuration and system errors, 2 when the server refused our
 * credentials (AUTH_FAILED), 3 when connect-retry-max attempts failed. */
#ifndef LVPN_CLIENT_H
#define LVPN_CLIENT_H

#include "base/log.h"
#include "proto/config/options.h"

int lvpn_client_run(struct lvpn_options *o, struct lvpn_log *lg);

#endif
