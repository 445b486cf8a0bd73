/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - the frontend's log sink. */
#include "src/logsink.h"

#include <errno.h>
#include <string.h>
#include <syslog.h>

#include "proto/config/options.h"

void lvpn_logsink_init(struct lvpn_logsink *s)
{
	memset(s, 0, sizeof(*s));
	s->fp = stderr;
	s->timestamps = 1;
	s->now = time;
}

size_t lvpn_logsink_format(char *out, size_t outsize, time_t t, int timestamps, const char *line)
{
	size_t n = 0;
	struct tm tm;
	int r;

	if (outsize == 0)
		return 0;
	out[0] = '\0';
	if (timestamps && localtime_r(&t, &tm))
		n = strftime(out, outsize, "%Y-%m-%d %H:%M:%S ", &tm);
	r = snprintf(out + n, outsize - n, "%s\n", line);
	if (r < 0)
		return n;
	n += (size_t)r;
	return n < outsize ? n : outsize - 1;
}

size_t lvpn_logsink_format_machine(char *out, size_t outsize, const struct timespec *ts, int level,
                                   const char *line)
{
	unsigned flags = level <= LVPN_LOG_FATAL ? 0x10u | 1u : (unsigned)level & 0x0Fu;
	int r;

	if (outsize == 0)
		return 0;
	r = snprintf(out, outsize, "%lld.%06ld %x %s\n", (long long)ts->tv_sec,
	             (long)(ts->tv_nsec / 1000), flags, line);
	if (r < 0) {
		out[0] = '\0';
		return 0;
	}
	return (size_t)r < outsize ? (size_t)r : outsize - 1;
}

static int syslog_priority(int level)
{
	if (level <= LVPN_LOG_ERR)
		return LOG_ERR;
	if (level <= LVPN_LOG_NOTE)
		return LOG_NOTICE;
	if (level <= LVPN_LOG_VERBOSE)
		return LOG_INFO;
	return LOG_DEBUG;
}

void lvpn_logsink_emit(void *ctx, int level, const char *line)
{
	struct lvpn_logsink *s = ctx;
	char buf[LVPN_LOG_LINE_MAX + 32];

	if (s->use_syslog) {
		syslog(syslog_priority(level), "%s", line);
		return;
	}
	if (s->machine) {
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		lvpn_logsink_format_machine(buf, sizeof(buf), &ts, level, line);
	} else {
		lvpn_logsink_format(buf, sizeof(buf), s->now(NULL), s->timestamps, line);
	}
	fputs(buf, s->fp);
	fflush(s->fp);
}

int lvpn_logsink_configure(struct lvpn_logsink *s, struct lvpn_log *lg,
                           const struct lvpn_options *o, char *errbuf, size_t errsize)
{
	lg->verb = o->verb;
	lg->mute = (unsigned)o->mute;
	s->timestamps = !o->suppress_timestamps;
	s->machine = o->machine_readable_output;
	if (o->log_file) {
		FILE *fp = fopen(o->log_file, o->log_append ? "ae" : "we");

		if (!fp) {
			snprintf(errbuf, errsize, "cannot open log file '%s': %s", o->log_file,
			         strerror(errno));
			return -1;
		}
		if (s->own_fp)
			fclose(s->fp);
		s->fp = fp;
		s->own_fp = 1;
		return 0;
	}
	if (o->syslog || o->daemon) {
		const char *name = o->syslog_name   ? o->syslog_name
		                   : o->daemon_name ? o->daemon_name
		                                    : "leanvpn";

		openlog(name, LOG_PID, LOG_DAEMON);
		s->use_syslog = 1;
	}
	return 0;
}

void lvpn_logsink_close(struct lvpn_logsink *s)
{
	if (s->own_fp)
		fclose(s->fp);
	if (s->use_syslog)
		closelog();
	s->fp = stderr;
	s->own_fp = 0;
	s->use_syslog = 0;
}
