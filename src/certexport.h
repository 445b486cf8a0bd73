/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - --tls-export-cert DIR, as OpenVPN 2.6's verify_cert: while
 * --tls-verify runs for a certificate of the peer's chain, that
 * certificate is in a new PEM file in DIR named by the variable peer_cert;
 * the file and the variable go when the script has run. */
#ifndef LVPN_CERTEXPORT_H
#define LVPN_CERTEXPORT_H

#include <stddef.h>

#include "base/log.h"
#include "crypto/tls.h"
#include "src/script.h"

#define LVPN_CERTEXPORT_PATH_MAX 1024

/* Writes ci's certificate to a new file DIR/leanvpn_pef_XXXXXX.tmp (mode
 * 0600, created exclusively), its name into path[cap] and env's
 * peer_cert.  On failure nothing is left behind (path is "") and lg gets
 * 2.6's "TLS Error: Failed to export certificate for --tls-export-cert in
 * DIR".  Returns 0 or -1 (the caller refuses the peer, as 2.6). */
int lvpn_certexport_write(const char *dir, const struct lvpn_tls_cert_info *ci,
                          struct lvpn_env *env, char *path, size_t cap, struct lvpn_log *lg);

/* Removes the file path names (if any) and env's peer_cert; path becomes
 * "". */
void lvpn_certexport_remove(struct lvpn_env *env, char *path);

#endif
