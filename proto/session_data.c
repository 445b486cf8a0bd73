/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - the session's data path: TUN packets sealed in place into link
 * packets and back, keepalive pings, OCC, and the exit notification.
 * Nothing here allocates or formats text per packet. */
#include "proto/session_int.h"

#include <string.h>

#include "proto/mss.h"
#include "proto/ping.h"

#define MS               1000u
#define EXIT_INTERVAL_MS 1000u

int lvpn_sess_data_setup_comp(struct lvpn_session *s, enum lvpn_comp_alg alg)
{
	if (s->comp.alg == alg && s->comp.max_payload)
		return 0;
	lvpn_comp_free(&s->comp);
	return lvpn_comp_init(&s->comp, alg, (enum lvpn_comp_allow)s->conf.allow_comp,
	                      s->conf.tun_mtu + s->conf.tun_mtu_extra);
}

/* --inactive: without a byte count, any tunnel packet starts the window
 * again; with one, bytes are counted per window (checked in tick). */
static void tunnel_activity(struct lvpn_session *s, uint64_t len, uint64_t now)
{
	if (!s->inactive_ms)
		return;
	s->inactive_count += len;
	if (s->conf.inactive_bytes <= 0)
		s->inactive_start = now;
}

/* The key state whose data key is the primary one (for reneg counters). */
static struct keystate *sending_ks(struct lvpn_session *s)
{
	int p = s->data.primary;
	uint8_t id = p >= 0 ? s->data.slot[p].key_id : 0xff;

	for (int i = 0; i < KS_COUNT; i++)
		if (s->ks[i].state == KS_GENERATED && s->ks[i].key_id == id)
			return &s->ks[i];
	return NULL;
}

/* --mssfix on a TUN packet or a TAP frame, both ways as 2.6 does. */
static void clamp(const struct lvpn_session *s, struct lvpn_buf *b)
{
	if (s->conf.tap)
		lvpn_mss_clamp_eth(lvpn_buf_data(b), b->len, s->mss_max);
	else
		lvpn_mss_clamp(lvpn_buf_data(b), b->len, s->mss_max);
}

/* --fragment: the largest fragment payload with the cipher in use, for
 * datagrams of at most conf.fragment bytes (less the outer IP and UDP
 * headers with "mtu").  Arithmetic only. */
static uint32_t frag_max(const struct lvpn_session *s)
{
	uint32_t head, tail, max, dgram = s->conf.fragment;
	int rc = s->is_static
	             ? lvpn_skey_overhead(s->cipher, s->auth, &head, &tail)
	             : lvpn_data_overhead(s->cipher, s->auth, s->data.peer_id, &head, &tail);

	if (s->conf.fragment_mtu)
		dgram -= s->conf.link_ipv6 ? 48 : 28;
	if (rc || lvpn_frag_payload_max(dgram, head, tail, &max))
		return 4; /* cannot fit: the smallest cut (too many: refused) */
	return max;
}

/* Compression framing, then the fragment header (the first fragment stays
 * in b, the rest waits for lvpn_sess_data_poll). */
static int frame_out(struct lvpn_session *s, struct lvpn_buf *b)
{
	int rc = lvpn_comp_send(&s->comp, b);

	if (rc == 0 && s->frag_on)
		rc = lvpn_frag_send(&s->frag, b, frag_max(s));
	return rc;
}

/* Encryption and the TCP prefix. */
static int crypt_out(struct lvpn_session *s, struct lvpn_buf *b, int tcp, uint64_t now)
{
	int rc = s->is_static ? lvpn_skey_seal(&s->skey, b, lvpn_sess_unix_time(s, now))
	                      : lvpn_data_seal(&s->data, b);

	if (rc == 0 && tcp)
		rc = lvpn_tcpframe_prefix(b);
	return rc;
}

/* comp framing, fragment, seal, TCP prefix: the common tail of every data
 * packet (frag: b already holds a framed fragment). */
static int seal(struct lvpn_session *s, struct lvpn_buf *b, int frag, uint64_t now)
{
	struct keystate *ks;
	uint32_t plain = b->len;
	int rc;

	rc = frag ? 0 : frame_out(s, b);
	if (rc == 0)
		rc = crypt_out(s, b, s->conf.transport == LVPN_TRANSPORT_TCP, now);
	if (rc)
		return rc;
	ks = sending_ks(s);
	if (ks) {
		ks->n_bytes += plain;
		ks->n_packets++;
	}
	s->last_sent = now;
	return 0;
}

/* One TUN packet of a batch sealed in place (the tail of seal() without
 * its per-packet bookkeeping, which the batch does once). */
static int seal_one(struct lvpn_session *s, struct lvpn_buf *b, int tcp, uint64_t now)
{
	int rc;

	if (b->len > s->conf.tun_mtu + s->conf.tun_mtu_extra)
		return LVPN_ERR_TOO_BIG;
	if (s->mss_max)
		clamp(s, b);
	rc = frame_out(s, b);
	return rc ? rc : crypt_out(s, b, tcp, now);
}

unsigned lvpn_session_encrypt_batch(struct lvpn_session *s, struct lvpn_buf *const *b, unsigned n,
                                    uint64_t now, int *rc)
{
	int tcp = s->conf.transport == LVPN_TRANSPORT_TCP;
	uint64_t plain = 0, wire = 0;
	struct keystate *ks;
	unsigned ok = 0;

	if (s->dead || (!s->is_static && s->data.primary < 0)) {
		for (unsigned i = 0; i < n; i++)
			rc[i] = LVPN_ERR_AGAIN;
		return 0;
	}
	for (unsigned i = 0; i < n; i++) {
		uint32_t len = b[i]->len;

		rc[i] = seal_one(s, b[i], tcp, now);
		if (rc[i]) {
			if (rc[i] != LVPN_ERR_TOO_BIG) /* refused, not dropped */
				s->st.data_drop++;
			continue;
		}
		plain += len;
		wire += b[i]->len;
		ok++;
	}
	if (!ok)
		return 0;
	ks = sending_ks(s);
	if (ks) {
		ks->n_bytes += plain;
		ks->n_packets += ok;
	}
	s->last_sent = now;
	s->st.tun_rx_bytes += plain;
	tunnel_activity(s, plain, now);
	s->st.link_tx += ok;
	s->st.link_tx_bytes += wire;
	return ok;
}

int lvpn_session_encrypt(struct lvpn_session *s, struct lvpn_buf *b, uint64_t now)
{
	int rc;

	lvpn_session_encrypt_batch(s, &b, 1, now, &rc);
	return rc;
}

static int occ_received(struct lvpn_session *s, const uint8_t *p, size_t len)
{
	struct lvpn_occ_msg m;

	if (lvpn_occ_parse(p, len, &m))
		return 0;
	if (m.op == LVPN_OCC_REQUEST)
		s->occ_reply = 1;
	else if (m.op == LVPN_OCC_EXIT)
		return lvpn_sess_fatal(s, LVPN_ERR_STATE,
		                       s->conf.role == LVPN_SESSION_CLIENT || s->conf.p2p
		                           ? LVPN_EV_RESTART
		                           : LVPN_EV_EXIT,
		                       "OCC exit message received from the peer");
	return 0;
}

/* A dropped data packet: counted always, said at most 10 times a minute
 * (a flood of forged packets must not become a flood of log lines);
 * --mute-replay-warnings silences replays, which a lossy path causes. */
enum drop_why { DROP_OPEN, DROP_LZO, DROP_FRAG };

static int dropped(struct lvpn_session *s, int rc, enum drop_why why, uint64_t now)
{
	s->st.data_drop++;
	if (rc == LVPN_ERR_REPLAY && s->conf.mute_replay_warnings)
		return rc;
	if (!lvpn_log_on(s->log, LVPN_LOG_INFO) ||
	    !lvpn_ratelimit_ok(&s->drop_rl, now / MS, 10, 60))
		return rc;
	if (why == DROP_LZO)
		LVPN_LOG(s->log, LVPN_LOG_INFO,
		         "LZO-compressed packet dropped: leanvpn does not "
		         "decompress LZO (use compress lz4-v2 or stub-v2)");
	else if (why == DROP_FRAG)
		LVPN_LOG(s->log, LVPN_LOG_INFO, "FRAG_IN error: %s (dropped)", lvpn_strerror(rc));
	else
		LVPN_LOG(s->log, LVPN_LOG_INFO, "Authenticate/Decrypt packet error: %s (dropped)",
		         lvpn_strerror(rc));
	return rc;
}

int lvpn_sess_data_recv(struct lvpn_session *s, struct lvpn_buf *b, uint64_t now, enum lvpn_rx *rx)
{
	uint8_t key_id;
	uint64_t lzo = s->comp.st.drop_lzo;
	int rc = s->is_static ? lvpn_skey_open(&s->skey, b, now / MS)
	                      : lvpn_data_open(&s->data, b, now / MS, &key_id);

	if (rc == 0) {
		s->st.auth_rx_bytes += b->len;
		rc = s->frag_on ? lvpn_frag_recv(&s->frag, b, now) : 1;
		if (rc == 0) { /* a fragment kept: authenticated, nothing to deliver yet */
			s->last_recv = now;
			return 0;
		}
		if (rc < 0)
			return dropped(s, rc, DROP_FRAG, now);
		rc = lvpn_comp_recv(&s->comp, b);
	}
	if (rc)
		return dropped(s, rc, s->comp.st.drop_lzo != lzo ? DROP_LZO : DROP_OPEN, now);
	/* authenticated and not a replay: the peer is alive */
	s->last_recv = now;
	switch (lvpn_payload_kind(lvpn_buf_data(b), b->len)) {
	case LVPN_PAYLOAD_PING:
		return 0;
	case LVPN_PAYLOAD_OCC:
		return occ_received(s, lvpn_buf_data(b), b->len);
	case LVPN_PAYLOAD_DATA:
		break;
	}
	if (s->mss_max)
		clamp(s, b);
	s->st.tun_tx_bytes += b->len;
	tunnel_activity(s, b->len, now);
	*rx = LVPN_RX_TUN;
	return 0;
}

void lvpn_session_frame(const struct lvpn_session *s, struct lvpn_frame *f)
{
	uint32_t head = 0, tail = 0, h, t;

	/* the cipher may be negotiated later: size for the largest we allow */
	for (int c = 0; c < LVPN_DC_CIPHER_COUNT; c++) {
		if (lvpn_data_overhead((enum lvpn_dc_cipher)c, s->auth, 0, &h, &t) == 0) {
			head = h > head ? h : head;
			tail = t > tail ? t : tail;
		}
	}
	lvpn_comp_overhead(LVPN_COMP_LZ4_V2, &h, &t);
	head += h > 2 ? h : 2;
	tail += t > 1 ? t : 1;
	if (s->frag_on)
		head += LVPN_FRAG_HDR_LEN;
	/* static-key mode: the time after the packet id (and no opcode) */
	f->headroom = head + LVPN_TCP_LEN_SIZE + (s->is_static ? LVPN_SKEY_TIME_LEN : 0);
	f->tailroom = tail;
	f->payload = s->conf.tun_mtu + s->conf.tun_mtu_extra;
}

enum own { OWN_OCC, OWN_PING, OWN_FRAGMENT };

/* Builds one data-channel packet of our own (ping, OCC, the next waiting
 * fragment) in out. */
static int own_packet(struct lvpn_session *s, uint8_t *out, size_t cap, size_t *len,
                      enum lvpn_occ_op op, enum own kind, uint64_t now)
{
	struct lvpn_frame f;
	struct lvpn_buf b;
	int rc;

	lvpn_session_frame(s, &f);
	if (cap < lvpn_frame_bufsize(&f) || cap > UINT32_MAX)
		return LVPN_ERR_BUFSIZE;
	lvpn_buf_init(&b, out, (uint32_t)cap);
	rc = lvpn_buf_reset(&b, f.headroom);
	if (rc == 0 && kind == OWN_FRAGMENT)
		rc = lvpn_frag_next(&s->frag, &b) == 1 ? 0 : LVPN_ERR_STATE;
	else if (rc == 0)
		rc = kind == OWN_PING
		         ? lvpn_ping_build(&b)
		         : lvpn_occ_build(&b, op,
		                          op == LVPN_OCC_REPLY ? s->conf.options_string : NULL);
	if (rc == 0)
		rc = seal(s, &b, kind == OWN_FRAGMENT, now);
	if (rc)
		return rc;
	memmove(out, lvpn_buf_data(&b), b.len);
	*len = b.len;
	return 1;
}

int lvpn_sess_data_poll(struct lvpn_session *s, uint8_t *out, size_t cap, size_t *len, uint64_t now)
{
	if (!s->is_static && s->data.primary < 0)
		return 0;
	if (s->frag_on && lvpn_frag_pending(&s->frag))
		return own_packet(s, out, cap, len, 0, OWN_FRAGMENT, now);
	if (s->exit_pending && now >= s->exit_next) {
		if (s->cc_exit) {
			s->exit_pending = 0;
			return lvpn_sess_ks_send_text(s, &s->ks[KS_PRIMARY], "EXIT", 5, now);
		}
		s->exit_pending--;
		s->exit_next = now + EXIT_INTERVAL_MS;
		return own_packet(s, out, cap, len, LVPN_OCC_EXIT, OWN_OCC, now);
	}
	if (s->occ_reply) {
		s->occ_reply = 0;
		return own_packet(s, out, cap, len, LVPN_OCC_REPLY, OWN_OCC, now);
	}
	if (s->ping_ms && now >= s->last_sent + s->ping_ms)
		return own_packet(s, out, cap, len, 0, OWN_PING, now);
	return 0;
}
