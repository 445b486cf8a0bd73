/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - the frontend's file access for the config parser: the
 * lvpn_config_ops of proto/config/config.h implemented with real syscalls. */
#ifndef LVPN_FILEIO_H
#define LVPN_FILEIO_H

#include <stddef.h>

#include "base/err.h"
#include "proto/config/config.h"
#include "proto/config/options.h"

/* Ops reading files relative to the process's working directory; the
 * name "stdin" reads standard input, as in OpenVPN.  Never NULL. */
const struct lvpn_config_ops *lvpn_fileio_ops(void);

/* The text of option name's blob b: the inline block copied, or the
 * named file's contents, NUL-terminated, in *text (malloc'd, the caller
 * frees it, wiping it first if it holds a secret), its length in *len.
 * *text is NULL when the option is unset.
 * Errors: LVPN_ERR_CONFIG (the file cannot be read: err names where the
 * option was given, the option, the file and why), LVPN_ERR_NOMEM. */
LVPN_MUST_CHECK int lvpn_fileio_blob(const struct lvpn_blob *b, const char *name, char **text,
                                     size_t *len, char *err, size_t errsize);

#endif
