/* SPDX-License-Identifier: BSD-2-Clause */
/* Writes leanvpn(8) from its template (stdin) to stdout, with the line
 * "@OPTIONS@" replaced by every option of the option table
 * (proto/config/opttab.c): its arguments, where it may appear, and what leanvpn
 * does with it (supported; accepted with a warning; refused), with the
 * table's reason.  The page is made from the table at build time, so it
 * cannot drift from what the program does. */
#include <stdio.h>
#include <string.h>

#include "proto/config/options.h"
#include "proto/config/opttab.h"

/* text for roff, mid-line: a backslash must be doubled, and a hyphen
 * written \- where it is an option's dash */
static void put_text(const char *s, int dashes)
{
	for (; *s; s++) {
		if (*s == '\\')
			fputs("\\e", stdout);
		else if (*s == '-' && dashes)
			fputs("\\-", stdout);
		else
			putchar(*s);
	}
}

static void put_args(const struct lvpn_opttab *t)
{
	for (unsigned i = 0; i < t->min; i++)
		fputs(" \\fIarg\\fR", stdout);
	if (t->max == LVPN_OPT_MANY)
		fputs(" [\\fIarg\\fR ...]", stdout);
	else
		for (unsigned i = t->min; i < t->max; i++)
			fputs(" [\\fIarg\\fR]", stdout);
}

static void put_where(const struct lvpn_opttab *t)
{
	static const struct {
		unsigned bit;
		const char *text;
	} places[] = {
	    {LVPN_WHERE_CONFIG, "a config file"},         {LVPN_WHERE_CMDLINE, "the command line"},
	    {LVPN_WHERE_CONN, "a <connection> block"},    {LVPN_WHERE_PUSH, "a server's push"},
	    {LVPN_WHERE_CCD, "a client-config-dir file"},
	};
	const char *sep = "Allowed in: ";

	for (size_t i = 0; i < sizeof(places) / sizeof(places[0]); i++) {
		if (t->where & places[i].bit) {
			printf("%s%s", sep, places[i].text);
			sep = ", ";
		}
	}
	fputs(".", stdout);
	if (t->where & LVPN_OPT_INLINE) {
		fputs(" May be an inline <", stdout);
		put_text(t->name, 0);
		fputs("> block.", stdout);
	}
	if (t->where & LVPN_OPT_SCRIPT)
		fputs(" Its first argument is a command to run.", stdout);
	putchar('\n');
}

static void put_section(unsigned status, const char *title, const char *intro)
{
	printf(".SS %s\n%s\n", title, intro);
	for (size_t i = 0; i < lvpn_opttab_len; i++) {
		const struct lvpn_opttab *t = &lvpn_opttab[i];

		if (t->status != status)
			continue;
		fputs(".TP\n\\fB\\-\\-", stdout);
		put_text(t->name, 1);
		fputs("\\fR", stdout);
		put_args(t);
		putchar('\n');
		if (t->why) {
			fputs(status == LVPN_OPT_REFUSE ? "Refused: " : "Ignored: ", stdout);
			put_text(t->why, 0);
			fputs(".\n.br\n", stdout);
		}
		put_where(t);
	}
}

static void put_options(void)
{
	put_section(LVPN_OPT_OK, "Supported options",
	            "These options mean what they mean in OpenVPN 2.6; see openvpn(8).");
	put_section(LVPN_OPT_WARN, "Options accepted with a warning",
	            "leanvpn reads these options, logs a warning naming the file, the line and "
	            "the option, and carries on without them.");
	put_section(LVPN_OPT_REFUSE, "Refused options",
	            "A configuration holding one of these options is rejected with a message "
	            "naming the file, the line and the option, and an exit status of 1.");
}

int main(void)
{
	char line[4096];
	int done = 0;

	while (fgets(line, sizeof(line), stdin)) {
		if (strcmp(line, "@OPTIONS@\n") == 0) {
			put_options();
			done = 1;
		} else {
			fputs(line, stdout);
		}
	}
	if (!done) {
		fprintf(stderr, "manopts: no @OPTIONS@ line in the template\n");
		return 1;
	}
	return ferror(stdout) || fflush(stdout) ? 1 : 0;
}
