/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - data-channel key material (see kdf.h). */
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/kdf.h>
#include <openssl/params.h>
#include <openssl/rand.h>

#include "crypto/kdf.h"
#include "crypto/tls.h"
#include "base/wipe.h"

int lvpn_kdf_ekm_datakeys(const struct lvpn_tls_sess *s, uint8_t out[LVPN_KEY2_LEN])
{
	return lvpn_tls_export(s, LVPN_EKM_LABEL_DATAKEYS, out, LVPN_KEY2_LEN);
}

int lvpn_kdf_ekm_dyn_tls_crypt(const struct lvpn_tls_sess *s, uint8_t out[LVPN_KEY2_LEN])
{
	return lvpn_tls_export(s, LVPN_EKM_LABEL_DYN_TLS_CRYPT, out, LVPN_KEY2_LEN);
}

int lvpn_kdf_ekm_p2p_peer_id(const struct lvpn_tls_sess *s, uint32_t *peer_id)
{
	uint8_t b[3];
	int rc = lvpn_tls_export(s, LVPN_EKM_LABEL_P2P_PEERID, b, sizeof(b));

	if (rc == 0)
		*peer_id = (uint32_t)b[0] << 16 | (uint32_t)b[1] << 8 | b[2];
	return rc;
}

int lvpn_kdf_tls1_prf(const uint8_t *secret, size_t slen, const uint8_t *seed, size_t seedlen,
                      uint8_t *out, size_t olen)
{
	EVP_KDF *kdf;
	EVP_KDF_CTX *kctx;
	OSSL_PARAM p[4];
	int ok;

	if (olen == 0)
		return LVPN_ERR_INVAL;
	/* Key setup only (twice per key exchange): fetching here is fine. */
	kdf = EVP_KDF_fetch(NULL, "TLS1-PRF", NULL);
	if (kdf == NULL) {
		ERR_clear_error();
		return LVPN_ERR_CRYPTO;
	}
	kctx = EVP_KDF_CTX_new(kdf);
	EVP_KDF_free(kdf);
	if (kctx == NULL)
		return LVPN_ERR_CRYPTO;
	p[0] = OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, (char *)"MD5-SHA1", 0);
	p[1] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SECRET, (void *)secret, slen);
	p[2] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SEED, (void *)seed, seedlen);
	p[3] = OSSL_PARAM_construct_end();
	ok = EVP_KDF_derive(kctx, out, olen, p) == 1;
	EVP_KDF_CTX_free(kctx);
	if (!ok) {
		ERR_clear_error();
		return LVPN_ERR_CRYPTO;
	}
	return 0;
}

#define MASTER_LABEL    "OpenVPN master secret"
#define EXPANSION_LABEL "OpenVPN key expansion"

/* Copies len bytes of p to seed at n; returns the new length. */
static size_t cat(uint8_t *seed, size_t n, const void *p, size_t len)
{
	memcpy(seed + n, p, len);
	return n + len;
}

int lvpn_kdf_openvpn_prf(const struct lvpn_key_source *client, const struct lvpn_key_source *server,
                         const uint8_t client_sid[LVPN_SID_LEN],
                         const uint8_t server_sid[LVPN_SID_LEN], uint8_t out[LVPN_KEY2_LEN])
{
	uint8_t master[48];
	uint8_t seed[sizeof(EXPANSION_LABEL) - 1 + 2 * LVPN_RANDOM_LEN + 2 * LVPN_SID_LEN];
	size_t n = 0;
	int rc;

	n = cat(seed, 0, MASTER_LABEL, sizeof(MASTER_LABEL) - 1);
	n = cat(seed, n, client->random1, LVPN_RANDOM_LEN);
	n = cat(seed, n, server->random1, LVPN_RANDOM_LEN);
	rc = lvpn_kdf_tls1_prf(client->pre_master, LVPN_PRE_MASTER_LEN, seed, n, master,
	                       sizeof(master));
	if (rc < 0)
		goto wipe;

	n = cat(seed, 0, EXPANSION_LABEL, sizeof(EXPANSION_LABEL) - 1);
	n = cat(seed, n, client->random2, LVPN_RANDOM_LEN);
	n = cat(seed, n, server->random2, LVPN_RANDOM_LEN);
	n = cat(seed, n, client_sid, LVPN_SID_LEN);
	n = cat(seed, n, server_sid, LVPN_SID_LEN);
	rc = lvpn_kdf_tls1_prf(master, sizeof(master), seed, n, out, LVPN_KEY2_LEN);
	if (rc < 0)
		lvpn_wipe(out, LVPN_KEY2_LEN);
wipe:
	lvpn_wipe(master, sizeof(master));
	lvpn_wipe(seed, sizeof(seed));
	return rc;
}

void lvpn_key_source_wipe(struct lvpn_key_source *ks)
{
	lvpn_wipe(ks, sizeof(*ks));
}

int lvpn_key_source_random(struct lvpn_key_source *ks, int is_server)
{
	memset(ks->pre_master, 0, sizeof(ks->pre_master));
	if ((!is_server && RAND_bytes(ks->pre_master, sizeof(ks->pre_master)) != 1) ||
	    RAND_bytes(ks->random1, sizeof(ks->random1)) != 1 ||
	    RAND_bytes(ks->random2, sizeof(ks->random2)) != 1) {
		lvpn_key_source_wipe(ks);
		ERR_clear_error();
		return LVPN_ERR_CRYPTO;
	}
	return 0;
}
