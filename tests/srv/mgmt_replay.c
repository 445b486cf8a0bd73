/* SPDX-License-Identifier: BSD-2-Clause */
/* Replays a real openvpn's management transcript (or status file) through
 * our code, for tests/srv/status_openvpn.sh:
 *
 *   mgmt_replay --file STATUSFILE
 *       parses a status file (version 1, 2 or 3) and prints what
 *       lvpn_status_render() makes of the same data;
 *   mgmt_replay TRANSCRIPT CMD...
 *       parses the `status 1/2/3` replies and the version title out of the
 *       real transcript, runs "CMD..." + quit through our management
 *       protocol with a server stub that knows those clients (kill and
 *       client-kill find nobody) and prints our transcript.
 *
 * Times are read back with mktime(): run both sides with the same TZ. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "src/mgmt_int.h"
#include "src/status.h"

#define MAXC 64

struct parsed {
	int ok;
	struct lvpn_status st;
	struct lvpn_status_client c[MAXC];
	struct lvpn_status_route r[MAXC];
};

static struct parsed parsed[4];
static char title[256] = "leanvpn";

static time_t when(const char *s)
{
	struct tm tm = {0};

	if (!strptime(s, "%Y-%m-%d %H:%M:%S", &tm))
		return 0;
	tm.tm_isdst = -1;
	return mktime(&tm);
}

static int fields(char *line, char sep, char **f, int max)
{
	int n = 0;

	f[n++] = line;
	for (char *p = line; *p && n < max; p++)
		if (*p == sep) {
			*p = 0;
			f[n++] = p + 1;
		}
	return n;
}

/* Parses one status report starting at text (modified in place), up to
 * its END line; returns the position after it. */
static char *parse(char *text)
{
	char *line = text, *next = NULL, *f[16];
	int v = 0, sect = 0;
	struct parsed *p = NULL;

	for (; line && *line; line = next) {
		size_t l;

		next = strchr(line, '\n');
		if (next)
			*next++ = 0;
		l = strlen(line);
		if (l && line[l - 1] == '\r')
			line[--l] = 0;
		if (!v) {
			if (!strcmp(line, "OpenVPN CLIENT LIST"))
				v = 1;
			else if (!strncmp(line, "TITLE,", 6))
				v = 2;
			else if (!strncmp(line, "TITLE\t", 6))
				v = 3;
			else
				continue;
			p = &parsed[v];
			memset(p, 0, sizeof(*p));
			p->ok = 1;
			p->st.clients = p->c;
			p->st.routes = p->r;
			if (v > 1)
				p->st.title = strdup(line + 6);
			continue;
		}
		if (!strcmp(line, "END"))
			return next;
		if (v == 1) {
			int n = fields(line, ',', f, 16);

			if (!strcmp(f[0], "Updated") && n == 2)
				p->st.now = when(f[1]);
			else if (!strcmp(f[0], "ROUTING TABLE"))
				sect = 1;
			else if (!strcmp(f[0], "GLOBAL STATS"))
				sect = 2;
			else if (!strcmp(f[0], "Common Name") || !strcmp(f[0], "Virtual Address"))
				continue;
			else if (sect == 0 && n == 5 && p->st.n_clients < MAXC) {
				struct lvpn_status_client *c = &p->c[p->st.n_clients++];

				c->common_name = strdup(f[0]);
				c->real_addr = strdup(f[1]);
				c->bytes_in = strtoull(f[2], NULL, 10);
				c->bytes_out = strtoull(f[3], NULL, 10);
				c->connected_since = when(f[4]);
			} else if (sect == 1 && n == 4 && p->st.n_routes < MAXC) {
				struct lvpn_status_route *r = &p->r[p->st.n_routes++];
				size_t vl = strlen(f[0]);

				r->cached = vl && f[0][vl - 1] == 'C';
				if (r->cached)
					f[0][vl - 1] = 0;
				r->vaddr = strdup(f[0]);
				r->common_name = strdup(f[1]);
				r->real_addr = strdup(f[2]);
				r->last_ref = when(f[3]);
			} else if (sect == 2 && n == 2) {
				p->st.max_bcast_queue = atoi(f[1]);
			}
			continue;
		}
		{
			int n = fields(line, v == 3 ? '\t' : ',', f, 16);

			if (!strcmp(f[0], "TIME") && n == 3)
				p->st.now = (time_t)strtoul(f[2], NULL, 10);
			else if (!strcmp(f[0], "CLIENT_LIST") && n == 13 &&
			         p->st.n_clients < MAXC) {
				struct lvpn_status_client *c = &p->c[p->st.n_clients++];

				c->common_name = strdup(f[1]);
				c->real_addr = strdup(f[2]);
				c->vaddr4 = strdup(f[3]);
				c->vaddr6 = strdup(f[4]);
				c->bytes_in = strtoull(f[5], NULL, 10);
				c->bytes_out = strtoull(f[6], NULL, 10);
				c->connected_since = (time_t)strtoul(f[8], NULL, 10);
				c->username = strdup(f[9]);
				c->client_id = strtoul(f[10], NULL, 10);
				c->peer_id = (uint32_t)strtoul(f[11], NULL, 10);
				c->cipher = strdup(f[12]);
			} else if (!strcmp(f[0], "ROUTING_TABLE") && n == 6 &&
			           p->st.n_routes < MAXC) {
				struct lvpn_status_route *r = &p->r[p->st.n_routes++];
				size_t vl = strlen(f[1]);

				r->cached = vl && f[1][vl - 1] == 'C';
				if (r->cached)
					f[1][vl - 1] = 0;
				r->vaddr = strdup(f[1]);
				r->common_name = strdup(f[2]);
				r->real_addr = strdup(f[3]);
				r->last_ref = (time_t)strtoul(f[5], NULL, 10);
			} else if (!strcmp(f[0], "GLOBAL_STATS") && n == 3 &&
			           !strcmp(f[1], "Max bcast/mcast queue length")) {
				p->st.max_bcast_queue = atoi(f[2]);
			}
		}
	}
	return next;
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *b;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	b = calloc(1, (size_t)n + 1);
	if (b && fread(b, 1, (size_t)n, f) != (size_t)n) {
		free(b);
		b = NULL;
	}
	fclose(f);
	return b;
}

static int r_status(void *ctx, int version, char *buf, size_t cap, size_t *len)
{
	(void)ctx;
	if (!version)
		version = 1;
	if (version >= 1 && version <= 3 && !parsed[version].ok)
		return -1;
	return lvpn_status_render(&parsed[version < 1 || version > 3 ? 1 : version].st, version,
	                          buf, cap, len);
}

static int r_kill_cn(void *ctx, const char *cn)
{
	(void)ctx, (void)cn;
	return 0;
}

static int r_kill_addr(void *ctx, uint32_t ip, int port)
{
	(void)ctx, (void)ip, (void)port;
	return 0;
}

static int r_kill_cid(void *ctx, unsigned long cid, const char *msg)
{
	(void)ctx, (void)cid, (void)msg;
	return -1;
}

int main(int argc, char **argv)
{
	static const struct lvpn_mgmt_ops ops = {r_status, r_kill_cn, r_kill_addr, r_kill_cid,
	                                         NULL,     NULL,      NULL};
	struct lvpn_mgmt_cfg cfg = {0};
	struct lvpn_mgmt m;
	struct mgmt_conn *c;
	char *text, *t;

	if (argc < 3)
		return 2;
	text = slurp(argv[argc > 2 && !strcmp(argv[1], "--file") ? 2 : 1]);
	if (!text)
		return 1;
	if (!strcmp(argv[1], "--file")) {
		char out[1 << 16];
		int v;

		parse(text);
		v = parsed[1].ok ? 1 : parsed[2].ok ? 2 : 3;
		if (lvpn_status_render(&parsed[v].st, v, out, sizeof(out), NULL))
			return 1;
		fputs(out, stdout);
		free(text);
		return 0;
	}
	t = strstr(text, "OpenVPN Version: ");
	if (t) {
		size_t l = strcspn(t + 17, "\r\n");

		snprintf(title, sizeof(title), "%.*s", (int)l, t + 17);
	}
	for (t = text; t && *t;)
		t = parse(t);
	memset(&m, 0, sizeof(m));
	cfg.title = title;
	if (mgmt_core_init(&m, &cfg, &ops, NULL))
		return 1;
	c = mgmt_conn_new(-1);
	if (!c)
		return 1;
	mgmt_conn_greet(&m, c);
	for (int i = 2; i <= argc && !c->halt; i++) {
		const char *cmd = i < argc ? argv[i] : "quit";

		mgmt_conn_input(&m, c, (const uint8_t *)cmd, strlen(cmd));
		mgmt_conn_input(&m, c, (const uint8_t *)"\n", 1);
	}
	fwrite(c->out + c->ooff, 1, c->olen - c->ooff, stdout);
	mgmt_conn_free(c);
	mgmt_core_free(&m);
	free(text);
	return 0;
}
