/* SPDX-License-Identifier: BSD-2-Clause */
/* Heap-allocation counters for the zero-allocation tests.
 *
 * Linking alloc_count.c into a test binary counts:
 *  - every OpenSSL allocation (CRYPTO_set_mem_functions, installed by a
 *    constructor before main, i.e. before any other OpenSSL call);
 *  - every libc heap call (malloc, calloc, realloc, posix_memalign,
 *    aligned_alloc, memalign are defined here and forward to glibc's
 *    __libc_* entry points).  Under AddressSanitizer the interposition would
 *    fight the sanitizer's allocator, so the libc part is compiled out there
 *    (alloc_count_libc_active() says so); OpenSSL counting still runs.
 */
#ifndef LVPN_ALLOC_COUNT_H
#define LVPN_ALLOC_COUNT_H

/* OpenSSL allocations (malloc + realloc) since start. */
unsigned long alloc_count_ssl(void);
/* libc allocations (malloc, calloc, realloc, memalign family) since start. */
unsigned long alloc_count_libc(void);
/* 1 if CRYPTO_set_mem_functions took effect. */
int alloc_count_ssl_active(void);
/* 1 if libc interposition is compiled in (not under ASan). */
int alloc_count_libc_active(void);

#endif
