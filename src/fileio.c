/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - real file access for the config parser. */
#include "src/fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/wipe.h"

/* A bigger copy of buf; the old one is wiped (it may hold keys). */
static char *grow(char *buf, size_t used, size_t cap)
{
	char *nb = malloc(cap + 1);

	if (nb)
		memcpy(nb, buf, used);
	lvpn_wipe(buf, used);
	free(buf);
	return nb;
}

static int read_all(int fd, char **data, size_t *len, char *errbuf, size_t errsize)
{
	size_t cap = 4096, n = 0;
	char *buf = malloc(cap + 1);

	if (!buf) {
		snprintf(errbuf, errsize, "out of memory");
		return LVPN_ERR_IO;
	}
	for (;;) {
		ssize_t r;

		if (n == cap) {
			char *nb;

			if (cap > LVPN_CONFIG_FILE_MAX) {
				free(buf);
				snprintf(errbuf, errsize, "file too large");
				return LVPN_ERR_IO;
			}
			cap *= 2;
			nb = grow(buf, n, cap);
			if (!nb) {
				snprintf(errbuf, errsize, "out of memory");
				return LVPN_ERR_IO;
			}
			buf = nb;
		}
		r = read(fd, buf + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			snprintf(errbuf, errsize, "%s", strerror(errno));
			free(buf);
			return LVPN_ERR_IO;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	buf[n] = '\0';
	*data = buf;
	*len = n;
	return 0;
}

static int read_file(void *ctx, const char *path, char **data, size_t *len, char *errbuf,
                     size_t errsize)
{
	char dummy[8];
	int fd, rc;

	(void)ctx;
	if (!errbuf) {
		errbuf = dummy;
		errsize = sizeof(dummy);
	}
	if (strcmp(path, "stdin") == 0)
		return read_all(0, data, len, errbuf, errsize);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(errbuf, errsize, "%s", strerror(errno));
		return LVPN_ERR_IO;
	}
	rc = read_all(fd, data, len, errbuf, errsize);
	close(fd);
	return rc;
}

static int is_readable(void *ctx, const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	(void)ctx;
	if (fd < 0)
		return 0;
	close(fd);
	return 1;
}

static int is_executable(void *ctx, const char *path)
{
	(void)ctx;
	return access(path, X_OK) == 0;
}

static const struct lvpn_config_ops ops = {read_file, is_readable, NULL, is_executable};

const struct lvpn_config_ops *lvpn_fileio_ops(void)
{
	return &ops;
}

int lvpn_fileio_blob(const struct lvpn_blob *b, const char *name, char **text, size_t *len,
                     char *err, size_t errsize)
{
	char why[256];

	*text = NULL;
	*len = 0;
	if (!b->data)
		return 0;
	if (b->is_inline) {
		*len = strlen(b->data);
		*text = malloc(*len + 1);
		if (!*text)
			return LVPN_ERR_NOMEM;
		memcpy(*text, b->data, *len + 1);
		return 0;
	}
	if (read_file(NULL, b->data, text, len, why, sizeof(why)) == 0)
		return 0;
	snprintf(err, errsize, "%s:%d: option '%s': cannot read '%s': %s",
	         b->loc.file ? b->loc.file : "command line", b->loc.line, name, b->data, why);
	return LVPN_ERR_CONFIG;
}
