/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn-bench: a client and a server session engine wired back to back in
 * memory, with a fake clock and a lossless link.
 *
 * The same shape as tests/unit/session_pair.h, without cmocka: every failure
 * is returned (and explained on stderr) instead of asserted, because the
 * benchmark must fail loudly but cleanly.  Used by leanvpn-bench and by the
 * Google Benchmark harness (bench/micro.cc).
 */
#ifndef LVPN_BENCH_PAIR_H
#define LVPN_BENCH_PAIR_H

#include <stddef.h>
#include <stdint.h>

#include "crypto/tls.h"
#include "proto/session.h"

#ifdef __cplusplus
extern "C" {
#endif

#define BPAIR_PKT_MAX 4096
#define BPAIR_QLEN    64

enum bpair_wrap {
	BPAIR_WRAP_NONE = 0,
	BPAIR_WRAP_TLS_AUTH,
	BPAIR_WRAP_TLS_CRYPT,
	BPAIR_WRAP_TLS_CRYPT_V2,
};

struct bpair_q {
	uint8_t pkt[BPAIR_QLEN][BPAIR_PKT_MAX];
	size_t len[BPAIR_QLEN];
	unsigned n;
};

struct bpair_side {
	struct lvpn_session *s;
	struct lvpn_session_conf conf;
	int connected, failed;
};

/* Everything both engines need; large (the link queues): allocate it. */
struct bpair {
	struct lvpn_tls_conf ctc, stc;
	struct lvpn_tls_ctx *cctx, *sctx;
	struct bpair_side c, s;
	struct lvpn_session_ops ops;
	struct lvpn_log log;
	uint64_t now;
	char peer_info[256];
	uint8_t key2[256];
	uint8_t wkc[1024];
	size_t wkc_len;
	struct bpair_q to_s, to_c;
};

/* Returns 1 if pki_dir holds the test PKI (ca.pem, server-rsa*, client-rsa*). */
int bpair_pki_ok(const char *pki_dir);

/* Loads the test PKI from pki_dir, builds both TLS contexts and the session
 * configurations: UDP, data-ciphers = cipher on both sides (the client
 * announces only that cipher), CBC ciphers authenticated with SHA256,
 * mssfix 1492 and tun-mtu 1500 as OpenVPN 2.6's defaults, the given control
 * channel wrap.  No session exists yet.  Returns 0 or -1 (message on stderr). */
int bpair_init(struct bpair *p, const char *pki_dir, const char *cipher, enum bpair_wrap wrap);

/* Creates both sessions and runs the handshake (TLS, key method 2,
 * push/pull) until both have data keys.  Returns 0 or -1. */
int bpair_connect(struct bpair *p);

/* Frees both sessions (the TLS contexts stay for the next connect). */
void bpair_disconnect(struct bpair *p);

/* Frees everything bpair_init made. */
void bpair_free(struct bpair *p);

#ifdef __cplusplus
}
#endif

#endif
