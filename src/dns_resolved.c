/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - DNS through systemd-resolved (dns_resolved.h). */
#include "src/dns_resolved.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "src/script.h"

#define TOOL_TIMEOUT_MS 10000
#define MAX_ARGS        (4 + LVPN_DNS_MAX_ADDRS + 2 * LVPN_DNS_MAX_DOMAINS)

extern char **environ;

/* resolved runs if its varlink socket takes a connection (a stale socket
 * file of a stopped resolved does not). */
static int resolved_runs(void)
{
	const char *dir = getenv("LEANVPN_RESOLVED_DIR");
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	int fd, ok;

	if (!dir || !*dir)
		dir = "/run/systemd/resolve";
	if ((size_t)snprintf(sa.sun_path, sizeof(sa.sun_path), "%s/io.systemd.Resolve", dir) >=
	    sizeof(sa.sun_path))
		return 0;
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return 0;
	/* EAGAIN: it listens, its backlog is full for now */
	ok = connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0 || errno == EAGAIN;
	close(fd);
	return ok;
}

/* resolvectl's path from PATH into r->tool; 0 if found. */
static int find_tool(struct lvpn_resolved *r)
{
	const char *path = getenv("PATH");

	if (!path)
		path = "/usr/bin:/bin";
	while (*path) {
		size_t n = strcspn(path, ":");
		int k = snprintf(r->tool, sizeof(r->tool), "%.*s/resolvectl", (int)n, path);

		if (n && k > 0 && (size_t)k < sizeof(r->tool) && access(r->tool, X_OK) == 0)
			return 0;
		path += n + (path[n] == ':');
	}
	r->tool[0] = '\0';
	return -1;
}

/* Runs resolvectl VERB IFACE args... and logs it; 0 on exit status 0. */
static int tool(struct lvpn_resolved *r, const char *verb, char **args, unsigned n,
                struct lvpn_log *lg)
{
	char *argv[MAX_ARGS + 4], line[512] = "";
	unsigned k = 0;
	int status = 0, rc;

	argv[k++] = r->tool;
	argv[k++] = (char *)verb;
	argv[k++] = r->ifname;
	for (unsigned i = 0; i < n && k < MAX_ARGS + 3; i++)
		argv[k++] = args[i];
	argv[k] = NULL;
	for (unsigned i = 1; i < k; i++)
		snprintf(line + strlen(line), sizeof(line) - strlen(line), " %s", argv[i]);
	LVPN_LOG(lg, LVPN_LOG_INFO, "DNS: resolvectl%s", line);
	rc = lvpn_script_exec("dns", argv, environ, TOOL_TIMEOUT_MS, lg, &status);
	if (rc == 0 && status == 0)
		return 0;
	LVPN_LOG(lg, LVPN_LOG_WARN, "WARNING: resolvectl %s %s failed", verb, r->ifname);
	return -1;
}

/* The first server resolved can use: not DNS over HTTPS. */
static const struct lvpn_dns_server *pick(const struct lvpn_dns *d)
{
	for (unsigned i = 0; i < d->n_servers; i++)
		if (d->servers[i].transport != LVPN_DNS_TR_DOH)
			return &d->servers[i];
	return NULL;
}

static void apply(struct lvpn_resolved *r, const struct lvpn_dns *d,
                  const struct lvpn_dns_server *s, struct lvpn_log *lg)
{
	static const char *const sec[] = {"false", "false", "true", "allow-downgrade"};
	char addrs[LVPN_DNS_MAX_ADDRS][LVPN_DNS_ADDR_STRLEN + LVPN_DNS_NAME_MAX + 2];
	char *args[MAX_ARGS], rdom[LVPN_DNS_MAX_DOMAINS][LVPN_DNS_NAME_MAX + 3];
	const char *sni =
	    s->transport == LVPN_DNS_TR_DOT && s->have_sni ? lvpn_dns_text(d, s->sni) : NULL;
	unsigned n = 0;

	for (unsigned i = 0; i < s->n_addr; i++)
		if (lvpn_dns_addr_fmt(&s->addr[i], 1, sni, addrs[i], sizeof(addrs[i])))
			args[n++] = addrs[i];
	(void)tool(r, "dns", args, n, lg);
	n = 0;
	for (unsigned i = 0; i < d->n_search; i++)
		args[n++] = (char *)lvpn_dns_text(d, d->search[i]);
	for (unsigned i = 0; i < s->n_resolve; i++) {
		snprintf(rdom[i], sizeof(rdom[i]), "~%s", lvpn_dns_text(d, s->resolve[i]));
		args[n++] = rdom[i];
	}
	if (s->n_resolve == 0)
		args[n++] = (char *)"~.";
	(void)tool(r, "domain", args, n, lg);
	args[0] = (char *)(s->n_resolve ? "false" : "true");
	(void)tool(r, "default-route", args, 1, lg);
	args[0] = (char *)sec[s->dnssec];
	(void)tool(r, "dnssec", args, 1, lg);
	args[0] = (char *)(s->transport == LVPN_DNS_TR_DOT ? "true" : "false");
	(void)tool(r, "dnsovertls", args, 1, lg);
}

int lvpn_resolved_up(struct lvpn_resolved *r, const struct lvpn_options *o,
                     const struct lvpn_netplan *p, const char *ifname, struct lvpn_log *lg)
{
	struct lvpn_dns *d;
	const struct lvpn_dns_server *s;

	if (r->applied)
		return 1;
	if (o->dns_updown == LVPN_DNS_UPDOWN_DISABLE)
		return 0;
	if (!resolved_runs()) {
		LVPN_LOG(lg, LVPN_LOG_VERBOSE,
		         "DNS: systemd-resolved is not running: left to scripts");
		return 0;
	}
	if (o->up && o->dns_updown != LVPN_DNS_UPDOWN_FORCE) {
		LVPN_LOG(lg, LVPN_LOG_INFO, "DNS: an --up script is set: DNS left to it");
		return 0;
	}
	if (find_tool(r) != 0) {
		LVPN_LOG(lg, LVPN_LOG_WARN,
		         "WARNING: systemd-resolved runs but resolvectl is not "
		         "on PATH: DNS not set");
		return 0;
	}
	d = malloc(sizeof(*d));
	if (!d)
		return 0;
	s = lvpn_dns_effective(p, d, lg) ? pick(d) : NULL;
	if (s) {
		snprintf(r->ifname, sizeof(r->ifname), "%s", ifname);
		LVPN_LOG(lg, LVPN_LOG_INFO, "DNS: setting %s through systemd-resolved", ifname);
		r->applied = 1;
		apply(r, d, s, lg);
	} else if (d->n_servers) {
		LVPN_LOG(lg, LVPN_LOG_WARN, "WARNING: no DNS server resolved can use (DoH only)");
	}
	free(d);
	return r->applied;
}

void lvpn_resolved_down(struct lvpn_resolved *r, struct lvpn_log *lg)
{
	if (!r->applied)
		return;
	r->applied = 0;
	LVPN_LOG(lg, LVPN_LOG_INFO, "DNS: reverting %s in systemd-resolved", r->ifname);
	(void)tool(r, "revert", NULL, 0, lg);
}
