/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - control-channel text messages (reference b.14).
 *
 * After key method 2, both sides exchange NUL-terminated text messages in
 * the TLS plaintext: PUSH_REQUEST, PUSH_REPLY,..., AUTH_FAILED[,...],
 * RESTART, HALT, INFO, INFO_PRE, AUTH_PENDING, EXIT, CR_RESPONSE.
 *
 * Receiving:
 *   lvpn_ctrlmsg_next   finds the next NUL-terminated message in the
 *                       plaintext read so far (several may arrive at once;
 *                       an unfinished one stays for the next read)
 *   lvpn_ctrlmsg_parse  strips trailing CR/LF, refuses the whole message if
 *                       any byte is a control character (bytes >= 0x80 pass,
 *                       for UTF-8, as OpenVPN's CC_PRINT), classifies it and
 *                       picks out its fields (pointers into the message)
 *   lvpn_push_acc_*     merges PUSH_REPLY pieces (push-continuation 2 ... 1)
 *                       into caller-provided storage as a list of options
 * Sending: builders write a message with its NUL into a caller buffer.
 * Nothing here allocates.
 */
#ifndef LVPN_CTRLMSG_H
#define LVPN_CTRLMSG_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

/* Longest message, without its NUL (OpenVPN's TLS_CHANNEL_BUF_SIZE). */
#define LVPN_CTRLMSG_MAX 2048
/* Size of the buffer a server builds each PUSH_REPLY piece in, and the room
 * kept spare for the trailing options (2.6: PUSH_BUNDLE_SIZE and 84). */
#define LVPN_PUSH_BUNDLE_SIZE  1024
#define LVPN_PUSH_BUNDLE_SPARE 84

enum lvpn_ctrlmsg_type {
	LVPN_CM_UNKNOWN = 0,
	LVPN_CM_PUSH_REQUEST,
	LVPN_CM_PUSH_REPLY,
	LVPN_CM_AUTH_FAILED,
	LVPN_CM_AUTH_PENDING,
	LVPN_CM_RESTART,
	LVPN_CM_HALT,
	LVPN_CM_INFO,
	LVPN_CM_INFO_PRE,
	LVPN_CM_EXIT,
	LVPN_CM_CR_RESPONSE,
};

enum lvpn_auth_failed_kind {
	LVPN_AF_PLAIN = 0, /* AUTH_FAILED or AUTH_FAILED,<reason> */
	LVPN_AF_TEMP,      /* AUTH_FAILED,TEMP[flags]:<msg> */
	LVPN_AF_SESSION,   /* AUTH_FAILED,SESSION:<msg>: drop the auth-token */
	LVPN_AF_CRV1,      /* AUTH_FAILED,CRV1:<flags>:<state>:<user>:<text> */
};

enum lvpn_af_advance {
	LVPN_AF_ADVANCE_DEFAULT = 0, /* no advance flag given */
	LVPN_AF_ADVANCE_NO,          /* retry the same remote */
	LVPN_AF_ADVANCE_ADDR,        /* next address of the remote */
	LVPN_AF_ADVANCE_REMOTE,      /* next remote */
};

/* A parsed message.  Strings point into the message buffer (NUL-terminated,
 * never NULL; "" when absent). */
struct lvpn_ctrlmsg {
	enum lvpn_ctrlmsg_type type;
	const char *text; /* the whole message, CR/LF stripped */
	const char *arg;  /* what follows "KEYWORD," ("" if nothing) */
	/* AUTH_FAILED */
	enum lvpn_auth_failed_kind af_kind;
	const char *reason;           /* PLAIN: the reason; TEMP/SESSION: the message
	                               * after ':'; CRV1: what follows "CRV1:" */
	int backoff;                  /* TEMP [backoff N]: seconds, -1 if not given */
	enum lvpn_af_advance advance; /* TEMP [advance ...] */
	/* RESTART / HALT: "[P][N]msg" (P: keep credentials, N: next server) */
	int keep_creds;
	int next_server;
	const char *msg; /* RESTART/HALT message without the flags */
	/* AUTH_PENDING[,timeout N] */
	int has_timeout;
	unsigned timeout;
	/* PUSH_REPLY: its options are merged with lvpn_push_acc_add */
};

/* Copies the control message src into dst[cap] for a log line, secrets
 * cut out as OpenVPN 2.6 does: the rest of an item (up to the next ',')
 * after "SESS_ID", after "echo" and, unless show_keys (verb 7 and more),
 * after "auth-token" is left out.  dst is always NUL-terminated (cap > 0);
 * a longer text is truncated. */
void lvpn_ctrlmsg_redact(const char *src, char *dst, size_t cap, int show_keys);

/* Finds the next message in data (len bytes of received plaintext).
 * On success *msg points at it (NUL-terminated in place) and *used is the
 * number of bytes it took with its NUL; the caller drops them and calls
 * again.  Errors: LVPN_ERR_AGAIN (no NUL yet: keep the bytes, read more;
 * *used 0), LVPN_ERR_TOO_BIG (a message longer than LVPN_CTRLMSG_MAX, or
 * len over it without a NUL: the peer is broken, *used says how much to
 * drop). */
LVPN_MUST_CHECK int lvpn_ctrlmsg_next(char *data, size_t len, size_t *used, char **msg);

/* Parses the NUL-terminated message msg in place (trailing CR/LF are cut
 * off).  Unknown messages give type LVPN_CM_UNKNOWN and 0.  On error m is
 * zeroed with type LVPN_CM_UNKNOWN and nothing in msg is to be used.
 * Errors: LVPN_ERR_MALFORMED (a control character, or a PUSH_REPLY whose
 * keyword is not followed by ',' or the end), LVPN_ERR_TOO_BIG (longer
 * than LVPN_CTRLMSG_MAX). */
LVPN_MUST_CHECK int lvpn_ctrlmsg_parse(char *msg, struct lvpn_ctrlmsg *m);

/* --- merging PUSH_REPLY pieces --- */

/* Options are kept in storage as consecutive NUL-terminated strings. */
struct lvpn_push_acc {
	char *store;
	size_t cap;
	size_t len;     /* bytes used in store */
	unsigned nopts; /* options stored */
	int complete;   /* the last piece came (push-continuation 1 or none) */
};

/* Starts an empty merge in store (cap bytes, owned by the caller). */
void lvpn_push_acc_init(struct lvpn_push_acc *acc, char *store, size_t cap);

/* Adds the options of one parsed PUSH_REPLY piece, split at commas as
 * OpenVPN does (empty items skipped, "push-continuation N" consumed, not
 * stored).  Sets acc->complete unless the piece said push-continuation 2.
 * On error nothing of this piece is kept (the earlier pieces stay).
 * Errors: LVPN_ERR_STATE (not a PUSH_REPLY, or acc already complete),
 * LVPN_ERR_MALFORMED (push-continuation with a value other than 1 or 2),
 * LVPN_ERR_BUFSIZE (store full). */
LVPN_MUST_CHECK int lvpn_push_acc_add(struct lvpn_push_acc *acc, const struct lvpn_ctrlmsg *m);

/* Iterates the merged options: pass NULL for the first; NULL at the end. */
const char *lvpn_push_acc_next(const struct lvpn_push_acc *acc, const char *prev);

/* --- building what a server sends --- */

/* Splits a list of push options into PUSH_REPLY pieces the way 2.6 does:
 * an option starts a new piece when the current one would reach
 * LVPN_PUSH_BUNDLE_SIZE - LVPN_PUSH_BUNDLE_SPARE bytes; every piece but the
 * last ends in ",push-continuation 2", the last in ",push-continuation 1"
 * when there was more than one; an empty list gives one "PUSH_REPLY". */
struct lvpn_push_builder {
	const char *const *opts;
	size_t nopts;
	size_t next;
	int multi;
	int done;
};

void lvpn_push_builder_init(struct lvpn_push_builder *b, const char *const *opts, size_t nopts);

/* Writes the next piece with its NUL into out; *len counts the NUL (send
 * exactly that); *last is 1 for the final piece.
 * Errors: LVPN_ERR_STATE (all pieces written), LVPN_ERR_TOO_BIG (an option
 * that cannot fit a piece), LVPN_ERR_INVAL (an option with a comma or a
 * control character), LVPN_ERR_BUFSIZE (cap under LVPN_PUSH_BUNDLE_SIZE). */
LVPN_MUST_CHECK int lvpn_push_builder_next(struct lvpn_push_builder *b, char *out, size_t cap,
                                           size_t *len, int *last);

/* Writes "KEYWORD" or "KEYWORD,arg" with its NUL (PUSH_REQUEST, HALT,
 * AUTH_FAILED, INFO, EXIT, ...); *len counts the NUL.
 * Errors: LVPN_ERR_INVAL (a control character in keyword or arg),
 * LVPN_ERR_BUFSIZE, LVPN_ERR_TOO_BIG (over LVPN_CTRLMSG_MAX). */
LVPN_MUST_CHECK int lvpn_ctrlmsg_build(char *out, size_t cap, const char *keyword, const char *arg,
                                       size_t *len);

/* AUTH_FAILED,TEMP[backoff N,advance no|addr|remote]:msg (backoff < 0 or
 * advance DEFAULT leave that flag out).
 * Errors: as lvpn_ctrlmsg_build: LVPN_ERR_INVAL (also an unknown adv),
 * LVPN_ERR_BUFSIZE, LVPN_ERR_TOO_BIG. */
LVPN_MUST_CHECK int lvpn_ctrlmsg_auth_failed_temp(char *out, size_t cap, int backoff,
                                                  enum lvpn_af_advance adv, const char *msg,
                                                  size_t *len);

/* RESTART or HALT (halt set), with "[P]" / "[N]" / "[PN]" flags when
 * keep_creds / next_server, then msg (may be NULL).
 * Errors: as lvpn_ctrlmsg_build: LVPN_ERR_INVAL, LVPN_ERR_BUFSIZE,
 * LVPN_ERR_TOO_BIG. */
LVPN_MUST_CHECK int lvpn_ctrlmsg_restart(char *out, size_t cap, int halt, int keep_creds,
                                         int next_server, const char *msg, size_t *len);

#endif
