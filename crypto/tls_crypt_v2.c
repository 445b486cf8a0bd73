/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - the tls-crypt-v2 server key (see tcv2.h). */
#include <string.h>

#include "base/buf.h"
#include "base/wipe.h"
#include "crypto/tcv2.h"

#define TAG 32

int lvpn_tcv2_server_init(struct lvpn_tcv2_server *s, const uint8_t key[LVPN_KEY_LEN])
{
	return lvpn_ctlkey_init(&s->k, "SHA256", key + LVPN_KEY_CIPHER_LEN, 32, key);
}

void lvpn_tcv2_server_free(struct lvpn_tcv2_server *s)
{
	lvpn_ctlkey_free(&s->k);
}

int lvpn_tcv2_wrap_key(struct lvpn_tcv2_server *s, const uint8_t kc[LVPN_TCV2_KC_LEN],
                       const uint8_t *meta, size_t meta_len, uint8_t *wkc, size_t cap,
                       size_t *wkc_len)
{
	struct lvpn_hmac *h = &s->k.hmac;
	size_t total = TAG + LVPN_TCV2_KC_LEN + meta_len + 2;
	uint8_t net_len[2];
	int rc;

	if (meta_len < 1 || meta_len > LVPN_TCV2_META_MAX)
		return LVPN_ERR_INVAL;
	if (cap < total)
		return LVPN_ERR_BUFSIZE;
	lvpn_put_be16(net_len, (uint16_t)total);
	/* T = HMAC(Ka, len || Kc || metadata) */
	if ((rc = lvpn_hmac_start(h)) || (rc = lvpn_hmac_update(h, net_len, 2)) ||
	    (rc = lvpn_hmac_update(h, kc, LVPN_TCV2_KC_LEN)) ||
	    (rc = lvpn_hmac_update(h, meta, meta_len)) || (rc = lvpn_hmac_final(h, wkc)))
		return rc;
	/* one CTR stream over Kc then the metadata */
	if ((rc = lvpn_ctlkey_ctr(&s->k, wkc, kc, wkc + TAG, LVPN_TCV2_KC_LEN)) ||
	    (rc = lvpn_ctlkey_ctr_more(&s->k, meta, wkc + TAG + LVPN_TCV2_KC_LEN, meta_len)))
		return rc;
	memcpy(wkc + total - 2, net_len, 2);
	*wkc_len = total;
	return 0;
}

int lvpn_tcv2_unwrap_key(struct lvpn_tcv2_server *s, const uint8_t *wkc, size_t len,
                         uint8_t kc[LVPN_TCV2_KC_LEN], struct lvpn_tcv2_meta *meta)
{
	struct lvpn_hmac *h = &s->k.hmac;
	uint8_t plain[LVPN_TCV2_WKC_MAX];
	uint8_t tag[LVPN_HMAC_OUT_MAX];
	size_t n;
	int rc;

	if (len < LVPN_TCV2_WKC_MIN + 1)
		return LVPN_ERR_TRUNCATED;
	if (len > LVPN_TCV2_WKC_MAX || lvpn_get_be16(wkc + len - 2) != len)
		return LVPN_ERR_MALFORMED;
	n = len - TAG - 2;
	if ((rc = lvpn_ctlkey_ctr(&s->k, wkc, wkc + TAG, plain, n)))
		goto out;
	if ((rc = lvpn_hmac_start(h)) || (rc = lvpn_hmac_update(h, wkc + len - 2, 2)) ||
	    (rc = lvpn_hmac_update(h, plain, n)) || (rc = lvpn_hmac_final(h, tag)))
		goto out;
	if (lvpn_ct_differ(tag, wkc, TAG)) {
		rc = LVPN_ERR_AUTH;
		goto out;
	}
	memcpy(kc, plain, LVPN_TCV2_KC_LEN);
	if (meta) {
		meta->type = plain[LVPN_TCV2_KC_LEN];
		meta->len = n - LVPN_TCV2_KC_LEN - 1;
		memcpy(meta->data, plain + LVPN_TCV2_KC_LEN + 1, meta->len);
	}
out:
	lvpn_wipe(plain, sizeof(plain));
	lvpn_wipe(tag, sizeof(tag));
	if (rc)
		lvpn_wipe(kc, LVPN_TCV2_KC_LEN);
	return rc;
}
