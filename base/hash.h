/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - what the server's hash tables share (peer table, routing
 * table, address pool): a 64-bit mixer and bucket arrays of chain heads. */
#ifndef LVPN_HASH_H
#define LVPN_HASH_H

#include <stdint.h>

#define LVPN_HASH_NIL (-1) /* an empty bucket, the end of a chain */

/* Mixes x so that every input bit reaches every output bit (a bijection:
 * splitmix64's finalizer with Stafford's "variant 13" constants). */
uint64_t lvpn_hash_mix(uint64_t x);

/* A bucket array of the smallest power of two >= min (at least 1), every
 * bucket LVPN_HASH_NIL; its size - 1 in *mask.  The caller frees it.
 * Returns NULL when memory runs out (or the size would overflow). */
int32_t *lvpn_hash_buckets(uint32_t min, uint32_t *mask);

#endif
