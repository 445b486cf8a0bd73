/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - the signals OpenVPN reacts to (INT, TERM, HUP, USR1, USR2),
 * delivered through a signalfd so the event loop reads them like any
 * other input; SIGPIPE ignored (a closed TCP peer is an error return). */
#ifndef LVPN_SIGNALS_H
#define LVPN_SIGNALS_H

/* Blocks those signals and returns a non-blocking signalfd for them, or
 * -1.  Call after any fork (--daemon): epoll watches a signalfd for the
 * process that registered it. */
int lvpn_signals_open(void);

/* The signal OpenVPN acts on for signo under --remap-usr1 (remap: 0 or
 * LVPN_REMAP_SIGHUP / LVPN_REMAP_SIGTERM of proto/config/options.h): a
 * SIGUSR1 becomes SIGHUP or SIGTERM, any other signal stays itself. */
int lvpn_signals_remap(int signo, int remap);

#endif
