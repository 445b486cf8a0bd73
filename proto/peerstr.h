/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - strings a peer sent (common name, username, password, X509
 * fields, peer-info values, texts it makes us log), made safe before they
 * reach a log, the status file, the management interface, a script's
 * environment or arguments, or a file.
 *
 * The classes follow what OpenVPN 2.6 applies (buffer.c character classes;
 * ssl_verify.c for names, misc.c for peer-info and log text):
 *
 *   LVPN_PEERSTR_NAME     common name, username, password, X509 values:
 *                         every control byte (below 0x20, and 0x7f)
 *                         becomes '_'; bytes from 0x80 stay (UTF-8).
 *   LVPN_PEERSTR_SUBJECT  as NAME, and leading '-' become '_' (a subject
 *                         never looks like an option to a script).
 *   LVPN_PEERSTR_CSV      as NAME, and ',' becomes '_': a field of a
 *                         comma- or TAB-separated status line.  (OpenVPN
 *                         prints a comma raw, which shifts the columns;
 *                         we do not.)
 *   LVPN_PEERSTR_LOG      every control byte becomes '.', as OpenVPN's
 *                         safe_print() for peer text in its log.
 *
 * So a peer-supplied string never carries a line break into any line-based
 * output, whatever the writer.  Pure functions: no I/O, no allocation.
 */
#ifndef LVPN_PEERSTR_H
#define LVPN_PEERSTR_H

#include <stddef.h>

#include "base/err.h"

enum lvpn_peerstr_class {
	LVPN_PEERSTR_NAME,
	LVPN_PEERSTR_SUBJECT,
	LVPN_PEERSTR_CSV,
	LVPN_PEERSTR_LOG,
};

/* Copies the NUL-terminated src into dst[cap] with class cls applied;
 * dst may be src (in place).  dst is always NUL-terminated when cap > 0.
 * Errors: LVPN_ERR_BUFSIZE (src did not fit: dst holds the first cap-1
 * bytes, cleaned; or cap is 0). */
LVPN_MUST_CHECK int lvpn_peerstr_clean(char *dst, size_t cap, const char *src,
                                       enum lvpn_peerstr_class cls);

/* As lvpn_peerstr_clean, truncating silently (for display). Returns dst. */
const char *lvpn_peerstr_show(char *dst, size_t cap, const char *src, enum lvpn_peerstr_class cls);

/* Checks and cleans one peer-info line in place, as OpenVPN 2.6 does
 * before a line goes into a script's environment: it must be NAME=VALUE
 * with NAME of [A-Za-z0-9_] (at least one); in VALUE every byte that is not
 * printable ASCII, a space, '$', '(' or '`' becomes '_'.
 * Errors: LVPN_ERR_MALFORMED (not NAME=VALUE; line unchanged). */
LVPN_MUST_CHECK int lvpn_peerstr_peer_info(char *line);

#endif
