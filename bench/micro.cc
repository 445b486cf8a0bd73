/* SPDX-License-Identifier: BSD-2-Clause */
// leanvpn micro-benchmarks (Google Benchmark) over the C core.
//
//   Seal/<cipher>/<size>    proto/data lvpn_data_seal: packet id, encryption,
//                           header, in place (one direction).
//   Open/<cipher>/<size>    lvpn_data_open: header, key lookup, authenticate +
//                           decrypt, replay check/update.  Packets are sealed
//                           in batches of kBatch with the clock paused, so
//                           every open is a real accept.
//   SealBatch/<c>/<size>/<n> lvpn_data_seal_batch, n packets per call.
//   OpenReject/<c>/<kind>   refusing a forged (bad tag) or replayed 1400-byte
//                           packet: the DoS cost.
//   Replay/...              proto/replay check + update: in order, reordered
//                           inside the window, and a replayed id (check only).
//   CtrlParse               proto/pkt lvpn_pkt_parse of a P_CONTROL_V1 with
//                           4 ACKs and a 100-byte TLS payload.
//   Wrap/<mode>             proto/wrap seal + open of that control packet
//                           (tls-auth SHA256, tls-crypt), and seal alone.
//   Handshake/<wrap>        a full in-memory handshake between two engines
//                           (bench/pair.c): TLS, key method 2, push/pull.
//
// Bytes/s counters are payload bytes.  Run: build/bench/micro (or make bench).
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

extern "C" {
#include "bench/pair.h"
#include "crypto/dc.h"
#include "proto/wrap.h"
#include "proto/datachan.h"
#include "proto/pkt.h"
#include "proto/replay.h"
#include "base/wire.h"
}

#ifndef LVPN_SRCDIR
#define LVPN_SRCDIR "."
#endif

namespace {

struct CipherCase {
	const char *name;
	lvpn_dc_cipher cipher;
	lvpn_dc_auth auth;
};

const CipherCase kCiphers[] = {
	{"AES-256-GCM", LVPN_DC_AES_256_GCM, LVPN_DC_AUTH_NONE},
	{"AES-128-GCM", LVPN_DC_AES_128_GCM, LVPN_DC_AUTH_NONE},
	{"CHACHA20-POLY1305", LVPN_DC_CHACHA20_POLY1305, LVPN_DC_AUTH_NONE},
	{"AES-256-CBC", LVPN_DC_AES_256_CBC, LVPN_DC_SHA256},
};

constexpr uint32_t kPeerId = 7;
constexpr unsigned kBatch = 256;

// A sender and a receiver lvpn_data with the same key2 (client sends,
// server receives), plus buffers sized for the cipher's overhead.
struct DataPair {
	lvpn_data tx{}, rx{};
	uint32_t head = 0, tail = 0, cap = 0;
	bool ok = false;

	explicit DataPair(const CipherCase &c)
	{
		uint8_t key2[LVPN_DC_KEY2_LEN];

		for (size_t i = 0; i < sizeof(key2); i++)
			key2[i] = static_cast<uint8_t>(i * 11 + 5);
		ok = lvpn_data_init(&tx, kPeerId, 64, 15) == 0 &&
		     lvpn_data_init(&rx, kPeerId, 64, 15) == 0 &&
		     lvpn_data_key_install(&tx, 0, c.cipher, c.auth, key2, LVPN_DC_CLIENT, 0) == 0 &&
		     lvpn_data_key_install(&rx, 0, c.cipher, c.auth, key2, LVPN_DC_SERVER, 0) == 0 &&
		     lvpn_data_overhead(c.cipher, c.auth, kPeerId, &head, &tail) == 0;
		cap = head + 1500 + tail + 64;
	}
	~DataPair()
	{
		lvpn_data_free(&tx);
		lvpn_data_free(&rx);
	}
};

void put_plain(lvpn_buf *b, uint8_t *mem, uint32_t cap, uint32_t head, uint32_t len)
{
	lvpn_buf_init(b, mem, cap);
	if (lvpn_buf_reset(b, head) != 0)
		std::abort();
	for (uint32_t i = 0; i < len; i++)
		mem[head + i] = static_cast<uint8_t>(i * 3 + 0x45);
	b->len = len;
}

void BM_Seal(benchmark::State &st)
{
	const CipherCase &c = kCiphers[st.range(0)];
	const uint32_t len = static_cast<uint32_t>(st.range(1));
	DataPair p(c);
	std::vector<uint8_t> mem(p.cap);
	lvpn_buf b;

	st.SetLabel(c.name);
	if (!p.ok) {
		st.SkipWithError("key setup failed");
		return;
	}
	put_plain(&b, mem.data(), p.cap, p.head, len);
	for (auto _ : st) {
		b.head = p.head;
		b.len = len;
		if (lvpn_data_seal(&p.tx, &b) != 0) {
			st.SkipWithError("seal failed");
			break;
		}
		benchmark::DoNotOptimize(b.len);
	}
	st.SetBytesProcessed(static_cast<int64_t>(st.iterations()) * len);
}

void BM_Open(benchmark::State &st)
{
	const CipherCase &c = kCiphers[st.range(0)];
	const uint32_t len = static_cast<uint32_t>(st.range(1));
	DataPair p(c);
	std::vector<uint8_t> mem(static_cast<size_t>(p.cap) * kBatch);
	std::vector<lvpn_buf> b(kBatch);
	unsigned next = kBatch;

	st.SetLabel(c.name);
	if (!p.ok) {
		st.SkipWithError("key setup failed");
		return;
	}
	for (auto _ : st) {
		if (next == kBatch) { // reseal a batch with fresh packet ids, untimed
			st.PauseTiming();
			for (unsigned i = 0; i < kBatch; i++) {
				put_plain(&b[i], &mem[static_cast<size_t>(i) * p.cap], p.cap, p.head, len);
				if (lvpn_data_seal(&p.tx, &b[i]) != 0)
					std::abort();
			}
			next = 0;
			st.ResumeTiming();
		}
		uint8_t kid;
		if (lvpn_data_open(&p.rx, &b[next], 0, &kid) != 0 || b[next].len != len) {
			st.SkipWithError("open failed");
			break;
		}
		next++;
	}
	st.SetBytesProcessed(static_cast<int64_t>(st.iterations()) * len);
}

void cipher_args(benchmark::internal::Benchmark *b)
{
	for (int c = 0; c < 4; c++)
		for (int len : {64, 512, 1400})
			b->Args({c, len});
}

BENCHMARK(BM_Seal)->Apply(cipher_args);
BENCHMARK(BM_Open)->Apply(cipher_args);

// The batch API: range(2) packets sealed per lvpn_data_seal_batch call;
// time per packet is Time / range(2).
void BM_SealBatch(benchmark::State &st)
{
	const CipherCase &c = kCiphers[st.range(0)];
	const uint32_t len = static_cast<uint32_t>(st.range(1));
	const uint32_t n = static_cast<uint32_t>(st.range(2));
	DataPair p(c);
	std::vector<uint8_t> mem(static_cast<size_t>(p.cap) * n);
	std::vector<lvpn_buf> b(n);
	std::vector<lvpn_buf *> bp(n);

	st.SetLabel(std::string(c.name) + " x" + std::to_string(n));
	if (!p.ok) {
		st.SkipWithError("key setup failed");
		return;
	}
	for (uint32_t i = 0; i < n; i++) {
		put_plain(&b[i], &mem[static_cast<size_t>(i) * p.cap], p.cap, p.head, len);
		bp[i] = &b[i];
	}
	for (auto _ : st) {
		int err = 0;

		for (uint32_t i = 0; i < n; i++) {
			b[i].head = p.head;
			b[i].len = len;
		}
		if (lvpn_data_seal_batch(&p.tx, bp.data(), n, &err) != n) {
			st.SkipWithError("seal failed");
			break;
		}
	}
	st.SetItemsProcessed(static_cast<int64_t>(st.iterations()) * n);
	st.SetBytesProcessed(static_cast<int64_t>(st.iterations()) * n * len);
}
BENCHMARK(BM_SealBatch)->Args({0, 1400, 1})->Args({0, 1400, 8})->Args({0, 1400, 32})
	->Args({0, 1400, 128})->Args({0, 64, 32});

// DoS costs: what refusing a forged packet (range(1) = 0: one tag byte
// flipped) or a replayed one (1: a packet already accepted) costs.  Each
// iteration copies the saved packet back first (the open works in place);
// the copy is included in the time.
void BM_OpenReject(benchmark::State &st)
{
	const CipherCase &c = kCiphers[st.range(0)];
	const bool replay = st.range(1) != 0;
	const uint32_t len = 1400;
	DataPair p(c);
	std::vector<uint8_t> mem(p.cap), saved;
	lvpn_buf b;
	uint32_t head, plen;
	uint8_t kid;

	st.SetLabel(std::string(c.name) + (replay ? " replayed" : " bad tag"));
	if (!p.ok) {
		st.SkipWithError("key setup failed");
		return;
	}
	put_plain(&b, mem.data(), p.cap, p.head, len);
	if (lvpn_data_seal(&p.tx, &b) != 0)
		std::abort();
	head = b.head;
	plen = b.len;
	saved.assign(lvpn_buf_data(&b), lvpn_buf_data(&b) + plen);
	if (replay) {
		if (lvpn_data_open(&p.rx, &b, 0, &kid) != 0)
			std::abort();
	} else {
		saved[plen / 2] ^= 1; /* ciphertext or tag/HMAC: either fails */
	}
	for (auto _ : st) {
		std::memcpy(&mem[head], saved.data(), plen);
		b.head = head;
		b.len = plen;
		int rc = lvpn_data_open(&p.rx, &b, 0, &kid);
		if (rc == 0) {
			st.SkipWithError("a bad packet was accepted");
			break;
		}
		benchmark::DoNotOptimize(rc);
	}
}
BENCHMARK(BM_OpenReject)->ArgsProduct({{0, 2, 3}, {0, 1}});

// In-order ids: the common case on a clean link.
void BM_ReplayInOrder(benchmark::State &st)
{
	lvpn_replay r{};
	uint32_t id = 0;

	if (lvpn_replay_init(&r, 64, 15) != 0) {
		st.SkipWithError("init failed");
		return;
	}
	for (auto _ : st) {
		++id;
		if (lvpn_replay_check(&r, id, 0) != 0 || lvpn_replay_update(&r, id, 0, 0) != 0) {
			st.SkipWithError("rejected");
			break;
		}
	}
	lvpn_replay_free(&r);
}
BENCHMARK(BM_ReplayInOrder);

// Pairs swapped (2, 1, 4, 3, ...): every other packet lands behind max_id.
void BM_ReplayReordered(benchmark::State &st)
{
	lvpn_replay r{};
	uint32_t base = 0, k = 0;

	if (lvpn_replay_init(&r, 64, 15) != 0) {
		st.SkipWithError("init failed");
		return;
	}
	for (auto _ : st) {
		uint32_t id = base + (k == 0 ? 2 : 1);

		if (lvpn_replay_check(&r, id, 0) != 0 || lvpn_replay_update(&r, id, 0, 0) != 0) {
			st.SkipWithError("rejected");
			break;
		}
		if (++k == 2) {
			k = 0;
			base += 2;
		}
	}
	lvpn_replay_free(&r);
}
BENCHMARK(BM_ReplayReordered);

// The cost of refusing a replayed id (a DoS cost: check only).
void BM_ReplayReject(benchmark::State &st)
{
	lvpn_replay r{};

	if (lvpn_replay_init(&r, 64, 15) != 0) {
		st.SkipWithError("init failed");
		return;
	}
	for (uint32_t id = 1; id <= 100; id++)
		if (lvpn_replay_update(&r, id, 0, 0) != 0)
			std::abort();
	for (auto _ : st)
		benchmark::DoNotOptimize(lvpn_replay_check(&r, 90, 0));
	lvpn_replay_free(&r);
}
BENCHMARK(BM_ReplayReject);

// A P_CONTROL_V1 as the reliability layer sends it mid-handshake.
size_t control_packet(uint8_t *out, size_t cap)
{
	static const uint8_t sid[LVPN_SID_SIZE] = {1, 2, 3, 4, 5, 6, 7, 8};
	static const uint8_t asid[LVPN_SID_SIZE] = {8, 7, 6, 5, 4, 3, 2, 1};
	static uint8_t payload[100];
	lvpn_ctrl_pkt p{};
	size_t len = 0;

	p.op = LVPN_OP_CONTROL_V1;
	p.has_msg_id = 1;
	p.msg_id = 12;
	p.n_acks = 4;
	for (uint32_t i = 0; i < 4; i++)
		p.acks[i] = 8 + i;
	p.sid = sid;
	p.ack_sid = asid;
	p.payload = payload;
	p.payload_len = sizeof(payload);
	if (lvpn_pkt_write(&p, out, cap, &len) != 0)
		std::abort();
	return len;
}

void BM_CtrlParse(benchmark::State &st)
{
	uint8_t pkt[512];
	size_t len = control_packet(pkt, sizeof(pkt));
	lvpn_ctrl_pkt out;

	for (auto _ : st) {
		if (lvpn_pkt_parse(pkt, len, &out) != 0) {
			st.SkipWithError("parse failed");
			break;
		}
		benchmark::DoNotOptimize(out.payload_len);
	}
	st.SetBytesProcessed(static_cast<int64_t>(st.iterations()) * static_cast<int64_t>(len));
}
BENCHMARK(BM_CtrlParse);

// Control channel wrapping: the server seals, the client opens.
void BM_Wrap(benchmark::State &st)
{
	const int mode = static_cast<int>(st.range(0));
	const bool open = st.range(1) != 0;
	uint8_t key2[LVPN_KEY2_LEN], plain[512], mem[1024];
	lvpn_wrap srv{}, cli{};
	lvpn_buf b;
	size_t len = control_packet(plain, sizeof(plain)), head;
	uint64_t t = 1700000000;

	st.SetLabel(std::string(mode == LVPN_WRAP_AUTH ? "tls-auth SHA256" : "tls-crypt") +
		    (open ? " seal+open" : " seal"));
	for (size_t i = 0; i < sizeof(key2); i++)
		key2[i] = static_cast<uint8_t>(i * 7 + 3);
	if (lvpn_wrap_init(&srv, mode, key2, LVPN_KEY_DIR_NORMAL, "SHA256", 64, 15) != 0 ||
	    lvpn_wrap_init(&cli, mode, key2, LVPN_KEY_DIR_INVERSE, "SHA256", 64, 15) != 0) {
		st.SkipWithError("wrap init failed");
		return;
	}
	head = lvpn_wrap_headroom(&srv);
	for (auto _ : st) {
		lvpn_buf_init(&b, mem, sizeof(mem));
		if (lvpn_buf_reset(&b, static_cast<uint32_t>(head)) != 0 ||
		    lvpn_buf_put(&b, plain, static_cast<uint32_t>(len)) != 0 ||
		    lvpn_wrap_seal(&srv, &b, t) != 0) {
			st.SkipWithError("seal failed");
			break;
		}
		if (open && (lvpn_wrap_open(&cli, &b, 0, 0, nullptr) != 0 || b.len != len)) {
			st.SkipWithError("open failed");
			break;
		}
	}
	st.SetBytesProcessed(static_cast<int64_t>(st.iterations()) * static_cast<int64_t>(len));
	lvpn_wrap_free(&srv);
	lvpn_wrap_free(&cli);
}
BENCHMARK(BM_Wrap)->Args({LVPN_WRAP_AUTH, 0})->Args({LVPN_WRAP_AUTH, 1})
	->Args({LVPN_WRAP_CRYPT, 0})->Args({LVPN_WRAP_CRYPT, 1});

const char *pki_dir()
{
	const char *e = std::getenv("LVPN_BENCH_PKI");

	return e ? e : LVPN_SRCDIR "/tests/data/pki";
}

// Full handshake: two new sessions, TLS (RSA-2048 test PKI), key method 2,
// PUSH_REQUEST/PUSH_REPLY, data keys installed; contexts built once.
void BM_Handshake(benchmark::State &st)
{
	static const char *const names[] = {"none", "tls-auth", "tls-crypt", "tls-crypt-v2"};
	auto *p = static_cast<bpair *>(std::calloc(1, sizeof(bpair)));
	const auto wrap = static_cast<bpair_wrap>(st.range(0));

	st.SetLabel(names[wrap]);
	if (!p || bpair_init(p, pki_dir(), "AES-256-GCM", wrap) != 0) {
		st.SkipWithError("pair setup failed (set LVPN_BENCH_PKI to tests/data/pki)");
		std::free(p);
		return;
	}
	for (auto _ : st) {
		if (bpair_connect(p) != 0) {
			st.SkipWithError("handshake failed");
			break;
		}
		bpair_disconnect(p);
	}
	bpair_free(p);
	std::free(p);
}
BENCHMARK(BM_Handshake)->DenseRange(0, 3)->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();
