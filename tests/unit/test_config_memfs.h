/* SPDX-License-Identifier: BSD-2-Clause */
/* An in-memory file system for the config parser's ops (tests only). */
#ifndef LVPN_TEST_CONFIG_MEMFS_H
#define LVPN_TEST_CONFIG_MEMFS_H

#include <stdlib.h>
#include <string.h>

#include "proto/config/config.h"
#include "proto/config/options.h"

struct memfile {
	const char *path;
	const char *text;
};

struct memfs {
	const struct memfile *files;
	int reads;
};

static int memfs_read(void *ctx, const char *path, char **data, size_t *len, char *errbuf,
                      size_t errsize)
{
	struct memfs *fs = ctx;

	for (const struct memfile *f = fs->files; f && f->path; f++) {
		if (strcmp(f->path, path) == 0) {
			*len = strlen(f->text);
			*data = malloc(*len + 1);
			if (!*data)
				return LVPN_ERR_IO;
			memcpy(*data, f->text, *len + 1);
			fs->reads++;
			return 0;
		}
	}
	if (errbuf)
		snprintf(errbuf, errsize, "No such file or directory");
	return LVPN_ERR_IO;
}

static int memfs_readable(void *ctx, const char *path)
{
	struct memfs *fs = ctx;

	for (const struct memfile *f = fs->files; f && f->path; f++)
		if (strcmp(f->path, path) == 0)
			return 1;
	return 0;
}

/* Parses argv (NULL-terminated, argv[0] a program name) over files;
 * finish as well when finish is set.  Returns the rc; the formatted error
 * lands in msg. */
static int memfs_run(struct lvpn_options *o, const struct memfile *files, const char **argv,
                     int finish, char *msg, size_t msgsize)
{
	static struct memfs fs;
	static struct lvpn_config_ops ops;
	struct lvpn_config_err err;
	int argc = 0, rc;

	fs.files = files;
	fs.reads = 0;
	ops.read_file = memfs_read;
	ops.is_readable = memfs_readable;
	ops.ctx = &fs;
	while (argv[argc])
		argc++;
	memset(&err, 0, sizeof(err));
	msg[0] = '\0';
	if (lvpn_options_init(o, &ops, NULL) != 0)
		return LVPN_ERR_NOMEM;
	rc = lvpn_config_parse_argv(o, argc, (char **)argv, &err);
	if (rc == 0 && finish)
		rc = lvpn_options_finish(o, &err);
	if (rc == LVPN_ERR_CONFIG)
		lvpn_config_err_format(&err, msg, msgsize);
	return rc;
}

#endif
