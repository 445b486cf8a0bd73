/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - the table of every OpenVPN 2.6 option (data, in opttab.c).
 *
 * For each option: its name, how many arguments it takes, where it may
 * appear (enum lvpn_where bits, plus LVPN_OPT_INLINE if it may be given as
 * an inline block) and what leanvpn does with it.  The table alone decides
 * what a server may push (OpenVPN's pull mask): LVPN_WHERE_PUSH, less the
 * LVPN_OPT_NOPULL options under route-nopull.  The table is sorted by name
 * (a unit test checks it).
 */
#ifndef LVPN_OPTTAB_H
#define LVPN_OPTTAB_H

#include <stddef.h>

enum lvpn_opt_status {
	LVPN_OPT_OK,     /* supported */
	LVPN_OPT_WARN,   /* accepted and ignored with a warning (why says why) */
	LVPN_OPT_REFUSE, /* refused: why says why */
};

#define LVPN_OPT_INLINE (1 << 8)  /* may be an inline <block> */
#define LVPN_OPT_SCRIPT (1 << 9)  /* argument 1 is a command line to run */
#define LVPN_OPT_NOPULL (1 << 10) /* pushed, but not taken under route-nopull */
/* Windows only: OpenVPN 2.6 on Linux does not know it, so a config file or
 * command line holding it is refused unless ignore-unknown-option names it
 * (or setenv opt hides it); pushed, it is ignored with a warning */
#define LVPN_OPT_WINONLY (1 << 11)
#define LVPN_OPT_MANY    15 /* "any number of arguments" */

struct lvpn_opttab {
	const char *name;
	unsigned char min, max; /* arguments after the name */
	unsigned short where;   /* enum lvpn_where bits | LVPN_OPT_INLINE */
	unsigned char status;   /* enum lvpn_opt_status */
	const char *why;        /* for WARN and REFUSE */
};

extern const struct lvpn_opttab lvpn_opttab[];
extern const size_t lvpn_opttab_len;

/* The entry for name, or NULL if no such option exists. */
const struct lvpn_opttab *lvpn_opttab_find(const char *name);

#endif
