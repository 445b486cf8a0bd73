/* leanvpn - management interface internals shared by mgmt.c (sockets) and
 * mgmt_cmd.c (the line protocol, no I/O; also driven by the fuzzer). */
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
	int log_rt, state_rt;
	unsigned bytecount;
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

struct lvpn_mgmt {
	struct lvpn_mgmt_ops ops;
	void *ctx;
	struct lvpn_log *log;
	char *password, *title, *unix_path;
	int hold;
	int lfd, epfd;
	struct mgmt_conn *conns[LVPN_MGMT_MAX_CONNS];
	struct mgmt_ring state, logs;
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

/* Sets up the parts of m that need no I/O (history, scratch). */
int mgmt_core_init(struct lvpn_mgmt *m, const struct lvpn_mgmt_cfg *cfg,
                   const struct lvpn_mgmt_ops *ops, struct lvpn_log *log);
void mgmt_core_free(struct lvpn_mgmt *m);

#endif
