/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - --nice and --mlock (see proctune.h). */
#include "src/proctune.h"

#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

#include "base/err.h"

/* the floor 2.6 gives the locked-memory limit before mlockall */
#define MLOCK_MIN_BYTES (100UL * 1024 * 1024)

static int lock_memory(struct lvpn_log *lg)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_MEMLOCK, &rl) != 0) {
		LVPN_LOG(lg, LVPN_LOG_WARN, "WARNING: getrlimit(RLIMIT_MEMLOCK) failed: %s",
		         strerror(errno));
	} else if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < MLOCK_MIN_BYTES) {
		rl.rlim_cur = MLOCK_MIN_BYTES;
		if (rl.rlim_max != RLIM_INFINITY && rl.rlim_max < rl.rlim_cur)
			rl.rlim_max = rl.rlim_cur;
		if (setrlimit(RLIMIT_MEMLOCK, &rl) != 0) {
			LVPN_LOG(lg, LVPN_LOG_ERR,
			         "mlock: cannot raise RLIMIT_MEMLOCK to 100 MB: %s",
			         strerror(errno));
			return LVPN_ERR_IO;
		}
	}
	if (mlockall(MCL_CURRENT | MCL_FUTURE) != 0)
		LVPN_LOG(lg, LVPN_LOG_WARN, "WARNING: mlockall call failed: %s", strerror(errno));
	else
		LVPN_LOG(lg, LVPN_LOG_INFO, "mlockall call succeeded");
	return 0;
}

int lvpn_proctune_apply(const struct lvpn_options *o, struct lvpn_log *lg)
{
	if (o->mlock) {
		int rc = lock_memory(lg);

		if (rc)
			return rc;
	}
	if (o->nice) {
		errno = 0;
		if (nice(o->nice) == -1 && errno != 0)
			LVPN_LOG(lg, LVPN_LOG_WARN, "WARNING: nice %d failed: %s", o->nice,
			         strerror(errno));
		else
			LVPN_LOG(lg, LVPN_LOG_INFO, "nice %d succeeded", o->nice);
	}
	return 0;
}
