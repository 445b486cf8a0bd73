/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - --nice and --mlock: the process settings OpenVPN 2.6 makes once,
 * after it has become a daemon (client and server alike). */
#ifndef LVPN_PROCTUNE_H
#define LVPN_PROCTUNE_H

#include "base/log.h"
#include "proto/config/options.h"

/* --mlock: raises RLIMIT_MEMLOCK to at least 100 MB when it is lower (as
 * 2.6), then mlockall(MCL_CURRENT | MCL_FUTURE); a refused mlockall is a
 * warning, not an error, as in 2.6.  --nice N (N not 0): nice(N), a warning
 * when refused.  Call once, after --daemon (a fork drops memory locks).
 * Returns 0, or LVPN_ERR_IO when the memory-lock limit cannot be raised
 * (fatal in 2.6; logged). */
LVPN_MUST_CHECK int lvpn_proctune_apply(const struct lvpn_options *o, struct lvpn_log *lg);

#endif
