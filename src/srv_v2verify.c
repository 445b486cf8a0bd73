/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - --tls-crypt-v2-verify cmd, as OpenVPN 2.6 runs it
 * (tls_crypt.c): the metadata of the client's wrapped key, without its
 * type byte, goes into a temporary file in --tmp-dir; the command runs with
 * script_type=tls-crypt-v2-verify, metadata_type (decimal) and
 * metadata_file in its environment; any exit status but 0 refuses the
 * client (silently: it gets no answer).  It runs once the three-way
 * handshake proved the client's address, never for a first packet. */
#include "src/server_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "src/script.h"

#define V2VERIFY_TIMEOUT_MS 10000

static int write_meta(const char *dir, const struct lvpn_tcv2_meta *m, char *path, size_t cap)
{
	int fd, n;

	n = snprintf(path, cap, "%s/openvpn_tls_crypt_v2_metadata_%d_XXXXXX", dir, (int)getpid());
	if (n < 0 || (size_t)n >= cap)
		return -1;
	fd = mkstemp(path);
	if (fd < 0)
		return -1;
	if (m->len && write(fd, m->data, m->len) != (ssize_t)m->len) {
		close(fd);
		unlink(path);
		return -1;
	}
	close(fd);
	return 0;
}

int srv_v2verify(struct server *sv, const struct lvpn_tcv2_meta *meta)
{
	const char *cmd = sv->o->tls_crypt_v2_verify;
	const char *dir = sv->o->tmp_dir ? sv->o->tmp_dir : getenv("TMPDIR");
	struct lvpn_script sc = {
	    .security = (enum lvpn_ssec)sv->o->script_security,
	    .timeout_ms = V2VERIFY_TIMEOUT_MS,
	    .lg = sv->lg,
	};
	struct lvpn_env env;
	char path[512];
	int status = -1, rc;

	if (!cmd)
		return 0;
	if (!dir || !dir[0])
		dir = "/tmp";
	if (meta->len > sizeof(meta->data) || write_meta(dir, meta, path, sizeof(path))) {
		LVPN_LOG(sv->lg, LVPN_LOG_WARN,
		         "tls-crypt-v2-verify: cannot write the metadata file");
		return -1;
	}
	rc = lvpn_env_init(&env, 8, 1024);
	if (rc == 0 && (rc = lvpn_env_setf(&env, "metadata_type", "%u", (unsigned)meta->type)) == 0)
		rc = lvpn_env_set(&env, "metadata_file", path);
	if (rc == 0)
		rc = lvpn_script_run(&sc, "tls-crypt-v2-verify", cmd, NULL, 0, &env, &status);
	lvpn_env_free(&env);
	if (unlink(path))
		LVPN_LOG(sv->lg, LVPN_LOG_WARN, "tls-crypt-v2-verify: cannot remove %s", path);
	if (rc || status) {
		LVPN_LOG(sv->lg, LVPN_LOG_INFO, "TLS CRYPT V2 VERIFY SCRIPT ERROR (status %d)",
		         rc ? -1 : status);
		return -1;
	}
	LVPN_LOG(sv->lg, LVPN_LOG_DEBUG, "TLS CRYPT V2 VERIFY SCRIPT OK");
	return 0;
}
