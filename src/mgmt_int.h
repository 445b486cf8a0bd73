/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - management interface internals shared by mgmt.c (sockets),
 * mgmt_cmd.c (the line protocol, no I/O; also driven by the fuzzers) and
 * mgmt_query.c (questions, hold). */
#ifndef LVPN_MGMT_INT_H
#define LVPN_MGMT_INT_H

#include "src/mgmt.h"

#define MGMT_HIST_LEN 256

struct mgmt_conn {
	int fd;     /* -1 for in-memory connections (tests, fuzzing) */
	int authed; /* password given, or none needed */
	int pw_tries;
	int halt;     /* close once the output is flushed */
	int overflow; /* output limit hit: close now */
	int log_rt, state_rt, echo_rt;
	unsigned bytecount;
	uint64_t bc_next; /* lvpn_mgmt_bytecount(): next report (seconds) */
	int client_version;
	char in[LVPN_MGMT_LINE_MAX];
	size_t inlen;
	int discard; /* inside an over-long line */
	char *out;
	size_t olen, ooff, ocap;
};

struct mgmt_hist {
	uint32_t t;
	char text[MGMT_HIST_LEN];
};

struct mgmt_ring {
	struct mgmt_hist e[LVPN_MGMT_HISTORY];
	int base, size;
};

/* A query under way (lvpn_mgmt_ask()) and what was typed so far. */
struct mgmt_query {
	int on;
	enum lvpn_mgmt_ask kind;
	char type[64];
	char user[LVPN_MGMT_ANSWER_MAX];
	char pass[LVPN_MGMT_ANSWER_MAX];
	int pass_set;
	int defined;
};

struct lvpn_mgmt {
	struct lvpn_mgmt_ops ops;
	void *ctx;
	struct lvpn_log *log;
	char *password, *title, *unix_path;
	int hold;                         /* the hold flag (--management-hold, `hold on|off`) */
	int holding;                      /* waiting for `hold release` */
	char special[LVPN_MGMT_LINE_MAX]; /* >HOLD or query line, "" if none */
	struct mgmt_query q;
	/* --remap-usr1, --management-signal, --management-forget-disconnect */
	int remap_usr1, signal_on_close, forget_on_close;
	/* --management-query-remote: the `remote` command and its answer */
	int remote_cmd, remote_on, remote_skip;
	enum lvpn_mgmt_remote remote_ans;
	/* --management-query-proxy: the `proxy` command and its answer */
	int proxy_on, proxy_udp, proxy_nct;
	enum lvpn_mgmt_proxy proxy_ans;
	char remote_host[LVPN_MGMT_HOST_MAX], remote_port[LVPN_MGMT_PORT_MAX];
	int peer_uid_set, peer_gid_set;
	unsigned peer_uid, peer_gid;
	int lfd, epfd;
	struct mgmt_conn *conns[LVPN_MGMT_MAX_CONNS];
	struct mgmt_ring state, logs, echo;
	char *scratch; /* status text */
	size_t scratch_cap;
};

/* A connection object with its output buffer; fd is not touched. */
struct mgmt_conn *mgmt_conn_new(int fd);
void mgmt_conn_free(struct mgmt_conn *c);

/* Sends the first lines (password prompt or greeting + hold). */
void mgmt_conn_greet(struct lvpn_mgmt *m, struct mgmt_conn *c);

/* Feeds bytes read from the client: complete lines run as commands. */
void mgmt_conn_input(struct lvpn_mgmt *m, struct mgmt_conn *c, const uint8_t *data, size_t len);

/* Queues raw bytes / one line + "\r\n" for the client. */
void mgmt_out(struct mgmt_conn *c, const char *s, size_t n);
void mgmt_line(struct mgmt_conn *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The query commands (mgmt_query.c): username, password, needok,
 * needstr, forget-passwords, auth-retry, hold.  Returns 1 if p[0] was one
 * of them. */
int mgmt_query_cmd(struct lvpn_mgmt *m, struct mgmt_conn *c, char **p, int n);

/* The signal name a `signal NAME` (or a closed connection under
 * --management-signal, with SIGUSR1) throws, as OpenVPN's man_mod_signal:
 * SIGUSR1 remapped by --remap-usr1, then NULL for SIGHUP/SIGUSR1 while
 * holding (ignored). */
const char *mgmt_mod_signal(const struct lvpn_mgmt *m, const char *name);

/* `remote ...` (mgmt_remote.c) when the daemon knows it (a client).
 * Returns 1 if p[0] was it. */
int mgmt_remote_cmd(struct lvpn_mgmt *m, struct mgmt_conn *c, char **p, int n);

/* Replays the pending >HOLD / >PASSWORD line to c (after the greeting). */
void mgmt_special(struct lvpn_mgmt *m, struct mgmt_conn *c);

/* Writes what every connection has queued (mgmt.c). */
void mgmt_flush_all(struct lvpn_mgmt *m);

/* Appends to a history ring (mgmt.c). */
void mgmt_ring_add(struct mgmt_ring *r, uint32_t t, const char *text);

/* Sets up the parts of m that need no I/O (history, scratch). */
int mgmt_core_init(struct lvpn_mgmt *m, const struct lvpn_mgmt_cfg *cfg,
                   const struct lvpn_mgmt_ops *ops, struct lvpn_log *log);
void mgmt_core_free(struct lvpn_mgmt *m);

#endif
