/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - OpenVPN key files: parse, write, generate.
 *
 * Formats, byte for byte as OpenVPN 2.6 reads and writes them:
 *  - static key V1 (`secret`, `tls-auth`, `tls-crypt`): 256 bytes (struct
 *    key2) as hex between "-----BEGIN OpenVPN Static key V1-----" and the
 *    END marker, 16 bytes per line; text outside the markers is ignored.
 *  - "OpenVPN tls-crypt-v2 server key": PEM (base64) of 128 bytes
 *    (struct key: cipher[64] hmac[64]).
 *  - "OpenVPN tls-crypt-v2 client key": PEM of Kc (256 bytes) || WKc.
 *
 * Everything works on memory: reading and writing files is the caller's.
 * Secrets in stack buffers are wiped before return.
 */
#ifndef LVPN_KEYFILE_H
#define LVPN_KEYFILE_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "base/wire.h"

#define LVPN_PEM_TCV2_SERVER "OpenVPN tls-crypt-v2 server key"
#define LVPN_PEM_TCV2_CLIENT "OpenVPN tls-crypt-v2 client key"

/* Text sizes that are always enough for lvpn_genkey_write / the writers. */
#define LVPN_KEYFILE_STATIC_TEXT_MAX 700
#define LVPN_KEYFILE_PEM_TEXT_MAX    2048

/* Reads a static key V1 file's text into key2.
 * Errors: LVPN_ERR_CONFIG (no markers, a non-hex character inside, not
 * exactly 256 bytes). */
LVPN_MUST_CHECK int lvpn_key_read_static(const char *text, size_t len, uint8_t key2[LVPN_KEY2_LEN]);

/* Writes key2 as OpenVPN's --genkey secret does (comment header, markers,
 * 16 lines of 32 hex digits).  Errors: LVPN_ERR_BUFSIZE. */
LVPN_MUST_CHECK int lvpn_key_write_static(const uint8_t key2[LVPN_KEY2_LEN], char *out, size_t cap,
                                          size_t *len);

/* Decodes the first PEM block named name ("-----BEGIN name-----") into out.
 * Errors: LVPN_ERR_CONFIG (no such block, bad base64), LVPN_ERR_BUFSIZE
 * (decoded data larger than cap), LVPN_ERR_INVAL (name longer than 111
 * characters). */
LVPN_MUST_CHECK int lvpn_pem_decode(const char *text, size_t len, const char *name, uint8_t *out,
                                    size_t cap, size_t *out_len);

/* Encodes data as a PEM block (64 base64 characters a line).
 * Errors: LVPN_ERR_BUFSIZE. */
LVPN_MUST_CHECK int lvpn_pem_encode(const char *name, const uint8_t *data, size_t n, char *out,
                                    size_t cap, size_t *len);

/* Reads a tls-crypt-v2 server key file.  Errors: LVPN_ERR_CONFIG (not
 * exactly 128 bytes in an "OpenVPN tls-crypt-v2 server key" block). */
LVPN_MUST_CHECK int lvpn_key_read_tcv2_server(const char *text, size_t len,
                                              uint8_t key[LVPN_KEY_LEN]);

/* Reads a tls-crypt-v2 client key file: Kc and the WKc that follows it
 * (whose trailing u16 must equal its length).
 * Errors: LVPN_ERR_CONFIG. */
LVPN_MUST_CHECK int lvpn_key_read_tcv2_client(const char *text, size_t len,
                                              uint8_t kc[LVPN_TCV2_KC_LEN],
                                              uint8_t wkc[LVPN_TCV2_WKC_MAX], size_t *wkc_len);

/* --- generation (backs `--genkey`) --- */

enum lvpn_genkey_kind {
	LVPN_GENKEY_SECRET,
	LVPN_GENKEY_TLS_AUTH,
	LVPN_GENKEY_TLS_CRYPT,
	LVPN_GENKEY_TLS_CRYPT_V2_SERVER,
	LVPN_GENKEY_TLS_CRYPT_V2_CLIENT,
};

struct lvpn_genkey_args {
	/* tls-crypt-v2-client only: the server key file's text */
	const char *server_key;
	size_t server_key_len;
	/* tls-crypt-v2-client only: base64 user metadata (metadata type 0x00,
	 * as `--genkey tls-crypt-v2-client FILE METADATA`), or NULL for a
	 * timestamp (type 0x01, 8-byte big-endian now) */
	const char *b64_metadata;
	uint64_t now; /* Unix time for the timestamp */
};

/* Generates a fresh random key of the given kind (OpenSSL RAND) and writes
 * the file text into out (LVPN_KEYFILE_PEM_TEXT_MAX is always enough).
 * args may be NULL except for LVPN_GENKEY_TLS_CRYPT_V2_CLIENT.
 * Errors: LVPN_ERR_INVAL (unknown kind, missing server key), LVPN_ERR_CONFIG
 * (bad server key, bad base64 or too long metadata), LVPN_ERR_CRYPTO
 * (RAND failed), LVPN_ERR_BUFSIZE. */
LVPN_MUST_CHECK int lvpn_genkey_write(enum lvpn_genkey_kind kind,
                                      const struct lvpn_genkey_args *args, char *out, size_t cap,
                                      size_t *len);

#endif
