/* leanvpn - applying a server's PUSH_REPLY to a client's options:
 * pull-filter, route-nopull and the push permission (OpenVPN 2.6
 * apply_push_options / apply_pull_filter). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "proto/opttab.h"
#include "proto/optset.h"

int lvpn_pull_filter_match(const struct lvpn_pull_filter *f, int nf, const char *line)
{
	while (*line == ' ' || *line == '\t' || *line == '\r' || *line == '\n' || *line == '\v' ||
	       *line == '\f')
		line++;
	for (int i = 0; i < nf; i++)
		if (strncmp(line, f[i].text, strlen(f[i].text)) == 0)
			return f[i].action;
	return LVPN_PULL_ACCEPT;
}

int lvpn_options_pull_filter(const struct lvpn_options *o, const char *line)
{
	return lvpn_pull_filter_match(o->pull_filters, o->npull_filters, line);
}

/* Options a client with route-nopull does not take from the server. */
static int route_option(const char *name)
{
	static const char *const names[] = {
	    "route",        "route-ipv6",        "redirect-gateway", "redirect-private",
	    "route-metric", "block-ipv6",        "client-nat",       "dhcp-option",
	    "dns",          "block-outside-dns", "register-dns",     "ip-win32",
	    "dhcp-renew",   "dhcp-pre-release",  "tap-sleep",
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(names[i], name) == 0)
			return 1;
	return 0;
}

#define SPACES " \t\r\n\v\f"

int lvpn_push_verdict(const struct lvpn_pull_filter *f, int nf, int route_nopull, const char *line,
                      struct lvpn_log *lg)
{
	const struct lvpn_opttab *t;
	const char *shown = line, *p = line + strspn(line, SPACES);
	size_t n = strcspn(p, SPACES);
	char name[64];

	if (n == 0)
		return LVPN_PULL_IGNORE;
	if (n >= sizeof(name)) {
		LVPN_LOG(lg, LVPN_LOG_WARN, "pushed option with a %zu-byte name ignored", n);
		return LVPN_PULL_IGNORE;
	}
	memcpy(name, p, n);
	name[n] = '\0';
	if (strcmp(name, "auth-token") == 0)
		shown = "auth-token [redacted]"; /* a secret: never logged */
	switch (lvpn_pull_filter_match(f, nf, line)) {
	case LVPN_PULL_REJECT:
		LVPN_LOG(lg, LVPN_LOG_WARN, "Pushed option rejected by filter: '%s'. Restarting.",
		         shown);
		return LVPN_PULL_REJECT;
	case LVPN_PULL_IGNORE:
		LVPN_LOG(lg, LVPN_LOG_VERBOSE, "Pushed option removed by filter: '%s'", shown);
		return LVPN_PULL_IGNORE;
	}
	t = lvpn_opttab_find(name);
	if (!t) {
		LVPN_LOG(lg, LVPN_LOG_WARN, "pushed option '%s': unknown option, ignored", name);
		return LVPN_PULL_IGNORE;
	}
	if (!(t->where & LVPN_WHERE_PUSH)) {
		LVPN_LOG(lg, LVPN_LOG_WARN, "pushed option '%s': a server may not push it, ignored",
		         name);
		return LVPN_PULL_IGNORE;
	}
	if (route_nopull && route_option(name)) {
		LVPN_LOG(lg, LVPN_LOG_VERBOSE, "pushed option '%s' ignored (route-nopull)", name);
		return LVPN_PULL_IGNORE;
	}
	return LVPN_PULL_ACCEPT;
}

static int apply_one(struct lvpn_options *o, const char *opt, size_t len, int n,
                     struct lvpn_config_line *ln, struct lvpn_config_err *err)
{
	struct lvpn_config_loc loc = {"[PUSH-OPTIONS]", n};
	char line[LVPN_CONFIG_LINE_MAX + 1];
	struct lvpn_config_err skipped;
	const char *why;
	int rc;

	if (len > LVPN_CONFIG_LINE_MAX) {
		LVPN_LOG(o->log, LVPN_LOG_WARN, "leanvpn: pushed option %d is too long: skipped",
		         n);
		return 0;
	}
	memcpy(line, opt, len);
	line[len] = '\0';
	switch (
	    lvpn_push_verdict(o->pull_filters, o->npull_filters, o->route_nopull, line, o->log)) {
	case LVPN_PULL_REJECT:
		return lvpn_config_fail(err, &loc, "pull-filter",
		                        "pushed option '%s' rejected: reconnecting", line);
	case LVPN_PULL_IGNORE:
		return 0;
	}
	if (lvpn_config_tokenize(line, len, ln, &why) != 0) {
		LVPN_LOG(o->log, LVPN_LOG_WARN, "leanvpn: pushed option '%s': %s: skipped", line,
		         why);
		return 0;
	}
	if (ln->argc == 0)
		return 0;
	rc = lvpn_options_apply(o, ln->argc, ln->argv, 0, LVPN_WHERE_PUSH, &loc, &skipped);
	if (rc == LVPN_ERR_CONFIG) {
		/* as OpenVPN: a bad pushed option is reported, not fatal */
		char msg[1200];

		lvpn_config_err_format(&skipped, msg, sizeof(msg));
		LVPN_LOG(o->log, LVPN_LOG_WARN, "%s (skipped)", msg);
		return 0;
	}
	return rc;
}

int lvpn_options_apply_push(struct lvpn_options *o, const char *text, size_t len,
                            struct lvpn_config_err *err)
{
	struct lvpn_config_line *ln = malloc(sizeof(*ln));
	size_t pos = 0;
	int n = 0, rc = 0;

	if (!ln)
		return LVPN_ERR_NOMEM;
	while (rc == 0 && pos < len) {
		const char *comma = memchr(text + pos, ',', len - pos);
		size_t k = comma ? (size_t)(comma - (text + pos)) : len - pos;

		rc = apply_one(o, text + pos, k, ++n, ln, err);
		pos += k + 1;
	}
	memset(ln, 0, sizeof(*ln));
	free(ln);
	return rc;
}

int lvpn_push_tun_mtu(const char *arg, int max_mtu, int *mtu, struct lvpn_log *lg)
{
	int limit = *mtu > max_mtu ? *mtu : max_mtu;
	char *end;
	long v;

	errno = 0;
	v = strtol(arg, &end, 10);
	if (end == arg || errno || (*end && *end != ' ') || v < LVPN_TUN_MTU_MIN ||
	    v > LVPN_TUN_MTU_MAX) {
		LVPN_LOG(lg, LVPN_LOG_WARN,
		         "pushed tun-mtu '%s' is not a number from %d to %d: ignored", arg,
		         LVPN_TUN_MTU_MIN, LVPN_TUN_MTU_MAX);
		return LVPN_ERR_CONFIG;
	}
	if (v > limit) {
		/* as OpenVPN 2.6: the tunnel's buffers are sized for at most this */
		LVPN_LOG(lg, LVPN_LOG_WARN,
		         "Server-pushed tun-mtu is too large, please add tun-mtu-max %ld in the "
		         "client configuration; using %d",
		         v, limit);
		v = limit;
	}
	*mtu = (int)v;
	return 0;
}
