/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - the OpenVPN management interface (server and client).
 *
 * `management /path unix` or `management 127.0.0.1 PORT [pwfile]`: a line
 * protocol (doc/management-notes.txt) spoken the way OpenVPN 2.6 speaks it
 * (manage.c): the greeting ">INFO:OpenVPN Management Interface Version 5
 * -- type 'help' for more info", replies "SUCCESS: ..." / "ERROR: ...",
 * multi-line replies ending in "END", notifications starting with '>',
 * every line ended by "\r\n".  With a password, "ENTER PASSWORD:" (no line
 * end) comes first; three wrong passwords close the connection.
 *
 * Commands: help, version [n], pid, status [1|2|3], kill CN, kill IP:port,
 * client-kill CID [msg], signal SIGHUP|SIGTERM|SIGUSR1|SIGUSR2|SIGINT,
 * bytecount N, state [on|off|all|N] [..], log [on|off|all|N] [..],
 * echo [on|off|all|N] [..], verb [n], mute [n], auth-retry [mode],
 * hold [on|off|release], remote ACCEPT|SKIP [n]|MOD host port and proxy
 * NONE|HTTP|SOCKS [host port] (a client,
 * lvpn_mgmt_remote_ask()),
 * username/password/needok/needstr TYPE VALUE (answers to a query, see
 * lvpn_mgmt_ask()), forget-passwords, load-stats, nclients, quit, exit.
 * Other OpenVPN commands, and commands whose callback is NULL, get
 * OpenVPN's "not supported by the current daemon mode" error.
 *
 * The client uses the same interface (src/client_mgmt.c): it asks for
 * credentials with lvpn_mgmt_ask(), waits for `hold release` with
 * lvpn_mgmt_hold(), and reports >STATE, >LOG and >BYTECOUNT lines.
 *
 * Differences from OpenVPN: up to LVPN_MGMT_MAX_CONNS clients at once
 * (2.6 serves one and lets the next wait); a command line longer than
 * LVPN_MGMT_LINE_MAX is answered "ERROR: command line too long" and the
 * connection stays (2.6 silently drops the buffer); a client that lets
 * more than LVPN_MGMT_OUT_MAX bytes of output pile up is disconnected.
 *
 * Integration: the daemon adds lvpn_mgmt_fd() (an epoll fd covering the
 * listening socket and every management connection) to its own epoll set
 * and calls lvpn_mgmt_handle() when it is readable.  Everything is
 * non-blocking.  The daemon answers the interface's questions through
 * struct lvpn_mgmt_ops callbacks, called from lvpn_mgmt_handle().
 */
#ifndef LVPN_MGMT_H
#define LVPN_MGMT_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "base/log.h"

#define LVPN_MGMT_VERSION   5
#define LVPN_MGMT_MAX_CONNS 4
#define LVPN_MGMT_LINE_MAX  1024
#define LVPN_MGMT_OUT_MAX   (4u << 20)
#define LVPN_MGMT_HISTORY   100

/* Callbacks into the server.  ctx is lvpn_mgmt_cfg.ctx.  A NULL callback
 * makes its command answer "not supported by the current daemon mode". */
struct lvpn_mgmt_ops {
	/* The status report of version (0: the server's --status-version)
	 * into buf[cap] as '\n'-ended lines (lvpn_status_render()).  Returns
	 * 0, or -1 (version not supported: the text is the error line), or
	 * -2 (cap too small). */
	int (*status)(void *ctx, int version, char *buf, size_t cap, size_t *len);
	int (*kill_cn)(void *ctx, const char *cn);          /* clients killed */
	int (*kill_addr)(void *ctx, uint32_t ip, int port); /* IPv4 host order; killed */
	int (*kill_cid)(void *ctx, unsigned long cid, const char *msg); /* 0 ok, else fail */
	/* "SIGHUP", "SIGTERM", "SIGUSR1", "SIGUSR2" or "SIGINT"; returns 0 if
	 * thrown, -1 if the server ignores it */
	int (*signal)(void *ctx, const char *name);
	void (*hold_release)(void *ctx);
	/* nclients and byte totals for load-stats/nclients */
	void (*load_stats)(void *ctx, int *nclients, uint64_t *in, uint64_t *out);
	/* forget-passwords: wipe the credentials and auth-token held */
	void (*forget_passwords)(void *ctx);
	/* auth-retry [none|nointeract|interact]: sets the mode when set is not
	 * NULL; returns the mode (0, 1, 2) or -1 for an unknown one */
	int (*auth_retry)(void *ctx, const char *set);
};

struct lvpn_mgmt_cfg {
	const char *unix_path; /* listen on this unix socket, or */
	const char *tcp_addr;  /* this IPv4/IPv6 literal (loopback expected) */
	int tcp_port;          /* and port; both NULL/0: no listener (tests) */
	const char *password;  /* NULL: none (the caller reads the pw file) */
	const char *title;     /* "OpenVPN Version: <title>" */
	int hold;              /* --management-hold: holding from the start */
	void *ctx;             /* passed to every callback */
	int peer_uid_set;      /* unix socket: only a peer running as */
	unsigned peer_uid;     /* this uid (--management-client-user) */
	int peer_gid_set;      /* and/or */
	unsigned peer_gid;     /* this gid (--management-client-group) */
	int remap_usr1;        /* --remap-usr1: SIGUSR1 thrown as SIGHUP or
	                        * SIGTERM (0: as itself), by `signal` too */
	int signal_on_close;   /* --management-signal: a closed connection
	                        * throws SIGUSR1 (remapped; not while holding) */
	int forget_on_close;   /* --management-forget-disconnect: a closed
	                        * connection calls ops->forget_passwords */
	int remote_cmd;        /* a client: the `remote` command is known */
};

struct lvpn_mgmt;

/* Creates the interface and its listening socket (unix: an existing
 * socket file at the path is replaced; mode 0660).
 * Returns 0 or -errno (-EINVAL for a bad address or port). */
int lvpn_mgmt_new(const struct lvpn_mgmt_cfg *cfg, const struct lvpn_mgmt_ops *ops,
                  struct lvpn_log *log, struct lvpn_mgmt **out);

/* Closes every connection and the listener, removes the unix socket file,
 * frees m (NULL is fine). */
void lvpn_mgmt_free(struct lvpn_mgmt *m);

/* The fd to watch for EPOLLIN (an epoll fd), or -1 without a listener. */
int lvpn_mgmt_fd(const struct lvpn_mgmt *m);

/* Accepts, reads, runs commands and writes whatever is ready, without
 * blocking.  Returns 0, or -errno if the listener itself failed (accept
 * errors other than EAGAIN/EINTR/ECONNABORTED, epoll_wait errors). */
int lvpn_mgmt_handle(struct lvpn_mgmt *m);

/* Number of management connections open. */
int lvpn_mgmt_nconns(const struct lvpn_mgmt *m);

/* Records a state change: body is what follows "time," in a >STATE: line
 * (e.g. "CONNECTED,SUCCESS,10.8.0.1,,,,,"), kept in the `state` history
 * and sent to connections with state notification on. */
void lvpn_mgmt_state(struct lvpn_mgmt *m, uint32_t t, const char *body);

/* Records a log line (flags as OpenVPN: "I", "W", "N", "F", "D") for the
 * `log` history and connections with log notification on. */
void lvpn_mgmt_log(struct lvpn_mgmt *m, uint32_t t, const char *flags, const char *msg);

/* The shortest `bytecount` interval any connection asked for (seconds),
 * or 0 when none did: the server then calls lvpn_mgmt_bytecount_cli() for
 * each client at that interval. */
unsigned lvpn_mgmt_bytecount_interval(const struct lvpn_mgmt *m);

/* Sends ">BYTECOUNT_CLI:cid,in,out" to every connection with bytecount on. */
void lvpn_mgmt_bytecount_cli(struct lvpn_mgmt *m, unsigned long cid, uint64_t in, uint64_t out);

/* Sends a notification line (e.g. ">CLIENT:..."), to every connection. */
void lvpn_mgmt_notify(struct lvpn_mgmt *m, const char *line);

/* 1 while the interface holds (cfg.hold at start, or lvpn_mgmt_hold()),
 * until `hold release`. */
int lvpn_mgmt_held(const struct lvpn_mgmt *m);

/* OpenVPN's hold at each (re)start: if the hold flag is on (cfg.hold or
 * `hold on`), sends ">HOLD:Waiting for hold release:holdtime" now and to
 * every connection that logs in until `hold release`.  Returns 1 when it
 * holds (poll lvpn_mgmt_held()), 0 when the flag is off. */
int lvpn_mgmt_hold(struct lvpn_mgmt *m, int holdtime);

/* What a query asks for (OpenVPN's >PASSWORD / >NEED-OK / >NEED-STR). */
enum lvpn_mgmt_ask {
	LVPN_MGMT_ASK_USERPASS, /* "username TYPE u" and "password TYPE p" */
	LVPN_MGMT_ASK_PASS,     /* "password TYPE p" */
	LVPN_MGMT_ASK_NEEDOK,   /* "needok TYPE ok|cancel" */
	LVPN_MGMT_ASK_NEEDSTR,  /* "needstr TYPE string" */
};

#define LVPN_MGMT_ANSWER_MAX LVPN_MGMT_LINE_MAX

/* Starts a query of type (e.g. "Auth", "Private Key"): sends
 * ">PASSWORD:Need 'TYPE' username/password[ SC:flag,TEXT]" (extra is
 * "SC:flag,TEXT" or NULL), ">PASSWORD:Need 'TYPE' password",
 * ">NEED-OK:Need 'TYPE' confirmation MSG:extra" or ">NEED-STR:Need 'TYPE'
 * string MSG:extra" to every connection now and to later ones after the
 * greeting, until answered or lvpn_mgmt_ask_end().
 * Returns 0, or -EINVAL (type or extra too long, a query under way). */
int lvpn_mgmt_ask(struct lvpn_mgmt *m, enum lvpn_mgmt_ask kind, const char *type,
                  const char *extra);

/* 1 once the query is answered: the username and the password (or the
 * needok/needstr answer) are copied to user[ucap] / pass[pcap] (either may
 * be NULL), the interface's copy is wiped and the query ends.  0 while
 * unanswered or without a query. */
int lvpn_mgmt_answer(struct lvpn_mgmt *m, char *user, size_t ucap, char *pass, size_t pcap);

/* 1 if the query is answered (lvpn_mgmt_answer() would return 1). */
int lvpn_mgmt_answered(const struct lvpn_mgmt *m);

/* Ends a query without an answer (a signal came), wiping what was typed. */
void lvpn_mgmt_ask_end(struct lvpn_mgmt *m);

/* --management-query-remote, as OpenVPN's ce_management_query_remote:
 * ">REMOTE:host,port,proto" to every connection now and to later ones,
 * until `remote ACCEPT`, `remote SKIP [n]` or `remote MOD host port`
 * answers it (each "SUCCESS: remote command succeeded"; anything else, or
 * no query pending, "ERROR: remote command failed").
 * Errors: LVPN_ERR_BUFSIZE (the line does not fit). */
LVPN_MUST_CHECK int lvpn_mgmt_remote_ask(struct lvpn_mgmt *m, const char *host, const char *port,
                                         const char *proto);

enum lvpn_mgmt_remote {
	LVPN_MGMT_REMOTE_WAIT,
	LVPN_MGMT_REMOTE_ACCEPT,
	LVPN_MGMT_REMOTE_SKIP,
	LVPN_MGMT_REMOTE_MOD
};

/* The answer so far (LVPN_MGMT_REMOTE_WAIT: none yet); SKIP gives the
 * count in *skip (OpenVPN's atoi, 1 when absent), MOD the host and port
 * (at most LVPN_MGMT_HOST_MAX / LVPN_MGMT_PORT_MAX bytes with the NUL). */
#define LVPN_MGMT_HOST_MAX 256
#define LVPN_MGMT_PORT_MAX 20
enum lvpn_mgmt_remote lvpn_mgmt_remote_answer(const struct lvpn_mgmt *m, int *skip,
                                              const char **host, const char **port);

/* Ends the query (answered or not). */
void lvpn_mgmt_remote_end(struct lvpn_mgmt *m);

/* --management-query-proxy, as OpenVPN's ce_management_query_proxy:
 * ">PROXY:n,UDP|TCP,host" (n: the entry, from 1) to every connection now
 * and to later ones, until a `proxy` command answers: `proxy NONE`, `proxy
 * HTTP host port [nct]` or `proxy SOCKS host port` ("SUCCESS: proxy command
 * succeeded"); HTTP for a UDP entry or a malformed command get "ERROR:
 * proxy command failed" and, as NONE, leave the entry as configured.
 * Errors: LVPN_ERR_BUFSIZE (the line does not fit). */
LVPN_MUST_CHECK int lvpn_mgmt_proxy_ask(struct lvpn_mgmt *m, int n, int udp, const char *host);

enum lvpn_mgmt_proxy {
	LVPN_MGMT_PROXY_WAIT,
	LVPN_MGMT_PROXY_NONE,
	LVPN_MGMT_PROXY_HTTP,
	LVPN_MGMT_PROXY_SOCKS
};

/* The answer so far; HTTP and SOCKS give host and port, HTTP *nct (1 for
 * "nct": 2.6's auto-nct proxy authentication). */
enum lvpn_mgmt_proxy lvpn_mgmt_proxy_answer(const struct lvpn_mgmt *m, const char **host,
                                            const char **port, int *nct);

/* Ends the query (answered or not). */
void lvpn_mgmt_proxy_end(struct lvpn_mgmt *m);

/* Adds a line to the `echo` history (and to connections with echo on). */
void lvpn_mgmt_echo(struct lvpn_mgmt *m, uint32_t t, const char *text);

/* Sends ">BYTECOUNT:in,out" to each connection whose `bytecount N`
 * interval has passed since its last one; now_s is the caller's clock in
 * seconds.  Cheap when nothing is due (no formatting). */
void lvpn_mgmt_bytecount(struct lvpn_mgmt *m, uint64_t now_s, uint64_t in, uint64_t out);

#endif
