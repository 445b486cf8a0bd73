/* SPDX-License-Identifier: BSD-2-Clause */
/* Key files: known answers from the real openvpn and openssl CLIs. */
#include "tests/unit/testutil.h"

#include <sys/wait.h>
#include <time.h>

#include "tests/unit/ctrl_testutil.h"

#include "crypto/keyfile.h"
#include "proto/wrap.h"

#define NEED_OPENVPN()                                                       \
	do {                                                                 \
		if (!ctrl_have("openvpn") || !ctrl_have("openssl"))          \
			skip();                                              \
	} while (0)

/* Decodes the base64 body of a PEM file with `openssl base64 -d` (an
 * independent decoder). */
static long openssl_pem_body(const char *pem, uint8_t *out, size_t cap)
{
	const char *bin = ctrl_path("body.bin");

	if (ctrl_run("sed '/^-----/d' '%s' | openssl base64 -d > '%s'", pem, bin))
		return -1;
	return ctrl_read(bin, out, cap);
}

/* openvpn --genkey secret: we read the same 256 bytes as the hex on the
 * lines between the markers (decoded here with sscanf), and writing them
 * back gives the very same file. */
static void static_key_from_openvpn(void **state)
{
	char text[4096], again[LVPN_KEYFILE_STATIC_TEXT_MAX];
	uint8_t key[LVPN_KEY2_LEN], ref[LVPN_KEY2_LEN];
	const char *path = ctrl_path("secret.key");
	size_t len, n = 0;
	long tl;

	NEED_OPENVPN();
	assert_int_equal(ctrl_run("openvpn --genkey secret '%s'", path), 0);
	tl = ctrl_read(path, text, sizeof(text));
	assert_true(tl > 0);
	assert_int_equal(lvpn_key_read_static(text, (size_t)tl, key), 0);

	/* independent decode: every 32-hex-digit line after the BEGIN marker */
	{
		char *line = strstr(text, "-----BEGIN OpenVPN Static key V1-----\n");
		unsigned v;

		assert_non_null(line);
		line = strchr(line, '\n') + 1;
		while (strncmp(line, "-----END", 8) != 0) {
			for (int k = 0; k < 16; k++) {
				assert_int_equal(sscanf(line + 2 * k, "%2x", &v), 1);
				ref[n++] = (uint8_t)v;
			}
			line = strchr(line, '\n') + 1;
		}
	}
	assert_int_equal(n, LVPN_KEY2_LEN);
	assert_memory_equal(key, ref, LVPN_KEY2_LEN);

	assert_int_equal(lvpn_key_write_static(key, again, sizeof(again), &len), 0);
	assert_int_equal(len, (size_t)tl);
	assert_memory_equal(again, text, len);
}

/* Our generated static key is accepted by openvpn (crypto self-test with
 * it as --secret); a corrupted one is refused (the check can fail). */
static void static_key_accepted_by_openvpn(void **state)
{
	char text[LVPN_KEYFILE_STATIC_TEXT_MAX];
	const char *path = ctrl_path("ours.key");
	size_t len;

	NEED_OPENVPN();
	assert_int_equal(lvpn_genkey_write(LVPN_GENKEY_SECRET, NULL, text, sizeof(text), &len), 0);
	assert_int_equal(ctrl_write(path, text, len), 0);
	assert_int_equal(ctrl_run("openvpn --test-crypto --secret '%s' --cipher AES-256-CBC --verb 0",
				  path), 0);
	/* a truncated key file fails in openvpn as in our reader */
	assert_int_equal(ctrl_write(path, text, len - 60), 0);
	assert_int_not_equal(ctrl_run("openvpn --test-crypto --secret '%s' --cipher AES-256-CBC "
				      "--verb 0", path), 0);
	for (int kind = LVPN_GENKEY_TLS_AUTH; kind <= LVPN_GENKEY_TLS_CRYPT; kind++) {
		uint8_t k[LVPN_KEY2_LEN];

		assert_int_equal(lvpn_genkey_write(kind, NULL, text, sizeof(text), &len), 0);
		assert_int_equal(lvpn_key_read_static(text, len, k), 0);
	}
}

static void static_key_parse_errors(void **state)
{
	char text[LVPN_KEYFILE_STATIC_TEXT_MAX + 64], bad[sizeof(text)];
	uint8_t key[LVPN_KEY2_LEN];
	size_t len;
	char *p;

	assert_int_equal(lvpn_genkey_write(LVPN_GENKEY_SECRET, NULL, text, sizeof(text), &len), 0);
	/* text before and after the markers is ignored */
	memmove(text + 10, text, len);
	memcpy(text, "garbage!\n\n", 10);
	memcpy(text + 10 + len, "tail ###\n", 9);
	assert_int_equal(lvpn_key_read_static(text, len + 19, key), 0);

	/* a non-hex character inside */
	memcpy(bad, text, len + 19);
	p = strstr(bad, "V1-----\n") + 8;
	*p = 'g';
	assert_int_equal(lvpn_key_read_static(bad, len + 19, key), LVPN_ERR_CONFIG);
	/* no END marker, no BEGIN marker */
	assert_int_equal(lvpn_key_read_static(text, 10 + len - 20, key), LVPN_ERR_CONFIG);
	assert_int_equal(lvpn_key_read_static(text + 50, len, key), LVPN_ERR_CONFIG);
	/* one byte (two digits) short, one byte too many, odd digit count */
	memcpy(bad, text, len + 19);
	p = strstr(bad, "-----END");
	memcpy(p - 3, "  ", 2);
	assert_int_equal(lvpn_key_read_static(bad, len + 19, key), LVPN_ERR_CONFIG);
	memcpy(bad, text, len + 19);
	p = strstr(bad, "-----END");
	p[-3] = ' ';
	assert_int_equal(lvpn_key_read_static(bad, len + 19, key), LVPN_ERR_CONFIG);
	/* every truncation fails */
	for (size_t l = 0; l < 10 + len - 1; l += 7)
		assert_int_equal(lvpn_key_read_static(text, l, key), LVPN_ERR_CONFIG);
	/* writer: too small */
	for (size_t cap = 0; cap < len; cap += 13)
		assert_int_equal(lvpn_key_write_static(key, text, cap, &len), LVPN_ERR_BUFSIZE);
}

static void openvpn_tcv2_keys(const char *metadata_b64, const char *expect_meta,
			      size_t expect_len)
{
	char srv_text[1024], cli_text[4096], again[LVPN_KEYFILE_PEM_TEXT_MAX];
	uint8_t srv[LVPN_KEY_LEN], kc[LVPN_TCV2_KC_LEN], kc2[LVPN_TCV2_KC_LEN];
	uint8_t wkc[LVPN_TCV2_WKC_MAX], wkc2[LVPN_TCV2_WKC_MAX], ref[4096];
	const char *sp = ctrl_path("v2srv.key"), *cp = ctrl_path("v2cli.key");
	struct lvpn_tcv2_server s;
	struct lvpn_tcv2_meta meta;
	size_t wkc_len, wkc2_len, len;
	long sl, cl, rl;
	time_t before = time(NULL);

	assert_int_equal(ctrl_run("openvpn --genkey tls-crypt-v2-server '%s'", sp), 0);
	assert_int_equal(ctrl_run("openvpn --tls-crypt-v2 '%s' --genkey tls-crypt-v2-client '%s' %s",
				  sp, cp, metadata_b64 ? metadata_b64 : ""), 0);
	sl = ctrl_read(sp, srv_text, sizeof(srv_text));
	cl = ctrl_read(cp, cli_text, sizeof(cli_text));
	assert_true(sl > 0 && cl > 0);

	/* the server key: 128 bytes, as openssl decodes them */
	assert_int_equal(lvpn_key_read_tcv2_server(srv_text, (size_t)sl, srv), 0);
	rl = openssl_pem_body(sp, ref, sizeof(ref));
	assert_int_equal(rl, LVPN_KEY_LEN);
	assert_memory_equal(srv, ref, LVPN_KEY_LEN);
	assert_int_equal(lvpn_pem_encode(LVPN_PEM_TCV2_SERVER, srv, LVPN_KEY_LEN, again,
					 sizeof(again), &len), 0);
	assert_int_equal(len, (size_t)sl);
	assert_memory_equal(again, srv_text, len);

	/* the client key: Kc || WKc, as openssl decodes them */
	assert_int_equal(lvpn_key_read_tcv2_client(cli_text, (size_t)cl, kc, wkc, &wkc_len), 0);
	rl = openssl_pem_body(cp, ref, sizeof(ref));
	assert_int_equal(rl, (long)(LVPN_TCV2_KC_LEN + wkc_len));
	assert_memory_equal(kc, ref, LVPN_TCV2_KC_LEN);
	assert_memory_equal(wkc, ref + LVPN_TCV2_KC_LEN, wkc_len);
	assert_int_equal(wkc_len, 32 + 256 + 1 + expect_len + 2);
	memcpy(ref, kc, LVPN_TCV2_KC_LEN);
	memcpy(ref + LVPN_TCV2_KC_LEN, wkc, wkc_len);
	assert_int_equal(lvpn_pem_encode(LVPN_PEM_TCV2_CLIENT, ref, LVPN_TCV2_KC_LEN + wkc_len,
					 again, sizeof(again), &len), 0);
	assert_int_equal(len, (size_t)cl);
	assert_memory_equal(again, cli_text, len);

	/* openvpn's WKc unwraps with openvpn's server key to exactly its Kc */
	assert_int_equal(lvpn_tcv2_server_init(&s, srv), 0);
	assert_int_equal(lvpn_tcv2_unwrap_key(&s, wkc, wkc_len, kc2, &meta), 0);
	assert_memory_equal(kc2, kc, LVPN_TCV2_KC_LEN);
	if (expect_meta) {
		assert_int_equal(meta.type, LVPN_TCV2_META_USER);
		assert_int_equal(meta.len, expect_len);
		assert_memory_equal(meta.data, expect_meta, expect_len);
	} else {
		uint64_t ts;

		assert_int_equal(meta.type, LVPN_TCV2_META_TIMESTAMP);
		assert_int_equal(meta.len, 8);
		ts = lvpn_get_be64(meta.data);
		assert_true(ts + 2 >= (uint64_t)before && ts <= (uint64_t)time(NULL) + 2);
	}
	/* and our wrap of (Kc, metadata) is byte-identical to openvpn's WKc */
	{
		uint8_t m[LVPN_TCV2_META_MAX];

		m[0] = meta.type;
		memcpy(m + 1, meta.data, meta.len);
		assert_int_equal(lvpn_tcv2_wrap_key(&s, kc, m, meta.len + 1, wkc2, sizeof(wkc2),
						    &wkc2_len), 0);
		assert_int_equal(wkc2_len, wkc_len);
		assert_memory_equal(wkc2, wkc, wkc_len);
	}
	/* a wrong server key does not unwrap it */
	srv[70] ^= 1;
	lvpn_tcv2_server_free(&s);
	assert_int_equal(lvpn_tcv2_server_init(&s, srv), 0);
	assert_int_equal(lvpn_tcv2_unwrap_key(&s, wkc, wkc_len, kc2, &meta), LVPN_ERR_AUTH);
	lvpn_tcv2_server_free(&s);
}

static void tcv2_keys_from_openvpn(void **state)
{
	NEED_OPENVPN();
	openvpn_tcv2_keys(NULL, NULL, 8);
	/* user metadata, base64 of "hello world" */
	openvpn_tcv2_keys("aGVsbG8gd29ybGQ=", "hello world", 11);
}

/* Keys we generate work in openvpn: it derives a client key from our
 * server key (and checks that it unwraps), and our client key made from
 * an openvpn server key unwraps to its Kc with our server-side code and
 * with openvpn's reader (openvpn loads it as a client in --genkey's own
 * sanity check when we hand it back through --tls-crypt-v2 ... -- it
 * has no such check, so the packet-capture test covers that). */
static void our_tcv2_keys_in_openvpn(void **state)
{
	char srv_text[LVPN_KEYFILE_PEM_TEXT_MAX], cli_text[LVPN_KEYFILE_PEM_TEXT_MAX];
	char ovpn_cli[4096];
	uint8_t srv[LVPN_KEY_LEN], kc[LVPN_TCV2_KC_LEN], kc2[LVPN_TCV2_KC_LEN];
	uint8_t wkc[LVPN_TCV2_WKC_MAX];
	struct lvpn_genkey_args a = { 0 };
	struct lvpn_tcv2_server s;
	struct lvpn_tcv2_meta meta;
	size_t sl, cl, wkc_len;
	long ol;
	const char *sp = ctrl_path("our_srv.key"), *cp = ctrl_path("ovpn_cli.key");

	NEED_OPENVPN();
	assert_int_equal(lvpn_genkey_write(LVPN_GENKEY_TLS_CRYPT_V2_SERVER, NULL, srv_text,
					   sizeof(srv_text), &sl), 0);
	assert_int_equal(ctrl_write(sp, srv_text, sl), 0);
	assert_int_equal(ctrl_run("openvpn --tls-crypt-v2 '%s' --genkey tls-crypt-v2-client '%s'",
				  sp, cp), 0);
	/* openvpn's client key, made from our server key, unwraps with it */
	ol = ctrl_read(cp, ovpn_cli, sizeof(ovpn_cli));
	assert_true(ol > 0);
	assert_int_equal(lvpn_key_read_tcv2_client(ovpn_cli, (size_t)ol, kc, wkc, &wkc_len), 0);
	assert_int_equal(lvpn_key_read_tcv2_server(srv_text, sl, srv), 0);
	assert_int_equal(lvpn_tcv2_server_init(&s, srv), 0);
	assert_int_equal(lvpn_tcv2_unwrap_key(&s, wkc, wkc_len, kc2, &meta), 0);
	assert_memory_equal(kc, kc2, LVPN_TCV2_KC_LEN);

	/* our client key from our server key, with metadata like openvpn's */
	a.server_key = srv_text;
	a.server_key_len = sl;
	a.now = 0x0102030405060708ull;
	assert_int_equal(lvpn_genkey_write(LVPN_GENKEY_TLS_CRYPT_V2_CLIENT, &a, cli_text,
					   sizeof(cli_text), &cl), 0);
	assert_int_equal(lvpn_key_read_tcv2_client(cli_text, cl, kc, wkc, &wkc_len), 0);
	assert_int_equal(wkc_len, 299); /* b.5: a timestamp key gives 299 bytes */
	assert_int_equal(lvpn_tcv2_unwrap_key(&s, wkc, wkc_len, kc2, &meta), 0);
	assert_memory_equal(kc, kc2, LVPN_TCV2_KC_LEN);
	assert_int_equal(meta.type, 1);
	assert_int_equal(lvpn_get_be64(meta.data), 0x0102030405060708ull);
	assert_int_equal(ctrl_write(ctrl_path("our_cli.key"), cli_text, cl), 0);

	a.b64_metadata = "aGVsbG8gd29ybGQ=";
	assert_int_equal(lvpn_genkey_write(LVPN_GENKEY_TLS_CRYPT_V2_CLIENT, &a, cli_text,
					   sizeof(cli_text), &cl), 0);
	assert_int_equal(lvpn_key_read_tcv2_client(cli_text, cl, kc, wkc, &wkc_len), 0);
	assert_int_equal(lvpn_tcv2_unwrap_key(&s, wkc, wkc_len, kc2, &meta), 0);
	assert_int_equal(meta.type, 0);
	assert_int_equal(meta.len, 11);
	assert_memory_equal(meta.data, "hello world", 11);
	lvpn_tcv2_server_free(&s);

	/* bad metadata: not base64, too long */
	a.b64_metadata = "!!!!";
	assert_int_equal(lvpn_genkey_write(LVPN_GENKEY_TLS_CRYPT_V2_CLIENT, &a, cli_text,
					   sizeof(cli_text), &cl), LVPN_ERR_CONFIG);
	{
		static char longmeta[2000];

		memset(longmeta, 'A', 980); /* 735 bytes decoded: one too many */
		longmeta[980] = 0;
		a.b64_metadata = longmeta;
		assert_int_equal(lvpn_genkey_write(LVPN_GENKEY_TLS_CRYPT_V2_CLIENT, &a, cli_text,
						   sizeof(cli_text), &cl), LVPN_ERR_CONFIG);
		memset(longmeta, 'A', 976); /* 732 bytes + type = 733: fits */
		longmeta[976] = 0;
		assert_int_equal(lvpn_genkey_write(LVPN_GENKEY_TLS_CRYPT_V2_CLIENT, &a, cli_text,
						   sizeof(cli_text), &cl), 0);
	}
	a.server_key = NULL;
	assert_int_equal(lvpn_genkey_write(LVPN_GENKEY_TLS_CRYPT_V2_CLIENT, &a, cli_text,
					   sizeof(cli_text), &cl), LVPN_ERR_INVAL);
}

static void pem_errors(void **state)
{
	uint8_t data[200], out[300];
	char text[1024];
	size_t len, n;

	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)(i * 7);
	/* every length round-trips (padding 0, 1, 2) */
	for (size_t l = 0; l < 70; l++) {
		assert_int_equal(lvpn_pem_encode("X Y", data, l, text, sizeof(text), &len), 0);
		assert_int_equal(lvpn_pem_decode(text, len, "X Y", out, sizeof(out), &n), 0);
		assert_int_equal(n, l);
		assert_memory_equal(out, data, l);
	}
	assert_int_equal(lvpn_pem_encode("X Y", data, 100, text, sizeof(text), &len), 0);
	assert_int_equal(lvpn_pem_decode(text, len, "X Z", out, sizeof(out), &n), LVPN_ERR_CONFIG);
	assert_int_equal(lvpn_pem_decode(text, len, "X Y", out, 99, &n), LVPN_ERR_BUFSIZE);
	text[30] = '*';
	assert_int_equal(lvpn_pem_decode(text, len, "X Y", out, sizeof(out), &n), LVPN_ERR_CONFIG);
	/* server key of the wrong size */
	assert_int_equal(lvpn_pem_encode(LVPN_PEM_TCV2_SERVER, data, 127, text, sizeof(text), &len), 0);
	assert_int_equal(lvpn_key_read_tcv2_server(text, len, out), LVPN_ERR_CONFIG);
	assert_int_equal(lvpn_pem_encode(LVPN_PEM_TCV2_SERVER, data, 129, text, sizeof(text), &len), 0);
	assert_int_equal(lvpn_key_read_tcv2_server(text, len, out), LVPN_ERR_CONFIG);
	for (size_t cap = 0; cap < 100; cap += 9)
		assert_int_equal(lvpn_pem_encode("X", data, 50, text, cap, &len), LVPN_ERR_BUFSIZE);
}

static int teardown(void **state)
{
	ctrl_tmp_cleanup();
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(static_key_from_openvpn),
		cmocka_unit_test(static_key_accepted_by_openvpn),
		cmocka_unit_test(static_key_parse_errors),
		cmocka_unit_test(tcv2_keys_from_openvpn),
		cmocka_unit_test(our_tcv2_keys_in_openvpn),
		cmocka_unit_test(pem_errors),
	};
	return cmocka_run_group_tests(tests, NULL, teardown);
}
