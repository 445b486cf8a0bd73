/* SPDX-License-Identifier: BSD-2-Clause */
#include "base/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

unsigned long lvpn_log_format_calls;

void lvpn_log_init(struct lvpn_log *lg, int verb, lvpn_log_emit_fn *emit, void *ctx)
{
	memset(lg, 0, sizeof(*lg));
	lg->verb = verb;
	lg->emit = emit;
	lg->ctx = ctx;
}

/* --mute: lines with the same format string in a row form one kind; after
 * `mute` of them the rest are counted, and reported when the kind changes. */
static int mute_pass(struct lvpn_log *lg, int level, const char *fmt)
{
	char line[96];

	if (lg->mute == 0)
		return 1;
	if (fmt == lg->last_fmt) {
		if (++lg->repeat > lg->mute) {
			lg->suppressed++;
			return 0;
		}
		return 1;
	}
	if (lg->suppressed && lg->emit) {
		snprintf(line, sizeof(line),
		         "%u variation(s) on previous %u message(s) suppressed by --mute",
		         lg->suppressed, lg->mute);
		lg->emit(lg->ctx, level, line);
	}
	lg->last_fmt = fmt;
	lg->repeat = 1;
	lg->suppressed = 0;
	return 1;
}

void lvpn_log_msg(struct lvpn_log *lg, int level, const char *fmt, ...)
{
	char line[LVPN_LOG_LINE_MAX];
	va_list ap;

	if (!lg || !lg->emit || !mute_pass(lg, level, fmt))
		return;
	lvpn_log_format_calls++;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	lg->emit(lg->ctx, level, line);
}

size_t lvpn_hex_format(char *out, size_t outsize, const void *data, size_t len)
{
	static const char digits[] = "0123456789abcdef";
	const uint8_t *p = data;
	size_t o = 0, i;

	if (outsize == 0)
		return 0;
	for (i = 0; i < len; i++) {
		if (o + 3 > outsize)
			break;
		out[o++] = digits[p[i] >> 4];
		out[o++] = digits[p[i] & 15];
	}
	if (i < len && outsize >= 3) {
		/* room for "..": drop whole bytes so no half byte is shown */
		while (o > outsize - 3)
			o -= 2;
		out[o++] = '.';
		out[o++] = '.';
	}
	out[o] = '\0';
	return o;
}

void lvpn_log_hex(struct lvpn_log *lg, int level, const char *what, const void *data, size_t len)
{
	char hex[2 * 256 + 3];

	if (!lg || !lg->emit)
		return;
	lvpn_hex_format(hex, sizeof(hex), data, len);
	lvpn_log_msg(lg, level, "%s (%zu bytes): %s", what, len, hex);
}

int lvpn_ratelimit_ok(struct lvpn_ratelimit *rl, uint64_t now, unsigned max, unsigned window)
{
	if (now >= rl->window_start + window || now < rl->window_start) {
		rl->window_start = now;
		rl->count = 0;
	}
	if (rl->count < max) {
		rl->count++;
		return 1;
	}
	rl->dropped++;
	return 0;
}
