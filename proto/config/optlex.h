/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - the one tokenizer of OpenVPN's option language.
 *
 * Every option line leanvpn reads goes through lvpn_optlex_line(): config
 * files and their <connection> blocks, the command line's script commands,
 * client-config-dir files and client-connect output (src/ccd.c), the
 * network options the frontend plans (proto/config/netplan.c), and each
 * comma-separated option of a PUSH_REPLY (proto/config/push.c).  The rules are
 * OpenVPN 2.6's parse_line (options.c):
 *  - whitespace separates arguments;
 *  - "double" quotes keep whitespace; inside them a backslash escapes a
 *    backslash, a double quote or whitespace;
 *  - 'single' quotes keep everything up to the next single quote: no
 *    escapes at all;
 *  - outside quotes a backslash may escape only a backslash, a double
 *    quote or whitespace (anything else is an error, as in OpenVPN);
 *  - `#` or `;` where an argument would start begins a comment;
 *  - a leading "--" on the option name is dropped.
 * Limits: LVPN_CONFIG_LINE_MAX characters per line (OpenVPN's
 * OPTION_LINE_SIZE less its NUL, so no single argument can be longer
 * either) and LVPN_CONFIG_ARGS_MAX arguments, name included.
 *
 * sans-IO and heap-free: the caller owns the output, which holds the
 * arguments' text; the input is never written and needs no NUL.
 */
#ifndef LVPN_OPTLEX_H
#define LVPN_OPTLEX_H

#include <stddef.h>

#include "base/err.h"

#define LVPN_CONFIG_LINE_MAX 255 /* characters per line, line end included */
#define LVPN_CONFIG_ARGS_MAX 16  /* arguments per line, name included */

/* A tokenized line.  argv[0..argc-1] point into buf; argv[argc] is NULL. */
struct lvpn_optline {
	int argc;
	char *argv[LVPN_CONFIG_ARGS_MAX + 1];
	char buf[2 * (LVPN_CONFIG_LINE_MAX + 1)];
};

/* Splits one line (len bytes, no NUL needed, no line end expected) into
 * arguments in out.  argc 0 means an empty or comment line.  On error
 * out->argc is 0 and *why is a constant message for the user.
 * Errors: LVPN_ERR_CONFIG (longer than LVPN_CONFIG_LINE_MAX, a NUL byte,
 * more than LVPN_CONFIG_ARGS_MAX arguments, a bad backslash escape, a
 * backslash at the end of the line, an unclosed quote). */
LVPN_MUST_CHECK int lvpn_optlex_line(const char *line, size_t len, struct lvpn_optline *out,
                                     const char **why);

#endif
