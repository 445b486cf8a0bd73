/* SPDX-License-Identifier: BSD-2-Clause */
/* libFuzzer: the static-key mode's link input (--secret: every datagram is
 * data, there is no opcode to stop a forged one early).  A session in
 * static-key mode (AES-256-CBC, HMAC-SHA1, key direction 1; compression
 * framing from byte 0) receives:
 *   byte 0 bit 7 clear: the rest of the input as it is (forged packets:
 *     dropped at the HMAC);
 *   bit 7 set: the rest sealed by the peer (direction 0) first, so the
 *     HMAC holds and everything after it runs: the time field, the replay
 *     window, compression framing, ping/OCC and what goes to the TUN.
 *   bit 6 set (and 7 clear): the rest is the CBC plaintext itself, cut to
 *     whole blocks (id || time || payload || pad, all the fuzzer's: short
 *     plaintexts, bad padding, any id and time), encrypted and MACed by
 *     the harness with OpenSSL so that it authenticates.
 * Bits 0-2 pick the compression framing, bit 3 the peer's clock jump
 * (a later sender time restarts the receiver's window). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "proto/comp.h"
#include "proto/session.h"
#include "proto/skey.h"

static struct lvpn_session *rx[6];
static struct lvpn_skey peer;
static uint8_t key[256];
static struct lvpn_log lg;
static int ready;

static void quiet(void *ctx, int level, const char *line)
{
	(void)ctx;
	(void)level;
	(void)line;
}

/* (Re)creates the receiving session for compression framing a. */
static void open_rx(int a)
{
	struct lvpn_session_ops ops = {.log = &lg, .unix_base = 1700000000};
	struct lvpn_session_conf c = {
	    .p2p = 1,
	    .static_key = key,
	    .static_dir = 1,
	    .cipher_fallback = "AES-256-CBC",
	    .auth = "SHA1",
	    .comp = a,
	    .allow_comp = LVPN_COMP_ALLOW_YES,
	};
	struct lvpn_event ev;

	lvpn_session_free(rx[a]);
	if (lvpn_session_new(&c, &ops, 0, &rx[a]))
		abort();
	lvpn_session_next_event(rx[a], &ev); /* CONNECTED */
}

static void setup(void)
{
	for (size_t i = 0; i < sizeof(key); i++)
		key[i] = (uint8_t)(i * 7 + 3);
	lvpn_log_init(&lg, 0, quiet, NULL);
	for (int a = 0; a < 6; a++)
		open_rx(a);
	if (lvpn_skey_init(&peer, LVPN_DC_AES_256_CBC, LVPN_DC_SHA1, key, LVPN_SKEY_NORMAL, 64, 15))
		abort();
	ready = 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* HMAC-SHA1(iv || ct) iv ct, ct = AES-256-CBC(pt) without padding added:
 * what the direction-0 peer sends (cipher key at 0, HMAC key at 64). */
static void raw_cbc(struct lvpn_buf *b, const uint8_t *pt, size_t len)
{
	static const uint8_t iv[16] = {9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 1, 2, 3, 4, 5, 6};
	uint8_t *out = lvpn_buf_data(b);
	EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
	unsigned int mlen = 0;
	int n = 0;

	memcpy(out + 20, iv, 16);
	if (!c || !EVP_EncryptInit_ex(c, EVP_aes_256_cbc(), NULL, key, iv) ||
	    !EVP_CIPHER_CTX_set_padding(c, 0) ||
	    !EVP_EncryptUpdate(c, out + 36, &n, pt, (int)len) || (size_t)n != len)
		abort();
	EVP_CIPHER_CTX_free(c);
	if (!HMAC(EVP_sha1(), key + 64, 20, out + 20, 16 + len, out, &mlen) || mlen != 20)
		abort();
	b->len = (uint32_t)(36 + len);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t mem[4096];
	static uint64_t clock_s = 1700000000;
	struct lvpn_buf b;
	struct lvpn_buf exact;
	struct lvpn_event ev;
	uint8_t *pkt;
	enum lvpn_rx r;
	int alg, restart = 0;

	if (!ready)
		setup();
	if (size < 1 || size > 2000)
		return 0;
	alg = (data[0] & 7) % 6;
	lvpn_buf_init(&b, mem, sizeof(mem));
	if (data[0] & 0x80) {
		if (lvpn_buf_reset(&b, 256) || lvpn_buf_put(&b, data + 1, (uint32_t)(size - 1)))
			return 0;
		if (data[0] & 8)
			clock_s += 100;
		if (lvpn_skey_seal(&peer, &b, clock_s))
			return 0;
	} else if (data[0] & 0x40) {
		uint8_t pt[2016] = {0};
		size_t len = (size - 1) & ~(size_t)15;

		memcpy(pt, data + 1, size - 1);
		raw_cbc(&b, pt, len ? len : 16);
	} else {
		if (lvpn_buf_put(&b, data + 1, (uint32_t)(size - 1)))
			return 0;
	}
	/* the packet in a buffer of its exact size: a read past its end is
	 * a heap overflow AddressSanitizer reports */
	pkt = malloc(b.len ? b.len : 1);
	if (!pkt)
		abort();
	memcpy(pkt, lvpn_buf_data(&b), b.len);
	lvpn_buf_init(&exact, pkt, b.len ? b.len : 1);
	exact.len = b.len;
	(void)lvpn_session_recv(rx[alg], &exact, 1000, &r);
	free(pkt);
	/* an OCC exit ends the session: start a new one for what follows */
	for (lvpn_session_next_event(rx[alg], &ev); ev.type != LVPN_EV_NONE;
	     lvpn_session_next_event(rx[alg], &ev))
		if (ev.type == LVPN_EV_RESTART || ev.type == LVPN_EV_EXIT)
			restart = 1;
	if (restart)
		open_rx(alg);
	return 0;
}
