/* SPDX-License-Identifier: BSD-2-Clause */
#include "crypto/keyfile.h"

#include <stdio.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "base/hex.h"
#include "base/b64.h"
#include "base/buf.h"
#include "crypto/tcv2.h"
#include "base/wipe.h"

#define STATIC_BEGIN "-----BEGIN OpenVPN Static key V1-----"
#define STATIC_END   "-----END OpenVPN Static key V1-----"

/* First occurrence of the NUL-terminated needle in text[0..len), or NULL. */
static const char *find(const char *text, size_t len, const char *needle)
{
	size_t n = strlen(needle);

	for (size_t i = 0; n <= len && i <= len - n; i++)
		if (memcmp(text + i, needle, n) == 0)
			return text + i;
	return NULL;
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

int lvpn_key_read_static(const char *text, size_t len, uint8_t key2[LVPN_KEY2_LEN])
{
	const char *b = find(text, len, STATIC_BEGIN), *e, *p;
	size_t n = 0;
	int hi = -1, v;

	if (!b)
		return LVPN_ERR_CONFIG;
	b += strlen(STATIC_BEGIN);
	e = find(b, len - (size_t)(b - text), STATIC_END);
	if (!e)
		return LVPN_ERR_CONFIG;
	for (p = b; p < e; p++) {
		if (is_space(*p))
			continue;
		if ((v = lvpn_hex_digit(*p)) < 0 || n == LVPN_KEY2_LEN)
			goto bad;
		if (hi < 0) {
			hi = v;
		} else {
			key2[n++] = (uint8_t)(hi << 4 | v);
			hi = -1;
		}
	}
	if (n != LVPN_KEY2_LEN || hi >= 0)
		goto bad;
	return 0;
bad:
	lvpn_wipe(key2, LVPN_KEY2_LEN);
	return LVPN_ERR_CONFIG;
}

/* Appends s (n bytes) at *pos in out. */
static int put(char *out, size_t cap, size_t *pos, const char *s, size_t n)
{
	if (cap - *pos < n)
		return LVPN_ERR_BUFSIZE;
	memcpy(out + *pos, s, n);
	*pos += n;
	return 0;
}

#define PUTS(s) put(out, cap, &pos, (s), strlen(s))

int lvpn_key_write_static(const uint8_t key2[LVPN_KEY2_LEN], char *out, size_t cap, size_t *len)
{
	static const char hex[] = "0123456789abcdef";
	size_t pos = 0;
	char line[33];

	if (PUTS("#\n# 2048 bit OpenVPN static key\n#\n" STATIC_BEGIN "\n"))
		return LVPN_ERR_BUFSIZE;
	for (size_t i = 0; i < LVPN_KEY2_LEN; i += 16) {
		for (size_t k = 0; k < 16; k++) {
			line[2 * k] = hex[key2[i + k] >> 4];
			line[2 * k + 1] = hex[key2[i + k] & 15];
		}
		line[32] = '\n';
		if (put(out, cap, &pos, line, sizeof(line)))
			goto small;
	}
	lvpn_wipe(line, sizeof(line));
	if (PUTS(STATIC_END "\n"))
		goto small;
	*len = pos;
	return 0;
small:
	lvpn_wipe(line, sizeof(line));
	lvpn_wipe(out, pos);
	return LVPN_ERR_BUFSIZE;
}

int lvpn_pem_decode(const char *text, size_t len, const char *name, uint8_t *out, size_t cap,
                    size_t *out_len)
{
	char begin[128], end[128];
	const char *b, *e;
	int rc;

	if (snprintf(begin, sizeof(begin), "-----BEGIN %s-----", name) >= (int)sizeof(begin) ||
	    snprintf(end, sizeof(end), "-----END %s-----", name) >= (int)sizeof(end))
		return LVPN_ERR_INVAL;
	b = find(text, len, begin);
	if (!b)
		return LVPN_ERR_CONFIG;
	b += strlen(begin);
	e = find(b, len - (size_t)(b - text), end);
	if (!e)
		return LVPN_ERR_CONFIG;
	rc = lvpn_b64_decode(b, (size_t)(e - b), out, cap, out_len);
	return rc == LVPN_ERR_MALFORMED ? LVPN_ERR_CONFIG : rc;
}

int lvpn_pem_encode(const char *name, const uint8_t *data, size_t n, char *out, size_t cap,
                    size_t *len)
{
	size_t pos = 0, col = 0;
	char q[4];

	if (PUTS("-----BEGIN ") || PUTS(name) || PUTS("-----\n"))
		return LVPN_ERR_BUFSIZE;
	for (size_t i = 0; i < n; i += 3) {
		size_t k = n - i < 3 ? n - i : 3;

		lvpn_b64_encode(data + i, k, q);
		if (put(out, cap, &pos, q, 4))
			return LVPN_ERR_BUFSIZE;
		col += 4;
		if (col == 64 && i + 3 < n) {
			if (PUTS("\n"))
				return LVPN_ERR_BUFSIZE;
			col = 0;
		}
	}
	if (PUTS("\n-----END ") || PUTS(name) || PUTS("-----\n"))
		return LVPN_ERR_BUFSIZE;
	*len = pos;
	return 0;
}

int lvpn_key_read_tcv2_server(const char *text, size_t len, uint8_t key[LVPN_KEY_LEN])
{
	uint8_t tmp[LVPN_KEY_LEN + 1];
	size_t n = 0;
	int rc;

	rc = lvpn_pem_decode(text, len, LVPN_PEM_TCV2_SERVER, tmp, sizeof(tmp), &n);
	if (rc == 0 && n == LVPN_KEY_LEN)
		memcpy(key, tmp, LVPN_KEY_LEN);
	lvpn_wipe(tmp, sizeof(tmp));
	return rc == 0 && n == LVPN_KEY_LEN ? 0 : LVPN_ERR_CONFIG;
}

int lvpn_key_read_tcv2_client(const char *text, size_t len, uint8_t kc[LVPN_TCV2_KC_LEN],
                              uint8_t wkc[LVPN_TCV2_WKC_MAX], size_t *wkc_len)
{
	uint8_t tmp[LVPN_TCV2_KC_LEN + LVPN_TCV2_WKC_MAX];
	size_t n = 0, w;
	int rc;

	rc = lvpn_pem_decode(text, len, LVPN_PEM_TCV2_CLIENT, tmp, sizeof(tmp), &n);
	if (rc || n < LVPN_TCV2_KC_LEN + LVPN_TCV2_WKC_MIN) {
		rc = LVPN_ERR_CONFIG;
		goto out;
	}
	w = n - LVPN_TCV2_KC_LEN;
	if (lvpn_get_be16(tmp + n - 2) != w) {
		rc = LVPN_ERR_CONFIG;
		goto out;
	}
	memcpy(kc, tmp, LVPN_TCV2_KC_LEN);
	memcpy(wkc, tmp + LVPN_TCV2_KC_LEN, w);
	*wkc_len = w;
out:
	lvpn_wipe(tmp, sizeof(tmp));
	return rc;
}

static int gen_client(const struct lvpn_genkey_args *a, char *out, size_t cap, size_t *len)
{
	uint8_t srv[LVPN_KEY_LEN];
	uint8_t buf[LVPN_TCV2_KC_LEN + LVPN_TCV2_WKC_MAX];
	uint8_t meta[LVPN_TCV2_META_MAX + 3];
	size_t meta_len, wkc_len, n;
	struct lvpn_tcv2_server s;
	int rc;

	if (!a || !a->server_key)
		return LVPN_ERR_INVAL;
	if ((rc = lvpn_key_read_tcv2_server(a->server_key, a->server_key_len, srv)))
		return rc;
	if (a->b64_metadata) {
		meta[0] = LVPN_TCV2_META_USER;
		rc = lvpn_b64_decode(a->b64_metadata, strlen(a->b64_metadata), meta + 1,
		                     sizeof(meta) - 1, &n);
		if (rc || n > LVPN_TCV2_META_MAX - 1) {
			rc = LVPN_ERR_CONFIG;
			goto out;
		}
		meta_len = 1 + n;
	} else {
		meta[0] = LVPN_TCV2_META_TIMESTAMP;
		lvpn_put_be64(meta + 1, a->now);
		meta_len = 9;
	}
	if (RAND_bytes(buf, LVPN_TCV2_KC_LEN) != 1) {
		rc = LVPN_ERR_CRYPTO;
		goto out;
	}
	if ((rc = lvpn_tcv2_server_init(&s, srv)))
		goto out;
	rc = lvpn_tcv2_wrap_key(&s, buf, meta, meta_len, buf + LVPN_TCV2_KC_LEN, LVPN_TCV2_WKC_MAX,
	                        &wkc_len);
	lvpn_tcv2_server_free(&s);
	if (rc == 0)
		rc = lvpn_pem_encode(LVPN_PEM_TCV2_CLIENT, buf, LVPN_TCV2_KC_LEN + wkc_len, out,
		                     cap, len);
out:
	lvpn_wipe(srv, sizeof(srv));
	lvpn_wipe(buf, sizeof(buf));
	return rc;
}

int lvpn_genkey_write(enum lvpn_genkey_kind kind, const struct lvpn_genkey_args *args, char *out,
                      size_t cap, size_t *len)
{
	uint8_t key[LVPN_KEY2_LEN];
	int rc;

	switch (kind) {
	case LVPN_GENKEY_SECRET:
	case LVPN_GENKEY_TLS_AUTH:
	case LVPN_GENKEY_TLS_CRYPT:
		if (RAND_bytes(key, sizeof(key)) != 1)
			return LVPN_ERR_CRYPTO;
		rc = lvpn_key_write_static(key, out, cap, len);
		break;
	case LVPN_GENKEY_TLS_CRYPT_V2_SERVER:
		if (RAND_bytes(key, LVPN_KEY_LEN) != 1)
			return LVPN_ERR_CRYPTO;
		rc = lvpn_pem_encode(LVPN_PEM_TCV2_SERVER, key, LVPN_KEY_LEN, out, cap, len);
		break;
	case LVPN_GENKEY_TLS_CRYPT_V2_CLIENT:
		return gen_client(args, out, cap, len);
	default:
		return LVPN_ERR_INVAL;
	}
	lvpn_wipe(key, sizeof(key));
	return rc;
}
