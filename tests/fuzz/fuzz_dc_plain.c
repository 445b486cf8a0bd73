/* libFuzzer: everything after the data channel's authentication.  The
 * fuzzer's bytes are the PLAINTEXT of a data packet: the harness seals
 * them with a fixed key (so the tag / HMAC is always right), opens the
 * packet as the peer would, and hands the result to what the session does
 * next: compression framing and LZ4 decompression (lvpn_comp_recv), the
 * ping/OCC check, OCC parsing and the MSS clamp.
 * Byte 0: bits 0-1 the suite (AES-256-GCM, CHACHA20-POLY1305, AES-256-CBC
 * with HMAC-SHA256), bits 2-4 the compression framing, bits 5-6 the
 * allow-compression mode. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "proto/comp.h"
#include "proto/data.h"
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
static struct lvpn_comp comp[NALGS][3];
static int ready;

static void setup(void)
{
	uint8_t key2[LVPN_DC_KEY2_LEN];

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
	s = (data[0] & 3) % NSUITES;
	c = &comp[(data[0] >> 2 & 7) % NALGS][(data[0] >> 5 & 3) % 3];
	dc_fuzz_prepare(&rx[s], &b, mem, sizeof(mem), data + 1, size - 1);
	if (lvpn_data_seal(&tx[s], &b) != 0)
		abort();
	if (lvpn_data_open(&rx[s], &b, 100, &kid) != 0 || kid != 0)
		abort(); /* a packet we sealed must open */
	if (b.len != size - 1 || memcmp(lvpn_buf_data(&b), data + 1, size - 1) != 0)
		abort(); /* and give back exactly what went in */
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
