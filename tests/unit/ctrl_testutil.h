/* SPDX-License-Identifier: BSD-2-Clause */
/* Helpers shared by the ctrl tests: temporary directories, running the
 * real openvpn/openssl CLIs, reading files. */
#ifndef LVPN_CTRL_TESTUTIL_H
#define LVPN_CTRL_TESTUTIL_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

static char ctrl_tmpdir[256];

static inline const char *ctrl_tmp(void)
{
	if (!ctrl_tmpdir[0]) {
		const char *t = getenv("TMPDIR");

		snprintf(ctrl_tmpdir, sizeof(ctrl_tmpdir), "%s/lvpn-ctrl-XXXXXX", t ? t : "/tmp");
		if (!mkdtemp(ctrl_tmpdir)) {
			perror("mkdtemp");
			exit(1);
		}
	}
	return ctrl_tmpdir;
}

static inline void ctrl_tmp_cleanup(void)
{
	char cmd[400];

	if (ctrl_tmpdir[0]) {
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", ctrl_tmpdir);
		if (system(cmd) != 0)
			fprintf(stderr, "could not remove %s\n", ctrl_tmpdir);
		ctrl_tmpdir[0] = 0;
	}
}

/* Path of name inside the temporary directory (static buffer, 4 slots). */
static inline const char *ctrl_path(const char *name)
{
	static char bufs[4][512];
	static int i;
	char *b = bufs[i++ & 3];

	snprintf(b, 512, "%s/%s", ctrl_tmp(), name);
	return b;
}

static inline int ctrl_have(const char *prog)
{
	char cmd[256];

	snprintf(cmd, sizeof(cmd), "command -v %s >/dev/null 2>&1", prog);
	return system(cmd) == 0;
}

/* Runs a shell command (output discarded unless CTRL_VERBOSE); returns its
 * exit status. */
static inline int ctrl_run(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static inline int ctrl_run(const char *fmt, ...)
{
	char cmd[4096];
	va_list ap;
	int n, rc;

	cmd[0] = '(';
	va_start(ap, fmt);
	n = vsnprintf(cmd + 1, sizeof(cmd) - 30, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(cmd) - 30)
		return -1;
	strcat(cmd, getenv("CTRL_VERBOSE") ? ")" : ") >/dev/null 2>&1");
	rc = system(cmd);
	return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

/* Reads a whole file into buf (cap bytes); returns its length or -1. */
static inline long ctrl_read(const char *path, void *buf, size_t cap)
{
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f)
		return -1;
	n = fread(buf, 1, cap, f);
	fclose(f);
	return n == cap ? -1 : (long)n;
}

static inline int ctrl_write(const char *path, const void *buf, size_t len)
{
	FILE *f = fopen(path, "wb");
	int ok;

	if (!f)
		return -1;
	ok = fwrite(buf, 1, len, f) == len;
	return fclose(f) == 0 && ok ? 0 : -1;
}

#endif
