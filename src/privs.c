/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - --daemon, --writepid, --user, --group (see privs.h). */
#include "src/privs.h"

#include <errno.h>
#include <grp.h>
#include <linux/capability.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "src/proctune.h"

int lvpn_privs_daemonize(const struct lvpn_options *o, struct lvpn_log *lg)
{
	FILE *f;
	int bad;

	if (o->daemon && daemon(1, 0) != 0) {
		LVPN_LOG(lg, LVPN_LOG_ERR, "cannot become a daemon: %s", strerror(errno));
		return -1;
	}
	if (!o->writepid)
		return lvpn_proctune_apply(o, lg) ? -1 : 0;
	f = fopen(o->writepid, "w");
	if (!f) {
		LVPN_LOG(lg, LVPN_LOG_ERR, "cannot write the pid file %s: %s", o->writepid,
		         strerror(errno));
		return -1;
	}
	bad = fprintf(f, "%d\n", (int)getpid()) < 0;
	if (fclose(f) != 0 || bad) {
		LVPN_LOG(lg, LVPN_LOG_ERR, "cannot write the pid file %s", o->writepid);
		return -1;
	}
	/* then, as 2.6 after its fork: --mlock, --nice */
	return lvpn_proctune_apply(o, lg) ? -1 : 0;
}

int lvpn_privs_drop(const struct lvpn_options *o, struct lvpn_log *lg)
{
	struct passwd *pw = o->user ? getpwnam(o->user) : NULL;
	struct group *gr = o->group ? getgrnam(o->group) : NULL;

	if ((o->user && !pw) || (o->group && !gr)) {
		LVPN_LOG(lg, LVPN_LOG_ERR, "unknown %s '%s'", o->user && !pw ? "user" : "group",
		         o->user && !pw ? o->user : o->group);
		return -1;
	}
	/* --chroot: after the names are looked up, before the ids change (as
	 * OpenVPN); files read later are then found inside dir */
	if (o->chroot) {
		if (chroot(o->chroot) != 0 || chdir("/") != 0) {
			LVPN_LOG(lg, LVPN_LOG_ERR, "chroot to '%s' failed: %s", o->chroot,
			         strerror(errno));
			return -1;
		}
		LVPN_LOG(lg, LVPN_LOG_NOTE, "chroot to '%s' and '/' succeeded", o->chroot);
	}
	/* keep CAP_NET_ADMIN through the change of user, and nothing else */
	if (pw && prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) != 0) {
		LVPN_LOG(lg, LVPN_LOG_ERR, "cannot keep CAP_NET_ADMIN: %s", strerror(errno));
		return -1;
	}
	if ((gr && (setgroups(0, NULL) || setgid(gr->gr_gid))) || (pw && setuid(pw->pw_uid))) {
		LVPN_LOG(lg, LVPN_LOG_ERR, "cannot drop privileges: %s", strerror(errno));
		return -1;
	}
	if (pw) {
		struct __user_cap_header_struct hdr = {.version = _LINUX_CAPABILITY_VERSION_3};
		struct __user_cap_data_struct data[2] = {{0}};

		data[0].permitted = data[0].effective = 1u << CAP_NET_ADMIN;
		if (syscall(SYS_capset, &hdr, data) != 0) {
			LVPN_LOG(lg, LVPN_LOG_ERR, "cannot keep CAP_NET_ADMIN: %s",
			         strerror(errno));
			return -1;
		}
		prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0);
	}
	if (pw || gr)
		LVPN_LOG(lg, LVPN_LOG_NOTE, "privileges dropped to %s%s%s%s", pw ? "user " : "",
		         pw ? o->user : "", gr ? " group " : "", gr ? o->group : "");
	return 0;
}
