/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - readiness and state notifications to the service manager
 * (systemd's sd_notify protocol, without libsystemd): one datagram per
 * message on the AF_UNIX socket named by $NOTIFY_SOCKET.  When that
 * variable is unset (not started by systemd with Type=notify) every call
 * is a no-op. */
#ifndef LVPN_SDNOTIFY_H
#define LVPN_SDNOTIFY_H

/* Opens a datagram socket and connects it to $NOTIFY_SOCKET (an absolute
 * path, or '@name' for the abstract namespace), so that later messages
 * still reach it after --chroot or --user.  Call once at start-up, before
 * privileges are dropped; calling it again does nothing.
 * Returns 0 (also when $NOTIFY_SOCKET is unset or empty),
 * LVPN_ERR_INVAL (the address is neither an absolute path nor '@name', or
 * is too long) or LVPN_ERR_IO (the socket could not be made or connected). */
int lvpn_sdnotify_open(void);

/* Sends msg, newline-separated VAR=VALUE assignments such as
 * "READY=1\nSTATUS=...", in one datagram; opens the socket first if
 * lvpn_sdnotify_open was not called.  Never blocks.
 * Returns 0 (also when there is no notification socket), or the errors of
 * lvpn_sdnotify_open, or LVPN_ERR_IO (the datagram was not sent). */
int lvpn_sdnotify(const char *msg);

/* Tells the service manager a reload (SIGHUP) has begun: "RELOADING=1"
 * with the MONOTONIC_USEC stamp systemd wants; the next READY=1 ends it.
 * Returns what lvpn_sdnotify returns. */
int lvpn_sdnotify_reloading(void);

/* Closes the socket (a later lvpn_sdnotify opens it again). */
void lvpn_sdnotify_close(void);

#endif
