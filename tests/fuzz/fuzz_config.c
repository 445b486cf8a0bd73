/* SPDX-License-Identifier: BSD-2-Clause */
/* libFuzzer target: the input is a config file, read through in-memory
 * ops (so inline blocks, <connection> blocks and `config` includes of the
 * input itself are all reached), then checked and printed; then the same
 * bytes as a PUSH_REPLY; then each of its lines straight through the one
 * tokenizer (lvpn_optlex_line), whose output must stay inside its buffer.
 * Must never crash, leak or read out of bounds. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "proto/config/config.h"
#include "proto/config/options.h"

struct input {
	const uint8_t *data;
	size_t size;
};

static int fz_read(void *ctx, const char *path, char **data, size_t *len, char *errbuf,
                   size_t errsize)
{
	const struct input *in = ctx;

	/* every file name is the input itself, so includes recurse */
	(void)path;
	(void)errbuf;
	(void)errsize;
	*data = malloc(in->size + 1);
	if (!*data)
		return LVPN_ERR_IO;
	memcpy(*data, in->data, in->size);
	(*data)[in->size] = '\0';
	*len = in->size;
	return 0;
}

static int fz_readable(void *ctx, const char *path)
{
	(void)ctx;
	return strstr(path, "missing") == NULL;
}

static void discard(void *ctx, const char *line)
{
	size_t *n = ctx;

	*n += strlen(line);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Every line of the input through the tokenizer, exactly len bytes each
 * (no NUL after them: ASan sees a read past the end). */
static void lex_lines(const uint8_t *data, size_t size)
{
	static struct lvpn_optline ln;

	for (size_t i = 0; i < size;) {
		const uint8_t *nl = memchr(data + i, '\n', size - i);
		size_t len = nl ? (size_t)(nl - (data + i)) : size - i;
		char *line = malloc(len ? len : 1);
		const char *why = NULL;

		if (!line)
			return;
		memcpy(line, data + i, len);
		if (lvpn_optlex_line(line, len, &ln, &why) != 0) {
			if (!why || ln.argc != 0)
				abort();
		} else {
			if (ln.argc < 0 || ln.argc > LVPN_CONFIG_ARGS_MAX || ln.argv[ln.argc])
				abort();
			for (int k = 0; k < ln.argc; k++)
				if (ln.argv[k] < ln.buf ||
				    ln.argv[k] + strlen(ln.argv[k]) >= ln.buf + sizeof(ln.buf))
					abort();
		}
		free(line);
		i += len + 1;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input in = {data, size};
	struct lvpn_config_ops ops = {fz_read, fz_readable, &in, NULL};
	char *argv[] = {"leanvpn", "--config", "fuzz.conf", "--check-config", NULL};
	struct lvpn_config_err err;
	struct lvpn_options o;
	char msg[1200];
	size_t printed = 0;

	if (size > 64 * 1024)
		return 0;
	if (lvpn_options_init(&o, &ops, NULL) != 0)
		return 0;
	if (lvpn_config_parse_argv(&o, 4, argv, &err) == 0 && lvpn_options_finish(&o, &err) == 0)
		lvpn_options_print(&o, discard, &printed);
	else
		lvpn_config_err_format(&err, msg, sizeof(msg));
	lvpn_options_free(&o);

	/* the same bytes as a PUSH_REPLY, applied to a fresh client */
	if (lvpn_options_init(&o, &ops, NULL) != 0)
		return 0;
	o.route_nopull = size & 1;
	if (lvpn_options_apply_push(&o, (const char *)data, size, &err) == LVPN_ERR_CONFIG)
		lvpn_config_err_format(&err, msg, sizeof(msg));
	lvpn_options_free(&o);
	lex_lines(data, size);
	return 0;
}
