/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn-bench: the raw OpenSSL ceiling.
 *
 * The same cryptographic work the data channel does for one packet, and
 * nothing else: for AEAD an IV-only re-init of a context created once, the
 * 8 bytes of associated data, an in-place update, the final and the tag, for
 * both sealing and opening; for CBC+HMAC a random IV (private CTR-DRBG),
 * CBC encryption and an HMAC-SHA256 over IV and ciphertext (precomputed
 * pad states, low-level SHA-256: see ceiling.c), then the HMAC check and
 * CBC decryption.  No
 * framing, no replay window, no compression: the number an engine can only
 * approach.
 */
#ifndef LVPN_BENCH_CEILING_H
#define LVPN_BENCH_CEILING_H

#include <stddef.h>
#include <stdint.h>

struct ceiling;

/* Sets up contexts for cipher (OpenVPN name, e.g. "AES-256-GCM",
 * "AES-256-CBC") and auth (CBC only, and only "SHA256") with random keys.
 * Returns NULL if OpenSSL lacks the cipher or the combination is not one of
 * those. */
struct ceiling *ceiling_new(const char *cipher, const char *auth);

/* Seals then opens one packet of len bytes in buf (room for len + 64),
 * returns 0, or -1 if the round trip failed (a bug). */
int ceiling_roundtrip(struct ceiling *c, uint8_t *buf, size_t len, uint32_t packet_id);

void ceiling_free(struct ceiling *c);

#endif
