/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - the server's status file and management interface callbacks. */
#include "src/server_int.h"

#include <arpa/inet.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "config.h"
#include "src/fileio.h"
#include "src/mgmt_setup.h"
#include "src/status.h"

/* --- status file and management interface --- */

static void addr_str(const struct sclient *c, char *out, size_t n)
{
	char ip[INET6_ADDRSTRLEN];
	int port;

	srv_peer_addr(c, ip, &port);
	snprintf(out, n, "%s:%d", ip, port);
}

/* A tap server's routing table: the MAC addresses each client holds, with
 * when a frame from it last came (as OpenVPN 2.6 lists them). */
static void mac_routes(struct server *sv, const struct sclient *c, unsigned slot, const char *real,
                       struct lvpn_status *st, struct lvpn_status_route *rt, char (*mtxt)[18],
                       size_t cap)
{
	uint64_t now = srv_now_ms(sv), seen;
	unsigned pos = 0;
	uint8_t m[LVPN_MAC_LEN];

	while (st->n_routes < cap && lvpn_mactab_walk(sv->macs, (int)slot, now, &pos, m, &seen)) {
		snprintf(mtxt[st->n_routes], 18, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2],
		         m[3], m[4], m[5]);
		rt[st->n_routes] = (struct lvpn_status_route){
		    .vaddr = mtxt[st->n_routes],
		    .common_name = c->cn[0] ? c->cn : "UNDEF",
		    .real_addr = real,
		    .last_ref = st->now - (time_t)((now - seen) / 1000),
		};
		st->n_routes++;
	}
}

/* Renders the status text (OpenVPN's versions 1 to 3) of the connected
 * clients.  Storage for the strings lives in st_buf. */
static int render_status(struct server *sv, int version, char *buf, size_t cap, size_t *len)
{
	size_t nrt = 2 * (size_t)sv->max + lvpn_mactab_count(sv->macs, -1);
	struct lvpn_status_client *cl = calloc(sv->max, sizeof(*cl));
	struct lvpn_status_route *rt = calloc(nrt, sizeof(*rt));
	char(*txt)[4][INET6_ADDRSTRLEN + 8] = calloc(sv->max, sizeof(*txt));
	char(*mtxt)[18] = sv->tap ? calloc(nrt, sizeof(*mtxt)) : NULL;
	struct lvpn_status st = {.title =
	                             PACKAGE_NAME " " PACKAGE_VERSION " (OpenVPN 2.6 compatible)",
	                         .now = time(NULL),
	                         .clients = cl,
	                         .routes = rt};
	int rc = -1;

	if (!cl || !rt || !txt || (sv->tap && !mtxt))
		goto out;
	for (unsigned i = 0; i < sv->max; i++) {
		const struct sclient *c = &sv->cl[i];
		const struct lvpn_session_stats *ss;
		uint32_t v;

		if (!c->used || !c->connected)
			continue;
		ss = lvpn_session_stats(c->s);
		addr_str(c, txt[i][0], sizeof(txt[i][0]));
		txt[i][1][0] = txt[i][2][0] = '\0';
		if (c->has4) {
			v = htonl(c->ip4);
			inet_ntop(AF_INET, &v, txt[i][1], sizeof(txt[i][1]));
		}
		if (c->has6)
			inet_ntop(AF_INET6, c->ip6, txt[i][2], sizeof(txt[i][2]));
		cl[st.n_clients] = (struct lvpn_status_client){
		    .common_name = c->cn[0] ? c->cn : "UNDEF",
		    .real_addr = txt[i][0],
		    .vaddr4 = txt[i][1],
		    .vaddr6 = txt[i][2],
		    .bytes_in = ss->link_rx_bytes,
		    .bytes_out = ss->link_tx_bytes,
		    .connected_since = c->since,
		    .username = c->user[0] ? c->user : "UNDEF",
		    .client_id = c->cid,
		    .peer_id = i,
		    .cipher = lvpn_session_cipher(c->s),
		};
		st.n_clients++;
		if (sv->tap) {
			mac_routes(sv, c, i, txt[i][0], &st, rt, mtxt, nrt);
			continue;
		}
		for (int k = 1; k <= 2; k++)
			if (txt[i][k][0])
				rt[st.n_routes++] = (struct lvpn_status_route){
				    .vaddr = txt[i][k],
				    .common_name = c->cn[0] ? c->cn : "UNDEF",
				    .real_addr = txt[i][0],
				    .last_ref = st.now,
				};
	}
	rc = lvpn_status_render(&st, version, buf, cap, len);
out:
	free(cl);
	free(rt);
	free(txt);
	free(mtxt);
	return rc;
}

void srv_write_status(struct server *sv, uint64_t now)
{
	size_t len;

	if (!sv->o->status_file || now < sv->status_next)
		return;
	sv->status_next = now + 1000u * (sv->o->status_interval > 0 ? sv->o->status_interval : 60);
	if (render_status(sv, sv->o->status_version > 0 ? sv->o->status_version : 1,
	                  (char *)sv->out, PKT_MAX, &len) == 0 &&
	    lvpn_status_write_file(sv->o->status_file, (char *)sv->out, len) != 0)
		LVPN_LOG(sv->lg, LVPN_LOG_WARN, "cannot write the status file %s",
		         sv->o->status_file);
}

/* A bare "status" (version 0) uses --status-version, as OpenVPN does. */
static int m_status(void *ctx, int version, char *buf, size_t cap, size_t *len)
{
	struct server *sv = ctx;

	if (version == 0)
		version = sv->o->status_version > 0 ? sv->o->status_version : 1;
	return render_status(sv, version, buf, cap, len);
}

/* kill CN / kill IP:port close the matching clients without a word, as
 * OpenVPN 2.6 does; client-kill CID [MSG] first sends the client MSG
 * (RESTART by default, so it reconnects; HALT makes it exit). */
static int kill_where(struct server *sv, const char *cn, uint32_t ip, int port, int cid_set,
                      unsigned long cid, const char *msg)
{
	int n = 0;

	for (unsigned i = 0; i < sv->max; i++) {
		struct sclient *c = &sv->cl[i];
		const struct sockaddr_in *a = (const struct sockaddr_in *)&c->addr;
		uint64_t now = srv_now_ms(sv);

		if (!c->used)
			continue;
		if ((cn && strcmp(c->cn, cn) == 0) ||
		    (!cn && !cid_set && c->addr.ss_family == AF_INET &&
		     ntohl(a->sin_addr.s_addr) == ip && ntohs(a->sin_port) == port) ||
		    (cid_set && c->cid == cid)) {
			if (cid_set &&
			    lvpn_session_send_control(c->s, msg && *msg ? msg : "RESTART", now))
				LVPN_LOG(sv->lg, LVPN_LOG_INFO, "%s: client-kill message not sent",
				         c->cn[0] ? c->cn : "?");
			lvpn_session_close(c->s, now);
			srv_flush(sv, c, now);
			srv_client_free(sv, (int)i);
			n++;
		}
	}
	return n;
}

static int m_kill_cn(void *ctx, const char *cn)
{
	return kill_where(ctx, cn, 0, 0, 0, 0, NULL);
}

static int m_kill_addr(void *ctx, uint32_t ip, int port)
{
	return kill_where(ctx, NULL, ip, port, 0, 0, NULL);
}

static int m_kill_cid(void *ctx, unsigned long cid, const char *msg)
{
	return kill_where(ctx, NULL, 0, 0, 1, cid, msg) ? 0 : -1;
}

static int m_signal(void *ctx, const char *name)
{
	int signo = lvpn_mgmt_signo(name);

	if (signo < 0)
		return -1;
	srv_signal(ctx, signo);
	return 0;
}

static void m_load_stats(void *ctx, int *n, uint64_t *in, uint64_t *out)
{
	struct server *sv = ctx;

	*n = 0;
	*in = *out = 0;
	for (unsigned i = 0; i < sv->max; i++) {
		if (sv->cl[i].used && sv->cl[i].connected) {
			const struct lvpn_session_stats *ss = lvpn_session_stats(sv->cl[i].s);

			(*n)++;
			*in += ss->link_rx_bytes;
			*out += ss->link_tx_bytes;
		}
	}
}

int srv_setup_mgmt(struct server *sv)
{
	static const struct lvpn_mgmt_ops ops = {
	    .status = m_status,
	    .kill_cn = m_kill_cn,
	    .kill_addr = m_kill_addr,
	    .kill_cid = m_kill_cid,
	    .signal = m_signal,
	    .load_stats = m_load_stats,
	};
	const struct lvpn_options *o = sv->o;
	struct lvpn_mgmt_cfg cfg = {
	    .title = PACKAGE_NAME " " PACKAGE_VERSION " (OpenVPN 2.6 compatible)",
	    .hold = o->management_hold,
	    .ctx = sv,
	};
	char *pw = NULL;

	if (!o->management_addr)
		return 0;
	if (lvpn_mgmt_cfg_load(o, &cfg, &pw, sv->lg))
		return -1;
	if (lvpn_mgmt_new(&cfg, &ops, sv->lg, &sv->mgmt)) {
		LVPN_LOG(sv->lg, LVPN_LOG_ERR, "cannot start the management interface on %s",
		         o->management_addr);
		free(pw);
		return -1;
	}
	free(pw);
	srv_ep_add(sv, lvpn_mgmt_fd(sv->mgmt), MGMT_TAG);
	return 0;
}
