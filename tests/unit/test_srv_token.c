/* SPDX-License-Identifier: BSD-2-Clause */
/* src/srv_token: auth-gen-token tokens.  Tokens made here verify for the
 * same user only; every changed, truncated, lengthened or non-base64 token
 * is refused without touching the client's token state; lifetime expiry
 * gives the SESSION reason; the secret's HMAC key is bytes 64..95 of the
 * PEM block.  (That the format is OpenVPN 2.6's own is proven against the
 * real openvpn in tests/server/hooks.sh: each accepts the other's tokens.) */
#include "tests/unit/testutil.h"

#include <string.h>

#include "crypto/keyfile.h"
#include "src/server_int.h"

static struct lvpn_options opts;
static struct sclient cls[2];
static struct server sv;

static int setup(void **state)
{
	(void)state;
	memset(&opts, 0, sizeof(opts));
	memset(cls, 0, sizeof(cls));
	memset(&sv, 0, sizeof(sv));
	opts.auth_gen_token = 1;
	opts.reneg_sec = 3600;
	sv.o = &opts;
	sv.cl = cls;
	sv.max = 2;
	assert_int_equal(srv_token_setup(&sv), 0); /* no secret: a random key */
	snprintf(cls[0].user, sizeof(cls[0].user), "alice");
	return 0;
}

static void make(char *tok, size_t cap)
{
	assert_int_equal(srv_token_make(&sv, 0, tok, cap), 0);
	assert_true(srv_token_is(tok));
}

static void test_roundtrip(void **state)
{
	char tok[128];
	const char *reason = NULL;

	(void)state;
	make(tok, sizeof(tok));
	assert_int_equal(strlen(tok), 91);
	assert_memory_equal(tok, "SESS_ID_AT_", 11);
	/* a new client (slot 1) presenting it: accepted, takes over the id */
	assert_int_equal(srv_token_verify(&sv, 1, "alice", tok, &reason), 0);
	assert_null(reason);
	assert_true(cls[1].tok_have);
	assert_memory_equal(cls[1].tok_sid, cls[0].tok_sid, 12);
	assert_int_equal(cls[1].tok_t0, cls[0].tok_t0);
	/* the renewed token keeps the session id: the first 16 base64 chars */
	snprintf(cls[1].user, sizeof(cls[1].user), "alice");
	{
		char tok2[128];

		assert_int_equal(srv_token_make(&sv, 1, tok2, sizeof(tok2)), 0);
		assert_memory_equal(tok2, tok, 11 + 16);
	}
}

static void test_wrong_user(void **state)
{
	char tok[128];
	const char *reason = NULL;

	(void)state;
	make(tok, sizeof(tok));
	assert_int_equal(srv_token_verify(&sv, 1, "bob", tok, &reason), -1);
	assert_int_equal(srv_token_verify(&sv, 1, "", tok, &reason), -1);
	assert_int_equal(srv_token_verify(&sv, 1, "alicE", tok, &reason), -1);
	assert_false(cls[1].tok_have);
}

static void test_every_char_changed(void **state)
{
	static const char b64[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	char tok[128], bad[128];
	const char *reason;

	(void)state;
	make(tok, sizeof(tok));
	for (size_t i = 11; i < strlen(tok); i++) {
		/* the next base64 character: one bit or more of the data differs */
		const char *p = strchr(b64, tok[i]);

		assert_non_null(p);
		memcpy(bad, tok, sizeof(bad));
		bad[i] = b64[(size_t)(p - b64 + 1) % 64];
		reason = NULL;
		assert_int_equal(srv_token_verify(&sv, 1, "alice", bad, &reason), -1);
		assert_null(reason);
		assert_false(cls[1].tok_have);
	}
	/* the prefix is part of the format */
	memcpy(bad, tok, sizeof(bad));
	bad[3] = 'X';
	assert_false(srv_token_is(bad));
	assert_int_equal(srv_token_verify(&sv, 1, "alice", bad, &reason), -1);
}

static void test_length_and_alphabet(void **state)
{
	char tok[128], bad[192];
	const char *reason;

	(void)state;
	make(tok, sizeof(tok));
	memcpy(bad, tok, sizeof(tok));
	bad[90] = '\0'; /* truncated */
	assert_false(srv_token_is(bad));
	assert_int_equal(srv_token_verify(&sv, 1, "alice", bad, &reason), -1);
	snprintf(bad, sizeof(bad), "%sA", tok); /* one more character */
	assert_int_equal(srv_token_verify(&sv, 1, "alice", bad, &reason), -1);
	snprintf(bad, sizeof(bad), "%s", tok);
	bad[40] = '='; /* padding or other bytes: not base64 here */
	assert_int_equal(srv_token_verify(&sv, 1, "alice", bad, &reason), -1);
	bad[40] = '\x80';
	assert_int_equal(srv_token_verify(&sv, 1, "alice", bad, &reason), -1);
	assert_int_equal(srv_token_verify(&sv, 1, "alice", "", &reason), -1);
	assert_int_equal(srv_token_verify(&sv, 1, "alice", "SESS_ID_AT_", &reason), -1);
	assert_false(cls[1].tok_have);
	/* an output buffer too small: refused, nothing written past it */
	memset(bad, 'Z', sizeof(bad));
	assert_int_equal(srv_token_make(&sv, 0, bad, 91), -1);
}

static void test_lifetime(void **state)
{
	char tok[128];
	const char *reason = NULL;

	(void)state;
	opts.auth_gen_token_lifetime = 3600;
	cls[0].tok_have = 1; /* a session that started two hours ago */
	cls[0].tok_t0 = (uint64_t)time(NULL) - 7200;
	make(tok, sizeof(tok));
	assert_int_equal(srv_token_verify(&sv, 1, "alice", tok, &reason), -1);
	assert_non_null(reason);
	assert_string_equal(reason, "SESSION: token expired");
	assert_false(cls[1].tok_have);
	/* within the lifetime: fine */
	cls[0].tok_t0 = (uint64_t)time(NULL) - 60;
	make(tok, sizeof(tok));
	reason = NULL;
	assert_int_equal(srv_token_verify(&sv, 1, "alice", tok, &reason), 0);
	/* a token from a server with another key: refused */
	sv.token_key[0] ^= 1;
	assert_int_equal(srv_token_verify(&sv, 1, "alice", tok, &reason), -1);
}

static void test_secret_key_bytes(void **state)
{
	uint8_t raw[128];
	char pem[512];
	size_t len;

	(void)state;
	for (int i = 0; i < 128; i++)
		raw[i] = (uint8_t)i;
	assert_int_equal(lvpn_pem_encode("OpenVPN auth-token server key", raw, sizeof(raw), pem,
	                                 sizeof(pem) - 1, &len),
	                 0);
	pem[len] = '\0';
	opts.auth_gen_token_secret.data = pem;
	opts.auth_gen_token_secret.is_inline = 1;
	assert_int_equal(srv_token_setup(&sv), 0);
	assert_memory_equal(sv.token_key, raw + 64, 32);
	/* too short a key: refused */
	assert_int_equal(
	    lvpn_pem_encode("OpenVPN auth-token server key", raw, 64, pem, sizeof(pem) - 1, &len),
	    0);
	pem[len] = '\0';
	assert_int_equal(srv_token_setup(&sv), -1);
	opts.auth_gen_token_secret.data = NULL;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_roundtrip, setup),
	    cmocka_unit_test_setup(test_wrong_user, setup),
	    cmocka_unit_test_setup(test_every_char_changed, setup),
	    cmocka_unit_test_setup(test_length_and_alphabet, setup),
	    cmocka_unit_test_setup(test_lifetime, setup),
	    cmocka_unit_test_setup(test_secret_key_bytes, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
