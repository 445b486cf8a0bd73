/* SPDX-License-Identifier: BSD-2-Clause */
/* Test driver for src/tun_linux, src/netlink, src/netcfg and src/script,
 * run by tests/net/netcfg_netns.sh inside a network namespace the test
 * created.  Never run it in a namespace you care about.
 *
 *   netcfg_tool CONF 'HOOK ARGS'
 *
 * CONF holds OpenVPN option lines (ifconfig, route, redirect-gateway, ...)
 * plus the driver's own: "dev NAME", "dev-type tun", "tun-mtu N",
 * "persist-tun" (the device is made persistent before the fd is closed), "remote A.B.C.D",
 * "remote6 ADDR", "foreign OPTION...".  The driver opens the tun device,
 * sets MTU and link up, then runs HOOK (through lvpn_script_run, so with
 * the OpenVPN environment) with script_type:
 *   pre       before anything is applied
 *   addrs     after the addresses
 *   route-up  after the routes (env as OpenVPN's --route-up sees it)
 *   failed    after a failed route step (its own call already unwound)
 *   down      after lvpn_netcfg_undo (the tun device still exists)
 * Exit: 0 all applied and undone, 2 a step failed (and all was undone),
 * 1 setup error.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "src/netcfg.h"
#include "src/script.h"
#include "src/tun_linux.h"

static void emit(void *ctx, int level, const char *line)
{
	fprintf(stderr, "netcfg_tool: %s\n", line);
}

static struct lvpn_log lg;
static struct lvpn_script scr = {.security = LVPN_SSEC_SCRIPTS, .timeout_ms = 10000, .lg = &lg};

static int hook(const char *cmd, const char *type, struct lvpn_env *env)
{
	int status = -1;

	if (lvpn_script_run(&scr, type, cmd, NULL, 0, env, &status) != 0 || status != 0) {
		fprintf(stderr, "netcfg_tool: hook %s failed (status %d)\n", type, status);
		return -1;
	}
	return 0;
}

struct conf {
	char dev[32], dev_type[32];
	int mtu, persist;
	unsigned n_foreign;
	char foreign[8][128];
	const char *fp[8];
};

static int read_conf(const char *path, struct lvpn_netplan *p, struct conf *c)
{
	char line[512];
	FILE *f = fopen(path, "r");

	if (f == NULL)
		return -1;
	strcpy(c->dev, "tun");
	c->mtu = 1500;
	while (fgets(line, sizeof(line), f) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		if (line[0] == '\0' || line[0] == '#')
			continue;
		if (strncmp(line, "dev-type ", 9) == 0) {
			snprintf(c->dev_type, sizeof(c->dev_type), "%.30s", line + 9);
			continue;
		}
		if (strncmp(line, "dev ", 4) == 0) {
			snprintf(c->dev, sizeof(c->dev), "%.30s", line + 4);
			continue;
		}
		if (strcmp(line, "persist-tun") == 0) {
			c->persist = 1;
			continue;
		}
		if (sscanf(line, "tun-mtu %d", &c->mtu) == 1)
			continue;
		if (strncmp(line, "remote ", 7) == 0) {
			struct in_addr a;
			if (inet_pton(AF_INET, line + 7, &a) != 1)
				goto bad;
			p->remote_host = ntohl(a.s_addr);
			p->have_remote_host = 1;
		} else if (strncmp(line, "remote6 ", 8) == 0) {
			if (inet_pton(AF_INET6, line + 8, p->remote_host6) != 1)
				goto bad;
			p->have_remote_host6 = 1;
		} else if (strncmp(line, "foreign ", 8) == 0 && c->n_foreign < 8) {
			snprintf(c->foreign[c->n_foreign], 128, "%.120s", line + 8);
			c->fp[c->n_foreign] = c->foreign[c->n_foreign];
			c->n_foreign++;
		} else if (lvpn_netplan_parse_option(p, line, &lg) != 0) {
			goto bad;
		}
	}
	fclose(f);
	return 0;
bad:
	fprintf(stderr, "netcfg_tool: bad line: %s\n", line);
	fclose(f);
	return -1;
}

int main(int argc, char **argv)
{
	static struct lvpn_netplan plan;
	static struct lvpn_netcfg_steps st;
	static struct lvpn_netcfg nc;
	struct lvpn_netcfg_sys sys;
	struct lvpn_env env;
	struct lvpn_tun tun;
	struct lvpn_nl nl;
	struct conf c = {.n_foreign = 0};
	struct timespec settle = {0, 200 * 1000 * 1000};
	int rc, ret = 1;

	lvpn_log_init(&lg, 4, emit, NULL);
	lvpn_netplan_init(&plan);
	if (argc != 3 || read_conf(argv[1], &plan, &c) != 0)
		return 1;
	if (lvpn_env_init(&env, 256, 256) != 0)
		return 1;
	if (lvpn_tun_open(&tun, c.dev, c.dev_type[0] ? c.dev_type : NULL, &lg) != 0)
		return 1;
	if (lvpn_tun_set_mtu(&tun, c.mtu) != 0 || lvpn_tun_set_up(&tun, 1) != 0)
		goto out_tun;
	nanosleep(&settle, NULL);
	if (lvpn_nl_open(&nl, &lg) != 0)
		goto out_tun;
	lvpn_netcfg_init(&nc, &nl, &lg);
	if (hook(argv[2], "pre", &env) != 0)
		goto out_nl;
	if (lvpn_netcfg_probe(&nl, &plan, tun.ifindex, &sys) != 0)
		goto out_nl;
	st.n = 0;
	if (lvpn_netcfg_build_addrs(&plan, &sys, &st, &lg) != 0 || lvpn_netcfg_apply(&nc, &st) != 0)
		goto out_undo;
	if (hook(argv[2], "addrs", &env) != 0)
		goto out_undo;
	st.n = 0;
	if (lvpn_netcfg_build_routes(&plan, &sys, &st, &lg) != 0)
		goto out_undo;
	rc = lvpn_netcfg_apply(&nc, &st);
	if (rc != 0) {
		ret = 2;
		if (hook(argv[2], "failed", &env) != 0)
			ret = 1;
		goto out_undo;
	}
	if (lvpn_script_env_netcfg(&env, &plan, &sys, tun.name, c.mtu, "init", c.fp, c.n_foreign,
	                           &lg) != 0 ||
	    hook(argv[2], "route-up", &env) != 0)
		goto out_undo;
	ret = 0;
out_undo:
	if (lvpn_netcfg_undo(&nc) != 0)
		ret = 1;
	if (hook(argv[2], "down", &env) != 0)
		ret = 1;
out_nl:
	lvpn_nl_close(&nl);
out_tun:
	if (c.persist && lvpn_tun_set_persist(&tun, 1) != 0)
		ret = 1;
	lvpn_tun_close(&tun);
	lvpn_env_free(&env);
	return ret;
}
