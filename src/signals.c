/* SPDX-License-Identifier: BSD-2-Clause */
#include "src/signals.h"

#include <signal.h>
#include <sys/signalfd.h>

#include "proto/config/options.h"

int lvpn_signals_open(void)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGUSR2);
	if (sigprocmask(SIG_BLOCK, &set, NULL) != 0)
		return -1;
	signal(SIGPIPE, SIG_IGN);
	return signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
}

int lvpn_signals_remap(int signo, int remap)
{
	if (signo != SIGUSR1)
		return signo;
	return remap == LVPN_REMAP_SIGHUP ? SIGHUP : remap == LVPN_REMAP_SIGTERM ? SIGTERM : signo;
}
