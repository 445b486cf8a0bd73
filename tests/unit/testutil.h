/* SPDX-License-Identifier: BSD-2-Clause */
/* Shared includes for cmocka unit tests. */
#ifndef LVPN_TESTUTIL_H
#define LVPN_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

/* Absolute path of a file in the source tree (top_srcdir is exported by
 * `make check`; falls back to the working directory). Returns a static
 * buffer. */
static inline const char *lvpn_test_path(const char *rel)
{
	static char path[4096];
	const char *top = getenv("top_srcdir");

	snprintf(path, sizeof(path), "%s/%s", top ? top : ".", rel);
	return path;
}

/* What the lookup helpers of the tests return when nothing matches. */
#define LVPN_TEST_MISS (-77)

/* Checks the lookup convention (proto/server/peertab.h, proto/server/iptable.h): a
 * lookup returns exactly 1 with the index in its out-parameter, or 0 with
 * the out-parameter untouched (the caller preset it to LVPN_TEST_MISS).
 * Returns the index, or LVPN_TEST_MISS. */
static inline int lvpn_test_found(int found, int index)
{
	assert_true(found == 0 || found == 1);
	if (!found) {
		assert_int_equal(index, LVPN_TEST_MISS);
		return LVPN_TEST_MISS;
	}
	assert_true(index >= 0);
	return index;
}

#endif
