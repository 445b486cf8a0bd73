/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - process set-up shared by the client and the server:
 * --daemon / --writepid and --chroot / --user / --group (keeping CAP_NET_ADMIN so
 * routes and addresses can still be removed on the way out). */
#ifndef LVPN_PRIVS_H
#define LVPN_PRIVS_H

#include "base/log.h"
#include "proto/config/options.h"

/* --daemon: detaches into the background (keeping the working directory,
 * stdio to /dev/null); then --writepid writes the pid file.  Call before
 * any signalfd or epoll set is made (they belong to the old process).
 * Then --mlock and --nice (lvpn_proctune_apply).  Returns 0 or -1 (logged). */
int lvpn_privs_daemonize(const struct lvpn_options *o, struct lvpn_log *lg);

/* --chroot, --user, --group: looks the names up, changes root, then
 * changes to them, keeping only CAP_NET_ADMIN.  Returns 0 (also when none
 * is set) or -1 (unknown name, or a system call failed; logged). */
int lvpn_privs_drop(const struct lvpn_options *o, struct lvpn_log *lg);

#endif
