/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - reads the files the engine's configuration names. */
#include "src/engfiles.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "base/b64.h"
#include "base/wipe.h"
#include "src/cred.h"
#include "src/fileio.h"
#include "src/peerinfo.h"

static int keep(struct lvpn_engfiles *ef, char *p, size_t len)
{
	if (ef->ntext == sizeof(ef->text) / sizeof(ef->text[0])) {
		lvpn_wipe(p, len);
		free(p);
		return LVPN_ERR_NOMEM;
	}
	ef->text[ef->ntext] = p;
	ef->text_len[ef->ntext++] = len;
	return 0;
}

/* The text of option name (NULL if unset), kept until free. */
static int text(struct lvpn_engfiles *ef, const struct lvpn_blob *b, const char *name,
                const char **out, char *err, size_t errsize)
{
	char *t;
	size_t len;
	int rc = lvpn_fileio_blob(b, name, &t, &len, err, errsize);

	*out = NULL;
	if (rc || !t)
		return rc;
	*out = t;
	return keep(ef, t, len);
}

/* --pkcs12: the file's bytes, or the inline block's base64 decoded. */
static int pkcs12(struct lvpn_engfiles *ef, const struct lvpn_options *o, char *err, size_t errsize)
{
	char *t;
	size_t len, n = 0;
	int rc = lvpn_fileio_blob(&o->pkcs12, "pkcs12", &t, &len, err, errsize);

	if (rc || !t)
		return rc;
	if (!o->pkcs12.is_inline) {
		ef->pkcs12 = (uint8_t *)t;
		ef->pkcs12_len = len;
		return 0;
	}
	ef->pkcs12 = malloc(len);
	rc = ef->pkcs12 ? lvpn_b64_decode(t, len, ef->pkcs12, len, &n) : LVPN_ERR_NOMEM;
	lvpn_wipe(t, len);
	free(t);
	ef->pkcs12_len = n;
	if (rc == LVPN_ERR_NOMEM)
		return rc;
	if (rc || n == 0) {
		snprintf(err, errsize, "option 'pkcs12': the inline block is not base64");
		return LVPN_ERR_CONFIG;
	}
	return 0;
}

static int load(struct lvpn_engfiles *ef, const struct lvpn_options *o, struct lvpn_log *lg,
                char *err, size_t errsize)
{
	struct lvpn_engconf_files f = {0};
	char *pass = NULL;
	int rc;

	if ((rc = text(ef, &o->ca, "ca", &f.ca, err, errsize)) ||
	    (rc = text(ef, &o->cert, "cert", &f.cert, err, errsize)) ||
	    (rc = text(ef, &o->key, "key", &f.key, err, errsize)) ||
	    (rc = lvpn_cred_askpass(o, &pass, err, errsize)) ||
	    (pass && (rc = keep(ef, pass, strlen(pass)))) ||
	    (rc = text(ef, &o->extra_certs, "extra-certs", &f.extra_certs, err, errsize)) ||
	    (!o->crl_is_dir &&
	     (rc = text(ef, &o->crl_verify, "crl-verify", &f.crl, err, errsize))) ||
	    (rc = pkcs12(ef, o, err, errsize)))
		return rc;
	f.key_pass = pass;
	f.pkcs12 = ef->pkcs12;
	f.pkcs12_len = ef->pkcs12_len;
	return lvpn_engconf_tls(&ef->conf, o, &f, lg, err, errsize);
}

int lvpn_engfiles_load(struct lvpn_engfiles *ef, const struct lvpn_options *o, struct lvpn_log *lg,
                       char *err, size_t errsize)
{
	int rc;

	memset(ef, 0, sizeof(*ef));
	if (o->secret.data) { /* a static key instead of any TLS material */
		char *t = NULL;
		size_t len = 0;

		rc = lvpn_fileio_blob(&o->secret, "secret", &t, &len, err, errsize);
		if (rc == 0)
			rc = lvpn_engconf_static(&ef->conf, o, t, len, err, errsize);
		if (t)
			lvpn_wipe(t, len);
		free(t);
		return rc;
	}
	rc = load(ef, o, lg, err, errsize);
	if (rc == LVPN_ERR_NOMEM)
		snprintf(err, errsize, "out of memory");
	return rc;
}

int lvpn_engfiles_conn(struct lvpn_engfiles *ef, const struct lvpn_options *o,
                       const struct lvpn_conn *ce, char *err, size_t errsize)
{
	const char *name;
	const struct lvpn_blob *b = lvpn_engconf_wrap_blob(o, ce, &name);
	char *t = NULL;
	size_t len = 0;
	int rc = 0;

	if (ce != ef->key_of) {
		rc = b ? lvpn_fileio_blob(b, name, &t, &len, err, errsize) : 0;
		if (rc == 0)
			rc = lvpn_engconf_wrap(&ef->conf, o, ce, t, len, err, errsize);
		if (t)
			lvpn_wipe(t, len);
		free(t);
		ef->key_of = rc ? NULL : ce;
	}
	ef->conf.peer_info_extra =
	    lvpn_peerinfo_extra(o, ef->peer_info_extra, sizeof(ef->peer_info_extra));
	if (rc == 0)
		rc = lvpn_engconf_strings(&ef->conf, o, ce, PACKAGE_NAME "_" PACKAGE_VERSION, err,
		                          errsize);
	if (rc == LVPN_ERR_NOMEM)
		snprintf(err, errsize, "out of memory");
	return rc;
}

void lvpn_engfiles_free(struct lvpn_engfiles *ef)
{
	for (unsigned i = 0; i < ef->ntext; i++) {
		lvpn_wipe(ef->text[i], ef->text_len[i]);
		free(ef->text[i]);
	}
	if (ef->pkcs12)
		lvpn_wipe(ef->pkcs12, ef->pkcs12_len);
	free(ef->pkcs12);
	lvpn_wipe(ef, sizeof(*ef));
}
