/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - PUSH_REPLY merging and the messages a server builds (see
 * ctrlmsg.h).  Piece splitting follows 2.6's send_push_reply /
 * send_push_options (push.c). */
#include <stdio.h>
#include <string.h>

#include "proto/ctrlmsg.h"

#define CONT "push-continuation"

void lvpn_push_acc_init(struct lvpn_push_acc *acc, char *store, size_t cap)
{
	acc->store = store;
	acc->cap = cap;
	acc->len = 0;
	acc->nopts = 0;
	acc->complete = 0;
}

int lvpn_push_acc_add(struct lvpn_push_acc *acc, const struct lvpn_ctrlmsg *m)
{
	size_t len0 = acc->len;
	unsigned n0 = acc->nopts;
	int cont = 0;

	if (m->type != LVPN_CM_PUSH_REPLY || acc->complete)
		return LVPN_ERR_STATE;
	for (const char *p = m->arg; *p;) {
		const char *e = strchr(p, ',');
		size_t l = e ? (size_t)(e - p) : strlen(p);

		if (l > sizeof(CONT) && strncmp(p, CONT " ", sizeof(CONT)) == 0) {
			const char *v = p + sizeof(CONT);

			if (l != sizeof(CONT) + 1 || (v[0] != '1' && v[0] != '2'))
				goto malformed;
			cont = v[0] - '0';
		} else if (l > 0) {
			if (acc->cap - acc->len < l + 1) {
				acc->len = len0;
				acc->nopts = n0;
				return LVPN_ERR_BUFSIZE;
			}
			memcpy(acc->store + acc->len, p, l);
			acc->store[acc->len + l] = '\0';
			acc->len += l + 1;
			acc->nopts++;
		}
		p += l + (e ? 1 : 0);
	}
	acc->complete = cont != 2;
	return 0;
malformed:
	acc->len = len0;
	acc->nopts = n0;
	return LVPN_ERR_MALFORMED;
}

const char *lvpn_push_acc_next(const struct lvpn_push_acc *acc, const char *prev)
{
	size_t off;

	if (prev == NULL)
		return acc->len > 0 ? acc->store : NULL;
	off = (size_t)(prev - acc->store) + strlen(prev) + 1;
	return off < acc->len ? acc->store + off : NULL;
}

void lvpn_push_builder_init(struct lvpn_push_builder *b, const char *const *opts, size_t nopts)
{
	b->opts = opts;
	b->nopts = nopts;
	b->next = 0;
	b->multi = 0;
	b->done = 0;
}

static int text_ok(const char *s, int comma_ok)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f || (*p == ',' && !comma_ok))
			return 0;
	return 1;
}

int lvpn_push_builder_next(struct lvpn_push_builder *b, char *out, size_t cap, size_t *len,
                           int *last)
{
	const size_t safe = LVPN_PUSH_BUNDLE_SIZE - LVPN_PUSH_BUNDLE_SPARE;
	size_t n = sizeof("PUSH_REPLY") - 1;

	*len = 0;
	*last = 0;
	if (b->done)
		return LVPN_ERR_STATE;
	if (cap < LVPN_PUSH_BUNDLE_SIZE)
		return LVPN_ERR_BUFSIZE;
	memcpy(out, "PUSH_REPLY", n);
	while (b->next < b->nopts) {
		const char *o = b->opts[b->next];
		size_t l = strlen(o);

		if (!text_ok(o, 0))
			return LVPN_ERR_INVAL;
		if (n + l >= safe) {
			if (n == sizeof("PUSH_REPLY") - 1)
				return LVPN_ERR_TOO_BIG; /* alone it does not fit */
			n += (size_t)snprintf(out + n, cap - n, "," CONT " 2");
			b->multi = 1;
			*len = n + 1;
			return 0;
		}
		out[n] = ',';
		memcpy(out + n + 1, o, l);
		n += l + 1;
		b->next++;
	}
	if (b->multi)
		n += (size_t)snprintf(out + n, cap - n, "," CONT " 1");
	out[n] = '\0';
	b->done = 1;
	*last = 1;
	*len = n + 1;
	return 0;
}

int lvpn_ctrlmsg_build(char *out, size_t cap, const char *keyword, const char *arg, size_t *len)
{
	size_t k, a;

	*len = 0;
	if (keyword == NULL || keyword[0] == '\0' || !text_ok(keyword, 1) ||
	    (arg && !text_ok(arg, 1)))
		return LVPN_ERR_INVAL;
	k = strlen(keyword);
	a = arg ? strlen(arg) : 0;
	if (k + (arg ? a + 1 : 0) > LVPN_CTRLMSG_MAX)
		return LVPN_ERR_TOO_BIG;
	if (k + (arg ? a + 1 : 0) + 1 > cap)
		return LVPN_ERR_BUFSIZE;
	memcpy(out, keyword, k);
	if (arg) {
		out[k] = ',';
		memcpy(out + k + 1, arg, a);
		k += a + 1;
	}
	out[k] = '\0';
	*len = k + 1;
	return 0;
}

int lvpn_ctrlmsg_auth_failed_temp(char *out, size_t cap, int backoff, enum lvpn_af_advance adv,
                                  const char *msg, size_t *len)
{
	static const char *const advs[] = {"", "no", "addr", "remote"};
	char arg[LVPN_CTRLMSG_MAX + 1];
	int n = snprintf(arg, sizeof(arg), "TEMP");

	*len = 0;
	if ((unsigned)adv > LVPN_AF_ADVANCE_REMOTE)
		return LVPN_ERR_INVAL;
	if (backoff >= 0 || adv != LVPN_AF_ADVANCE_DEFAULT) {
		n += snprintf(arg + n, sizeof(arg) - (size_t)n, "[");
		if (backoff >= 0)
			n += snprintf(arg + n, sizeof(arg) - (size_t)n, "backoff %d", backoff);
		if (adv != LVPN_AF_ADVANCE_DEFAULT)
			n += snprintf(arg + n, sizeof(arg) - (size_t)n, "%sadvance %s",
			              backoff >= 0 ? "," : "", advs[adv]);
		n += snprintf(arg + n, sizeof(arg) - (size_t)n, "]");
	}
	if (msg && (size_t)n + 1 + strlen(msg) >= sizeof(arg))
		return LVPN_ERR_TOO_BIG;
	if (msg)
		snprintf(arg + n, sizeof(arg) - (size_t)n, ":%s", msg);
	return lvpn_ctrlmsg_build(out, cap, "AUTH_FAILED", arg, len);
}

int lvpn_ctrlmsg_restart(char *out, size_t cap, int halt, int keep_creds, int next_server,
                         const char *msg, size_t *len)
{
	char arg[LVPN_CTRLMSG_MAX + 1];
	int n = 0;

	*len = 0;
	if (keep_creds || next_server)
		n = snprintf(arg, sizeof(arg), "[%s%s]", keep_creds ? "P" : "",
		             next_server ? "N" : "");
	if (msg && (size_t)n + strlen(msg) >= sizeof(arg))
		return LVPN_ERR_TOO_BIG;
	snprintf(arg + n, sizeof(arg) - (size_t)n, "%s", msg ? msg : "");
	return lvpn_ctrlmsg_build(out, cap, halt ? "HALT" : "RESTART", arg[0] ? arg : NULL, len);
}
