/* SPDX-License-Identifier: BSD-2-Clause */
/* libFuzzer: everything after the data channel's authentication.  The
 * fuzzer's bytes are the PLAINTEXT of a data packet: the harness seals
 * them with a fixed key (so the tag / HMAC is always right), opens the
 * packet as the peer would, and hands the result to what the session does
 * next: compression framing and LZ4 decompression (lvpn_comp_recv), the
 * ping/OCC check, OCC parsing and the MSS clamp.
 * Byte 0: bits 0-1 the suite (AES-256-GCM, CHACHA20-POLY1305, AES-256-CBC
 * with HMAC-SHA256; 3: AES-256-CBC built by the harness itself), bits 2-4
 * the compression framing, bits 5-6 the allow-compression mode.
 * With suite 3 the harness encrypts the input with OpenSSL directly, so
 * the fuzzer also owns the packet id and the CBC padding (the library's
 * own seal always pads correctly): input = packet_id(4) || payload || pad,
 * cut to whole 16-byte blocks, behind a correct HMAC. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "proto/comp.h"
#include "proto/datachan.h"
#include "tests/fuzz/dc_fuzz.h"
#include "proto/mss.h"
#include "proto/ping.h"

#define NSUITES 3
#define NALGS   6

static const struct {
	enum lvpn_dc_cipher c;
	enum lvpn_dc_auth a;
} suites[NSUITES] = {
    {LVPN_DC_AES_256_GCM, LVPN_DC_AUTH_NONE},
    {LVPN_DC_CHACHA20_POLY1305, LVPN_DC_AUTH_NONE},
    {LVPN_DC_AES_256_CBC, LVPN_DC_SHA256},
};

static struct lvpn_data tx[NSUITES], rx[NSUITES];
static uint8_t key2[LVPN_DC_KEY2_LEN];
static struct lvpn_comp comp[NALGS][3];
static int ready;

static void setup(void)
{
	for (int i = 0; i < LVPN_DC_KEY2_LEN; i++)
		key2[i] = (uint8_t)(i * 11 + 5);
	for (int s = 0; s < NSUITES; s++)
		if (lvpn_data_init(&tx[s], 3, 64, 15) || lvpn_data_init(&rx[s], 3, 64, 15) ||
		    lvpn_data_key_install(&tx[s], 0, suites[s].c, suites[s].a, key2, LVPN_DC_CLIENT,
		                          0) ||
		    lvpn_data_key_install(&rx[s], 0, suites[s].c, suites[s].a, key2, LVPN_DC_SERVER,
		                          0))
			abort();
	for (int a = 0; a < NALGS; a++)
		for (int w = 0; w < 3; w++)
			if (lvpn_comp_init(&comp[a][w], (enum lvpn_comp_alg)a,
			                   (enum lvpn_comp_allow)w, 1600))
				abort();
	ready = 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* What a client's AES-256-CBC + HMAC-SHA256 seal would make of the
 * plaintext pt[len] (len a multiple of 16), into b: DATA_V2 header,
 * HMAC(iv || ct), iv, ct.  The keys are the client's send half of key2:
 * cipher key at 0, HMAC key at 64. */
static void raw_cbc(struct lvpn_buf *b, const uint8_t *pt, size_t len)
{
	static const uint8_t iv[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
	uint8_t *out = lvpn_buf_data(b), *ct;
	EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
	unsigned int mlen = 0;
	int n = 0, hdr;

	hdr = lvpn_data_hdr_build(out, LVPN_OP_DATA_V2, 0, 3);
	if (c == NULL || hdr != 4)
		abort();
	memcpy(out + hdr + 32, iv, 16);
	ct = out + hdr + 48;
	if (!EVP_EncryptInit_ex(c, EVP_aes_256_cbc(), NULL, key2, iv) ||
	    !EVP_CIPHER_CTX_set_padding(c, 0) || !EVP_EncryptUpdate(c, ct, &n, pt, (int)len) ||
	    (size_t)n != len)
		abort();
	EVP_CIPHER_CTX_free(c);
	if (!HMAC(EVP_sha256(), key2 + 64, 32, out + hdr + 32, 16 + len, out + hdr, &mlen) ||
	    mlen != 32)
		abort();
	b->len = (uint32_t)(hdr + 48 + len);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t mem[4096];
	struct lvpn_occ_msg m;
	struct lvpn_buf b;
	struct lvpn_comp *c;
	uint8_t kid;
	int s, rc;

	if (!ready)
		setup();
	if (size < 1 || size - 1 > 1800)
		return 0;
	s = data[0] & 3;
	c = &comp[(data[0] >> 2 & 7) % NALGS][(data[0] >> 5 & 3) % 3];
	if (s == NSUITES) {
		uint8_t pt[1808] = {0};
		size_t len = (size - 1) & ~(size_t)15;

		memcpy(pt, data + 1, size - 1);
		dc_fuzz_prepare(&rx[2], &b, mem, sizeof(mem), data, 0);
		raw_cbc(&b, pt, len ? len : 16);
		if (lvpn_data_open(&rx[2], &b, 100, &kid) != 0)
			return 0; /* bad padding, packet id 0, a replay: dropped */
	} else {
		dc_fuzz_prepare(&rx[s], &b, mem, sizeof(mem), data + 1, size - 1);
		if (lvpn_data_seal(&tx[s], &b) != 0)
			abort();
		if (lvpn_data_open(&rx[s], &b, 100, &kid) != 0 || kid != 0)
			abort(); /* a packet we sealed must open */
		if (b.len != size - 1 || memcmp(lvpn_buf_data(&b), data + 1, size - 1) != 0)
			abort(); /* and give back exactly what went in */
	}
	rc = lvpn_comp_recv(c, &b);
	if (rc != 0)
		return 0; /* dropped and counted */
	if (b.head + b.len > sizeof(mem))
		abort();
	switch (lvpn_payload_kind(lvpn_buf_data(&b), b.len)) {
	case LVPN_PAYLOAD_OCC:
		(void)lvpn_occ_parse(lvpn_buf_data(&b), b.len, &m);
		break;
	case LVPN_PAYLOAD_DATA:
		(void)lvpn_mss_clamp(lvpn_buf_data(&b), b.len, 1300);
		break;
	default:
		break;
	}
	return 0;
}
