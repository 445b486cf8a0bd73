/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - logging through a callback, OpenVPN's verbosity levels.
 *
 * The core never writes anywhere: it formats a line and hands it to the
 * emit callback the frontend installed (stderr, a --log file, syslog).
 *
 * The rule: formatting costs nothing unless the line is emitted.  LVPN_LOG
 * and LVPN_LOG_HEX test the level at the call site, before any argument is
 * evaluated, so `LVPN_LOG_HEX(lg, 7, "pkt", buf, len)` at verb 3 neither
 * formats nor evaluates buf/len expressions.
 *
 * Levels follow OpenVPN's --verb: 0 only fatal errors, 1-4 normal use
 * (3 recommended), 5 a character per packet, 6-11 debugging.
 */
#ifndef LVPN_LOG_H
#define LVPN_LOG_H

#include <stddef.h>
#include <stdint.h>

enum lvpn_log_level {
	LVPN_LOG_FATAL = 0,   /* shown even at verb 0 */
	LVPN_LOG_ERR = 1,     /* errors the user must see */
	LVPN_LOG_WARN = 1,    /* warnings */
	LVPN_LOG_NOTE = 2,    /* handshake milestones */
	LVPN_LOG_INFO = 3,    /* normal operation (the usual verb) */
	LVPN_LOG_VERBOSE = 4, /* options, pushed values */
	LVPN_LOG_PACKET = 5,  /* one line per packet */
	LVPN_LOG_DEBUG = 7,   /* protocol debugging, hexdumps */
	LVPN_LOG_TRACE = 9,   /* everything */
};

#define LVPN_LOG_VERB_MAX 11
#define LVPN_LOG_LINE_MAX 1024

typedef void lvpn_log_emit_fn(void *ctx, int level, const char *line);

struct lvpn_log {
	int verb;               /* messages with level <= verb are emitted */
	unsigned mute;          /* --mute n: at most n in a row of one kind; 0 = off */
	lvpn_log_emit_fn *emit; /* NULL: discard */
	void *ctx;
	/* --mute state: the kind is the call site's format string */
	const char *last_fmt;
	unsigned repeat;     /* consecutive lines of last_fmt */
	unsigned suppressed; /* lines of last_fmt not emitted */
};

/* Counts every call that did formatting work; tests read it to prove that a
 * suppressed message costs nothing. */
extern unsigned long lvpn_log_format_calls;

void lvpn_log_init(struct lvpn_log *lg, int verb, lvpn_log_emit_fn *emit, void *ctx);

static inline int lvpn_log_on(const struct lvpn_log *lg, int level)
{
	return lg != NULL && level <= lg->verb;
}

/* The call-site check: nothing after the level is evaluated when off. */
#define LVPN_LOG(lg, level, ...)                                                                   \
	do {                                                                                       \
		if (lvpn_log_on((lg), (level)))                                                    \
			lvpn_log_msg((lg), (level), __VA_ARGS__);                                  \
	} while (0)

#define LVPN_LOG_HEX(lg, level, what, data, len)                                                   \
	do {                                                                                       \
		if (lvpn_log_on((lg), (level)))                                                    \
			lvpn_log_hex((lg), (level), (what), (data), (len));                        \
	} while (0)

/* Debug tracing that is not even compiled in release builds. */
#ifdef LVPN_DEBUG
#define LVPN_TRACE(lg, ...) LVPN_LOG((lg), LVPN_LOG_TRACE, __VA_ARGS__)
#else
#define LVPN_TRACE(lg, ...)                                                                        \
	do {                                                                                       \
	} while (0)
#endif

/* Formats and emits one line (call through LVPN_LOG). */
void lvpn_log_msg(struct lvpn_log *lg, int level, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Emits "what: <hex>" for up to the first 256 bytes of data (call through
 * LVPN_LOG_HEX). */
void lvpn_log_hex(struct lvpn_log *lg, int level, const char *what, const void *data, size_t len);

/* Formats up to len bytes of data as lowercase hex into out (outsize bytes,
 * always NUL-terminated, truncated with ".." if it does not fit).
 * Returns the number of characters written. */
size_t lvpn_hex_format(char *out, size_t outsize, const void *data, size_t len);

/* A rate limiter for per-packet messages: at most max lines per window
 * seconds; now is the caller's clock (the core reads none). */
struct lvpn_ratelimit {
	uint64_t window_start;
	unsigned count;
	unsigned dropped;
};

/* 1 if a message may be logged at time now (seconds), else 0 and counted. */
int lvpn_ratelimit_ok(struct lvpn_ratelimit *rl, uint64_t now, unsigned max, unsigned window);

#endif
