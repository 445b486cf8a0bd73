/* SPDX-License-Identifier: BSD-2-Clause */
/* Heap-allocation counters (see alloc_count.h). */
#include "tests/unit/alloc_count.h"

#include <stddef.h>
#include <stdlib.h>

#include <openssl/crypto.h>

#if defined(__SANITIZE_ADDRESS__)
#define AC_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define AC_ASAN 1
#endif
#endif

static volatile unsigned long n_ssl, n_libc;
static int ssl_active;

static void *ssl_malloc(size_t n, const char *file, int line)
{
	n_ssl++;
	return malloc(n);
}

static void *ssl_realloc(void *p, size_t n, const char *file, int line)
{
	n_ssl++;
	return realloc(p, n);
}

static void ssl_free(void *p, const char *file, int line)
{
	free(p);
}

__attribute__((constructor)) static void alloc_count_setup(void)
{
	ssl_active = CRYPTO_set_mem_functions(ssl_malloc, ssl_realloc, ssl_free) == 1;
}

unsigned long alloc_count_ssl(void)
{
	return n_ssl;
}

unsigned long alloc_count_libc(void)
{
	return n_libc;
}

int alloc_count_ssl_active(void)
{
	return ssl_active;
}

#ifndef AC_ASAN
int alloc_count_libc_active(void)
{
	return 1;
}

extern void *__libc_malloc(size_t n);
extern void *__libc_calloc(size_t n, size_t m);
extern void *__libc_realloc(void *p, size_t n);
extern void *__libc_memalign(size_t a, size_t n);
extern void __libc_free(void *p);

void *malloc(size_t n)
{
	n_libc++;
	return __libc_malloc(n);
}

void *calloc(size_t n, size_t m)
{
	n_libc++;
	return __libc_calloc(n, m);
}

void *realloc(void *p, size_t n)
{
	n_libc++;
	return __libc_realloc(p, n);
}

void free(void *p)
{
	__libc_free(p);
}

void *memalign(size_t a, size_t n);
void *memalign(size_t a, size_t n)
{
	n_libc++;
	return __libc_memalign(a, n);
}

void *aligned_alloc(size_t a, size_t n)
{
	n_libc++;
	return __libc_memalign(a, n);
}

int posix_memalign(void **out, size_t a, size_t n)
{
	void *p;

	n_libc++;
	if (a < sizeof(void *) || (a & (a - 1)))
		return 22; /* EINVAL */
	p = __libc_memalign(a, n);
	if (!p && n)
		return 12; /* ENOMEM */
	*out = p;
	return 0;
}
#else
int alloc_count_libc_active(void)
{
	return 0;
}
#endif
