/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - data-channel ciphers: one direction pair of keys for one key_id.
 *
 * Supported: AES-128/192/256-GCM and CHACHA20-POLY1305 (AEAD), AES-128/192/
 * 256-CBC with HMAC-SHA1/SHA256/SHA512 (encrypt-then-MAC), and the deprecated
 * `cipher none` / `auth none`.  Wire layouts (openvpn-protocol.md b.10), with
 * [hdr] the 1-byte P_DATA_V1 or 4-byte P_DATA_V2 header:
 *
 *   AEAD:  [hdr] packet_id(4) tag(16) E(payload)
 *          IV = packet_id || implicit_iv(8);  AD = hdr || packet_id when the
 *          header is authenticated (V2), packet_id alone otherwise (V1).
 *   CBC:   [hdr] HMAC(iv || ct) iv(16) ct = E(packet_id(4) || payload || pad)
 *          PKCS#7 padding, random IV per packet.
 *   none:  [hdr] HMAC(packet_id || payload) packet_id(4) payload
 *
 * Everything is done in place in a struct lvpn_buf: seal prepends into the
 * headroom and appends (CBC padding) into the tailroom; open leaves the
 * plaintext at head.  No heap allocation after lvpn_dc_key_install(): per
 * packet only the IV is set on cipher contexts created at install time.
 *
 * HMAC note: OpenSSL 3.0's EVP_MAC_init(ctx, NULL, ...) and EVP_DigestInit
 * allocate on every call (measured: 2 and 1 allocations per packet), so the
 * CBC HMAC keeps precomputed inner/outer SHA states and uses OpenSSL's
 * low-level SHA functions on them (zero allocations; deprecated in 3.0 but
 * present).  CBC IVs come from a CTR-DRBG per key (seeded from OpenSSL's
 * primary DRBG at install, no automatic reseed: the global RAND_bytes
 * allocates when it reseeds, every 2^16 calls).  A key sends at most 2^32
 * packets, far below CTR-DRBG's 2^48 request limit.
 * Packet ids and the replay window live in proto/data.
 *
 * lvpn_dc_init() fetches every algorithm once; call it at startup before
 * any thread uses this module (lvpn_dc_key_install calls it if needed).
 */
#ifndef LVPN_CRYPTO_DC_H
#define LVPN_CRYPTO_DC_H

#include <stdint.h>

#include "base/buf.h"
#include "base/err.h"

#define LVPN_DC_KEY2_LEN 256 /* struct key2: keys[2] x (cipher 64 || hmac 64) */
#define LVPN_DC_TAG_LEN  16
#define LVPN_DC_PID_LEN  4

enum lvpn_dc_cipher {
	LVPN_DC_AES_128_GCM,
	LVPN_DC_AES_192_GCM,
	LVPN_DC_AES_256_GCM,
	LVPN_DC_CHACHA20_POLY1305,
	LVPN_DC_AES_128_CBC,
	LVPN_DC_AES_192_CBC,
	LVPN_DC_AES_256_CBC,
	LVPN_DC_CIPHER_NONE,
	LVPN_DC_CIPHER_COUNT
};

enum lvpn_dc_auth {
	LVPN_DC_AUTH_NONE,
	LVPN_DC_SHA1,
	LVPN_DC_SHA256,
	LVPN_DC_SHA512,
	LVPN_DC_AUTH_COUNT
};

/* Which half of key2 sends (b.9): the TLS client sends with keys[0] and
 * receives with keys[1]; the server the inverse. */
enum lvpn_dc_role { LVPN_DC_CLIENT, LVPN_DC_SERVER };

struct evp_cipher_ctx_st;
struct evp_rand_ctx_st;

/* Precomputed HMAC state for one direction (opaque storage). */
struct lvpn_dc_hmac {
	uint64_t inner[28]; /* a SHA_CTX / SHA256_CTX / SHA512_CTX after ipad */
	uint64_t outer[28]; /* the same after opad */
};

struct lvpn_dc_dir {
	struct evp_cipher_ctx_st *ctx; /* NULL for cipher none */
	struct evp_rand_ctx_st *rng;   /* CBC send side: this key's IV generator */
	struct lvpn_dc_hmac hmac;      /* CBC / none with an auth only */
	uint8_t iv[12];                /* AEAD: [4..12) is the implicit IV */
};

struct lvpn_dc_key {
	uint8_t cipher;   /* enum lvpn_dc_cipher */
	uint8_t auth;     /* enum lvpn_dc_auth; NONE for AEAD */
	uint8_t aead;     /* 1 for GCM / ChaCha20-Poly1305 */
	uint8_t hmac_len; /* bytes of HMAC on the wire; 0 for AEAD or auth none */
	uint8_t iv_len;   /* CBC IV on the wire; 0 otherwise */
	uint8_t block;    /* CBC block size; 0 otherwise */
	uint8_t live;     /* 1 between install and free */
	struct lvpn_dc_dir tx, rx;
};

/* Fetches every EVP_CIPHER once (idempotent; not thread-safe: call at
 * startup).  Errors: LVPN_ERR_CRYPTO if OpenSSL lacks a required cipher. */
LVPN_MUST_CHECK int lvpn_dc_init(void);

/* Releases what lvpn_dc_init fetched (at exit; no key may be live). */
void lvpn_dc_cleanup(void);

/* Looks up an OpenVPN --cipher / data-ciphers name, case-insensitively
 * ("AES-256-GCM", "aes-256-gcm", "CHACHA20-POLY1305", "AES-128-CBC", "none").
 * Errors: LVPN_ERR_UNSUPPORTED for an unknown name. */
LVPN_MUST_CHECK int lvpn_dc_cipher_by_name(const char *name, enum lvpn_dc_cipher *out);

/* Looks up an --auth name ("SHA1", "SHA256", "SHA512", also "SHA-256" etc.,
 * case-insensitive, and "none").  Errors: LVPN_ERR_UNSUPPORTED. */
LVPN_MUST_CHECK int lvpn_dc_auth_by_name(const char *name, enum lvpn_dc_auth *out);

/* The canonical OpenVPN spelling of a cipher ("AES-256-GCM"); "?" if out of range. */
const char *lvpn_dc_cipher_name(enum lvpn_dc_cipher c);

/* 1 for the AEAD ciphers. */
int lvpn_dc_cipher_is_aead(enum lvpn_dc_cipher c);

/* Bytes seal adds in front of the payload (not counting the opcode header)
 * and at most behind it (CBC padding).  The auth is ignored for AEAD.
 * Errors: LVPN_ERR_INVAL for an out-of-range id. */
LVPN_MUST_CHECK int lvpn_dc_overhead(enum lvpn_dc_cipher c, enum lvpn_dc_auth a, uint32_t *head,
                                     uint32_t *tail);

/* Creates the cipher and HMAC contexts for both directions from the 256-byte
 * key2 block, choosing the send half by role.  k must be zeroed or freed.
 * Errors: LVPN_ERR_INVAL (bad id, NULL), LVPN_ERR_CRYPTO (all-zero cipher
 * key, OpenSSL failure), LVPN_ERR_NOMEM.  On error nothing is left allocated. */
LVPN_MUST_CHECK int lvpn_dc_key_install(struct lvpn_dc_key *k, enum lvpn_dc_cipher c,
                                        enum lvpn_dc_auth a, const uint8_t key2[LVPN_DC_KEY2_LEN],
                                        enum lvpn_dc_role role);

/* Frees the contexts and wipes every secret; k may then be installed again.
 * Safe on a zeroed or already freed key. */
void lvpn_dc_key_free(struct lvpn_dc_key *k);

/* Encrypts the plaintext at b's head in place and prepends packet_id, tag /
 * HMAC / IV and then the hdr_len header bytes from hdr.  hdr_in_ad: the
 * header is part of the AEAD additional data (P_DATA_V2).
 * Errors: LVPN_ERR_BUFSIZE (not enough headroom/tailroom; b unchanged),
 * LVPN_ERR_TOO_BIG (payload over 1 GiB), LVPN_ERR_STATE (key not live),
 * LVPN_ERR_CRYPTO. */
LVPN_MUST_CHECK int lvpn_dc_seal(struct lvpn_dc_key *k, struct lvpn_buf *b, uint32_t packet_id,
                                 const uint8_t *hdr, uint32_t hdr_len, int hdr_in_ad);

/* Authenticates and decrypts the packet at b's head, whose first hdr_len
 * bytes are the opcode header (authenticated when hdr_in_ad).  The tag or
 * HMAC is verified (constant time) before anything is returned; on success
 * b holds the plaintext and *packet_id the authenticated id.  The caller
 * checks the replay window with that id only after this returned 0.  On
 * error b's window is unchanged but its bytes may have been overwritten.
 * Errors: LVPN_ERR_TRUNCATED, LVPN_ERR_MALFORMED (CBC length or padding),
 * LVPN_ERR_AUTH, LVPN_ERR_TOO_BIG (over 1 GiB), LVPN_ERR_STATE (key not
 * live), LVPN_ERR_CRYPTO. */
LVPN_MUST_CHECK int lvpn_dc_open(struct lvpn_dc_key *k, struct lvpn_buf *b, uint32_t hdr_len,
                                 int hdr_in_ad, uint32_t *packet_id);

/* As lvpn_dc_seal without packet id and header, for CBC and cipher none
 * only: what OpenVPN 2.6 sends in static-key mode with --no-replay.
 * Errors: LVPN_ERR_INVAL (an AEAD key), LVPN_ERR_BUFSIZE, LVPN_ERR_TOO_BIG,
 * LVPN_ERR_STATE, LVPN_ERR_CRYPTO (as lvpn_dc_seal). */
LVPN_MUST_CHECK int lvpn_dc_seal_noid(struct lvpn_dc_key *k, struct lvpn_buf *b);

/* As lvpn_dc_open for a packet lvpn_dc_seal_noid made (no packet id, no
 * header); CBC and cipher none only.
 * Errors: LVPN_ERR_INVAL (an AEAD key), LVPN_ERR_TRUNCATED,
 * LVPN_ERR_MALFORMED, LVPN_ERR_AUTH, LVPN_ERR_TOO_BIG, LVPN_ERR_STATE,
 * LVPN_ERR_CRYPTO (as lvpn_dc_open). */
LVPN_MUST_CHECK int lvpn_dc_open_noid(struct lvpn_dc_key *k, struct lvpn_buf *b);

#endif
