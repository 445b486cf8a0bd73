/* SPDX-License-Identifier: BSD-2-Clause */
/* Allocation failures while reading a certificate's fields
 * (CVE-2017-7521's class: OpenVPN leaked and double-freed on the error
 * paths of its X.509 field extraction).  OpenSSL's allocator is replaced,
 * before OpenSSL allocates anything, by one that fails the Nth allocation;
 * lvpn_tls_cert_facts runs on certificates of the test PKI with N = 1, 2,
 * ... until a run makes fewer than N allocations.  Each run must return an
 * error or exactly the facts of a run without failure (never a partial
 * result: an empty common name or a missing field would be taken for the
 * certificate's own), and leave OpenSSL able to do it again.  Under the
 * sanitizer build LeakSanitizer reports any allocation a failed run
 * leaves behind. */
#include "tests/unit/testutil.h"

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "crypto/tls_int.h"

#define RUNS_MAX 100000

static long fail_at; /* 0: no failure */
static long allocs;

static int fail_now(void)
{
	return fail_at && ++allocs == fail_at;
}

static void *t_malloc(size_t n, const char *file, int line)
{
	(void)file;
	(void)line;
	return fail_now() ? NULL : malloc(n);
}

static void *t_realloc(void *p, size_t n, const char *file, int line)
{
	(void)file;
	(void)line;
	return fail_now() ? NULL : realloc(p, n);
}

static void t_free(void *p, const char *file, int line)
{
	(void)file;
	(void)line;
	free(p);
}

static X509 *load(const char *name)
{
	char path[256];
	FILE *f;
	X509 *x;

	snprintf(path, sizeof(path), "tests/data/pki/%s.pem", name);
	f = fopen(lvpn_test_path(path), "r");
	assert_non_null(f);
	x = PEM_read_X509(f, NULL, NULL, NULL);
	fclose(f);
	assert_non_null(x);
	return x;
}

static void each_allocation_fails_once(const char *name, int depth)
{
	static struct lvpn_tls_cert_info ref, ci;
	X509 *x = load(name);
	long n, errors = 0;

	/* the reference, which also sets up what OpenSSL keeps for later */
	assert_int_equal(lvpn_tls_cert_facts(x, depth, &ref), 0);
	assert_true(ref.cn[0] != '\0' && ref.nfields > 0);
	for (n = 1; n <= RUNS_MAX; n++) {
		int rc;

		allocs = 0;
		fail_at = n;
		rc = lvpn_tls_cert_facts(x, depth, &ci);
		fail_at = 0;
		ERR_clear_error();
		if (rc == 0) {
			if (memcmp(&ci, &ref, sizeof(ci)) != 0)
				fail_msg("%s: allocation %ld failed: a partial result (cn '%s', "
				         "%u fields, subject '%s', serial '%s', sha1 '%s')",
				         name, n, ci.cn, ci.nfields, ci.subject, ci.serial,
				         ci.sha1);
		} else {
			assert_true(rc < 0);
			errors++;
		}
		/* and it still works */
		assert_int_equal(lvpn_tls_cert_facts(x, depth, &ci), 0);
		assert_memory_equal(&ci, &ref, sizeof(ci));
		if (allocs < n && rc == 0)
			break; /* no Nth allocation: every one has failed once */
	}
	assert_true(n <= RUNS_MAX);
	print_message("%s: %ld allocations, each failed once: %ld errors\n", name, n - 1, errors);
	assert_true(errors > 0); /* the injection did reach the code */
	X509_free(x);
}

static void client_cert(void **state)
{
	(void)state;
	each_allocation_fails_once("client-rsa", 0);
}

static void repeated_fields(void **state)
{
	(void)state;
	each_allocation_fails_once("multi-ou-client", 0);
}

static void ec_server_and_ca(void **state)
{
	(void)state;
	each_allocation_fails_once("server-ec", 0);
	each_allocation_fails_once("ca", 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(client_cert),
	    cmocka_unit_test(repeated_fields),
	    cmocka_unit_test(ec_server_and_ca),
	};

	/* first: OpenSSL takes the functions only before its first allocation */
	if (CRYPTO_set_mem_functions(t_malloc, t_realloc, t_free) != 1) {
		fprintf(stderr, "OpenSSL allocated before main: cannot inject failures\n");
		return 1;
	}
	return cmocka_run_group_tests_name("cert_alloc", tests, NULL, NULL);
}
