/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - the client's process setup: --daemon and --writepid, and
 * --chroot, --user, --group once the tunnel is first up. */
#include "src/client_sys.h"

#include "src/privs.h"

/* --daemon: into the background once the configuration and keys are
 * loaded (so mistakes are still reported on the terminal); --writepid. */
int lvpn_client_daemonize(const struct lvpn_options *o, struct lvpn_log *lg)
{
	return lvpn_privs_daemonize(o, lg);
}

/* --chroot, --user, --group: once the tunnel is set up the first time, as
 * OpenVPN does (reconnecting then needs persist-tun to keep the device). */
int lvpn_client_confine(const struct lvpn_options *o, struct lvpn_log *lg)
{
	if (lvpn_privs_drop(o, lg))
		return -1;
	if (o->chroot && !o->persist_tun)
		LVPN_LOG(lg, LVPN_LOG_WARN,
		         "WARNING: without --persist-tun a reconnection must find "
		         "/dev/net/tun inside the chroot");
	if ((o->user || o->group) && !o->persist_tun)
		LVPN_LOG(lg, LVPN_LOG_WARN,
		         "WARNING: without --persist-tun a reconnection cannot open the "
		         "device again once privileges are dropped");
	return 0;
}
