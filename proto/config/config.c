/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - the OpenVPN configuration language: files, inline blocks,
 * includes and the command line (see config.h; lines are split by
 * proto/config/optlex.c). */
#include "proto/config/config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proto/config/options.h"
#include "proto/config/opttab.h"

int lvpn_config_fail(struct lvpn_config_err *err, const struct lvpn_config_loc *loc,
                     const char *name, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return LVPN_ERR_CONFIG;
	snprintf(err->file, sizeof(err->file), "%s", loc && loc->file ? loc->file : "");
	err->line = loc ? loc->line : 0;
	snprintf(err->option, sizeof(err->option), "%s", name ? name : "");
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return LVPN_ERR_CONFIG;
}

void lvpn_config_err_format(const struct lvpn_config_err *err, char *out, size_t outsize)
{
	if (err->file[0])
		snprintf(out, outsize, "leanvpn: %s:%d: option '%s': %s", err->file, err->line,
		         err->option, err->msg);
	else
		snprintf(out, outsize, "leanvpn: command line: option '--%s': %s", err->option,
		         err->msg);
}

static int is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

/* The first word of a raw line, for error messages about lines that do
 * not tokenize. */
static void first_word(const char *line, size_t len, char *out, size_t outsize)
{
	size_t i = 0, n = 0;

	while (i < len && is_space((unsigned char)line[i]))
		i++;
	if (len - i >= 2 && line[i] == '-' && line[i + 1] == '-')
		i += 2;
	while (i < len && !is_space((unsigned char)line[i]) && line[i] != '\0' && n + 1 < outsize)
		out[n++] = line[i++];
	out[n] = '\0';
}

struct cursor {
	const char *text;
	size_t len, pos;
	int lineno;
};

/* The next line (without '\n'); returns 0 at the end of the text. */
static int next_line(struct cursor *c, const char **line, size_t *len, size_t *rawlen)
{
	const char *nl;

	if (c->pos >= c->len)
		return 0;
	*line = c->text + c->pos;
	nl = memchr(*line, '\n', c->len - c->pos);
	*len = nl ? (size_t)(nl - *line) : c->len - c->pos;
	*rawlen = *len + (nl ? 1 : 0);
	c->pos += *rawlen;
	c->lineno++;
	return 1;
}

static int is_tag_line(const char *p, size_t n, const char **tag, size_t *taglen)
{
	while (n && is_space((unsigned char)p[n - 1]))
		n--;
	if (n < 3 || p[0] != '<' || p[n - 1] != '>' || p[1] == '/')
		return 0;
	*tag = p + 1;
	*taglen = n - 2;
	return 1;
}

/* Collects the body of inline block <tag> (opened on line open) up to its
 * closing line into a heap string *out. */
static int read_block(struct cursor *c, const char *tag, const char *file, int open, char **out,
                      struct lvpn_config_err *err)
{
	size_t taglen = strlen(tag), n = 0;
	struct lvpn_config_loc loc = {file, open};
	const char *line, *t;
	size_t len, raw, tl;
	/* the body is never longer than the rest of the text: one allocation,
	 * so no realloc leaves copies of a key behind */
	char *buf = malloc(c->len - c->pos + 2);

	if (!buf)
		return LVPN_ERR_NOMEM;
	while (next_line(c, &line, &len, &raw)) {
		const char *p = line;
		size_t k = len;

		while (k && is_space((unsigned char)*p)) {
			p++;
			k--;
		}
		if (k >= taglen + 3 && p[0] == '<' && p[1] == '/' &&
		    memcmp(p + 2, tag, taglen) == 0 && p[taglen + 2] == '>') {
			buf[n] = '\0';
			*out = buf;
			return 0;
		}
		if (is_tag_line(p, k, &t, &tl) &&
		    (strcmp(tag, "connection") != 0 ||
		     (tl == 10 && memcmp(t, "connection", 10) == 0))) {
			free(buf);
			loc.line = c->lineno;
			return lvpn_config_fail(err, &loc, tag,
			                        "inline block <%.*s> inside <%s> "
			                        "(blocks cannot be nested; is </%s> missing?)",
			                        (int)tl, t, tag, tag);
		}
		if (memchr(line, '\0', len)) {
			free(buf);
			loc.line = c->lineno;
			return lvpn_config_fail(err, &loc, tag, "line contains a NUL character");
		}
		if (len && line[len - 1] == '\r')
			len--;
		memcpy(buf + n, line, len);
		n += len;
		buf[n++] = '\n';
	}
	free(buf);
	return lvpn_config_fail(err, &loc, tag, "inline block <%s> is not closed (missing </%s>)",
	                        tag, tag);
}

static void wipe_free(char *p)
{
	volatile char *v = p;

	if (!p)
		return;
	while (*v)
		*v++ = 0;
	free(p);
}

int lvpn_config_parse_text(struct lvpn_options *o, const char *text, size_t len, const char *file,
                           int first_line, int where, int depth, struct lvpn_config_err *err)
{
	struct cursor c = {text, len, 0, first_line};
	struct lvpn_optline *ln = malloc(sizeof(*ln));
	const char *line, *why;
	size_t llen, raw;
	int rc = 0;

	if (!ln)
		return LVPN_ERR_NOMEM;
	if (first_line == 0 && len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		c.pos = 3;
	while (rc == 0 && next_line(&c, &line, &llen, &raw)) {
		struct lvpn_config_loc loc = {file, c.lineno};
		char name[64];

		first_word(line, llen, name, sizeof(name));
		if (raw > LVPN_CONFIG_LINE_MAX) {
			rc = lvpn_config_fail(err, &loc, name,
			                      "line too long (at most %d characters)",
			                      LVPN_CONFIG_LINE_MAX);
			break;
		}
		if (lvpn_optlex_line(line, llen, ln, &why) != 0) {
			rc = lvpn_config_fail(err, &loc, name, "%s", why);
			break;
		}
		if (ln->argc == 0)
			continue;
		if (ln->argc == 1 && ln->argv[0][0] == '<' && strlen(ln->argv[0]) >= 3 &&
		    ln->argv[0][strlen(ln->argv[0]) - 1] == '>') {
			char *tag = ln->argv[0] + 1, *body = NULL;
			char *argv[3];

			tag[strlen(tag) - 1] = '\0';
			if (tag[0] == '/') {
				rc = lvpn_config_fail(err, &loc, tag + 1,
				                      "closing tag <%s> without an opening <%s>",
				                      tag, tag + 1);
				break;
			}
			rc = read_block(&c, tag, file, loc.line, &body, err);
			if (rc != 0)
				break;
			argv[0] = tag;
			argv[1] = body;
			argv[2] = NULL;
			o->depth = depth;
			rc = lvpn_options_apply(o, 2, argv, 1, where, &loc, err);
			wipe_free(body);
			continue;
		}
		o->depth = depth;
		rc = lvpn_options_apply(o, ln->argc, ln->argv, 0, where, &loc, err);
	}
	memset(ln, 0, sizeof(*ln));
	free(ln);
	return rc;
}

int lvpn_config_read_file(struct lvpn_options *o, const char *path, int where, int depth,
                          const struct lvpn_config_loc *from, struct lvpn_config_err *err)
{
	char msg[200] = "cannot be read";
	const char *file;
	char *data = NULL;
	size_t len = 0;
	int rc;

	if (depth > LVPN_CONFIG_DEPTH_MAX)
		return lvpn_config_fail(err, from, "config",
		                        "too many nested includes (at most %d) reading '%s': "
		                        "does a file include itself?",
		                        LVPN_CONFIG_DEPTH_MAX, path);
	file = lvpn_opt_path(o, path);
	if (!file)
		return LVPN_ERR_NOMEM;
	if (!o->ops || !o->ops->read_file ||
	    o->ops->read_file(o->ops->ctx, file, &data, &len, msg, sizeof(msg)) != 0)
		return lvpn_config_fail(err, from, "config",
		                        "cannot read configuration file '%s': %s", file, msg);
	if (len > LVPN_CONFIG_FILE_MAX) {
		wipe_free(data);
		return lvpn_config_fail(err, from, "config", "configuration file '%s' is too large",
		                        file);
	}
	rc = lvpn_config_parse_text(o, data, len, file, 0, where, depth, err);
	memset(data, 0, len);
	free(data);
	return rc;
}

int lvpn_config_parse_argv(struct lvpn_options *o, int argc, char **argv,
                           struct lvpn_config_err *err)
{
	struct lvpn_config_loc loc = {NULL, 0};
	char *args[LVPN_CONFIG_ARGS_MAX + 1];
	int i = 1;

	if (argc == 2 && strncmp(argv[1], "--", 2) != 0) {
		args[0] = "config";
		args[1] = argv[1];
		args[2] = NULL;
		o->depth = 0;
		return lvpn_options_apply(o, 2, args, 0, LVPN_WHERE_CMDLINE, &loc, err);
	}
	while (i < argc) {
		int n = 0, rc;

		if (strncmp(argv[i], "--", 2) != 0 || argv[i][2] == '\0')
			return lvpn_config_fail(err, &loc, argv[i],
			                        "expected an option starting with '--' here");
		args[n++] = argv[i++] + 2;
		while (i < argc && strncmp(argv[i], "--", 2) != 0) {
			if (n == LVPN_CONFIG_ARGS_MAX)
				return lvpn_config_fail(err, &loc, args[0],
				                        "too many arguments (at most 15)");
			args[n++] = argv[i++];
		}
		args[n] = NULL;
		o->depth = 0;
		rc = lvpn_options_apply(o, n, args, 0, LVPN_WHERE_CMDLINE, &loc, err);
		if (rc != 0)
			return rc;
	}
	return 0;
}
