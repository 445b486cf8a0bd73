/* SPDX-License-Identifier: BSD-2-Clause */
#include "src/genkey.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "crypto/keyfile.h"
#include "crypto/random.h"
#include "crypto/tls.h"
#include "src/fileio.h"

#define KEY_TEXT_MAX       8192
#define AUTH_TOKEN_LABEL   "OpenVPN auth-token server key"
#define AUTH_TOKEN_KEY_LEN 128 /* OpenVPN 2.6: a struct key, both halves */
#define KIND_AUTH_TOKEN    -1  /* not a crypto/keyfile kind: made here */

int lvpn_genkey_wanted(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], "--genkey") == 0)
			return 1;
	return 0;
}

static const struct {
	const char *name;
	int kind;
} kinds[] = {
    {"auth-token", KIND_AUTH_TOKEN},
    {"secret", LVPN_GENKEY_SECRET},
    {"tls-auth", LVPN_GENKEY_TLS_AUTH},
    {"tls-crypt", LVPN_GENKEY_TLS_CRYPT},
    {"tls-crypt-v2-server", LVPN_GENKEY_TLS_CRYPT_V2_SERVER},
    {"tls-crypt-v2-client", LVPN_GENKEY_TLS_CRYPT_V2_CLIENT},
};

static int usage(const char *why)
{
	fprintf(
	    stderr,
	    "leanvpn: option '--genkey': %s\n"
	    "usage: leanvpn --genkey [secret|tls-auth|tls-crypt|tls-crypt-v2-server|auth-token] "
	    "[FILE]\n"
	    "       leanvpn --tls-crypt-v2 SERVER.KEY --genkey tls-crypt-v2-client [FILE] "
	    "[BASE64-METADATA]\n",
	    why);
	return 1;
}

/* Writes text to path, as OpenVPN 2.6 does: a file that exists is
 * overwritten (and keeps its mode), a new one is made 0600. */
static int write_key(const char *path, const char *text, size_t len)
{
	int fd;
	ssize_t n;

	if (!path || strcmp(path, "-") == 0)
		return fwrite(text, 1, len, stdout) == len && fflush(stdout) == 0 ? 0 : -1;
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0) {
		fprintf(stderr, "leanvpn: option '--genkey': cannot write '%s': %s\n", path,
		        strerror(errno));
		return -1;
	}
	n = write(fd, text, len);
	if (close(fd) != 0 || n != (ssize_t)len) {
		fprintf(stderr, "leanvpn: option '--genkey': cannot write '%s'\n", path);
		unlink(path);
		return -1;
	}
	return 0;
}

/* --genkey auth-token: the --auth-gen-token-secret file, random bytes in
 * the PEM block OpenVPN 2.6 writes and reads. */
static int auth_token_key(char *text, size_t cap, size_t *len)
{
	uint8_t key[AUTH_TOKEN_KEY_LEN];
	int rc = lvpn_random(key, sizeof(key));

	if (rc == 0)
		rc = lvpn_pem_encode(AUTH_TOKEN_LABEL, key, sizeof(key), text, cap, len);
	memset(key, 0, sizeof(key));
	return rc;
}

int lvpn_genkey_main(int argc, char **argv)
{
	const char *args[3] = {NULL, NULL, NULL}, *server = NULL;
	const struct lvpn_config_ops *ops = lvpn_fileio_ops();
	struct lvpn_genkey_args ga = {.now = (uint64_t)time(NULL)};
	int kind = LVPN_GENKEY_SECRET;
	char *text = NULL, *skey = NULL, why[256];
	const char *secret = NULL;
	size_t len = 0, slen = 0;
	int n = 0, found = 0, rc;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--genkey") == 0) {
			while (i + 1 < argc && strncmp(argv[i + 1], "--", 2) != 0 && n < 3)
				args[n++] = argv[++i];
			if (i + 1 < argc && strncmp(argv[i + 1], "--", 2) != 0)
				return usage("too many arguments");
		} else if (strcmp(argv[i], "--tls-crypt-v2") == 0 && i + 1 < argc) {
			server = argv[++i];
		} else if (strcmp(argv[i], "--secret") == 0 && i + 1 < argc) {
			secret = argv[++i]; /* OpenVPN 2.4's spelling, still taken by 2.6 */
		} else {
			return usage("--genkey goes alone (with --tls-crypt-v2 for a client key)");
		}
	}
	if (secret) {
		if (args[1] || (args[0] && strcmp(args[0], "secret") != 0))
			return usage(
			    "name the file either after --genkey or after --secret, not both");
		fprintf(stderr, "WARNING: '--genkey --secret FILE' is deprecated: use "
		                "'--genkey secret FILE'\n");
		args[0] = "secret";
		args[1] = secret;
	}
	if (args[0]) {
		for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
			if (strcmp(args[0], kinds[k].name) == 0) {
				kind = kinds[k].kind;
				found = 1;
			}
		}
		if (!found)
			return usage("unknown key type");
	}
	if (args[2] && kind != LVPN_GENKEY_TLS_CRYPT_V2_CLIENT)
		return usage("metadata goes only with tls-crypt-v2-client");
	if (kind == LVPN_GENKEY_TLS_CRYPT_V2_CLIENT) {
		if (!server)
			return usage("a tls-crypt-v2-client key needs --tls-crypt-v2 SERVER.KEY");
		if (ops->read_file(ops->ctx, server, &skey, &slen, why, sizeof(why)) != 0) {
			fprintf(stderr, "leanvpn: option '--tls-crypt-v2': cannot read '%s': %s\n",
			        server, why);
			return 1;
		}
		ga.server_key = skey;
		ga.server_key_len = slen;
		ga.b64_metadata = args[2];
	}
	if (lvpn_tls_global_init() != 0 || !(text = malloc(KEY_TEXT_MAX))) {
		free(skey);
		fprintf(stderr, "leanvpn: cannot initialise the crypto library\n");
		return 1;
	}
	if (kind == KIND_AUTH_TOKEN)
		rc = auth_token_key(text, KEY_TEXT_MAX, &len);
	else
		rc = lvpn_genkey_write((enum lvpn_genkey_kind)kind, &ga, text, KEY_TEXT_MAX, &len);
	if (rc) {
		fprintf(stderr, "leanvpn: option '--genkey': %s%s\n", lvpn_strerror(rc),
		        rc == LVPN_ERR_CONFIG || rc == LVPN_ERR_MALFORMED
		            ? " (is --tls-crypt-v2 a server key, and the metadata base64?)"
		            : "");
	} else if (write_key(args[1], text, len) != 0) {
		rc = -1;
	}
	memset(text, 0, KEY_TEXT_MAX);
	free(text);
	if (skey) {
		memset(skey, 0, slen);
		free(skey);
	}
	return rc ? 1 : 0;
}
