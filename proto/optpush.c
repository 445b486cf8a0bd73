/* leanvpn - applying a server's PUSH_REPLY to a client's options:
 * pull-filter, route-nopull and the push permission (OpenVPN 2.6
 * apply_push_options / apply_pull_filter). */
#include <stdlib.h>
#include <string.h>

#include "proto/opttab.h"
#include "proto/optset.h"

int lvpn_options_pull_filter(const struct lvpn_options *o, const char *line)
{
	while (*line == ' ' || *line == '\t' || *line == '\r' || *line == '\n' || *line == '\v' ||
	       *line == '\f')
		line++;
	for (int i = 0; i < o->npull_filters; i++) {
		const struct lvpn_pull_filter *f = &o->pull_filters[i];

		if (strncmp(line, f->text, strlen(f->text)) == 0)
			return f->action;
	}
	return LVPN_PULL_ACCEPT;
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
	switch (lvpn_options_pull_filter(o, line)) {
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
	if (ln->argc == 0 || (o->route_nopull && route_option(ln->argv[0])))
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
