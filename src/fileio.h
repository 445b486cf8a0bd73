/* leanvpn - the frontend's file access for the config parser: the
 * lvpn_config_ops of proto/config.h implemented with real syscalls. */
#ifndef LVPN_FILEIO_H
#define LVPN_FILEIO_H

#include "proto/config.h"

/* Ops reading files relative to the process's working directory; the
 * name "stdin" reads standard input, as in OpenVPN.  Never NULL. */
const struct lvpn_config_ops *lvpn_fileio_ops(void);

#endif
