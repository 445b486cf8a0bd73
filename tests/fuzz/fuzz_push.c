/* SPDX-License-Identifier: BSD-2-Clause */
/* libFuzzer: a PUSH_REPLY's options as a client takes them.  Each
 * comma-separated option goes through the verdict (lvpn_push_verdict:
 * pull-filters, tokenizer, push permission, route-nopull) and into the
 * engine's typed result (lvpn_push_add, struct lvpn_push), whose values
 * must stay in range; the text through the auth-token renewal
 * (lvpn_push_renew_token); then the whole text through
 * lvpn_options_apply_push on a client's options.
 * Byte 0: bit 0 route-nopull, bit 1 use the pull-filters, bit 2 a
 * data-ciphers list; the rest is the text after "PUSH_REPLY,". */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "proto/config/options.h"
#include "proto/config/push.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void quiet(void *ctx, int level, const char *line)
{
	(void)ctx;
	(void)level;
	(void)line;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char t_route[] = "route 10.", t_dns[] = "dhcp-option DNS", t_ifc[] = "ifconfig ",
	            t_rej[] = "redirect-gateway";
	struct lvpn_pull_filter filters[] = {
	    {LVPN_PULL_IGNORE, t_route},
	    {LVPN_PULL_ACCEPT, t_dns},
	    {LVPN_PULL_ACCEPT, t_ifc},
	    {LVPN_PULL_REJECT, t_rej},
	};
	struct lvpn_config_err err;
	struct lvpn_options o;
	struct lvpn_log lg;
	char *text, *line, *save = NULL;
	int nf, rc;

	if (size < 1 || size > 16384)
		return 0;
	lvpn_log_init(&lg, 0, quiet, NULL);
	nf = data[0] & 2 ? 4 : 0;
	/* exactly len bytes, no NUL after them: ASan sees a read past the end */
	text = malloc(size - 1 ? size - 1 : 1);
	if (text == NULL)
		return 0;
	memcpy(text, data + 1, size - 1);
	if (lvpn_options_init(&o, NULL, NULL) != 0)
		abort();
	o.route_nopull = data[0] & 1;
	o.pull_filters = nf ? filters : NULL;
	o.npull_filters = nf;
	/* the engine's verdict and typed result, one option at a time */
	{
		static struct lvpn_push p;
		const struct lvpn_pull_policy pol = {filters, nf, data[0] & 1,
		                                     data[0] & 4 ? "AES-256-GCM:?CHACHA20-POLY1305"
		                                                 : NULL};
		char *copy = strndup(text, size - 1), tok[256];

		if (copy == NULL)
			abort();
		lvpn_push_reset(&p);
		if (lvpn_push_renew_token(copy, &pol, tok, sizeof(tok), &lg) == 1 &&
		    strlen(tok) >= sizeof(tok))
			abort();
		for (line = strtok_r(copy, ",", &save); line; line = strtok_r(NULL, ",", &save)) {
			int v = lvpn_push_verdict(filters, nf, data[0] & 1, line, &lg);
			unsigned before = p.n;

			if (v != LVPN_PULL_ACCEPT && v != LVPN_PULL_IGNORE && v != LVPN_PULL_REJECT)
				abort();
			v = lvpn_push_add(&p, line, strlen(line), &pol, &lg);
			if (p.n != before + (v == LVPN_PULL_ACCEPT) || p.used > sizeof(p.store))
				abort();
		}
		for (const struct lvpn_push_line *l = lvpn_push_next(&p, NULL); l;
		     l = lvpn_push_next(&p, l))
			if (l->argc < 1 || l->argc > LVPN_CONFIG_ARGS_MAX || l->argv[l->argc])
				abort();
		if (((p.have & LVPN_PUSH_PEER_ID) && p.peer_id > 0xFFFFFF) ||
		    ((p.have & LVPN_PUSH_EXIT_NOTIFY) && p.explicit_exit_notify > 100) ||
		    ((p.have & LVPN_PUSH_PING) && p.ping > INT32_MAX) || p.inactive_bytes < 0)
			abort();
		if (p.have & LVPN_PUSH_TUN_MTU) {
			int mtu = 1500;

			(void)lvpn_push_tun_mtu(p.tun_mtu, 1600, &mtu, &lg);
			if (mtu < LVPN_TUN_MTU_MIN || mtu > LVPN_TUN_MTU_MAX)
				abort();
		}
		free(copy);
	}
	rc = lvpn_options_apply_push(&o, text, size - 1, &err);
	if (rc != 0 && rc != LVPN_ERR_CONFIG && rc != LVPN_ERR_NOMEM)
		abort();
	/* what a server may set stays in range, whatever it sent */
	if (o.ping < 0 || o.ping_restart < 0 || o.ping_exit < 0 || o.inactive < 0 ||
	    o.session_timeout < 0 || o.reneg_sec < 0 || o.ce.tun_mtu < 0 || o.ce.mssfix < 0 ||
	    o.ce.explicit_exit_notify < 0 || o.route_metric < -1)
		abort();
	o.pull_filters = NULL;
	o.npull_filters = 0;
	lvpn_options_free(&o);
	free(text);
	return 0;
}
