/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - option handlers: http-proxy, http-proxy-option,
 * http-proxy-user-pass, http-proxy-override and socks-proxy, with the
 * checks OpenVPN 2.6 makes on them (options.c,
 * options_postprocess_verify_ce). */
#include <string.h>

#include "proto/config/optset.h"

/* An authfile named as argument i (a path, never inline). */
static int file_arg(struct optarg *a, int i, struct lvpn_blob *b)
{
	b->data = lvpn_opt_strdup(a->o, a->argv[i]);
	b->is_inline = 0;
	b->loc = *a->loc;
	return b->data ? 0 : LVPN_ERR_NOMEM;
}

static int h_http_proxy(struct optarg *a)
{
	struct lvpn_proxy_conf *p = &a->ce->proxy;
	static const char *const methods[] = {"none", "basic", "ntlm", "ntlm2", "digest", NULL};
	int m = 1;

	if (a->argc < 3)
		return lvpn_optarg_fail(a, "http-proxy port number not defined");
	if (lvpn_optarg_str(a, 1, &p->http_server) || lvpn_optarg_str(a, 2, &p->http_port))
		return LVPN_ERR_NOMEM;
	p->http_auto = 0;
	p->http_ask = 0;
	p->http_auth.data = NULL;
	p->http_method = "none";
	if (a->argc < 4)
		return 0;
	if (strcmp(a->argv[3], "auto") == 0 || strcmp(a->argv[3], "auto-nct") == 0) {
		p->http_auto = a->argv[3][4] ? 2 : 1;
		return 0;
	}
	if (a->argc > 4 && lvpn_optarg_enum(a, 4, methods, &m) != 0)
		return LVPN_ERR_CONFIG;
	/* 2.6 knows no 'digest' here: Digest is answered with auto or
	 * auto-nct when the proxy asks for it (src/proxy_http.c) */
	if (m == 4)
		return lvpn_optarg_fail(
		    a, "unknown HTTP authentication method: 'digest' (as in OpenVPN "
		       "2.6: with 'auto' or 'auto-nct' Digest is used when the "
		       "proxy asks for it)");
	/* NTLM (2.6 deprecates v1, 2.7 removes both) needs MD4, which
	 * OpenSSL 3 keeps in its legacy provider */
	if (m >= 2)
		return lvpn_optarg_fail(
		    a,
		    "not supported by leanvpn: proxy authentication method '%s' "
		    "(NTLM needs MD4, only in OpenSSL 3's legacy provider; use "
		    "basic, or auto for Basic or Digest)",
		    a->argv[4]);
	p->http_method = (char *)methods[m];
	if (strcmp(a->argv[3], "stdin") == 0) {
		p->http_ask = 1;
		return 0;
	}
	return file_arg(a, 3, &p->http_auth);
}

static int h_http_proxy_option(struct optarg *a)
{
	struct lvpn_proxy_conf *p = &a->ce->proxy;
	const char *k = a->argv[1];

	p->http_opts = 1;
	if (strcmp(k, "VERSION") == 0 && a->argc == 3)
		return lvpn_optarg_str(a, 2, &p->http_version);
	if (strcmp(k, "AGENT") == 0 && a->argc == 3)
		return lvpn_optarg_str(a, 2, &p->http_agent);
	if ((strcmp(k, "CUSTOM-HEADER") == 0 || strcmp(k, "EXT1") == 0 || strcmp(k, "EXT2") == 0) &&
	    a->argc >= 3) {
		if (p->nhdr >= (int)(sizeof(p->hdr_name) / sizeof(p->hdr_name[0])))
			return lvpn_optarg_fail(a,
			                        "Cannot use more than %d http-proxy-option "
			                        "CUSTOM-HEADER : '%s'",
			                        (int)(sizeof(p->hdr_name) / sizeof(p->hdr_name[0])),
			                        k);
		p->hdr_value[p->nhdr] = NULL;
		if (lvpn_optarg_str(a, 2, &p->hdr_name[p->nhdr]) ||
		    (a->argc > 3 && lvpn_optarg_str(a, 3, &p->hdr_value[p->nhdr])))
			return LVPN_ERR_NOMEM;
		p->nhdr++;
		return 0;
	}
	return lvpn_optarg_fail(a, "Bad http-proxy-option or missing or extra parameter: '%s'", k);
}

static int h_http_proxy_user_pass(struct optarg *a)
{
	return lvpn_optarg_blob(a, &a->o->http_proxy_user_pass);
}

static int h_http_proxy_override(struct optarg *a)
{
	char **ov = a->o->http_proxy_override;

	if (lvpn_optarg_str(a, 1, &ov[0]) || lvpn_optarg_str(a, 2, &ov[1]) ||
	    (a->argc > 3 && lvpn_optarg_str(a, 3, &ov[2])))
		return LVPN_ERR_NOMEM;
	return 0;
}

static int h_socks_proxy(struct optarg *a)
{
	struct lvpn_proxy_conf *p = &a->ce->proxy;

	if (lvpn_optarg_str(a, 1, &p->socks_server))
		return LVPN_ERR_NOMEM;
	p->socks_port = "1080";
	if (a->argc > 2 && lvpn_optarg_port(a, 2, 0, &p->socks_port))
		return LVPN_ERR_CONFIG;
	p->socks_auth.data = NULL;
	p->socks_ask = 0;
	if (a->argc > 3 && strcmp(a->argv[3], "stdin") == 0) {
		p->socks_ask = 1;
		return 0;
	}
	return a->argc > 3 ? file_arg(a, 3, &p->socks_auth) : 0;
}

const struct opt_handler_ent lvpn_optset_proxy[] = {
    {"http-proxy", h_http_proxy},
    {"http-proxy-option", h_http_proxy_option},
    {"http-proxy-override", h_http_proxy_override},
    {"http-proxy-user-pass", h_http_proxy_user_pass},
    {"socks-proxy", h_socks_proxy},
    {NULL, NULL},
};

static int fail_at(struct lvpn_options *o, struct lvpn_config_err *err, const char *name,
                   const char *msg)
{
	return lvpn_config_fail(err, lvpn_opt_seen(o, name), name, "%s", msg);
}

/* http-proxy-override: every TCP connection goes through that proxy,
 * finding the authentication it needs (auto, or auto-nct with 'nct'),
 * with OpenVPN's autoproxy agent; as in OpenVPN, http-proxy-user-pass
 * does not apply to it (credentials come from the terminal or the
 * management interface). */
static void override(struct lvpn_options *o, struct lvpn_conn *c)
{
	struct lvpn_proxy_conf *p = &c->proxy;

	if (!o->http_proxy_override[0] || c->proto == LVPN_PROTO_UDP)
		return;
	memset(p, 0, sizeof(*p));
	p->http_server = o->http_proxy_override[0];
	p->http_port = o->http_proxy_override[1];
	p->http_auto =
	    o->http_proxy_override[2] && !strcmp(o->http_proxy_override[2], "nct") ? 2 : 1;
	p->http_method = "none";
	p->http_version = "1.0";
	p->http_agent = "OpenVPN-Autoproxy/1.0";
	p->http_override = 1;
}

int lvpn_optset_proxy_check(struct lvpn_options *o, struct lvpn_config_err *err)
{
	int http = 0;

	for (int i = 0; i < o->nconns; i++) {
		struct lvpn_conn *c = &o->conns[i];
		struct lvpn_proxy_conf *p = &c->proxy;

		override(o, c);
		http |= p->http_server != NULL;
		if (p->http_server && c->proto != LVPN_PROTO_TCP_CLIENT)
			return fail_at(o, err, "http-proxy",
			               "--http-proxy MUST be used in TCP Client mode (i.e. --proto "
			               "tcp-client)");
		if (!p->http_server && (p->http_opts || p->nhdr))
			return fail_at(o, err, "http-proxy-option",
			               "--http-proxy not specified but other http proxy options "
			               "present");
		if (p->http_server && p->socks_server)
			return fail_at(o, err, "socks-proxy",
			               "--http-proxy can not be used together with --socks-proxy");
		if (p->socks_server && c->proto == LVPN_PROTO_TCP_SERVER)
			return fail_at(o, err, "socks-proxy",
			               "--socks-proxy can not be used in TCP Server mode");
		if (p->http_version && strcmp(p->http_version, "1.0") != 0 &&
		    strcmp(p->http_version, "1.1") != 0)
			return fail_at(o, err, "http-proxy-option", "VERSION must be 1.0 or 1.1");
		/* OpenVPN's SOCKS UDP path is IPv4 only (its trac #1221) */
		if (p->socks_server && c->proto == LVPN_PROTO_UDP && c->af != LVPN_AF_INET) {
			LVPN_LOG(o->log, LVPN_LOG_INFO,
			         c->af == LVPN_AF_INET6
			             ? "WARNING: '--proto udp6' is not compatible with "
			               "'--socks-proxy' today.  Forcing IPv4 mode."
			             : "NOTICE: dual-stack mode for '--proto udp' does not "
			               "work correctly with '--socks-proxy' today.  Forcing IPv4.");
			c->af = LVPN_AF_INET;
		}
	}
	/* in OpenVPN the credentials belong to the http-proxy settings */
	if (o->http_proxy_user_pass.data && !http)
		return fail_at(o, err, "http-proxy-user-pass",
		               "--http-proxy not specified but other http proxy options present");
	return 0;
}
