/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - where log lines go: stderr (default), a --log/--log-append
 * file, or syslog (--syslog, --daemon).  Lines carry OpenVPN's timestamp
 * ("2024-01-31 13:05:09 ") unless --suppress-timestamps or syslog. */
#ifndef LVPN_LOGSINK_H
#define LVPN_LOGSINK_H

#include <stddef.h>
#include <stdio.h>
#include <time.h>

#include "base/log.h"

struct lvpn_options;

struct lvpn_logsink {
	FILE *fp;   /* stderr or the --log file */
	int own_fp; /* fp was opened here */
	int use_syslog;
	int timestamps;
	int machine;             /* --machine-readable-output */
	time_t (*now)(time_t *); /* the clock (tests replace it) */
};

/* A sink writing timestamped lines to stderr. */
void lvpn_logsink_init(struct lvpn_logsink *s);

/* Switches s to what the options ask for (log, log-append, syslog,
 * daemon, suppress-timestamps) and sets verb and mute on lg.
 * Returns 0, or -1 with a message in errbuf if the log file cannot be
 * opened. */
int lvpn_logsink_configure(struct lvpn_logsink *s, struct lvpn_log *lg,
                           const struct lvpn_options *o, char *errbuf, size_t errsize);

/* The lvpn_log_emit_fn: ctx is a struct lvpn_logsink. */
void lvpn_logsink_emit(void *ctx, int level, const char *line);

/* Formats one output line (timestamp when asked, line, '\n') into out.
 * Returns the length written. */
size_t lvpn_logsink_format(char *out, size_t outsize, time_t t, int timestamps, const char *line);

/* --machine-readable-output (2.6 error.c): "SECONDS.MICROSECONDS FLAGS
 * line\n" into out, FLAGS in hex: the line's verbosity level (2.6's low
 * four bits), with 2.6's M_FATAL bit (0x10) for a fatal line (level 0).
 * Returns the length written. */
size_t lvpn_logsink_format_machine(char *out, size_t outsize, const struct timespec *ts, int level,
                                   const char *line);

/* Closes the --log file and syslog. */
void lvpn_logsink_close(struct lvpn_logsink *s);

#endif
