/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - internals shared by crypto/dc.c, dc_aead.c and dc_cbc.c. */
#ifndef LVPN_CRYPTO_DC_IMPL_H
#define LVPN_CRYPTO_DC_IMPL_H

#include "crypto/dc.h"

/* Largest payload seal/open accept (EVP lengths are int). */
#define DC_MAX_PAYLOAD (1u << 30)

/* One-shot HMAC-key setup and per-packet MAC over two pieces (dc_cbc.c). */
void lvpn_dc_hmac_setup(struct lvpn_dc_hmac *h, enum lvpn_dc_auth a, const uint8_t *key);
void lvpn_dc_hmac_calc(const struct lvpn_dc_hmac *h, enum lvpn_dc_auth a, const uint8_t *p1,
                       size_t n1, const uint8_t *p2, size_t n2, uint8_t *out);

int lvpn_dc_aead_seal(struct lvpn_dc_key *k, struct lvpn_buf *b, uint32_t packet_id,
                      const uint8_t *hdr, uint32_t hdr_len, int hdr_in_ad);
int lvpn_dc_aead_open(struct lvpn_dc_key *k, struct lvpn_buf *b, uint32_t hdr_len, int hdr_in_ad,
                      uint32_t *packet_id);
/* packet_id NULL: no packet id on the wire (lvpn_dc_seal_noid) */
int lvpn_dc_cbc_seal(struct lvpn_dc_key *k, struct lvpn_buf *b, const uint32_t *packet_id,
                     const uint8_t *hdr, uint32_t hdr_len);
int lvpn_dc_cbc_open(struct lvpn_dc_key *k, struct lvpn_buf *b, uint32_t hdr_len,
                     uint32_t *packet_id);

#endif
