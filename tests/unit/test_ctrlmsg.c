/* SPDX-License-Identifier: BSD-2-Clause */
/* proto/ctrlmsg: framing, every message type, PUSH_REPLY merging and
 * building, hostile input. */
#include "tests/unit/testutil.h"

#include "proto/ctrlmsg.h"

/* parse a copy of s */
static int parse(const char *s, struct lvpn_ctrlmsg *m, char *buf, size_t cap)
{
	snprintf(buf, cap, "%s", s);
	return lvpn_ctrlmsg_parse(buf, m);
}

static void framing(void **st)
{
	char data[64];
	size_t used;
	char *msg;

	memcpy(data, "PUSH_REQUEST\0INFO,hi\0HAL", 25);
	assert_int_equal(lvpn_ctrlmsg_next(data, 25, &used, &msg), 0);
	assert_int_equal(used, 13);
	assert_string_equal(msg, "PUSH_REQUEST");
	assert_int_equal(lvpn_ctrlmsg_next(data + 13, 12, &used, &msg), 0);
	assert_int_equal(used, 8);
	assert_string_equal(msg, "INFO,hi");
	/* an unfinished message waits */
	assert_int_equal(lvpn_ctrlmsg_next(data + 21, 3, &used, &msg), LVPN_ERR_AGAIN);
	assert_int_equal(used, 0);
	assert_null(msg);
	assert_int_equal(lvpn_ctrlmsg_next(data, 0, &used, &msg), LVPN_ERR_AGAIN);
}

static void overlong(void **st)
{
	static char big[LVPN_CTRLMSG_MAX + 100];
	struct lvpn_ctrlmsg m;
	size_t used;
	char *msg;

	/* exactly the maximum is fine */
	memset(big, 'A', sizeof(big));
	memcpy(big, "INFO,", 5);
	big[LVPN_CTRLMSG_MAX] = '\0';
	assert_int_equal(lvpn_ctrlmsg_next(big, sizeof(big), &used, &msg), 0);
	assert_int_equal(used, LVPN_CTRLMSG_MAX + 1);
	assert_int_equal(lvpn_ctrlmsg_parse(msg, &m), 0);
	assert_int_equal(m.type, LVPN_CM_INFO);
	/* one more is not, with or without a NUL later */
	big[LVPN_CTRLMSG_MAX] = 'A';
	big[LVPN_CTRLMSG_MAX + 1] = '\0';
	assert_int_equal(lvpn_ctrlmsg_next(big, sizeof(big), &used, &msg), LVPN_ERR_TOO_BIG);
	assert_int_equal(used, LVPN_CTRLMSG_MAX + 2);
	assert_int_equal(lvpn_ctrlmsg_parse(big, &m), LVPN_ERR_TOO_BIG);
	assert_int_equal(m.type, LVPN_CM_UNKNOWN);
	big[LVPN_CTRLMSG_MAX + 1] = 'A';
	assert_int_equal(lvpn_ctrlmsg_next(big, sizeof(big), &used, &msg), LVPN_ERR_TOO_BIG);
	assert_int_equal(used, sizeof(big));
	/* short data without NUL: wait */
	assert_int_equal(lvpn_ctrlmsg_next(big, LVPN_CTRLMSG_MAX, &used, &msg), LVPN_ERR_AGAIN);
}

static void types(void **st)
{
	static const struct {
		const char *in;
		enum lvpn_ctrlmsg_type type;
		const char *arg;
	} cases[] = {
	    {"PUSH_REQUEST", LVPN_CM_PUSH_REQUEST, ""},
	    {"PUSH_REPLY", LVPN_CM_PUSH_REPLY, ""},
	    {"PUSH_REPLY,route 10.0.0.0 255.0.0.0,ping 10", LVPN_CM_PUSH_REPLY,
	     "route 10.0.0.0 255.0.0.0,ping 10"},
	    {"AUTH_FAILED", LVPN_CM_AUTH_FAILED, ""},
	    {"AUTH_FAILED,bad password", LVPN_CM_AUTH_FAILED, "bad password"},
	    {"RESTART", LVPN_CM_RESTART, ""},
	    {"HALT,bye", LVPN_CM_HALT, "bye"},
	    {"INFO,some text", LVPN_CM_INFO, "some text"},
	    {"INFO_PRE,WEB_AUTH::https://x/", LVPN_CM_INFO_PRE, "WEB_AUTH::https://x/"},
	    {"AUTH_PENDING", LVPN_CM_AUTH_PENDING, ""},
	    {"EXIT", LVPN_CM_EXIT, ""},
	    {"CR_RESPONSE,dGVzdA==", LVPN_CM_CR_RESPONSE, "dGVzdA=="},
	    {"EXITING", LVPN_CM_UNKNOWN, ""},
	    {"ACC,x,y", LVPN_CM_UNKNOWN, ""},
	    {"", LVPN_CM_UNKNOWN, ""},
	    /* trailing CR/LF are cut before anything looks at it */
	    {"EXIT\r\n", LVPN_CM_EXIT, ""},
	    {"INFO,x\n\n", LVPN_CM_INFO, "x"},
	    /* UTF-8 passes, as with OpenVPN's CC_PRINT */
	    {"INFO,gr\xc3\xbc\xc3\x9f", LVPN_CM_INFO, "gr\xc3\xbc\xc3\x9f"},
	};
	char buf[256];
	struct lvpn_ctrlmsg m;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(parse(cases[i].in, &m, buf, sizeof(buf)), 0);
		assert_int_equal(m.type, cases[i].type);
		assert_string_equal(m.arg, cases[i].arg);
	}
}

static void nonprintable(void **st)
{
	static const char *const bad[] = {
	    "PUSH_REPLY,route 10.0.0.0\n255.0.0.0", /* newline inside */
	    "INFO,\x01",
	    "AUTH_FAILED,\x1b[31mred",
	    "PUSH_REQUEST\x7f",
	    "\tEXIT",
	    "HALT\rx",
	    "PUSH_REPLYX", /* a PUSH_REPLY keyword not followed by ',' */
	};
	char buf[256];
	struct lvpn_ctrlmsg m;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(parse(bad[i], &m, buf, sizeof(buf)), LVPN_ERR_MALFORMED);
		/* nothing is left for a caller to use */
		assert_int_equal(m.type, LVPN_CM_UNKNOWN);
		assert_string_equal(m.text, "");
		assert_string_equal(m.arg, "");
	}
}

static void auth_failed(void **st)
{
	char buf[256];
	struct lvpn_ctrlmsg m;

	assert_int_equal(parse("AUTH_FAILED", &m, buf, sizeof(buf)), 0);
	assert_int_equal(m.af_kind, LVPN_AF_PLAIN);
	assert_string_equal(m.reason, "");
	assert_int_equal(
	    parse("AUTH_FAILED,TEMP[backoff 30,advance remote]:try later", &m, buf, sizeof(buf)),
	    0);
	assert_int_equal(m.af_kind, LVPN_AF_TEMP);
	assert_int_equal(m.backoff, 30);
	assert_int_equal(m.advance, LVPN_AF_ADVANCE_REMOTE);
	assert_string_equal(m.reason, "try later");
	assert_int_equal(parse("AUTH_FAILED,TEMP[advance no]:x", &m, buf, sizeof(buf)), 0);
	assert_int_equal(m.backoff, -1);
	assert_int_equal(m.advance, LVPN_AF_ADVANCE_NO);
	assert_int_equal(parse("AUTH_FAILED,TEMP[advance addr,backoff 5]", &m, buf, sizeof(buf)),
	                 0);
	assert_int_equal(m.advance, LVPN_AF_ADVANCE_ADDR);
	assert_int_equal(m.backoff, 5);
	assert_string_equal(m.reason, "");
	assert_int_equal(parse("AUTH_FAILED,TEMP:plain temp", &m, buf, sizeof(buf)), 0);
	assert_int_equal(m.af_kind, LVPN_AF_TEMP);
	assert_string_equal(m.reason, "plain temp");
	/* broken flags are ignored, not trusted */
	assert_int_equal(parse("AUTH_FAILED,TEMP[backoff -5,backoff 99999999999,advance x]:m", &m,
	                       buf, sizeof(buf)),
	                 0);
	assert_int_equal(m.backoff, -1);
	assert_int_equal(m.advance, LVPN_AF_ADVANCE_DEFAULT);
	assert_int_equal(parse("AUTH_FAILED,TEMP[backoff 7", &m, buf, sizeof(buf)), 0);
	assert_int_equal(m.backoff, -1);
	assert_int_equal(parse("AUTH_FAILED,SESSION:token expired", &m, buf, sizeof(buf)), 0);
	assert_int_equal(m.af_kind, LVPN_AF_SESSION);
	assert_string_equal(m.reason, "token expired");
	assert_int_equal(
	    parse("AUTH_FAILED,CRV1:R,E:c3RhdGU=:dXNlcg==:Enter PIN", &m, buf, sizeof(buf)), 0);
	assert_int_equal(m.af_kind, LVPN_AF_CRV1);
	assert_string_equal(m.reason, "R,E:c3RhdGU=:dXNlcg==:Enter PIN");
}

static void restart_halt_pending(void **st)
{
	char buf[256];
	struct lvpn_ctrlmsg m;

	assert_int_equal(parse("RESTART,[PN]server going down", &m, buf, sizeof(buf)), 0);
	assert_true(m.keep_creds && m.next_server);
	assert_string_equal(m.msg, "server going down");
	assert_int_equal(parse("RESTART,[N]", &m, buf, sizeof(buf)), 0);
	assert_true(!m.keep_creds && m.next_server);
	assert_int_equal(parse("HALT,no flags [P]", &m, buf, sizeof(buf)), 0);
	assert_true(!m.keep_creds && !m.next_server);
	assert_string_equal(m.msg, "no flags [P]");
	assert_int_equal(parse("AUTH_PENDING,timeout 120", &m, buf, sizeof(buf)), 0);
	assert_true(m.has_timeout);
	assert_int_equal(m.timeout, 120);
	assert_int_equal(parse("AUTH_PENDING,foo,timeout 30,bar", &m, buf, sizeof(buf)), 0);
	assert_int_equal(m.timeout, 30);
	assert_int_equal(parse("AUTH_PENDING,timeout x", &m, buf, sizeof(buf)), 0);
	assert_false(m.has_timeout);
	assert_int_equal(parse("AUTH_PENDING", &m, buf, sizeof(buf)), 0);
	assert_false(m.has_timeout);
}

static void merge(void **st)
{
	char store[256], b1[128], b2[128], b3[128];
	struct lvpn_push_acc acc;
	struct lvpn_ctrlmsg m1, m2, m3;
	const char *o;

	lvpn_push_acc_init(&acc, store, sizeof(store));
	assert_int_equal(parse("PUSH_REPLY,route 10.1.0.0 255.255.0.0,,ping 10,push-continuation 2",
	                       &m1, b1, sizeof(b1)),
	                 0);
	assert_int_equal(
	    parse("PUSH_REPLY,topology subnet,push-continuation 2", &m2, b2, sizeof(b2)), 0);
	assert_int_equal(parse("PUSH_REPLY,ifconfig 10.8.0.2 255.255.255.0,push-continuation 1",
	                       &m3, b3, sizeof(b3)),
	                 0);
	assert_int_equal(lvpn_push_acc_add(&acc, &m1), 0);
	assert_false(acc.complete);
	assert_int_equal(lvpn_push_acc_add(&acc, &m2), 0);
	assert_false(acc.complete);
	assert_int_equal(lvpn_push_acc_add(&acc, &m3), 0);
	assert_true(acc.complete);
	assert_int_equal(acc.nopts, 4);
	o = lvpn_push_acc_next(&acc, NULL);
	assert_string_equal(o, "route 10.1.0.0 255.255.0.0");
	o = lvpn_push_acc_next(&acc, o);
	assert_string_equal(o, "ping 10");
	o = lvpn_push_acc_next(&acc, o);
	assert_string_equal(o, "topology subnet");
	o = lvpn_push_acc_next(&acc, o);
	assert_string_equal(o, "ifconfig 10.8.0.2 255.255.255.0");
	assert_null(lvpn_push_acc_next(&acc, o));
	/* complete: more pieces are a state error */
	assert_int_equal(lvpn_push_acc_add(&acc, &m1), LVPN_ERR_STATE);

	/* a piece without any marker completes it; an empty PUSH_REPLY too */
	lvpn_push_acc_init(&acc, store, sizeof(store));
	assert_int_equal(lvpn_push_acc_add(&acc, &m1), 0);
	assert_int_equal(parse("PUSH_REPLY,ping-restart 60", &m2, b2, sizeof(b2)), 0);
	assert_int_equal(lvpn_push_acc_add(&acc, &m2), 0);
	assert_true(acc.complete);
	assert_int_equal(acc.nopts, 3);
	lvpn_push_acc_init(&acc, store, sizeof(store));
	assert_int_equal(parse("PUSH_REPLY", &m2, b2, sizeof(b2)), 0);
	assert_int_equal(lvpn_push_acc_add(&acc, &m2), 0);
	assert_true(acc.complete);
	assert_null(lvpn_push_acc_next(&acc, NULL));

	/* not a PUSH_REPLY */
	lvpn_push_acc_init(&acc, store, sizeof(store));
	assert_int_equal(parse("INFO,x", &m2, b2, sizeof(b2)), 0);
	assert_int_equal(lvpn_push_acc_add(&acc, &m2), LVPN_ERR_STATE);
	/* bad continuation values: the piece is dropped whole */
	assert_int_equal(lvpn_push_acc_add(&acc, &m1), 0);
	assert_int_equal(parse("PUSH_REPLY,ping 5,push-continuation 3", &m2, b2, sizeof(b2)), 0);
	assert_int_equal(lvpn_push_acc_add(&acc, &m2), LVPN_ERR_MALFORMED);
	assert_int_equal(parse("PUSH_REPLY,ping 5,push-continuation 22", &m2, b2, sizeof(b2)), 0);
	assert_int_equal(lvpn_push_acc_add(&acc, &m2), LVPN_ERR_MALFORMED);
	assert_int_equal(acc.nopts, 2);
	assert_false(acc.complete);

	/* storage full: BUFSIZE, the earlier pieces intact */
	lvpn_push_acc_init(&acc, store, 40);
	assert_int_equal(lvpn_push_acc_add(&acc, &m1), 0);
	assert_int_equal(acc.nopts, 2);
	assert_int_equal(parse("PUSH_REPLY,route 10.2.0.0 255.255.0.0", &m2, b2, sizeof(b2)), 0);
	assert_int_equal(lvpn_push_acc_add(&acc, &m2), LVPN_ERR_BUFSIZE);
	assert_int_equal(acc.nopts, 2);
	assert_int_equal(acc.len, strlen("route 10.1.0.0 255.255.0.0") + 1 + strlen("ping 10") + 1);

	/* exactly full: an option and its NUL fill the store to the last byte;
	 * one byte more does not fit (the store sits at the end of an
	 * exactly-sized allocation: a one-byte overflow is the sanitizers') */
	{
		char *tight = malloc(8);

		assert_non_null(tight);
		assert_int_equal(parse("PUSH_REPLY,ping 12", &m2, b2, sizeof(b2)), 0);
		lvpn_push_acc_init(&acc, tight, 8);
		assert_int_equal(lvpn_push_acc_add(&acc, &m2), 0);
		assert_string_equal(lvpn_push_acc_next(&acc, NULL), "ping 12");
		assert_int_equal(parse("PUSH_REPLY,ping 123", &m2, b2, sizeof(b2)), 0);
		lvpn_push_acc_init(&acc, tight, 8);
		assert_int_equal(lvpn_push_acc_add(&acc, &m2), LVPN_ERR_BUFSIZE);
		assert_int_equal(acc.len, 0);
		free(tight);
	}
}

/* The real openvpn 2.6.14 server, run with 70 `--push "route 10.N.0.0
 * 255.255.0.0"` and --server 10.99.0.0 255.255.255.0 --topology subnet,
 * sent a 2.6.14 client three pieces (its "SENT CONTROL" log at verb 7):
 *   PUSH_REPLY,route 10.1 .. route 10.33,push-continuation 2        (945)
 *   PUSH_REPLY,route 10.34 .. route 10.66,push-continuation 2       (954)
 *   PUSH_REPLY,route 10.67 .. 10.70,route-gateway 10.99.0.1,topology subnet,
 *     ifconfig 10.99.0.2 255.255.255.0,peer-id 0,cipher AES-256-GCM,
 *     protocol-flags cc-exit tls-ekm dyn-tls-crypt,tun-mtu 1500,
 *     push-continuation 1                                           (302)
 * The builder, given the same options in the same order, must cut at the
 * same places. */
static void build_like_openvpn(void **st)
{
	static char opts_mem[80][48];
	const char *opts[80];
	static const char *const tail[] = {
	    "route-gateway 10.99.0.1",
	    "topology subnet",
	    "ifconfig 10.99.0.2 255.255.255.0",
	    "peer-id 0",
	    "cipher AES-256-GCM",
	    "protocol-flags cc-exit tls-ekm dyn-tls-crypt",
	    "tun-mtu 1500",
	};
	char want[3][1100], out[LVPN_PUSH_BUNDLE_SIZE];
	struct lvpn_push_builder b;
	size_t n = 0, len;
	int last;

	for (int i = 1; i <= 70; i++) {
		snprintf(opts_mem[n], sizeof(opts_mem[n]), "route 10.%d.0.0 255.255.0.0", i);
		opts[n] = opts_mem[n];
		n++;
	}
	for (size_t i = 0; i < 7; i++)
		opts[n++] = tail[i];
	for (int p = 0; p < 3; p++) {
		int from = p * 33 + 1, to = p == 2 ? 70 : from + 32;

		strcpy(want[p], "PUSH_REPLY");
		for (int i = from; i <= to; i++)
			sprintf(want[p] + strlen(want[p]), ",route 10.%d.0.0 255.255.0.0", i);
		if (p == 2)
			for (size_t i = 0; i < 7; i++)
				sprintf(want[p] + strlen(want[p]), ",%s", tail[i]);
		strcat(want[p], p == 2 ? ",push-continuation 1" : ",push-continuation 2");
	}
	assert_int_equal(strlen(want[0]), 945);
	assert_int_equal(strlen(want[1]), 954);
	assert_int_equal(strlen(want[2]), 302);

	lvpn_push_builder_init(&b, opts, n);
	for (int p = 0; p < 3; p++) {
		assert_int_equal(lvpn_push_builder_next(&b, out, sizeof(out), &len, &last), 0);
		assert_int_equal(len, strlen(want[p]) + 1);
		assert_string_equal(out, want[p]);
		assert_int_equal(out[len - 1], '\0');
		assert_int_equal(last, p == 2);
	}
	assert_int_equal(lvpn_push_builder_next(&b, out, sizeof(out), &len, &last), LVPN_ERR_STATE);

	/* and the pieces merge back into the same list */
	{
		static char store[4096];
		struct lvpn_push_acc acc;
		struct lvpn_ctrlmsg m;
		const char *o = NULL;

		lvpn_push_acc_init(&acc, store, sizeof(store));
		for (int p = 0; p < 3; p++) {
			assert_int_equal(lvpn_ctrlmsg_parse(want[p], &m), 0);
			assert_int_equal(lvpn_push_acc_add(&acc, &m), 0);
		}
		assert_true(acc.complete);
		assert_int_equal(acc.nopts, n);
		for (size_t i = 0; i < n; i++) {
			o = lvpn_push_acc_next(&acc, o);
			assert_string_equal(o, opts[i]);
		}
	}
}

static void build_edges(void **st)
{
	char out[LVPN_PUSH_BUNDLE_SIZE], big[1000];
	struct lvpn_push_builder b;
	const char *one[1];
	size_t len;
	int last;

	/* empty list: a bare PUSH_REPLY */
	lvpn_push_builder_init(&b, NULL, 0);
	assert_int_equal(lvpn_push_builder_next(&b, out, sizeof(out), &len, &last), 0);
	assert_string_equal(out, "PUSH_REPLY");
	assert_int_equal(len, 11);
	assert_true(last);
	/* a single option: no continuation marker */
	one[0] = "ping 10";
	lvpn_push_builder_init(&b, one, 1);
	assert_int_equal(lvpn_push_builder_next(&b, out, sizeof(out), &len, &last), 0);
	assert_string_equal(out, "PUSH_REPLY,ping 10");
	/* an option that fits no piece; one with a comma or newline */
	memset(big, 'x', sizeof(big));
	big[sizeof(big) - 1] = '\0';
	one[0] = big;
	lvpn_push_builder_init(&b, one, 1);
	assert_int_equal(lvpn_push_builder_next(&b, out, sizeof(out), &len, &last),
	                 LVPN_ERR_TOO_BIG);
	one[0] = "route a,b";
	lvpn_push_builder_init(&b, one, 1);
	assert_int_equal(lvpn_push_builder_next(&b, out, sizeof(out), &len, &last), LVPN_ERR_INVAL);
	one[0] = "echo x\ny";
	lvpn_push_builder_init(&b, one, 1);
	assert_int_equal(lvpn_push_builder_next(&b, out, sizeof(out), &len, &last), LVPN_ERR_INVAL);
	lvpn_push_builder_init(&b, one, 1);
	assert_int_equal(lvpn_push_builder_next(&b, out, 100, &len, &last), LVPN_ERR_BUFSIZE);
}

static void builders(void **st)
{
	char out[128];
	size_t len;
	struct lvpn_ctrlmsg m;

	assert_int_equal(lvpn_ctrlmsg_build(out, sizeof(out), "PUSH_REQUEST", NULL, &len), 0);
	assert_int_equal(len, 13);
	assert_memory_equal(out, "PUSH_REQUEST\0", 13);
	assert_int_equal(lvpn_ctrlmsg_build(out, sizeof(out), "AUTH_FAILED", "no", &len), 0);
	assert_memory_equal(out, "AUTH_FAILED,no\0", 15);
	assert_int_equal(lvpn_ctrlmsg_build(out, 14, "AUTH_FAILED", "no", &len), LVPN_ERR_BUFSIZE);
	assert_int_equal(lvpn_ctrlmsg_build(out, sizeof(out), "INFO", "a\nb", &len),
	                 LVPN_ERR_INVAL);
	assert_int_equal(lvpn_ctrlmsg_auth_failed_temp(out, sizeof(out), 30, LVPN_AF_ADVANCE_REMOTE,
	                                               "later", &len),
	                 0);
	assert_string_equal(out, "AUTH_FAILED,TEMP[backoff 30,advance remote]:later");
	assert_int_equal(lvpn_ctrlmsg_auth_failed_temp(out, sizeof(out), -1,
	                                               LVPN_AF_ADVANCE_DEFAULT, NULL, &len),
	                 0);
	assert_string_equal(out, "AUTH_FAILED,TEMP");
	assert_int_equal(
	    lvpn_ctrlmsg_auth_failed_temp(out, sizeof(out), -1, LVPN_AF_ADVANCE_NO, "x", &len), 0);
	assert_string_equal(out, "AUTH_FAILED,TEMP[advance no]:x");
	/* what we build, we parse back */
	assert_int_equal(lvpn_ctrlmsg_parse(out, &m), 0);
	assert_int_equal(m.af_kind, LVPN_AF_TEMP);
	assert_int_equal(m.advance, LVPN_AF_ADVANCE_NO);
	assert_int_equal(lvpn_ctrlmsg_restart(out, sizeof(out), 0, 1, 1, "maintenance", &len), 0);
	assert_string_equal(out, "RESTART,[PN]maintenance");
	assert_int_equal(lvpn_ctrlmsg_restart(out, sizeof(out), 0, 0, 0, NULL, &len), 0);
	assert_string_equal(out, "RESTART");
	assert_int_equal(lvpn_ctrlmsg_restart(out, sizeof(out), 1, 0, 0, "bye", &len), 0);
	assert_string_equal(out, "HALT,bye");
	assert_int_equal(len, 9);
}

/* What a log shows of a control message: OpenVPN 2.6's cuts, item by item */
static void redaction(void **st)
{
	char out[128];

	(void)st;
	lvpn_ctrlmsg_redact("PUSH_REPLY,route 10.0.0.0,auth-token SESS_ID_abc,ping 10", out,
	                    sizeof(out), 0);
	assert_string_equal(out, "PUSH_REPLY,route 10.0.0.0,auth-tokenSESS_ID,ping 10");
	lvpn_ctrlmsg_redact("PUSH_REPLY,auth-token secret123,ping 10", out, sizeof(out), 0);
	assert_string_equal(out, "PUSH_REPLY,auth-token,ping 10");
	lvpn_ctrlmsg_redact("PUSH_REPLY,auth-token secret123,ping 10", out, sizeof(out), 1);
	assert_string_equal(out, "PUSH_REPLY,auth-token secret123,ping 10");
	lvpn_ctrlmsg_redact("PUSH_REPLY,echo hello world,dhcp-option DNS 1.1.1.1", out, sizeof(out),
	                    0);
	assert_string_equal(out, "PUSH_REPLY,echo,dhcp-option DNS 1.1.1.1");
	lvpn_ctrlmsg_redact("PUSH_REPLY,auth-token", out, sizeof(out), 0);
	assert_string_equal(out, "PUSH_REPLY,auth-token");
	/* truncated, still terminated */
	lvpn_ctrlmsg_redact("PUSH_REPLY,ping 10", out, 6, 0);
	assert_string_equal(out, "PUSH_");
	out[0] = 'x';
	lvpn_ctrlmsg_redact("abc", out, 1, 0);
	assert_int_equal(out[0], '\0');
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(framing),     cmocka_unit_test(overlong),
	    cmocka_unit_test(types),       cmocka_unit_test(nonprintable),
	    cmocka_unit_test(auth_failed), cmocka_unit_test(restart_halt_pending),
	    cmocka_unit_test(merge),       cmocka_unit_test(build_like_openvpn),
	    cmocka_unit_test(build_edges), cmocka_unit_test(builders),
	    cmocka_unit_test(redaction),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
