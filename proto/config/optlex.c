/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - the one tokenizer of OpenVPN's option language (see optlex.h). */
#include "proto/config/optlex.h"

#include <string.h>

static int is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

enum { IDLE, PLAIN, DQUOTE, SQUOTE };

/* One character of input c (-1 at the end of the line) in state *st.
 * Returns the character to store, -1 for none, -2 when a token ends. */
static int step(int *st, int c, int esc, int *comment)
{
	int end = c < 0;

	switch (*st) {
	case IDLE:
		if (end || is_space(c))
			return -1;
		if (c == '#' || c == ';') {
			*comment = 1;
			return -1;
		}
		if (!esc && c == '"') {
			*st = DQUOTE;
			return -1;
		}
		if (!esc && c == '\'') {
			*st = SQUOTE;
			return -1;
		}
		*st = PLAIN;
		return c;
	case PLAIN:
		if (end || (!esc && is_space(c)))
			return -2;
		return c;
	case DQUOTE:
		if (end)
			return -1;
		return (!esc && c == '"') ? -2 : c;
	default:
		if (end)
			return -1;
		return c == '\'' ? -2 : c;
	}
}

static int fail(struct lvpn_optline *out, const char **why, const char *msg)
{
	out->argc = 0;
	out->argv[0] = NULL;
	*why = msg;
	return LVPN_ERR_CONFIG;
}

int lvpn_optlex_line(const char *line, size_t len, struct lvpn_optline *out, const char **why)
{
	size_t used = 0, i;
	int st = IDLE, esc = 0, comment = 0;
	char *tok = NULL;

	out->argc = 0;
	if (len > LVPN_CONFIG_LINE_MAX)
		return fail(out, why, "line too long (at most 255 characters)");
	for (i = 0; i <= len && !comment; i++) {
		int c = i < len ? (unsigned char)line[i] : -1;
		int r;

		if (c == 0)
			return fail(out, why, "line contains a NUL character");
		if (!esc && c == '\\' && st != SQUOTE) {
			esc = 1;
			continue;
		}
		if (esc && c < 0 && st != IDLE)
			return fail(out, why, "backslash at the end of the line");
		if (st == IDLE && !(c < 0 || is_space(c)) && !(c == '#' || c == ';')) {
			if (out->argc == LVPN_CONFIG_ARGS_MAX)
				return fail(out, why,
				            "too many arguments on one line (at most 16)");
			tok = out->buf + used;
		}
		r = step(&st, c, esc, &comment);
		if (r >= 0 && esc && !(r == '\\' || r == '"' || is_space(r)))
			return fail(out, why,
			            "bad backslash: only \\\\, \\\" and \\space are escapes "
			            "(write Windows paths with double backslashes)");
		esc = 0;
		if (r >= 0) {
			out->buf[used++] = (char)r;
		} else if (r == -2) {
			out->buf[used++] = '\0';
			out->argv[out->argc++] = tok;
			st = IDLE;
		}
	}
	if (st == DQUOTE)
		return fail(out, why, "no closing quotation (\")");
	if (st == SQUOTE)
		return fail(out, why, "no closing single quotation (')");
	out->argv[out->argc] = NULL;
	if (out->argc > 0 && strncmp(out->argv[0], "--", 2) == 0 && strlen(out->argv[0]) >= 3)
		out->argv[0] += 2;
	return 0;
}
