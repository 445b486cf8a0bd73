/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - the effective options, one `name args` line each, in a fixed
 * order (what --check-config prints).  Inline blobs print as [inline];
 * passwords and tokens as [redacted]. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "proto/config/options.h"

struct printer {
	void (*put)(void *ctx, const char *line);
	void *ctx;
};

static void out(struct printer *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void out(struct printer *p, const char *fmt, ...)
{
	char line[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	p->put(p->ctx, line);
}

/* s quoted when the config language needs it (static buffer: one use per
 * out() call). */
static const char *q(const char *s, char *buf, size_t n)
{
	size_t o = 0;

	if (s[0] && !strpbrk(s, " \t\"'\\#;"))
		return s;
	buf[o++] = '"';
	for (; *s && o + 3 < n; s++) {
		if (*s == '"' || *s == '\\')
			buf[o++] = '\\';
		buf[o++] = *s;
	}
	buf[o++] = '"';
	buf[o] = '\0';
	return buf;
}

static void str(struct printer *p, const char *name, const char *v)
{
	char b[600];

	if (v)
		out(p, "%s %s", name, q(v, b, sizeof(b)));
}

static void raw(struct printer *p, const char *name, const char *v)
{
	if (v)
		out(p, "%s %s", name, v);
}

static void flag(struct printer *p, const char *name, int v)
{
	if (v)
		out(p, "%s", name);
}

static void num(struct printer *p, const char *name, long long v)
{
	out(p, "%s %lld", name, v);
}

static void blob(struct printer *p, const char *name, const struct lvpn_blob *b)
{
	if (b->data)
		str(p, name, b->is_inline ? "[inline]" : b->data);
}

/* One line per fingerprint (OpenVPN adds each to the list), comments and
 * blank lines of an inline block left out. */
static void fingerprints(struct printer *p, const char *text)
{
	while (text && *text) {
		size_t n = strcspn(text, "\r\n"), skip = strspn(text, " \t"), end = n;

		while (end > skip && (text[end - 1] == ' ' || text[end - 1] == '\t'))
			end--;
		if (skip < end && text[skip] != '#' && text[skip] != ';')
			out(p, "peer-fingerprint %.*s", (int)(end - skip), text + skip);
		text += n;
		text += strspn(text, "\r\n");
	}
}

/* --verify-hash: one hash on the option line with its algorithm, several
 * as the inline block they came in (SHA1, the only algorithm a block has) */
static void verify_hash(struct printer *p, const struct lvpn_options *o)
{
	const char *h = o->verify_hash.data;

	if (!h)
		return;
	if (!o->verify_hash_sha256 && strchr(h, '\n')) {
		out(p, "<verify-hash>");
		for (const char *l = h; *l; l += strspn(l, "\r\n")) {
			size_t n = strcspn(l, "\r\n");

			out(p, "%.*s", (int)n, l);
			l += n;
		}
		out(p, "</verify-hash>");
		return;
	}
	h += strspn(h, " \t\r\n#");
	out(p, "verify-hash %.*s %s", (int)strcspn(h, " \t\r\n"), h,
	    o->verify_hash_sha256 ? "SHA256" : "SHA1");
}

static void list(struct printer *p, const char *name, const struct lvpn_strlist *l, int quote)
{
	for (int i = 0; i < l->n; i++)
		(quote ? str : raw)(p, name, l->v[i]);
}

static const char *proto_name(int proto, int af, char *buf, size_t n)
{
	const char *fam = af == LVPN_AF_INET ? "4" : af == LVPN_AF_INET6 ? "6" : "";

	switch (proto) {
	case LVPN_PROTO_UDP:
		snprintf(buf, n, "udp%s", fam);
		break;
	case LVPN_PROTO_TCP_SERVER:
		snprintf(buf, n, "tcp%s-server", fam);
		break;
	case LVPN_PROTO_TCP_CLIENT:
		snprintf(buf, n, "tcp%s-client", fam);
		break;
	default:
		snprintf(buf, n, "tcp%s", fam);
	}
	return buf;
}

static void proxies(struct printer *p, const struct lvpn_proxy_conf *x)
{
	char a[600], b[600], f[600];
	const char *auth = x->http_auto == 2   ? "auto-nct"
	                   : x->http_auto      ? "auto"
	                   : x->http_ask       ? "stdin"
	                   : x->http_auth.data ? q(x->http_auth.data, f, sizeof(f))
	                                       : NULL;

	if (x->http_server)
		out(p, "http-proxy %s %s%s%s%s%s", q(x->http_server, a, sizeof(a)),
		    q(x->http_port, b, sizeof(b)), auth ? " " : "", auth ? auth : "",
		    auth && !x->http_auto ? " " : "", auth && !x->http_auto ? x->http_method : "");
	if (x->http_version)
		out(p, "http-proxy-option VERSION %s", q(x->http_version, a, sizeof(a)));
	if (x->http_agent)
		out(p, "http-proxy-option AGENT %s", q(x->http_agent, a, sizeof(a)));
	for (int i = 0; i < x->nhdr; i++)
		out(p, "http-proxy-option CUSTOM-HEADER %s%s%s", q(x->hdr_name[i], a, sizeof(a)),
		    x->hdr_value[i] ? " " : "",
		    x->hdr_value[i] ? q(x->hdr_value[i], b, sizeof(b)) : "");
	auth = x->socks_ask         ? "stdin"
	       : x->socks_auth.data ? q(x->socks_auth.data, f, sizeof(f))
	                            : NULL;
	if (x->socks_server)
		out(p, "socks-proxy %s %s%s%s", q(x->socks_server, a, sizeof(a)),
		    q(x->socks_port, b, sizeof(b)), auth ? " " : "", auth ? auth : "");
}

static void conn(struct printer *p, const struct lvpn_conn *c, int server)
{
	char pb[32];

	if (server) {
		raw(p, "proto", proto_name(c->proto, c->af, pb, sizeof(pb)));
		raw(p, "port", c->lport ? c->lport : c->port);
	}
	str(p, "local", c->local);
	if (!server)
		out(p, "%s", c->bind ? "bind" : "nobind");
	flag(p, "float", c->float_);
	if (c->mtu_disc >= LVPN_MTUDISC_NO && c->mtu_disc <= LVPN_MTUDISC_YES)
		raw(p, "mtu-disc", (const char *[]){"no", "maybe", "yes"}[c->mtu_disc - 1]);
	out(p, "connect-retry %d %d", c->connect_retry, c->connect_retry_max_backoff);
	num(p, "connect-timeout", c->connect_timeout);
	if (c->explicit_exit_notify)
		num(p, "explicit-exit-notify", c->explicit_exit_notify);
	num(p, "tun-mtu", c->tun_mtu);
	if (c->link_mtu)
		num(p, "link-mtu", c->link_mtu);
	if (c->tun_mtu_extra_set)
		num(p, "tun-mtu-extra", c->tun_mtu_extra);
	out(p, "mssfix %d%s", c->mssfix, c->mssfix_mtu ? " mtu" : c->mssfix_fixed ? " fixed" : "");
	if (c->fragment)
		out(p, "fragment %d%s", c->fragment, c->fragment_mtu ? " mtu" : "");
	if (c->tls_mtu)
		out(p, "max-packet-size %d", c->tls_mtu);
	proxies(p, &c->proxy);
	blob(p, "tls-auth", &c->tls_auth);
	blob(p, "tls-crypt", &c->tls_crypt);
	if (c->tls_crypt_v2.data && server) {
		char b[600];

		out(p, "tls-crypt-v2 %s %s",
		    c->tls_crypt_v2.is_inline ? "[inline]" : q(c->tls_crypt_v2.data, b, sizeof(b)),
		    c->tls_crypt_v2_force_cookie ? "force-cookie" : "allow-noncookie");
	} else {
		blob(p, "tls-crypt-v2", &c->tls_crypt_v2);
	}
	if (c->key_direction >= 0 && c->tls_auth.data)
		num(p, "key-direction", c->key_direction);
}

static void remote(struct printer *p, const struct lvpn_conn *c)
{
	char pb[32], hb[300];

	if (c->remote)
		out(p, "remote %s %s %s", q(c->remote, hb, sizeof(hb)), c->remote_port,
		    proto_name(c->proto, c->af, pb, sizeof(pb)));
}

static void connections(struct printer *p, const struct lvpn_options *o)
{
	int server = o->role == LVPN_ROLE_SERVER;

	if (o->conns_from_blocks) {
		for (int i = 0; i < o->nconns; i++) {
			out(p, "<connection>");
			remote(p, &o->conns[i]);
			conn(p, &o->conns[i], server);
			out(p, "</connection>");
		}
	} else if (o->nconns > 0) {
		for (int i = 0; i < o->nconns; i++)
			remote(p, &o->conns[i]);
		conn(p, &o->conns[0], server);
	}
	flag(p, "remote-random", o->remote_random);
	flag(p, "remote-random-hostname", o->remote_random_hostname);
	if (o->resolv_retry < 0)
		out(p, "resolv-retry infinite");
	else
		num(p, "resolv-retry", o->resolv_retry);
	if (o->connect_retry_max)
		num(p, "connect-retry-max", o->connect_retry_max);
	if (o->sndbuf)
		num(p, "sndbuf", o->sndbuf);
	if (o->rcvbuf)
		num(p, "rcvbuf", o->rcvbuf);
	flag(p, "tcp-nodelay", o->tcp_nodelay);
	if (o->mark)
		num(p, "mark", o->mark);
	str(p, "bind-dev", o->bind_dev);
}

static void device(struct printer *p, const struct lvpn_options *o)
{
	static const char *const topo[] = {"net30", "p2p", "subnet"};

	str(p, "dev", o->dev);
	str(p, "dev-type", o->dev_type);
	str(p, "dev-node", o->dev_node);
	raw(p, "topology", topo[o->topology]);
	if (o->ifconfig_local)
		out(p, "ifconfig %s %s", o->ifconfig_local, o->ifconfig_remote);
	if (o->ifconfig_ipv6_local)
		out(p, "ifconfig-ipv6 %s %s", o->ifconfig_ipv6_local, o->ifconfig_ipv6_remote);
	flag(p, "ifconfig-noexec", o->ifconfig_noexec);
	if (o->txqueuelen)
		num(p, "txqueuelen", o->txqueuelen);
	if (o->data_threads)
		num(p, "data-threads", o->data_threads);
	if (o->shaper)
		num(p, "shaper", o->shaper);
	flag(p, "passtos", o->passtos);
	if (o->replay_persist)
		out(p, "replay-persist %s", o->replay_persist);
	flag(p, "persist-key", o->persist_key);
	flag(p, "persist-tun", o->persist_tun);
	flag(p, "persist-local-ip", o->persist_local_ip);
	flag(p, "persist-remote-ip", o->persist_remote_ip);
}

static void routes(struct printer *p, const struct lvpn_options *o)
{
	static const char *const rg[] = {
	    "",           "local",       "autolocal", "def1", "bypass-dhcp",
	    "bypass-dns", "block-local", "ipv6",      "!ipv4"};

	list(p, "route", &o->routes, 0);
	list(p, "route-ipv6", &o->routes_ipv6, 0);
	list(p, "client-nat", &o->client_nat, 0);
	str(p, "route-gateway", o->route_gateway);
	str(p, "route-ipv6-gateway", o->route_ipv6_gateway);
	if (o->route_metric >= 0)
		num(p, "route-metric", o->route_metric);
	if (o->route_delay_set)
		out(p, "route-delay %d %d", o->route_delay, o->route_delay_window);
	if (o->redirect_gateway_set) {
		char line[200];

		snprintf(line, sizeof(line), "%s",
		         o->redirect_gateway & LVPN_RG_ENABLE ? "redirect-gateway"
		                                              : "redirect-private");
		for (int i = 1; i < 9; i++)
			if (o->redirect_gateway & (1u << i))
				snprintf(line + strlen(line), sizeof(line) - strlen(line), " %s",
				         rg[i]);
		out(p, "%s", line);
	}
	flag(p, "block-ipv6", o->block_ipv6);
	flag(p, "route-nopull", o->route_nopull);
	flag(p, "route-noexec", o->route_noexec);
	list(p, "dhcp-option", &o->dhcp_options, 0);
	list(p, "dns", &o->dns, 0);
	if (o->dns_updown)
		out(p, "dns-updown %s",
		    o->dns_updown == LVPN_DNS_UPDOWN_DISABLE ? "disable" : "force");
	for (int i = 0; i < o->npull_filters; i++) {
		static const char *const act[] = {"accept", "ignore", "reject"};
		char b[600];

		out(p, "pull-filter %s %s", act[o->pull_filters[i].action],
		    q(o->pull_filters[i].text, b, sizeof(b)));
	}
}

static void timers(struct printer *p, const struct lvpn_options *o)
{
	if (o->ping)
		num(p, "ping", o->ping);
	if (o->ping_restart)
		num(p, "ping-restart", o->ping_restart);
	if (o->ping_exit)
		num(p, "ping-exit", o->ping_exit);
	flag(p, "ping-timer-rem", o->ping_timer_rem);
	if (o->inactive)
		out(p, "inactive %d %lld", o->inactive, (long long)o->inactive_bytes);
	if (o->session_timeout)
		num(p, "session-timeout", o->session_timeout);
}

static void server(struct printer *p, const struct lvpn_options *o)
{
	if (o->server_net)
		out(p, "server %s %s%s", o->server_net, o->server_mask,
		    o->server_flags ? " nopool" : "");
	str(p, "server-ipv6", o->server_ipv6);
	if (o->server_bridge[0])
		out(p, "server-bridge %s %s %s %s", o->server_bridge[0], o->server_bridge[1],
		    o->server_bridge[2], o->server_bridge[3]);
	else if (o->server_bridge_dhcp)
		out(p, "server-bridge%s", o->server_bridge_nogw ? " nogw" : "");
	if (o->ifconfig_pool_start)
		out(p, "ifconfig-pool %s %s%s%s", o->ifconfig_pool_start, o->ifconfig_pool_end,
		    o->ifconfig_pool_mask ? " " : "",
		    o->ifconfig_pool_mask ? o->ifconfig_pool_mask : "");
	if (o->ifconfig_pool_persist)
		out(p, "ifconfig-pool-persist %s %d", o->ifconfig_pool_persist,
		    o->ifconfig_pool_persist_secs);
	str(p, "ifconfig-ipv6-pool", o->ifconfig_ipv6_pool);
	if (o->role == LVPN_ROLE_SERVER && o->mode_server)
		num(p, "max-clients", o->max_clients);
	flag(p, "duplicate-cn", o->duplicate_cn);
	flag(p, "client-to-client", o->client_to_client);
	str(p, "client-config-dir", o->client_config_dir);
	flag(p, "ccd-exclusive", o->ccd_exclusive);
	flag(p, "push-reset", o->push_reset);
	list(p, "push", &o->push, 1);
	list(p, "push-remove", &o->push_remove, 0);
	list(p, "iroute", &o->iroutes, 0);
	list(p, "iroute-ipv6", &o->iroutes_ipv6, 0);
	if (o->ifconfig_push_local)
		out(p, "ifconfig-push %s %s", o->ifconfig_push_local, o->ifconfig_push_remote);
	raw(p, "ifconfig-ipv6-push", o->ifconfig_ipv6_push);
	flag(p, "username-as-common-name", o->username_as_common_name);
	flag(p, "auth-user-pass-optional", o->auth_user_pass_optional);
	if (o->auth_gen_token)
		num(p, "auth-gen-token", o->auth_gen_token_lifetime);
	blob(p, "auth-gen-token-secret", &o->auth_gen_token_secret);
}

static void scripts(struct printer *p, const struct lvpn_options *o)
{
	num(p, "script-security", o->script_security);
	str(p, "up", o->up);
	str(p, "down", o->down);
	str(p, "route-up", o->route_up);
	str(p, "route-pre-down", o->route_pre_down);
	str(p, "ipchange", o->ipchange);
	str(p, "learn-address", o->learn_address);
	if (o->stale_routes_check)
		out(p, "stale-routes-check %d %d", o->stale_routes_check, o->stale_routes_interval);
	str(p, "client-connect", o->client_connect);
	str(p, "client-disconnect", o->client_disconnect);
	str(p, "client-crresponse", o->client_crresponse);
	if (o->auth_user_pass_verify) {
		char b[600];

		out(p, "auth-user-pass-verify %s %s", q(o->auth_user_pass_verify, b, sizeof(b)),
		    o->auth_user_pass_verify_method);
	}
	str(p, "tls-verify", o->tls_verify);
	str(p, "tls-crypt-v2-verify", o->tls_crypt_v2_verify);
	flag(p, "up-delay", o->up_delay);
	flag(p, "up-restart", o->up_restart);
	flag(p, "down-pre", o->down_pre);
	list(p, "setenv", &o->setenv, 0);
	list(p, "setenv-safe", &o->setenv_safe, 0);
}

static void process(struct printer *p, const struct lvpn_options *o)
{
	if (o->management_addr)
		out(p, "management %s %s%s", o->management_addr, o->management_port,
		    o->management_pw ? " [redacted]" : "");
	flag(p, "management-hold", o->management_hold);
	flag(p, "management-query-passwords", o->management_query_passwords);
	flag(p, "management-client-auth", o->management_client_auth);
	if (o->status_file) {
		out(p, "status %s %d", o->status_file, o->status_interval);
		num(p, "status-version", o->status_version);
	}
	if (o->daemon)
		out(p, "daemon%s%s", o->daemon_name ? " " : "",
		    o->daemon_name ? o->daemon_name : "");
	str(p, "writepid", o->writepid);
	str(p, o->log_append ? "log-append" : "log", o->log_file);
	if (o->syslog)
		out(p, "syslog%s%s", o->syslog_name ? " " : "",
		    o->syslog_name ? o->syslog_name : "");
	str(p, "cd", o->cd);
	str(p, "chroot", o->chroot);
	str(p, "user", o->user);
	str(p, "group", o->group);
	str(p, "tmp-dir", o->tmp_dir);
	flag(p, "mlock", o->mlock);
	flag(p, "multihome", o->multihome);
	if (o->nice)
		num(p, "nice", o->nice);
	num(p, "verb", o->verb);
	if (o->mute)
		num(p, "mute", o->mute);
	flag(p, "suppress-timestamps", o->suppress_timestamps);
	flag(p, "machine-readable-output", o->machine_readable_output);
}

static const char *tls_ver(int v)
{
	static const char *const names[] = {"1.0", "1.1", "1.2", "1.3"};

	return v >= 0x0301 && v <= 0x0304 ? names[v - 0x0301] : "?";
}

static void tls(struct printer *p, const struct lvpn_options *o)
{
	static const char *const comp[] = {"",
	                                   "compress",
	                                   "compress stub-v2",
	                                   "comp-lzo",
	                                   "comp-lzo no",
	                                   "compress lz4",
	                                   "compress lz4-v2",
	                                   "compress migrate"};
	static const char *const allow[] = {"no", "asym", "yes"};
	static const char *const vcc[] = {"require", "optional", "none"};

	blob(p, "ca", &o->ca);
	blob(p, "capath", &o->capath);
	blob(p, "cert", &o->cert);
	blob(p, "extra-certs", &o->extra_certs);
	blob(p, "key", &o->key);
	blob(p, "pkcs12", &o->pkcs12);
	if (o->dh_none)
		out(p, "dh none");
	blob(p, "dh", &o->dh);
	if (o->secret.data && o->secret_dir >= 0)
		out(p, "secret %s %d", o->secret.is_inline ? "[inline]" : o->secret.data,
		    o->secret_dir);
	else
		blob(p, "secret", &o->secret);
	if (o->crl_verify.data)
		out(p, "crl-verify %s%s", o->crl_verify.is_inline ? "[inline]" : o->crl_verify.data,
		    o->crl_is_dir ? " dir" : "");
	fingerprints(p, o->peer_fingerprint.data);
	verify_hash(p, o);
	out(p, "tls-version-min %s%s", tls_ver(o->tls_version_min),
	    o->tls_version_min_or_highest ? " or-highest" : "");
	if (o->tls_version_max)
		raw(p, "tls-version-max", tls_ver(o->tls_version_max));
	str(p, "tls-cipher", o->tls_cipher);
	str(p, "tls-ciphersuites", o->tls_ciphersuites);
	str(p, "tls-groups", o->tls_groups);
	str(p, "tls-cert-profile", o->tls_cert_profile);
	str(p, "ecdh-curve", o->ecdh_curve);
	if (o->remote_cert_tls)
		raw(p, "remote-cert-tls",
		    o->remote_cert_tls == LVPN_RCT_CLIENT ? "client" : "server");
	if (o->ns_cert_type)
		raw(p, "ns-cert-type", o->ns_cert_type == 1 ? "client" : "server");
	if (o->verify_x509_name) {
		char b[600];

		out(p, "verify-x509-name %s %s", q(o->verify_x509_name, b, sizeof(b)),
		    o->verify_x509_type ? o->verify_x509_type : "subject");
	}
	if (o->mode_server) /* a p2p tls-server always requires one */
		raw(p, "verify-client-cert", vcc[o->verify_client_cert]);
	str(p, "remote-cert-eku", o->remote_cert_eku);
	if (o->remote_cert_ku)
		out(p, "remote-cert-ku%s%s", *o->remote_cert_ku ? " " : "", o->remote_cert_ku);
	list(p, "x509-track", &o->x509_track, 0);
	str(p, "x509-username-field", o->x509_username_field);
	raw(p, "data-ciphers", o->data_ciphers);
	raw(p, "data-ciphers-fallback", o->data_ciphers_fallback);
	raw(p, "cipher", o->cipher);
	raw(p, "auth", o->auth);
	if (o->reneg_sec_min)
		out(p, "reneg-sec %d %d", o->reneg_sec, o->reneg_sec_min);
	else
		num(p, "reneg-sec", o->reneg_sec);
	if (o->reneg_bytes >= 0)
		num(p, "reneg-bytes", o->reneg_bytes);
	if (o->reneg_pkts >= 0)
		num(p, "reneg-pkts", o->reneg_pkts);
	num(p, "hand-window", o->hand_window);
	num(p, "tran-window", o->tran_window);
	num(p, "tls-timeout", o->tls_timeout);
	out(p, "replay-window %d %d", o->replay_window, o->replay_time);
	flag(p, "no-replay", o->no_replay);
	flag(p, "use-prediction-resistance", o->use_prediction_resistance);
	flag(p, "mute-replay-warnings", o->mute_replay_warnings);
	flag(p, "tls-exit", o->tls_exit);
	flag(p, "single-session", o->single_session);
	flag(p, "push-peer-info", o->push_peer_info);
	if (o->comp != LVPN_OPT_COMP_NONE)
		out(p, "%s", comp[o->comp]);
	raw(p, "allow-compression", o->allow_compression >= 0 ? allow[o->allow_compression] : NULL);
	if (o->auth_user_pass_set)
		out(p, "auth-user-pass%s%s", o->auth_user_pass.data ? " " : "",
		    !o->auth_user_pass.data       ? ""
		    : o->auth_user_pass.is_inline ? "[inline]"
		                                  : o->auth_user_pass.data);
	blob(p, "http-proxy-user-pass", &o->http_proxy_user_pass);
	flag(p, "auth-nocache", o->auth_nocache);
	if (o->auth_retry)
		raw(p, "auth-retry", o->auth_retry == 1 ? "nointeract" : "interact");
	if (o->static_challenge) {
		char b[600];

		out(p, "static-challenge %s %d", q(o->static_challenge, b, sizeof(b)),
		    o->static_challenge_echo);
	}
	if (o->auth_token)
		out(p, "auth-token [redacted]");
	str(p, "auth-token-user", o->auth_token_user);
	if (o->askpass_set)
		out(p, "askpass%s%s", o->askpass.data ? " " : "",
		    o->askpass.data ? o->askpass.data : "");
}

void lvpn_options_print(const struct lvpn_options *o, void (*put)(void *ctx, const char *line),
                        void *ctx)
{
	struct printer p = {put, ctx};

	if (o->role == LVPN_ROLE_CLIENT) {
		flag(&p, "client", o->client);
		flag(&p, "pull", !o->client && o->pull);
		flag(&p, "tls-client", !o->client && !o->secret.data);
	} else {
		out(&p, "mode %s", o->mode_server ? "server" : "p2p");
		flag(&p, "tls-server", o->role == LVPN_ROLE_SERVER);
	}
	connections(&p, o);
	device(&p, o);
	tls(&p, o);
	timers(&p, o);
	routes(&p, o);
	server(&p, o);
	scripts(&p, o);
	process(&p, o);
	for (int i = 0; i < o->other.n; i++)
		out(&p, "%s", o->other.v[i]);
}
