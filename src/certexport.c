/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - --tls-export-cert (see certexport.h). */
#include "src/certexport.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/err.h"

/* a certificate's PEM: OpenVPN's TLS_CHANNEL_BUF_SIZE-sized limits keep
 * peer certificates well below this */
#define PEM_MAX 32768

static int write_pem(const char *dir, const struct lvpn_tls_cert_info *ci, struct lvpn_env *env,
                     char *path, size_t cap)
{
	static char pem[PEM_MAX];
	size_t len = 0, off = 0;
	int n = snprintf(path, cap, "%s/leanvpn_pef_XXXXXX.tmp", dir);
	int fd;

	if (n < 0 || (size_t)n >= cap || lvpn_tls_cert_pem(ci, pem, sizeof(pem), &len))
		return -1;
	fd = mkstemps(path, 4); /* O_EXCL, mode 0600 */
	if (fd < 0)
		return -1;
	while (off < len) {
		ssize_t w = write(fd, pem + off, len - off);

		if (w <= 0)
			break;
		off += (size_t)w;
	}
	if (close(fd) != 0 || off != len || lvpn_env_set(env, "peer_cert", path)) {
		unlink(path);
		return -1;
	}
	return 0;
}

int lvpn_certexport_write(const char *dir, const struct lvpn_tls_cert_info *ci,
                          struct lvpn_env *env, char *path, size_t cap, struct lvpn_log *lg)
{
	if (write_pem(dir, ci, env, path, cap) == 0)
		return 0;
	path[0] = '\0';
	LVPN_LOG(lg, LVPN_LOG_ERR,
	         "TLS Error: Failed to export certificate for --tls-export-cert in %s", dir);
	return -1;
}

void lvpn_certexport_remove(struct lvpn_env *env, char *path)
{
	lvpn_env_unset(env, "peer_cert");
	if (path[0])
		unlink(path);
	path[0] = '\0';
}
