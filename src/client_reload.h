/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - SIGHUP: the client's command line, kept at start, parsed again
 * into fresh options (OpenVPN: SIGHUP is a hard restart that re-reads the
 * configuration). */
#ifndef LVPN_CLIENT_RELOAD_H
#define LVPN_CLIENT_RELOAD_H

#include <stddef.h>

#include "base/log.h"
#include "proto/config/options.h"

struct lvpn_client_argv {
	char *mem;   /* the NUL-separated arguments */
	char **argv; /* argc pointers into mem, then NULL */
	int argc;
};

/* Keeps the process's command line (/proc/self/cmdline), so it can be
 * parsed again after a chroot or a change of directory.
 * Errors: LVPN_ERR_IO (unreadable, empty or over 1 MiB), LVPN_ERR_NOMEM. */
LVPN_MUST_CHECK int lvpn_client_argv_load(struct lvpn_client_argv *a);

/* Frees what load allocated (safe on a zeroed struct). */
void lvpn_client_argv_free(struct lvpn_client_argv *a);

/* Parses a's command line (and the --config files it names, read again)
 * into *out, as main() did at start.  On success *out must be freed with
 * lvpn_options_free.  Errors: LVPN_ERR_CONFIG with the message in err (the
 * file, line and option), other codes from the parser. */
LVPN_MUST_CHECK int lvpn_client_reparse(const struct lvpn_client_argv *a, struct lvpn_log *lg,
                                        struct lvpn_options *out, char *err, size_t errsize);

#endif
