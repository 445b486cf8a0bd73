/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - data-channel key material: TLS-EKM and OpenVPN's legacy PRF.
 *
 * Both produce the 256-byte "key2" block OpenVPN splits into two
 * directions of (cipher key 64, HMAC key 64) (reference b.9); the TLS
 * client sends with keys[0] (bytes 0..127), the server with keys[1]:
 *   EKM     RFC 5705 exporter, label "EXPORTER-OpenVPN-datakeys", no
 *           context, 256 bytes; used when the client announced
 *           IV_PROTO_TLS_KEY_EXPORT and the server pushed tls-ekm.
 *   legacy  TLS 1.0 PRF (P_MD5 xor P_SHA1):
 *             master = PRF(client.pre_master,
 *                          "OpenVPN master secret" | c.random1 | s.random1, 48)
 *             key2   = PRF(master, "OpenVPN key expansion" | c.random2 |
 *                          s.random2 | client_sid | server_sid, 256)
 */
#ifndef LVPN_KDF_H
#define LVPN_KDF_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "base/wire.h"

struct lvpn_tls_sess;

#define LVPN_PRE_MASTER_LEN 48
#define LVPN_RANDOM_LEN     32
#define LVPN_SID_LEN        LVPN_SID_SIZE

#define LVPN_EKM_LABEL_DATAKEYS      "EXPORTER-OpenVPN-datakeys"
#define LVPN_EKM_LABEL_DYN_TLS_CRYPT "EXPORTER-OpenVPN-dynamic-tls-crypt"
#define LVPN_EKM_LABEL_P2P_PEERID    "EXPORTER-OpenVPN-p2p-peerid"

/* One side's key method 2 random material (pre_master: client only). */
struct lvpn_key_source {
	uint8_t pre_master[LVPN_PRE_MASTER_LEN];
	uint8_t random1[LVPN_RANDOM_LEN];
	uint8_t random2[LVPN_RANDOM_LEN];
};

/* The 256 data-channel key bytes from the finished TLS session via the
 * exporter.  Errors: LVPN_ERR_STATE (handshake not done), LVPN_ERR_CRYPTO. */
LVPN_MUST_CHECK int lvpn_kdf_ekm_datakeys(const struct lvpn_tls_sess *s,
                                          uint8_t out[LVPN_KEY2_LEN]);

/* The 256 bytes for dynamic tls-crypt (renegotiations, key_id > 0), to be
 * XORed with the tls-auth/tls-crypt key, if any.  Directions as for
 * tls-crypt, NOT as for the data channel: the server sends with keys[0]
 * (bytes 0..127), the client with keys[1] (checked against openvpn 2.6.14's
 * log in tests/unit/test_tls_interop.c).  Errors: as lvpn_kdf_ekm_datakeys. */
LVPN_MUST_CHECK int lvpn_kdf_ekm_dyn_tls_crypt(const struct lvpn_tls_sess *s,
                                               uint8_t out[LVPN_KEY2_LEN]);

/* Peer-to-peer mode: the 24-bit peer-id both peers put in their P_DATA_V2
 * headers, from the exporter (3 bytes, big-endian), when both announced
 * IV_PROTO_TLS_KEY_EXPORT.  Errors: as lvpn_kdf_ekm_datakeys. */
LVPN_MUST_CHECK int lvpn_kdf_ekm_p2p_peer_id(const struct lvpn_tls_sess *s, uint32_t *peer_id);

/* The TLS 1.0/1.1 PRF: olen bytes of PRF(secret, seed) into out.
 * Errors: LVPN_ERR_INVAL (empty output), LVPN_ERR_CRYPTO (e.g. MD5 not
 * available under FIPS). */
LVPN_MUST_CHECK int lvpn_kdf_tls1_prf(const uint8_t *secret, size_t slen, const uint8_t *seed,
                                      size_t seedlen, uint8_t *out, size_t olen);

/* OpenVPN's legacy key2 derivation (above) from the client's and the
 * server's key sources and session ids.  Intermediate secrets are wiped.
 * Errors: LVPN_ERR_CRYPTO. */
LVPN_MUST_CHECK int lvpn_kdf_openvpn_prf(const struct lvpn_key_source *client,
                                         const struct lvpn_key_source *server,
                                         const uint8_t client_sid[LVPN_SID_LEN],
                                         const uint8_t server_sid[LVPN_SID_LEN],
                                         uint8_t out[LVPN_KEY2_LEN]);

/* Fills ks with fresh random bytes from OpenSSL's CSPRNG; a server's
 * pre_master is zeroed (it never sends one).  Errors: LVPN_ERR_CRYPTO. */
LVPN_MUST_CHECK int lvpn_key_source_random(struct lvpn_key_source *ks, int is_server);

/* Wipes a key source (when the keys were derived or the session died). */
void lvpn_key_source_wipe(struct lvpn_key_source *ks);

#endif
