/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - key, certificate and credential files named by options:
 * relative paths resolve against --cd (OpenVPN changes directory before it
 * opens them), files must be readable through the ops, and inline blocks
 * must hold the kind of data the option expects. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/wipe.h"
#include "proto/config/optset.h"

enum kind { PEM, STATIC_KEY, BASE64, USERPASS, FINGERPRINT, DIR };

static int base64_only(const char *s)
{
	for (; *s; s++) {
		char c = *s;

		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '+' || c == '/' || c == '=' || c == '\n' || c == '\r' || c == ' ' ||
		      c == '\t'))
			return 0;
	}
	return 1;
}

static int check_inline(const char *name, const struct lvpn_blob *b, enum kind k,
                        struct lvpn_config_err *err)
{
	const char *why = NULL;

	if (k == PEM && !strstr(b->data, "-----BEGIN "))
		why = "holds no PEM data (-----BEGIN ...)";
	else if (k == STATIC_KEY && !strstr(b->data, "-----BEGIN OpenVPN"))
		why = "holds no OpenVPN key (-----BEGIN OpenVPN ...)";
	else if (k == BASE64 && !base64_only(b->data))
		why = "must be base64 (PKCS#12 data)";
	if (why)
		return lvpn_config_fail(err, &b->loc, name, "the inline <%s> block %s", name, why);
	return 0;
}

/* Why path cannot be used ("" when it can), in OpenVPN's words: the
 * system's reason (Permission denied, No such file or directory, Is a
 * directory for a file).  A file is read (and wiped) to know; a directory
 * only opened. */
static void why_unreadable(struct lvpn_options *o, const char *path, enum kind k, char *why,
                           size_t n)
{
	const struct lvpn_config_ops *ops = o->ops;
	int readable = ops->is_readable(ops->ctx, path);
	char *text = NULL;
	size_t len = 0;

	why[0] = '\0';
	if ((readable && k == DIR) || !ops->read_file || strcmp(path, "stdin") == 0) {
		if (!readable)
			snprintf(why, n, "not readable");
		return;
	}
	if (ops->read_file(ops->ctx, path, &text, &len, why, n) == 0) {
		lvpn_wipe(text, len);
		free(text);
		why[0] = '\0';
	} else if (!why[0]) {
		snprintf(why, n, "not readable");
	}
}

static int check(struct lvpn_options *o, const char *name, struct lvpn_blob *b, enum kind k,
                 struct lvpn_config_err *err)
{
	char *path, why[200];

	if (!b->data)
		return 0;
	if (b->is_inline)
		return check_inline(name, b, k, err);
	/* `ca [inline]` announces a <ca> block later in the file */
	if (strcmp(b->data, "[inline]") == 0)
		return lvpn_config_fail(err, &b->loc, name,
		                        "'[inline]' given but no <%s> block "
		                        "follows",
		                        name);
	path = lvpn_opt_path(o, b->data);
	if (!path)
		return LVPN_ERR_NOMEM;
	b->data = path;
	if (!o->ops || !o->ops->is_readable)
		return lvpn_config_fail(err, &b->loc, name, "cannot read %s '%s'",
		                        k == DIR ? "directory" : "file", path);
	why_unreadable(o, path, k, why, sizeof(why));
	if (why[0])
		return lvpn_config_fail(err, &b->loc, name, "cannot read %s '%s': %s",
		                        k == DIR ? "directory" : "file", path, why);
	return 0;
}

static int check_conn(struct lvpn_options *o, struct lvpn_conn *c, struct lvpn_config_err *err)
{
	int rc;

	if ((rc = check(o, "tls-auth", &c->tls_auth, STATIC_KEY, err)) ||
	    (rc = check(o, "tls-crypt", &c->tls_crypt, STATIC_KEY, err)) ||
	    (rc = check(o, "tls-crypt-v2", &c->tls_crypt_v2, STATIC_KEY, err)) ||
	    (rc = check(o, "http-proxy", &c->proxy.http_auth, USERPASS, err)) ||
	    (rc = check(o, "socks-proxy", &c->proxy.socks_auth, USERPASS, err)))
		return rc;
	return 0;
}

/* path must be readable (dir 0) or be in a directory that exists (dir 1),
 * as OpenVPN's options_postprocess_filechecks; inside the chroot for the
 * client-config-dir and tmp-dir. */
static int check_path(struct lvpn_options *o, const char *name, const char *path, int in_dir,
                      int in_chroot, struct lvpn_config_err *err)
{
	const struct lvpn_config_loc *loc = lvpn_opt_seen(o, name);
	char buf[1024], *slash;
	int ok;

	if (!path || !o->ops || !o->ops->is_readable)
		return 0;
	if (in_chroot && o->chroot)
		snprintf(buf, sizeof(buf), "%s/%s", o->chroot, path);
	else if (o->cd && path[0] != '/')
		snprintf(buf, sizeof(buf), "%s/%s", o->cd, path);
	else
		snprintf(buf, sizeof(buf), "%s", path);
	slash = strrchr(buf, '/');
	if (in_dir && !slash)
		return 0; /* the working directory */
	if (in_dir) {
		*slash = '\0';
		ok = slash == buf || o->ops->is_readable(o->ops->ctx, buf);
		*slash = '/';
	} else {
		ok = o->ops->is_readable(o->ops->ctx, buf);
	}
	if (ok)
		return 0;
	return lvpn_config_fail(
	    err, loc, name,
	    in_dir ? "the directory of '%s' does not exist" : "cannot read directory '%s'", buf);
}

static int check_paths(struct lvpn_options *o, struct lvpn_config_err *err)
{
	int rc;

	if ((rc = check_path(o, "chroot", o->chroot, 0, 0, err)) ||
	    (rc = check_path(o, "writepid", o->writepid, 1, 0, err)) ||
	    (rc = check_path(o, "status", o->status_file, 1, 0, err)) ||
	    (rc = check_path(o, "client-config-dir", o->client_config_dir, 0, 1, err)) ||
	    (rc = check_path(o, "tmp-dir", o->tmp_dir, 0, 1, err)) ||
	    (rc = check_path(o, "tls-export-cert", o->tls_export_cert, 0, 1, err)))
		return rc;
	return 0;
}

int lvpn_options_check_files(struct lvpn_options *o, struct lvpn_config_err *err)
{
	const struct {
		const char *name;
		struct lvpn_blob *b;
		enum kind k;
	} files[] = {
	    {"ca", &o->ca, PEM},
	    {"capath", &o->capath, DIR},
	    {"cert", &o->cert, PEM},
	    {"extra-certs", &o->extra_certs, PEM},
	    {"key", &o->key, PEM},
	    {"pkcs12", &o->pkcs12, BASE64},
	    {"dh", &o->dh, PEM},
	    {"crl-verify", &o->crl_verify, o->crl_is_dir ? DIR : PEM},
	    {"auth-user-pass", &o->auth_user_pass, USERPASS},
	    {"askpass", &o->askpass, USERPASS},
	    {"http-proxy-user-pass", &o->http_proxy_user_pass, USERPASS},
	    {"auth-gen-token-secret", &o->auth_gen_token_secret, STATIC_KEY},
	    {"secret", &o->secret, STATIC_KEY},
	};
	int rc;

	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		if ((rc = check(o, files[i].name, files[i].b, files[i].k, err)) != 0)
			return rc;
	if ((rc = check_conn(o, &o->ce, err)) != 0)
		return rc;
	for (int i = 0; o->conns_from_blocks && i < o->nconns; i++)
		if ((rc = check_conn(o, &o->conns[i], err)) != 0)
			return rc;
	return check_paths(o, err);
}
