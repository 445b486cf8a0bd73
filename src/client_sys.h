/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - the client's process setup: --daemon / --writepid, and
 * --chroot / --user / --group. */
#ifndef LVPN_CLIENT_SYS_H
#define LVPN_CLIENT_SYS_H

#include "base/log.h"
#include "proto/config/options.h"

/* --daemon: into the background (call before any signalfd or epoll set
 * exists); --writepid: the pid file.  Returns 0, or -1 (logged). */
int lvpn_client_daemonize(const struct lvpn_options *o, struct lvpn_log *lg);

/* Once the tunnel is first up: --chroot (then chdir "/"), --group, --user
 * keeping CAP_NET_ADMIN only (routes must still go away at the end).
 * Returns 0, or -1 (logged: unknown user or group, a failed call). */
int lvpn_client_confine(const struct lvpn_options *o, struct lvpn_log *lg);

#endif
