/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - --ifconfig-pool-persist FILE [seconds]: the pool's
 * common-name-to-address table is read at start and written every
 * `seconds` (never with 0: the file is then read-only and its entries
 * fixed) and at exit, in OpenVPN 2.6's `CN,IPv4,IPv6` format (the text
 * itself is made and parsed by proto/pool.c).  The file is replaced
 * atomically (a temporary file of random name renamed over it). */
#include "src/server_int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "src/fileio.h"
#include "src/status.h"

static int persisting(const struct server *sv)
{
	return sv->o->ifconfig_pool_persist && sv->pool && !sv->o->duplicate_cn;
}

void srv_persist_load(struct server *sv)
{
	const struct lvpn_config_ops *ops = lvpn_fileio_ops();
	char err[256], *text = NULL;
	size_t len = 0;
	unsigned skipped = 0;

	if (!persisting(sv))
		return;
	if (access(sv->o->ifconfig_pool_persist, F_OK) != 0)
		return; /* not there yet: written at the first save */
	if (ops->read_file(ops->ctx, sv->o->ifconfig_pool_persist, &text, &len, err, sizeof(err))) {
		LVPN_LOG(sv->lg, LVPN_LOG_WARN, "ifconfig-pool-persist: cannot read %s: %s",
		         sv->o->ifconfig_pool_persist, err);
		return;
	}
	if (lvpn_ippool_load(sv->pool, text, len, &skipped) == 0 && skipped)
		LVPN_LOG(sv->lg, LVPN_LOG_WARN, "ifconfig-pool-persist: %u line(s) of %s ignored",
		         skipped, sv->o->ifconfig_pool_persist);
	free(text);
}

/* Writes the file now, atomically and safely: lvpn_status_write_file
 * makes the temporary file with mkstemp (O_EXCL, a random name in the same
 * directory, mode 0600), so a link planted at a predictable name cannot
 * redirect the write. */
static void save(struct server *sv)
{
	const char *path = sv->o->ifconfig_pool_persist;
	size_t cap = 65536, len = 0;
	char *buf = NULL;
	int rc = LVPN_ERR_BUFSIZE;

	for (int tries = 0; rc == LVPN_ERR_BUFSIZE && tries < 2; tries++) {
		char *nb = realloc(buf, cap);

		if (!nb)
			break;
		buf = nb;
		rc = lvpn_ippool_save(sv->pool, buf, cap, &len);
		if (rc == LVPN_ERR_BUFSIZE)
			cap = len + 1;
	}
	if (rc)
		LVPN_LOG(sv->lg, LVPN_LOG_WARN, "ifconfig-pool-persist: cannot write %s: %s", path,
		         lvpn_strerror(rc));
	else if ((rc = lvpn_status_write_file(path, buf, len)) != 0)
		LVPN_LOG(sv->lg, LVPN_LOG_WARN, "ifconfig-pool-persist: cannot write %s: %s", path,
		         strerror(-rc));
	free(buf);
}

void srv_persist_tick(struct server *sv, uint64_t now, int force)
{
	if (!persisting(sv) || sv->o->ifconfig_pool_persist_secs <= 0)
		return;
	if (force || lvpn_ippool_save_due(sv->pool, now / 1000))
		save(sv);
}
