/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - the OpenVPN configuration language: the file reader.
 *
 * One reader serves config files, `config FILE` includes, <connection>
 * blocks and the command line.  Each line is split by the one tokenizer,
 * lvpn_optlex_line() (proto/config/optlex.h: quotes, escapes, comments, at most
 * 255 characters and 16 arguments); on top of it this reader accepts a
 * UTF-8 BOM before the first line and CR line ends, and a line holding
 * only `<name>` opens an inline block that runs to a line starting with
 * `</name>`.
 *
 * sans-IO: files are read through struct lvpn_config_ops, which the
 * frontend implements with syscalls (src/fileio.c) and tests in memory.
 * Every line is handed to lvpn_options_apply(); errors land in a struct
 * lvpn_config_err that names the file, the line and the option.
 */
#ifndef LVPN_CONFIG_H
#define LVPN_CONFIG_H

#include <stddef.h>

#include "base/err.h"
#include "proto/config/optlex.h"

#define LVPN_CONFIG_DEPTH_MAX 10         /* nesting of `config FILE` includes */
#define LVPN_CONFIG_FILE_MAX  (4u << 20) /* bytes per file */

/* File access for the parser.  read_file stores a heap buffer the parser
 * frees with free() (NUL-terminated, *len excludes the NUL) and returns 0,
 * or LVPN_ERR_IO (message in errbuf when errbuf is not NULL).  is_readable
 * returns 1 if path can be opened for reading, else 0; is_executable
 * likewise for running it (OpenVPN checks scripts when it reads them). */
struct lvpn_config_ops {
	int (*read_file)(void *ctx, const char *path, char **data, size_t *len, char *errbuf,
	                 size_t errsize);
	int (*is_readable)(void *ctx, const char *path);
	void *ctx;
	/* optional: 1 if path can be executed; NULL skips the script checks */
	int (*is_executable)(void *ctx, const char *path);
};

/* Where an option line came from; file NULL means the command line. */
struct lvpn_config_loc {
	const char *file;
	int line;
};

/* The one error a parse stops at. */
struct lvpn_config_err {
	char file[512]; /* "" for the command line */
	int line;
	char option[64];
	char msg[320];
};

/* Records an error (printf-style message) for option name at loc; returns
 * LVPN_ERR_CONFIG so callers can `return lvpn_config_fail(...)`. */
int lvpn_config_fail(struct lvpn_config_err *err, const struct lvpn_config_loc *loc,
                     const char *name, const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Formats err as `leanvpn: FILE:LINE: option 'NAME': MESSAGE` (or
 * `leanvpn: command line: option '--NAME': MESSAGE`) into out. */
void lvpn_config_err_format(const struct lvpn_config_err *err, char *out, size_t outsize);

struct lvpn_options;

/* Reads the config file path (resolved against the options' --cd) at
 * include depth depth, applying every option to o with permission where:
 * LVPN_WHERE_CONFIG for config files, LVPN_WHERE_CCD for a client-config-dir
 * file (the server reads those with depth 1).  from (may be NULL) is where
 * the read was asked for.
 * Errors: LVPN_ERR_CONFIG (includes nested too deep, the file cannot be
 * read or is too large, any error of lvpn_config_parse_text; err filled),
 * LVPN_ERR_NOMEM. */
LVPN_MUST_CHECK int lvpn_config_read_file(struct lvpn_options *o, const char *path, int where,
                                          int depth, const struct lvpn_config_loc *from,
                                          struct lvpn_config_err *err);

/* Parses text (len bytes) as config lines, file name file, line numbers
 * starting after first_line, applying them with permission where (one of
 * enum lvpn_where).  Used for config files and <connection> blocks.
 * Errors: LVPN_ERR_CONFIG (a line does not tokenize or is too long, a
 * stray closing tag, an unclosed or nested inline block, an option
 * lvpn_options_apply() refuses; err filled), LVPN_ERR_NOMEM. */
LVPN_MUST_CHECK int lvpn_config_parse_text(struct lvpn_options *o, const char *text, size_t len,
                                           const char *file, int first_line, int where, int depth,
                                           struct lvpn_config_err *err);

/* Applies a command line (argv[0] is the program name): `--opt a b` is the
 * line `opt a b`; a lone argument without "--" is `config ARG`.
 * Errors: LVPN_ERR_CONFIG (an argument where an option was expected, too
 * many arguments, an option lvpn_options_apply() refuses; err filled),
 * LVPN_ERR_NOMEM. */
LVPN_MUST_CHECK int lvpn_config_parse_argv(struct lvpn_options *o, int argc, char **argv,
                                           struct lvpn_config_err *err);

#endif
