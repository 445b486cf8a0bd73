/* SPDX-License-Identifier: BSD-2-Clause */
/* --tls-export-cert (src/certexport.c): the certificate the verify hook
 * is looking at goes to a new 0600 PEM file in the directory, named by
 * peer_cert; removing takes both away; a directory that cannot take it
 * leaves nothing behind.  Also lvpn_env_unset (src/script.c). */
#include "tests/unit/testutil.h"

#include <openssl/pem.h>
#include <openssl/x509.h>
#include <sys/stat.h>
#include <unistd.h>

#include "src/certexport.h"

static X509 *load(const char *rel)
{
	FILE *f = fopen(lvpn_test_path(rel), "r");
	X509 *x;

	assert_non_null(f);
	x = PEM_read_X509(f, NULL, NULL, NULL);
	fclose(f);
	assert_non_null(x);
	return x;
}

static void written_and_removed(void **state)
{
	X509 *x = load("tests/data/pki/client-rsa.pem"), *back;
	struct lvpn_tls_cert_info ci = {.depth = 0, .cert = x};
	struct lvpn_env env = {0};
	char dir[] = "/tmp/lvpn-pef-XXXXXX", path[LVPN_CERTEXPORT_PATH_MAX];
	struct stat st;
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	assert_int_equal(lvpn_env_init(&env, 4, 1100), 0);
	assert_int_equal(lvpn_env_set(&env, "common_name", "x"), 0);
	assert_int_equal(lvpn_certexport_write(dir, &ci, &env, path, sizeof(path), NULL), 0);
	assert_int_equal(strncmp(path, dir, strlen(dir)), 0);
	assert_int_equal(strncmp(path + strlen(dir), "/leanvpn_pef_", 13), 0);
	assert_string_equal(path + strlen(path) - 4, ".tmp");
	assert_non_null(lvpn_env_get(&env, "peer_cert"));
	assert_string_equal(lvpn_env_get(&env, "peer_cert"), path);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	f = fopen(path, "r");
	assert_non_null(f);
	back = PEM_read_X509(f, NULL, NULL, NULL);
	fclose(f);
	assert_non_null(back);
	assert_int_equal(X509_cmp(back, x), 0);
	X509_free(back);

	lvpn_certexport_remove(&env, path);
	assert_string_equal(path, "");
	assert_null(lvpn_env_get(&env, "peer_cert"));
	assert_string_equal(lvpn_env_get(&env, "common_name"), "x");
	assert_int_equal(rmdir(dir), 0); /* empty again: the file is gone */

	/* a directory that is not there: nothing set, nothing left */
	assert_int_equal(lvpn_certexport_write(dir, &ci, &env, path, sizeof(path), NULL), -1);
	assert_string_equal(path, "");
	assert_null(lvpn_env_get(&env, "peer_cert"));
	/* no certificate (outside the hook) */
	ci.cert = NULL;
	assert_int_equal(lvpn_certexport_write("/tmp", &ci, &env, path, sizeof(path), NULL), -1);
	assert_string_equal(path, "");
	lvpn_env_free(&env);
	X509_free(x);
}

static void env_unset(void **state)
{
	struct lvpn_env env = {0};

	(void)state;
	assert_int_equal(lvpn_env_init(&env, 2, 64), 0);
	assert_int_equal(lvpn_env_set(&env, "a", "1"), 0);
	assert_int_equal(lvpn_env_set(&env, "b", "2"), 0);
	assert_int_equal(lvpn_env_set(&env, "c", "3"), 0);
	lvpn_env_unset(&env, "a");
	lvpn_env_unset(&env, "zz");
	assert_int_equal(env.n, 2);
	assert_null(lvpn_env_get(&env, "a"));
	assert_string_equal(lvpn_env_get(&env, "b"), "2");
	assert_string_equal(lvpn_env_get(&env, "c"), "3");
	lvpn_env_unset(&env, "c");
	lvpn_env_unset(&env, "b");
	assert_int_equal(env.n, 0);
	lvpn_env_free(&env);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(written_and_removed),
	    cmocka_unit_test(env_unset),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
