/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - command line entry point: parse and check the configuration;
 * --check-config prints the effective options. */
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "crypto/random.h"
#include "crypto/version.h"
#include "proto/config/config.h"
#include "proto/config/options.h"
#include "src/checkfiles.h"
#include "src/client.h"
#include "src/fileio.h"
#include "src/genkey.h"
#include "src/server.h"
#include "src/logsink.h"
#include "src/sdnotify.h"

static void usage(FILE *out)
{
	fprintf(out, "Usage: leanvpn [--config] FILE [--option args ...]\n"
	             "       leanvpn --config FILE --check-config\n"
	             "       leanvpn --version | --help\n"
	             "\n"
	             "leanvpn reads OpenVPN 2.6 configuration files: every option of a\n"
	             "config file may also be given on the command line as --option args.\n"
	             "\n"
	             "  --config FILE        read options from FILE (may be repeated)\n"
	             "  --genkey [TYPE] [FILE] write a key: secret, tls-auth, tls-crypt,\n"
	             "                       tls-crypt-v2-server, or (with --tls-crypt-v2\n"
	             "                       SERVER.KEY) tls-crypt-v2-client [FILE] [METADATA]\n"
	             "  --check-config       parse and check the configuration, print the\n"
	             "                       effective options one per line, and exit\n"
	             "  --cd DIR             resolve relative file names against DIR\n"
	             "  --verb N             log verbosity 0..11 (3 is the usual)\n"
	             "  --log FILE, --log-append FILE, --syslog [NAME], --suppress-timestamps\n"
	             "                       where log lines go (default: stderr)\n"
	             "  --version            show the version and exit\n"
	             "  --help               show this summary and exit\n"
	             "\n"
	             "Errors name the file, the line and the option; the exit status is 1.\n");
}

static const char not_yet[] = "the configuration is valid, but the server is not implemented "
                              "yet (use --check-config to check a configuration)";

/* The first lines of a log, as OpenVPN's: what runs, built for what, with
 * which libraries (people paste them when they ask for help). */
static void banner(struct lvpn_log *lg)
{
	char v[256];

	LVPN_LOG(lg, LVPN_LOG_INFO,
	         "%s %s %s [SSL (OpenSSL)] [LZ4] [EPOLL] [AEAD] (OpenVPN 2.6 compatible)",
	         PACKAGE_NAME, PACKAGE_VERSION, LVPN_HOST);
	LVPN_LOG(lg, LVPN_LOG_INFO, "library versions: %s", lvpn_crypto_versions(v, sizeof(v)));
}

static void put_line(void *ctx, const char *line)
{
	fprintf(ctx, "%s\n", line);
}

int main(int argc, char **argv)
{
	struct lvpn_config_err err;
	struct lvpn_options o;
	struct lvpn_logsink sink;
	struct lvpn_log lg;
	char msg[1200];
	int rc;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--version") == 0) {
			printf("%s %s (OpenVPN 2.6 compatible)\n", PACKAGE_NAME, PACKAGE_VERSION);
			return 0;
		}
		if (strcmp(argv[i], "--help") == 0) {
			usage(stdout);
			return 0;
		}
	}
	if (argc < 2) {
		usage(stderr);
		return 1;
	}
	if (lvpn_genkey_wanted(argc, argv))
		return lvpn_genkey_main(argc, argv);
	lvpn_logsink_init(&sink);
	lvpn_log_init(&lg, LVPN_LOG_WARN, lvpn_logsink_emit, &sink);
	sink.timestamps = 0;
	memset(&err, 0, sizeof(err));
	if (lvpn_options_init(&o, lvpn_fileio_ops(), &lg) != 0) {
		fprintf(stderr, "leanvpn: out of memory\n");
		return 1;
	}
	rc = lvpn_config_parse_argv(&o, argc, argv, &err);
	if (rc == 0)
		rc = lvpn_options_finish(&o, &err);
	if (rc != 0) {
		if (rc == LVPN_ERR_CONFIG)
			lvpn_config_err_format(&err, msg, sizeof(msg));
		else
			snprintf(msg, sizeof(msg), "leanvpn: %s", lvpn_strerror(rc));
		fprintf(stderr, "%s\n", msg);
		lvpn_options_free(&o);
		return 1;
	}
	if (o.check_config) {
		rc = lvpn_check_files(&o, msg, sizeof(msg));
		if (rc) {
			fprintf(stderr, "%s\n",
			        rc == LVPN_ERR_CONFIG ? msg : "leanvpn: out of memory");
			lvpn_options_free(&o);
			return 1;
		}
		lvpn_options_print(&o, put_line, stdout);
		lvpn_options_free(&o);
		return fflush(stdout) == 0 ? 0 : 1;
	}
	if (lvpn_logsink_configure(&sink, &lg, &o, msg, sizeof(msg)) != 0) {
		fprintf(stderr, "leanvpn: %s\n", msg);
		lvpn_options_free(&o);
		return 1;
	}
	banner(&lg);
	/* before anything draws random bytes, as 2.6 sets it up (init.c) */
	if (o.use_prediction_resistance && lvpn_random_prediction_resistance() != 0) {
		LVPN_LOG(&lg, LVPN_LOG_FATAL,
		         "cannot enable prediction resistance of the random generator");
		lvpn_logsink_close(&sink);
		lvpn_options_free(&o);
		return 1;
	}
	/* connected now, while the notify socket's path is still reachable
	 * (before --chroot) and writable (before --user) */
	if (lvpn_sdnotify_open() != 0)
		LVPN_LOG(&lg, LVPN_LOG_WARN, "WARNING: cannot use NOTIFY_SOCKET");
	/* a tls-server without 'mode server' is one peer of a peer-to-peer
	 * tunnel: the client frontend runs it */
	if (o.role == LVPN_ROLE_CLIENT || (o.role == LVPN_ROLE_SERVER && !o.mode_server)) {
		rc = lvpn_client_run(&o, &lg);
		lvpn_logsink_close(&sink);
		lvpn_options_free(&o);
		return rc;
	}
	if (o.role == LVPN_ROLE_SERVER) {
		rc = lvpn_server_run(&o, &lg);
		lvpn_logsink_close(&sink);
		lvpn_options_free(&o);
		return rc;
	}
	/* said on stderr too: the configured log may be a file or /dev/null */
	fprintf(stderr, "leanvpn: %s\n", not_yet);
	if (sink.fp != stderr || sink.use_syslog)
		LVPN_LOG(&lg, LVPN_LOG_FATAL, "leanvpn: %s", not_yet);
	lvpn_logsink_close(&sink);
	lvpn_options_free(&o);
	return 1;
}
