/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - the keys and certificates read at --check-config time (see
 * checkfiles.h). */
#include "src/checkfiles.h"

#include <stdio.h>
#include <string.h>

#include "crypto/tls.h"
#include "proto/config/config.h"
#include "proto/config/opttab.h"
#include "src/engfiles.h"

/* The first error the TLS setup logs ("TLS config: cert: cannot ..."). */
struct first_err {
	char line[512];
};

static void keep_first(void *ctx, int level, const char *line)
{
	struct first_err *f = ctx;

	if (level <= LVPN_LOG_ERR && f->line[0] == '\0')
		snprintf(f->line, sizeof(f->line), "%s", line);
}

/* "leanvpn: FILE:LINE: option 'NAME': why", or "option '--NAME'" for the
 * command line. */
static void say(const struct lvpn_options *o, const char *name, const char *why, char *msg,
                size_t cap)
{
	const struct lvpn_config_loc *loc = lvpn_opt_seen(o, name);

	if (loc && loc->file)
		snprintf(msg, cap, "leanvpn: %s:%d: option '%s': %s", loc->file, loc->line, name,
		         why);
	else /* the command line, where options are spelled with -- */
		snprintf(msg, cap, "leanvpn: option '--%s': %s", name, why);
}

static int encrypted(const char *pem)
{
	return pem && strstr(pem, "ENCRYPTED") != NULL;
}

/* Builds the TLS context from ef's configuration and drops it; on failure
 * names the option the first logged error is about. */
static int try_tls(const struct lvpn_options *o, struct lvpn_engfiles *ef, char *msg, size_t cap)
{
	struct first_err f = {""};
	struct lvpn_log lg;
	struct lvpn_tls_ctx *ctx = NULL;
	const char *name = NULL;
	char *why;
	int rc;

	lvpn_log_init(&lg, LVPN_LOG_ERR, keep_first, &f);
	ef->conf.tls.log = &lg;
	rc = lvpn_tls_ctx_new(&ef->conf.tls, &ctx);
	lvpn_tls_ctx_free(ctx);
	if (rc == 0)
		return 0;
	if (rc == LVPN_ERR_NOMEM)
		return rc;
	why = strstr(f.line, "TLS config: ");
	why = why ? why + strlen("TLS config: ") : f.line;
	/* the setup says which option a problem is about: "cert: ...",
	 * "tls-cipher: ..." ("crl" is crl-verify's file) */
	{
		size_t n = strcspn(why, ": ");
		char opt[48];

		if (why[n] == ':' && n < sizeof(opt)) {
			memcpy(opt, why, n);
			opt[n] = '\0';
			if (strcmp(opt, "crl") == 0)
				name = "crl-verify";
			else if (lvpn_opttab_find(opt))
				name = lvpn_opttab_find(opt)->name;
			if (name) {
				why += n + 1;
				why += strspn(why, " ");
			}
		}
	}
	/* OpenSSL's queue is empty when our own check refused it */
	{
		char *tail = strstr(why, " (no OpenSSL error recorded)");

		if (tail)
			*tail = '\0';
	}
	say(o, name ? name : (o->pkcs12.data ? "pkcs12" : "cert"),
	    why[0] ? why : "the TLS setup failed", msg, cap);
	return LVPN_ERR_CONFIG;
}

int lvpn_check_files(const struct lvpn_options *o, char *msg, size_t cap)
{
	struct lvpn_engfiles ef;
	char err[512];
	int rc;

	/* the terminal is not asked at --check-config time */
	if (o->askpass_set && !o->askpass.data)
		return 0;
	rc = lvpn_engfiles_load(&ef, o, NULL, err, sizeof(err));
	if (rc) {
		if (rc == LVPN_ERR_CONFIG)
			snprintf(msg, cap, "leanvpn: %s", err);
		lvpn_engfiles_free(&ef);
		return rc;
	}
	/* what needs a pass phrase nobody gave is read as a file only: a
	 * start would ask for it (terminal or management interface) */
	if (!ef.conf.have_static &&
	    !(encrypted(ef.conf.tls.key_pem) && !ef.conf.tls.key_pass && !ef.conf.tls.pkcs12))
		rc = try_tls(o, &ef, msg, cap);
	/* a PKCS#12 file that is one but opens with no empty pass phrase */
	if (rc == LVPN_ERR_CONFIG && ef.conf.tls.pkcs12 && !ef.conf.tls.pkcs12_pass &&
	    strstr(msg, "option 'pkcs12': cannot decrypt"))
		rc = 0;
	lvpn_engfiles_free(&ef);
	return rc;
}
