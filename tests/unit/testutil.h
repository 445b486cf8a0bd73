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

#endif
