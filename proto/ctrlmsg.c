/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - control-channel message framing and parsing (see ctrlmsg.h).
 * Classification follows 2.6's parse_incoming_control_channel_command
 * (forward.c), AUTH_FAILED,TEMP flags its parse_auth_failed_temp, and
 * RESTART/HALT flags server_pushed_signal (push.c). */
#include <string.h>

#include "proto/ctrlmsg.h"

int lvpn_ctrlmsg_next(char *data, size_t len, size_t *used, char **msg)
{
	size_t look = len < LVPN_CTRLMSG_MAX + 1 ? len : LVPN_CTRLMSG_MAX + 1;
	char *nul = memchr(data, '\0', look);

	*used = 0;
	*msg = NULL;
	if (nul == NULL) {
		if (len > LVPN_CTRLMSG_MAX) {
			/* drop what we have up to the next NUL, if any */
			char *later = memchr(data, '\0', len);

			*used = later ? (size_t)(later - data) + 1 : len;
			return LVPN_ERR_TOO_BIG;
		}
		return LVPN_ERR_AGAIN;
	}
	*used = (size_t)(nul - data) + 1;
	*msg = data;
	return 0;
}

/* 1 if s starts with kw followed by the end or a comma; *rest is after
 * the comma (or ""). */
static int keyword(const char *s, const char *kw, const char **rest)
{
	size_t n = strlen(kw);

	if (strncmp(s, kw, n) != 0)
		return 0;
	if (s[n] == '\0') {
		*rest = s + n;
		return 1;
	}
	if (s[n] == ',') {
		*rest = s + n + 1;
		return 1;
	}
	return 0;
}

/* Parses an unsigned decimal at s (no sign, no overflow); *end after it. */
static int number(const char *s, unsigned *v, const char **end)
{
	unsigned long x = 0;
	const char *p = s;

	while (*p >= '0' && *p <= '9') {
		x = x * 10 + (unsigned long)(*p - '0');
		if (x > 0x7fffffff)
			return LVPN_ERR_MALFORMED;
		p++;
	}
	if (p == s)
		return LVPN_ERR_MALFORMED;
	*v = (unsigned)x;
	*end = p;
	return 0;
}

/* TEMP[backoff N,advance X]:msg  (arg points after "TEMP").  Unknown or
 * broken flags are ignored, as OpenVPN does (it only logs them). */
static void temp_flags(const char *arg, struct lvpn_ctrlmsg *m)
{
	const char *close = strchr(arg, ']');
	const char *p;

	m->reason = "";
	if (arg[0] == '[' && close != NULL) {
		for (p = arg + 1; p < close;) {
			const char *e = memchr(p, ',', (size_t)(close - p));
			size_t l = e ? (size_t)(e - p) : (size_t)(close - p);
			unsigned v;
			const char *end;

			if (l > 8 && strncmp(p, "backoff ", 8) == 0 &&
			    number(p + 8, &v, &end) == 0 && end == p + l)
				m->backoff = (int)v;
			else if (l == 10 && strncmp(p, "advance no", 10) == 0)
				m->advance = LVPN_AF_ADVANCE_NO;
			else if (l == 12 && strncmp(p, "advance addr", 12) == 0)
				m->advance = LVPN_AF_ADVANCE_ADDR;
			else if (l == 14 && strncmp(p, "advance remote", 14) == 0)
				m->advance = LVPN_AF_ADVANCE_REMOTE;
			p += l + (e ? 1 : 0);
		}
		arg = close + 1;
	}
	if (arg[0] == ':')
		m->reason = arg + 1;
}

static void auth_failed(const char *arg, struct lvpn_ctrlmsg *m)
{
	m->reason = arg;
	if (strncmp(arg, "TEMP", 4) == 0) {
		m->af_kind = LVPN_AF_TEMP;
		temp_flags(arg + 4, m);
	} else if (strncmp(arg, "SESSION:", 8) == 0) {
		m->af_kind = LVPN_AF_SESSION;
		m->reason = arg + 8;
	} else if (strncmp(arg, "CRV1:", 5) == 0) {
		m->af_kind = LVPN_AF_CRV1;
		m->reason = arg + 5;
	}
}

/* "[P][N]msg": flags only inside a leading [...] */
static void signal_flags(const char *arg, struct lvpn_ctrlmsg *m)
{
	const char *close = strchr(arg, ']');

	m->msg = arg;
	if (arg[0] != '[' || close == NULL)
		return;
	for (const char *p = arg + 1; p < close; p++) {
		if (*p == 'P')
			m->keep_creds = 1;
		else if (*p == 'N')
			m->next_server = 1;
	}
	m->msg = close + 1;
}

static void pending_keywords(const char *arg, struct lvpn_ctrlmsg *m)
{
	for (const char *p = arg; *p;) {
		const char *e = strchr(p, ',');
		size_t l = e ? (size_t)(e - p) : strlen(p);
		unsigned v;
		const char *end;

		if (l > 8 && strncmp(p, "timeout ", 8) == 0 && number(p + 8, &v, &end) == 0 &&
		    end == p + l) {
			m->has_timeout = 1;
			m->timeout = v;
		}
		p += l + (e ? 1 : 0);
	}
}

static void reset(struct lvpn_ctrlmsg *m)
{
	memset(m, 0, sizeof(*m));
	m->text = m->arg = m->reason = m->msg = "";
	m->backoff = -1;
}

int lvpn_ctrlmsg_parse(char *msg, struct lvpn_ctrlmsg *m)
{
	size_t n = strnlen(msg, LVPN_CTRLMSG_MAX + 1);
	const char *arg = "";

	reset(m);
	if (n > LVPN_CTRLMSG_MAX)
		return LVPN_ERR_TOO_BIG;
	while (n > 0 && (msg[n - 1] == '\r' || msg[n - 1] == '\n'))
		msg[--n] = '\0';
	/* all or nothing: one control character condemns the message */
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)msg[i];

		if (c < 0x20 || c == 0x7f)
			return LVPN_ERR_MALFORMED;
	}
	m->text = msg;
	if (keyword(msg, "AUTH_FAILED", &arg)) {
		m->type = LVPN_CM_AUTH_FAILED;
		auth_failed(arg, m);
	} else if (keyword(msg, "PUSH_REQUEST", &arg)) {
		m->type = LVPN_CM_PUSH_REQUEST;
	} else if (keyword(msg, "PUSH_REPLY", &arg)) {
		m->type = LVPN_CM_PUSH_REPLY;
	} else if (strncmp(msg, "PUSH_REPLY", 10) == 0) {
		reset(m);
		return LVPN_ERR_MALFORMED;
	} else if (keyword(msg, "RESTART", &arg)) {
		m->type = LVPN_CM_RESTART;
		signal_flags(arg, m);
	} else if (keyword(msg, "HALT", &arg)) {
		m->type = LVPN_CM_HALT;
		signal_flags(arg, m);
	} else if (keyword(msg, "INFO_PRE", &arg)) {
		m->type = LVPN_CM_INFO_PRE;
	} else if (keyword(msg, "INFO", &arg)) {
		m->type = LVPN_CM_INFO;
	} else if (keyword(msg, "CR_RESPONSE", &arg)) {
		m->type = LVPN_CM_CR_RESPONSE;
	} else if (keyword(msg, "AUTH_PENDING", &arg)) {
		m->type = LVPN_CM_AUTH_PENDING;
		pending_keywords(arg, m);
	} else if (keyword(msg, "EXIT", &arg)) {
		m->type = LVPN_CM_EXIT;
	}
	m->arg = arg;
	return 0;
}

/* The length of the part of an item kept before its secret, if the item
 * starting at p is one to cut (0 otherwise). */
static size_t secret_prefix(const char *p, int show_keys)
{
	if (strncmp(p, "SESS_ID_", 8) == 0)
		return 7;
	if (strncmp(p, "echo ", 5) == 0)
		return 4;
	if (!show_keys && strncmp(p, "auth-token ", 11) == 0)
		return 10;
	return 0;
}

void lvpn_ctrlmsg_redact(const char *src, char *dst, size_t cap, int show_keys)
{
	size_t o = 0, keep = 0;
	int cut = 0;

	if (cap == 0)
		return;
	for (; *src && o + 1 < cap; src++) {
		size_t k = secret_prefix(src, show_keys);

		if (k) {
			keep = k;
			cut = 1;
		}
		if (*src == ',')
			cut = 0;
		if (cut && keep == 0)
			continue;
		if (cut)
			keep--;
		dst[o++] = *src;
	}
	dst[o] = '\0';
}
