/* SPDX-License-Identifier: BSD-2-Clause */
/* crypto/dc: names, round trips for every cipher x header form x size,
 * known answers computed here with OpenSSL's EVP/HMAC directly from the wire
 * description (openvpn-protocol.md b.4/b.9/b.10), bit flips, truncation. */
#include "tests/unit/testutil.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "crypto/dc.h"
#include "tests/unit/dc_testutil.h"

static const enum lvpn_dc_cipher all_ciphers[] = {
    LVPN_DC_AES_128_GCM, LVPN_DC_AES_192_GCM, LVPN_DC_AES_256_GCM, LVPN_DC_CHACHA20_POLY1305,
    LVPN_DC_AES_128_CBC, LVPN_DC_AES_192_CBC, LVPN_DC_AES_256_CBC, LVPN_DC_CIPHER_NONE,
};
static const enum lvpn_dc_auth all_auths[] = {LVPN_DC_SHA1, LVPN_DC_SHA256, LVPN_DC_SHA512,
                                              LVPN_DC_AUTH_NONE};
static const uint32_t sizes[] = {1, 2, 15, 16, 17, 100, 1400, 1500, 1600};

static void names(void **state)
{
	enum lvpn_dc_cipher c;
	enum lvpn_dc_auth a;

	assert_int_equal(lvpn_dc_cipher_by_name("AES-256-GCM", &c), 0);
	assert_int_equal(c, LVPN_DC_AES_256_GCM);
	assert_int_equal(lvpn_dc_cipher_by_name("aes-256-gcm", &c), 0);
	assert_int_equal(c, LVPN_DC_AES_256_GCM);
	assert_int_equal(lvpn_dc_cipher_by_name("CHACHA20-POLY1305", &c), 0);
	assert_int_equal(c, LVPN_DC_CHACHA20_POLY1305);
	assert_int_equal(lvpn_dc_cipher_by_name("ChaCha20-Poly1305", &c), 0);
	assert_int_equal(lvpn_dc_cipher_by_name("AES-128-CBC", &c), 0);
	assert_int_equal(c, LVPN_DC_AES_128_CBC);
	assert_int_equal(lvpn_dc_cipher_by_name("none", &c), 0);
	assert_int_equal(c, LVPN_DC_CIPHER_NONE);
	assert_int_equal(lvpn_dc_cipher_by_name("BF-CBC", &c), LVPN_ERR_UNSUPPORTED);
	assert_int_equal(lvpn_dc_cipher_by_name("AES-256-GCMX", &c), LVPN_ERR_UNSUPPORTED);
	assert_int_equal(lvpn_dc_cipher_by_name("", &c), LVPN_ERR_UNSUPPORTED);
	assert_int_equal(lvpn_dc_cipher_by_name(NULL, &c), LVPN_ERR_UNSUPPORTED);
	assert_string_equal(lvpn_dc_cipher_name(LVPN_DC_CHACHA20_POLY1305), "CHACHA20-POLY1305");
	assert_true(lvpn_dc_cipher_is_aead(LVPN_DC_AES_128_GCM));
	assert_false(lvpn_dc_cipher_is_aead(LVPN_DC_AES_128_CBC));

	assert_int_equal(lvpn_dc_auth_by_name("SHA1", &a), 0);
	assert_int_equal(a, LVPN_DC_SHA1);
	assert_int_equal(lvpn_dc_auth_by_name("sha256", &a), 0);
	assert_int_equal(a, LVPN_DC_SHA256);
	assert_int_equal(lvpn_dc_auth_by_name("SHA-512", &a), 0);
	assert_int_equal(a, LVPN_DC_SHA512);
	assert_int_equal(lvpn_dc_auth_by_name("none", &a), 0);
	assert_int_equal(a, LVPN_DC_AUTH_NONE);
	assert_int_equal(lvpn_dc_auth_by_name("MD5", &a), LVPN_ERR_UNSUPPORTED);
}

static void overheads(void **state)
{
	uint32_t h, t;

	assert_int_equal(lvpn_dc_overhead(LVPN_DC_AES_256_GCM, LVPN_DC_SHA1, &h, &t), 0);
	assert_int_equal(h, 20); /* packet_id 4 + tag 16 (b.10: 24 with V2, 21 with V1) */
	assert_int_equal(t, 0);
	assert_int_equal(lvpn_data_overhead(LVPN_DC_AES_256_GCM, 0, 5, &h, &t), 0);
	assert_int_equal(h, 24);
	assert_int_equal(lvpn_data_overhead(LVPN_DC_AES_256_GCM, 0, LVPN_PEER_ID_NONE, &h, &t), 0);
	assert_int_equal(h, 21);
	assert_int_equal(lvpn_dc_overhead(LVPN_DC_AES_128_CBC, LVPN_DC_SHA256, &h, &t), 0);
	assert_int_equal(h, 32 + 16 + 4);
	assert_int_equal(t, 16);
	assert_int_equal(lvpn_dc_overhead(LVPN_DC_CIPHER_COUNT, LVPN_DC_SHA256, &h, &t),
	                 LVPN_ERR_INVAL);
}

/* One packet through seal and open (no compression), checked. */
static void round_trip(struct lvpn_dc_key *tx, struct lvpn_dc_key *rx, uint32_t n, int v2,
                       uint32_t pid)
{
	static uint8_t mem[DCT_BUFSIZE];
	uint8_t ref[1600], hdr[4] = {9 << 3, 1, 2, 3};
	uint32_t hl = v2 ? 4 : 1, got, head, tail;
	struct lvpn_buf b;

	if (!v2)
		hdr[0] = 6 << 3;
	lvpn_buf_init(&b, mem, sizeof(mem));
	assert_int_equal(lvpn_buf_reset(&b, DCT_HEADROOM), 0);
	for (uint32_t i = 0; i < n; i++)
		ref[i] = (uint8_t)(i * 31 + n);
	assert_int_equal(lvpn_buf_put(&b, ref, n), 0);
	assert_int_equal(lvpn_dc_seal(tx, &b, pid, hdr, hl, v2), 0);
	assert_int_equal(lvpn_dc_overhead(tx->cipher, tx->auth, &head, &tail), 0);
	assert_true(b.len >= n + hl + head && b.len <= n + hl + head + tail);
	assert_memory_equal(lvpn_buf_data(&b), hdr, hl);
	assert_int_equal(lvpn_dc_open(rx, &b, hl, v2, &got), 0);
	assert_int_equal(got, pid);
	assert_int_equal(b.len, n);
	assert_memory_equal(lvpn_buf_data(&b), ref, n);
}

static void install_pair(struct lvpn_dc_key *cl, struct lvpn_dc_key *sv, enum lvpn_dc_cipher c,
                         enum lvpn_dc_auth a)
{
	uint8_t key2[LVPN_DC_KEY2_LEN];

	dct_key2(key2, 3);
	assert_int_equal(lvpn_dc_key_install(cl, c, a, key2, LVPN_DC_CLIENT), 0);
	assert_int_equal(lvpn_dc_key_install(sv, c, a, key2, LVPN_DC_SERVER), 0);
}

static void round_trips(void **state)
{
	for (size_t ci = 0; ci < sizeof(all_ciphers) / sizeof(all_ciphers[0]); ci++) {
		for (size_t ai = 0; ai < 4; ai++) {
			struct lvpn_dc_key cl, sv;

			if (lvpn_dc_cipher_is_aead(all_ciphers[ci]) && ai > 0)
				continue;
			install_pair(&cl, &sv, all_ciphers[ci], all_auths[ai]);
			for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
				for (int v2 = 0; v2 < 2; v2++) {
					round_trip(&cl, &sv, sizes[s], v2, 1 + (uint32_t)s);
					round_trip(&sv, &cl, sizes[s], v2,
					           0xFFFFFFFF - (uint32_t)s);
				}
			}
			lvpn_dc_key_free(&cl);
			lvpn_dc_key_free(&sv);
			assert_int_equal(cl.live, 0);
		}
	}
	/* cipher none + auth none: no protection, but it round-trips */
	{
		struct lvpn_dc_key cl, sv;

		install_pair(&cl, &sv, LVPN_DC_CIPHER_NONE, LVPN_DC_AUTH_NONE);
		round_trip(&cl, &sv, 100, 1, 5);
		lvpn_dc_key_free(&cl);
		lvpn_dc_key_free(&sv);
	}
}

/* The same client and server keys really are opposite halves of key2: a
 * client cannot open its own packets. */
static void directions_differ(void **state)
{
	struct lvpn_dc_key cl, sv;
	uint8_t mem[256], hdr[1] = {6 << 3};
	struct lvpn_buf b;
	uint32_t pid;

	install_pair(&cl, &sv, LVPN_DC_AES_256_GCM, 0);
	lvpn_buf_init(&b, mem, sizeof(mem));
	assert_int_equal(lvpn_buf_reset(&b, 64), 0);
	assert_int_equal(lvpn_buf_put(&b, "hello", 5), 0);
	assert_int_equal(lvpn_dc_seal(&cl, &b, 1, hdr, 1, 0), 0);
	assert_int_equal(lvpn_dc_open(&cl, &b, 1, 0, &pid), LVPN_ERR_AUTH);
	lvpn_dc_key_free(&cl);
	lvpn_dc_key_free(&sv);
}

/* AEAD known answer: the packet is computed here with one-shot EVP calls
 * from b.10 (client sends with keys[0]: cipher key = key2[0..), implicit IV
 * = key2[64..72); IV = packet_id || implicit IV; AD = V2 header || packet_id
 * or packet_id alone for V1) and compared byte for byte. */
static void aead_known_answer_one(enum lvpn_dc_cipher c, const char *evp_name, int v2)
{
	uint8_t key2[LVPN_DC_KEY2_LEN], mem[512], expect[512], iv[12], ad[8], tag[16];
	uint8_t hdr[4] = {9 << 3 | 2, 0x12, 0x34, 0x56}, pt[77];
	uint32_t hl = v2 ? 4 : 1, pid = 0x01020304;
	EVP_CIPHER *ev = EVP_CIPHER_fetch(NULL, evp_name, NULL);
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	struct lvpn_dc_key k;
	struct lvpn_buf b;
	int outl, n = 0, adl;

	if (!v2)
		hdr[0] = 6 << 3 | 2;
	for (size_t i = 0; i < sizeof(pt); i++)
		pt[i] = (uint8_t)(0xA0 ^ i);
	dct_key2(key2, 9);
	/* expected: [hdr] pid tag ct */
	memcpy(iv, &(uint8_t[4]){1, 2, 3, 4}, 4);
	memcpy(iv + 4, key2 + 64, 8);
	adl = 0;
	if (v2) {
		memcpy(ad, hdr, 4);
		adl = 4;
	}
	memcpy(ad + adl, iv, 4);
	adl += 4;
	assert_non_null(ev);
	assert_int_equal(EVP_EncryptInit_ex(ctx, ev, NULL, key2, iv), 1);
	assert_int_equal(EVP_EncryptUpdate(ctx, NULL, &outl, ad, adl), 1);
	assert_int_equal(EVP_EncryptUpdate(ctx, expect + hl + 20, &n, pt, sizeof(pt)), 1);
	assert_int_equal(EVP_EncryptFinal_ex(ctx, expect + hl + 20 + n, &outl), 1);
	assert_int_equal(EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_GET_TAG, 16, tag), 1);
	memcpy(expect, hdr, hl);
	memcpy(expect + hl, iv, 4);
	memcpy(expect + hl + 4, tag, 16);

	assert_int_equal(lvpn_dc_key_install(&k, c, 0, key2, LVPN_DC_CLIENT), 0);
	lvpn_buf_init(&b, mem, sizeof(mem));
	assert_int_equal(lvpn_buf_reset(&b, 64), 0);
	assert_int_equal(lvpn_buf_put(&b, pt, sizeof(pt)), 0);
	assert_int_equal(lvpn_dc_seal(&k, &b, pid, hdr, hl, v2), 0);
	assert_int_equal(b.len, hl + 20 + sizeof(pt));
	assert_memory_equal(lvpn_buf_data(&b), expect, b.len);
	lvpn_dc_key_free(&k);
	EVP_CIPHER_CTX_free(ctx);
	EVP_CIPHER_free(ev);
}

static void aead_known_answers(void **state)
{
	for (int v2 = 0; v2 < 2; v2++) {
		aead_known_answer_one(LVPN_DC_AES_256_GCM, "AES-256-GCM", v2);
		aead_known_answer_one(LVPN_DC_AES_128_GCM, "AES-128-GCM", v2);
		aead_known_answer_one(LVPN_DC_CHACHA20_POLY1305, "ChaCha20-Poly1305", v2);
	}
}

/* CBC known answer: the server sends with keys[1] (key2[128..]); the HMAC
 * (key = key2[192..192+digest)) is recomputed with OpenSSL's one-shot HMAC()
 * over IV || ciphertext, and the ciphertext recomputed with EVP AES-CBC
 * (PKCS#7 padding done by EVP) from packet_id || payload with the packet's
 * IV: both must match byte for byte. */
static void cbc_known_answer_one(enum lvpn_dc_cipher c, const char *evp_name, enum lvpn_dc_auth a,
                                 const char *md_name, uint32_t ptlen)
{
	uint8_t key2[LVPN_DC_KEY2_LEN], mem[2048], plain[1700], ct[1800], mac[64];
	uint8_t hdr[1] = {6 << 3};
	const EVP_MD *md = EVP_get_digestbyname(md_name);
	EVP_CIPHER *ev = EVP_CIPHER_fetch(NULL, evp_name, NULL);
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	uint32_t hlen = (uint32_t)EVP_MD_get_size(md), pid = 0xCAFE0001;
	unsigned int maclen = 0;
	struct lvpn_dc_key k;
	struct lvpn_buf b;
	int n = 0, outl;
	const uint8_t *p;

	dct_key2(key2, 4);
	lvpn_put_be32(plain, pid);
	for (uint32_t i = 0; i < ptlen; i++)
		plain[4 + i] = (uint8_t)(i ^ 0x5A);
	assert_int_equal(lvpn_dc_key_install(&k, c, a, key2, LVPN_DC_SERVER), 0);
	lvpn_buf_init(&b, mem, sizeof(mem));
	assert_int_equal(lvpn_buf_reset(&b, 128), 0);
	assert_int_equal(lvpn_buf_put(&b, plain + 4, ptlen), 0);
	assert_int_equal(lvpn_dc_seal(&k, &b, pid, hdr, 1, 0), 0);
	p = lvpn_buf_data(&b);
	assert_int_equal(p[0], 6 << 3);

	/* ciphertext: EVP with the packet's IV */
	assert_int_equal(EVP_EncryptInit_ex(ctx, ev, NULL, key2 + 128, p + 1 + hlen), 1);
	assert_int_equal(EVP_EncryptUpdate(ctx, ct, &n, plain, (int)(4 + ptlen)), 1);
	assert_int_equal(EVP_EncryptFinal_ex(ctx, ct + n, &outl), 1);
	n += outl;
	assert_int_equal(b.len, 1 + hlen + 16 + (uint32_t)n);
	assert_memory_equal(p + 1 + hlen + 16, ct, n);
	/* HMAC over IV || ciphertext */
	assert_non_null(
	    HMAC(md, key2 + 192, (int)hlen, p + 1 + hlen, 16 + (size_t)n, mac, &maclen));
	assert_int_equal(maclen, hlen);
	assert_memory_equal(p + 1, mac, hlen);
	lvpn_dc_key_free(&k);
	EVP_CIPHER_CTX_free(ctx);
	EVP_CIPHER_free(ev);
}

/* One CBC packet as a server would send it, but with the plaintext
 * (packet id || payload || padding) given as is, so the padding can be
 * wrong under a valid HMAC; opened by a client key. */
static int cbc_open_crafted_tail(const uint8_t *plain, int len, int tail, uint32_t *out_len)
{
	uint8_t key2[LVPN_DC_KEY2_LEN], mem[256], iv[16], mac[64], *pkt;
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	unsigned int maclen = 0;
	struct lvpn_dc_key k;
	struct lvpn_buf b;
	uint32_t pid;
	int n = 0, rc;

	dct_key2(key2, 4);
	for (int i = 0; i < 16; i++)
		iv[i] = (uint8_t)(0xA0 + i);
	/* [hdr] HMAC-SHA256(iv || ct) iv ct */
	mem[0] = 6 << 3;
	memcpy(mem + 1 + 32, iv, 16);
	assert_int_equal(EVP_EncryptInit_ex(ctx, EVP_aes_256_cbc(), NULL, key2 + 128, iv), 1);
	assert_int_equal(EVP_CIPHER_CTX_set_padding(ctx, 0), 1);
	assert_int_equal(EVP_EncryptUpdate(ctx, mem + 1 + 32 + 16, &n, plain, len), 1);
	assert_int_equal(n, len);
	/* tail: raw bytes after the ciphertext, so the body is no whole
	 * number of blocks (the HMAC covers them: only the length check
	 * stops the packet) */
	memset(mem + 1 + 32 + 16 + len, 0x5A, (size_t)tail);
	len += tail;
	assert_non_null(
	    HMAC(EVP_sha256(), key2 + 192, 32, mem + 1 + 32, 16 + (size_t)len, mac, &maclen));
	memcpy(mem + 1, mac, 32);
	assert_int_equal(
	    lvpn_dc_key_install(&k, LVPN_DC_AES_256_CBC, LVPN_DC_SHA256, key2, LVPN_DC_CLIENT), 0);
	/* exactly sized: an overread past the packet is ASan's to see */
	pkt = malloc(1 + 32 + 16 + (size_t)len);
	assert_non_null(pkt);
	memcpy(pkt, mem, 1 + 32 + 16 + (size_t)len);
	lvpn_buf_init(&b, pkt, 1 + 32 + 16 + (uint32_t)len);
	b.len = 1 + 32 + 16 + (uint32_t)len;
	rc = lvpn_dc_open(&k, &b, 1, 0, &pid);
	*out_len = b.len;
	free(pkt);
	lvpn_dc_key_free(&k);
	EVP_CIPHER_CTX_free(ctx);
	return rc;
}

static int cbc_open_crafted(const uint8_t *plain, int len, uint32_t *out_len)
{
	return cbc_open_crafted_tail(plain, len, 0, out_len);
}

/* PKCS#7 padding under a valid HMAC: only a well-formed one is accepted.
 * Each bad case below passes if its check in dc_cbc.c is removed. */
static void cbc_bad_padding(void **state)
{
	uint8_t plain[32];
	uint32_t len;

	(void)state;
	/* sanity: 4-byte id, 10 bytes, pad 02 02 */
	memset(plain, 0x11, sizeof(plain));
	plain[14] = plain[15] = 2;
	assert_int_equal(cbc_open_crafted(plain, 16, &len), 0);
	assert_int_equal(len, 10);
	/* pad 0 */
	plain[15] = 0;
	assert_int_equal(cbc_open_crafted(plain, 16, &len), LVPN_ERR_MALFORMED);
	/* pad 3, but 03 07 03 */
	plain[13] = 3;
	plain[14] = 7;
	plain[15] = 3;
	assert_int_equal(cbc_open_crafted(plain, 16, &len), LVPN_ERR_MALFORMED);
	/* pad 13 in a 16-byte body: more than the 12 bytes after the id
	 * (the id's last byte is 13 as well, so only the length check stops it) */
	memset(plain, 13, 16);
	assert_int_equal(cbc_open_crafted(plain, 16, &len), LVPN_ERR_MALFORMED);
	/* pad 17: more than a block */
	memset(plain, 17, 32);
	assert_int_equal(cbc_open_crafted(plain, 32, &len), LVPN_ERR_MALFORMED);
	/* a body of 17 bytes under a valid HMAC: refused before decryption */
	memset(plain, 0x11, 16);
	plain[15] = 1;
	assert_int_equal(cbc_open_crafted_tail(plain, 16, 1, &len), LVPN_ERR_MALFORMED);
	/* pad 16: a whole block of padding is fine */
	memset(plain, 0x11, 16);
	memset(plain + 16, 16, 16);
	assert_int_equal(cbc_open_crafted(plain, 32, &len), 0);
	assert_int_equal(len, 12);
}

/* An AEAD packet one byte shorter than header, packet id and tag is
 * truncated, whatever its bytes (each length from 0 up, in an
 * exactly-sized allocation). */
static void aead_too_short(void **state)
{
	static const enum lvpn_dc_cipher ciphers[] = {LVPN_DC_AES_256_GCM,
	                                              LVPN_DC_CHACHA20_POLY1305};
	uint8_t key2[LVPN_DC_KEY2_LEN];

	(void)state;
	dct_key2(key2, 5);
	for (size_t c = 0; c < sizeof(ciphers) / sizeof(ciphers[0]); c++) {
		for (uint32_t hdr = 1; hdr <= 4; hdr += 3) {
			struct lvpn_dc_key k;

			assert_int_equal(
			    lvpn_dc_key_install(&k, ciphers[c], LVPN_DC_SHA1, key2, LVPN_DC_CLIENT),
			    0);
			for (uint32_t len = hdr; len < hdr + LVPN_DC_PID_LEN + LVPN_DC_TAG_LEN;
			     len++) {
				uint8_t *pkt = malloc(len);
				struct lvpn_buf b;
				uint32_t pid;

				assert_non_null(pkt);
				memset(pkt, 0x33, len);
				lvpn_buf_init(&b, pkt, len);
				b.len = len;
				assert_int_equal(lvpn_dc_open(&k, &b, hdr, hdr == 4, &pid),
				                 LVPN_ERR_TRUNCATED);
				free(pkt);
			}
			lvpn_dc_key_free(&k);
		}
	}
}

static void cbc_known_answers(void **state)
{
	static const uint32_t lens[] = {0, 1, 11, 12, 13, 100, 1400};

	for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		cbc_known_answer_one(LVPN_DC_AES_256_CBC, "AES-256-CBC", LVPN_DC_SHA256, "SHA256",
		                     lens[i]);
		cbc_known_answer_one(LVPN_DC_AES_128_CBC, "AES-128-CBC", LVPN_DC_SHA1, "SHA1",
		                     lens[i]);
		cbc_known_answer_one(LVPN_DC_AES_192_CBC, "AES-192-CBC", LVPN_DC_SHA512, "SHA512",
		                     lens[i]);
	}
}

/* Every single-bit change of a sealed packet (crypto part) is rejected, and
 * every truncation too. */
static void tamper_one(enum lvpn_dc_cipher c, enum lvpn_dc_auth a, int v2)
{
	uint8_t mem[512], sealed[512], work[512], hdr[4] = {9 << 3, 0, 0, 1};
	uint32_t hl = v2 ? 4 : 1, len, pid;
	struct lvpn_dc_key cl, sv;
	struct lvpn_buf b;

	if (!v2)
		hdr[0] = 6 << 3;
	install_pair(&cl, &sv, c, a);
	lvpn_buf_init(&b, mem, sizeof(mem));
	assert_int_equal(lvpn_buf_reset(&b, 128), 0);
	assert_int_equal(lvpn_buf_put(&b, "0123456789abcdefghijklmnopqrstuvwxyz", 36), 0);
	assert_int_equal(lvpn_dc_seal(&cl, &b, 7, hdr, hl, v2), 0);
	len = b.len;
	memcpy(sealed, lvpn_buf_data(&b), len);
	/* The header is authenticated only by AEAD with V2 (b.10); otherwise
	 * proto/data checks opcode and key_id, and a peer-id picks the key. */
	for (uint32_t bit = (v2 && lvpn_dc_cipher_is_aead(c)) ? 0 : hl * 8; bit < len * 8; bit++) {
		memcpy(work, sealed, len);
		work[bit / 8] ^= (uint8_t)(1u << (bit % 8));
		lvpn_buf_init(&b, work, sizeof(work));
		b.len = len;
		int rc = lvpn_dc_open(&sv, &b, hl, v2, &pid);
		if (rc != LVPN_ERR_AUTH && rc != LVPN_ERR_MALFORMED)
			fail_msg("%s bit %u accepted (rc %d)", lvpn_dc_cipher_name(c), bit, rc);
		assert_int_equal(b.len, len);
	}
	for (uint32_t l = 0; l < len; l++) {
		memcpy(work, sealed, len);
		lvpn_buf_init(&b, work, sizeof(work));
		b.len = l;
		assert_true(lvpn_dc_open(&sv, &b, hl, v2, &pid) < 0);
	}
	memcpy(work, sealed, len);
	lvpn_buf_init(&b, work, sizeof(work));
	b.len = len;
	assert_int_equal(lvpn_dc_open(&sv, &b, hl, v2, &pid), 0);
	assert_int_equal(pid, 7);
	lvpn_dc_key_free(&cl);
	lvpn_dc_key_free(&sv);
}

static void tampering(void **state)
{
	for (int v2 = 0; v2 < 2; v2++) {
		tamper_one(LVPN_DC_AES_256_GCM, 0, v2);
		tamper_one(LVPN_DC_AES_128_GCM, 0, v2);
		tamper_one(LVPN_DC_CHACHA20_POLY1305, 0, v2);
		tamper_one(LVPN_DC_AES_256_CBC, LVPN_DC_SHA256, v2);
		tamper_one(LVPN_DC_AES_128_CBC, LVPN_DC_SHA1, v2);
		tamper_one(LVPN_DC_AES_256_CBC, LVPN_DC_SHA512, v2);
		tamper_one(LVPN_DC_CIPHER_NONE, LVPN_DC_SHA256, v2);
	}
}

static void bad_install(void **state)
{
	uint8_t key2[LVPN_DC_KEY2_LEN] = {0};
	struct lvpn_dc_key k;
	uint8_t mem[64];
	struct lvpn_buf b;
	uint32_t pid;

	memset(&k, 0, sizeof(k));
	/* all-zero cipher key refused (OpenVPN check_key) */
	assert_int_equal(lvpn_dc_key_install(&k, LVPN_DC_AES_256_GCM, 0, key2, LVPN_DC_CLIENT),
	                 LVPN_ERR_CRYPTO);
	assert_int_equal(k.live, 0);
	assert_int_equal(lvpn_dc_key_install(&k, LVPN_DC_CIPHER_COUNT, 0, key2, LVPN_DC_CLIENT),
	                 LVPN_ERR_INVAL);
	lvpn_buf_init(&b, mem, sizeof(mem));
	assert_int_equal(lvpn_dc_seal(&k, &b, 1, mem, 1, 0), LVPN_ERR_STATE);
	assert_int_equal(lvpn_dc_open(&k, &b, 1, 0, &pid), LVPN_ERR_STATE);
	lvpn_dc_key_free(&k);
}

static void small_buffers(void **state)
{
	struct lvpn_dc_key cl, sv;
	uint8_t mem[64], hdr[4] = {9 << 3, 0, 0, 1};
	struct lvpn_buf b;

	install_pair(&cl, &sv, LVPN_DC_AES_256_GCM, 0);
	lvpn_buf_init(&b, mem, sizeof(mem));
	assert_int_equal(lvpn_buf_reset(&b, 23), 0); /* needs 24 */
	assert_int_equal(lvpn_buf_put(&b, "x", 1), 0);
	assert_int_equal(lvpn_dc_seal(&cl, &b, 1, hdr, 4, 1), LVPN_ERR_BUFSIZE);
	assert_int_equal(b.head, 23);
	assert_int_equal(b.len, 1);
	lvpn_dc_key_free(&cl);
	lvpn_dc_key_free(&sv);

	install_pair(&cl, &sv, LVPN_DC_AES_256_CBC, LVPN_DC_SHA256);
	lvpn_buf_init(&b, mem, sizeof(mem));
	assert_int_equal(lvpn_buf_reset(&b, 60), 0);
	assert_int_equal(lvpn_buf_put(&b, "x", 1), 0); /* tailroom 3 < padding 11 */
	assert_int_equal(lvpn_dc_seal(&cl, &b, 1, hdr, 1, 0), LVPN_ERR_BUFSIZE);
	assert_int_equal(b.head, 60);
	assert_int_equal(b.len, 1);
	lvpn_dc_key_free(&cl);
	lvpn_dc_key_free(&sv);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(names),
	    cmocka_unit_test(overheads),
	    cmocka_unit_test(round_trips),
	    cmocka_unit_test(directions_differ),
	    cmocka_unit_test(aead_known_answers),
	    cmocka_unit_test(cbc_known_answers),
	    cmocka_unit_test(cbc_bad_padding),
	    cmocka_unit_test(aead_too_short),
	    cmocka_unit_test(tampering),
	    cmocka_unit_test(bad_install),
	    cmocka_unit_test(small_buffers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
