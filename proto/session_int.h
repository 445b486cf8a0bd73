/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - session engine internals (shared by proto/session*.c only). */
#ifndef LVPN_SESSION_INT_H
#define LVPN_SESSION_INT_H

#include "crypto/kdf.h"
#include "crypto/tls.h"
#include "proto/wrap.h"
#include "proto/comp.h"
#include "proto/ctrlmsg.h"
#include "proto/datachan.h"
#include "proto/fragment.h"
#include "proto/kem2.h"
#include "proto/pkt.h"
#include "proto/config/push.h"
#include "proto/reliable.h"
#include "proto/skey.h"
#include "proto/tcpframe.h"
#include "proto/session.h"
#include "base/wire.h"

/* Key state, as OpenVPN's ssl_common.h S_* (the server swaps SENT/GOT). */
enum ks_state {
	KS_NONE = 0,  /* slot unused */
	KS_ERROR,     /* failed; the session restarts or the key is dropped */
	KS_PRE_START, /* our reset is queued, waiting for its ACK */
	KS_START,     /* resets exchanged: TLS handshake */
	KS_SENT_KEY,  /* our key method 2 message is written */
	KS_GOT_KEY,   /* the peer's key method 2 message is read */
	KS_ACTIVE,    /* control channel established */
	KS_GENERATED, /* data channel keys installed */
};

enum { KS_PRIMARY = 0, KS_LAME = 1, KS_COUNT = 2 };

struct keystate {
	enum ks_state state;
	uint8_t key_id;
	uint8_t initial_op; /* the reset opcode that opened this key */
	uint8_t peer_reset_seen;
	uint8_t tls_rx; /* ciphertext fed since TLS last had nothing to read */
	struct lvpn_rel rel;
	struct lvpn_tls_sess *tls;
	struct lvpn_key_source local; /* our key method 2 randoms */
	struct lvpn_key_source peer;  /* the peer's, for the legacy PRF */
	uint64_t must_negotiate;      /* ms: handshake deadline (hand-window) */
	uint64_t established;         /* ms: when it reached KS_ACTIVE */
	uint64_t must_die;            /* ms: lame-duck expiry */
	uint64_t send_after;          /* ms: preferred for sending from then on */
	uint64_t n_bytes, n_packets;  /* data through this key (reneg limits) */
};

#define EVQ_LEN 8
#define EV_TEXT 256

struct evslot {
	enum lvpn_event_type type;
	int reason;
	char text[EV_TEXT];
	size_t text_len;
};

/* Sizes of the session's own buffers (allocated once at creation). */
#define PLAIN_IN_SIZE   16384 /* TLS plaintext being assembled (one record) */
#define CIPHER_TMP_SIZE 12288 /* TLS ciphertext pulled before queueing, key method 2 */
#define PUSH_STORE_SIZE 16384
#define TCP_FRAME_MAX   65537 /* a whole u16-length frame and its prefix */

struct lvpn_session {
	struct lvpn_session_conf conf;
	struct lvpn_session_ops ops;
	struct lvpn_log *log;

	uint8_t sid[LVPN_SID_SIZE];      /* ours */
	uint8_t peer_sid[LVPN_SID_SIZE]; /* theirs */
	int have_peer_sid;
	uint8_t next_key_id; /* for the next soft reset */

	struct lvpn_wrap wrap; /* tls-auth / tls-crypt / v2 (key_id 0) */
	struct lvpn_wrap dyn;  /* dyn-tls-crypt (key_id > 0) */
	int have_dyn;
	int early_neg; /* v2 client: server asked to resend WKc */

	struct keystate ks[KS_COUNT];
	uint32_t payload_max; /* TLS bytes per control packet */

	/* data channel */
	struct lvpn_data data;
	struct lvpn_comp comp;
	enum lvpn_dc_cipher cipher;
	enum lvpn_dc_auth auth;
	int cipher_set;
	int use_ekm;
	int use_v2; /* send P_DATA_V2 */
	uint32_t peer_id;
	uint16_t mss_max;      /* mssfix ceiling; 0 = off */
	int is_static;         /* static-key mode: skey instead of data */
	struct lvpn_skey skey; /* static-key mode's data channel */
	struct lvpn_frag frag; /* --fragment (conf.fragment set) */
	int frag_on;

	/* what the peer told us (server side: from key method 2) */
	char peer_info[1024];
	char peer_user[256];
	char peer_cert[96]; /* server: SHA-256 of the client's
	                     * certificate at key id 0, "" none */
	char *peer_pass;    /* server only: LVPN_KEM2_USERPASS_MAX */
	int peer_creds_too_long;
	unsigned peer_iv_proto;
	char peer_ciphers[256];
	char peer_cipher_occ[64];

	/* push / pull */
	int pushed;                 /* client: PUSH_REPLY complete */
	int push_sent;              /* server: PUSH_REPLY sent */
	int push_requested;         /* server: a PUSH_REQUEST waits */
	int occ_reply;              /* an OCC_REPLY is due */
	uint64_t push_request_next; /* client: next PUSH_REQUEST (ms) */
	uint64_t push_deadline;     /* client: give up waiting (ms) */
	struct lvpn_push_acc push;  /* client: the reply's pieces merged */
	char *push_store;
	struct lvpn_push *pushed_opts; /* client: the reply judged and typed */
	int cc_exit;                   /* EXIT over the control channel */
	int dyn_tls_crypt;             /* negotiated */

	/* keepalive */
	uint64_t ping_ms, ping_restart_ms, ping_exit_ms; /* lvpn_sess_secs_ms */
	uint64_t last_sent, last_recv;                   /* ms */
	uint64_t inactive_ms;                            /* --inactive (0: off) */
	uint64_t inactive_start;                         /* ms: start of the current window */
	uint64_t inactive_count;                         /* tunnel bytes in it */
	int exit_pending;                                /* explicit-exit-notify packets to send */
	uint64_t exit_next;

	/* buffers */
	uint8_t *plain_in; /* TLS plaintext read so far */
	size_t plain_len;
	uint8_t *cipher_tmp;
	struct lvpn_tcpframe tf; /* TCP: the stream being reassembled */
	uint8_t *tf_mem;

	/* events */
	struct evslot evq[EVQ_LEN];
	unsigned ev_head, ev_count;
	struct evslot ev_out; /* the one handed out last */

	struct lvpn_ratelimit drop_rl; /* messages about dropped data packets */
	int dead;                      /* a fatal error was reported */
	uint64_t now;                  /* the latest time the caller gave */
	struct lvpn_session_stats st;
};

/* session.c */
/* Seconds (a configured or pushed timer, up to UINT32_MAX) to
 * milliseconds, in 64 bits: no value wraps to a shorter timer. */
static inline uint64_t lvpn_sess_secs_ms(uint64_t secs)
{
	return secs * 1000u;
}

void lvpn_sess_event(struct lvpn_session *s, enum lvpn_event_type type, int reason,
                     const char *text);
int lvpn_sess_fatal(struct lvpn_session *s, int code, enum lvpn_event_type type, const char *why);
uint64_t lvpn_sess_unix_time(const struct lvpn_session *s, uint64_t now);

/* keystate.c */
/* Sets up key state ks (reliability layer, TLS session, key source) and
 * queues our reset with initial_op.  Errors: those of lvpn_rel_init,
 * lvpn_tls_sess_new, lvpn_key_source_random and lvpn_rel_queue (ks is
 * freed on error). */
LVPN_MUST_CHECK int lvpn_sess_ks_start(struct lvpn_session *s, struct keystate *ks, uint8_t key_id,
                                       uint8_t initial_op, uint64_t now);
/* Server admitted by the HMAC cookie: key id 0 in KS_START, message id 0
 * used in both directions (no reset queued).  Errors: as
 * lvpn_sess_ks_start, without the reset's queueing. */
LVPN_MUST_CHECK int lvpn_sess_ks_start_after_cookie(struct lvpn_session *s, struct keystate *ks,
                                                    uint64_t now);
void lvpn_sess_ks_free(struct keystate *ks);
/* Moves ks on: TLS input and output, key method 2, key installation,
 * control messages, as far as what has arrived allows.  Errors: those of
 * the steps it runs (the TLS record layer, key method 2's parser,
 * lvpn_sess_ks_install_keys, lvpn_sess_msg_handle); a fatal one comes
 * after an event that says why. */
LVPN_MUST_CHECK int lvpn_sess_ks_process(struct lvpn_session *s, struct keystate *ks, uint64_t now);
/* Derives and installs the data keys of ks (and dynamic tls-crypt).
 * Errors: LVPN_ERR_STATE (no cipher negotiated), and those of
 * lvpn_data_key_install / lvpn_data_key_activate / lvpn_wrap_init_dyn;
 * each after a RESTART event. */
LVPN_MUST_CHECK int lvpn_sess_ks_install_keys(struct lvpn_session *s, struct keystate *ks,
                                              uint64_t now);
/* Sends len bytes (a control message with its NUL) over ks's TLS.
 * Errors: LVPN_ERR_TLS (after a RESTART event), and those of the TLS
 * write and the reliability layer's queue. */
LVPN_MUST_CHECK int lvpn_sess_ks_send_text(struct lvpn_session *s, struct keystate *ks,
                                           const char *msg, size_t len, uint64_t now);
/* Starts a renegotiation (the next key id).  Errors: those of
 * lvpn_sess_ks_start and lvpn_sess_ks_select_send, after a RESTART event. */
LVPN_MUST_CHECK int lvpn_sess_soft_reset(struct lvpn_session *s, uint64_t now);
/* Picks the key new data packets are sealed with.  Errors: those of
 * lvpn_data_key_activate. */
LVPN_MUST_CHECK int lvpn_sess_ks_select_send(struct lvpn_session *s, uint64_t now);

/* session_msg.c */
/* Handles one control message (PUSH_REQUEST/REPLY, AUTH_FAILED,
 * RESTART, HALT, INFO, ...).  Errors: LVPN_ERR_AUTH_FAILED and
 * LVPN_ERR_STATE after an event, and those of the PUSH_REPLY handling
 * (its verdict, cipher and option checks, each after a RESTART event). */
LVPN_MUST_CHECK int lvpn_sess_msg_handle(struct lvpn_session *s, struct keystate *ks, char *msg,
                                         uint64_t now);
/* Client: the control channel is up; asks for the options.  Errors:
 * those of lvpn_sess_ks_send_text. */
LVPN_MUST_CHECK int lvpn_sess_msg_client_active(struct lvpn_session *s, uint64_t now);
/* Client: repeats PUSH_REQUEST until the reply comes.  Errors:
 * LVPN_ERR_TIMEOUT (no reply within hand-window, after a RESTART event),
 * and those of lvpn_sess_ks_send_text. */
LVPN_MUST_CHECK int lvpn_sess_msg_tick(struct lvpn_session *s, uint64_t now);

/* session_p2p.c */
/* Sets s's cipher to the first of prefer's that other lists and the data
 * channel runs.  Errors: LVPN_ERR_CONFIG (none). */
LVPN_MUST_CHECK int lvpn_sess_cipher_pick(struct lvpn_session *s, const char *prefer,
                                          const char *other);
/* Peer-to-peer mode (conf.p2p), key id 0 up: settles the cipher, peer-id
 * and protocol flags from the peer's peer-info, then installs the data
 * keys.  Errors: LVPN_ERR_CONFIG (no common cipher and no fallback), those
 * of the TLS exporter and of lvpn_sess_ks_install_keys; each after a
 * RESTART event. */
LVPN_MUST_CHECK int lvpn_sess_p2p_active(struct lvpn_session *s, struct keystate *ks, uint64_t now);

/* Static-key mode (conf.static_key): sets up the data channel and
 * reports LVPN_EV_CONNECTED.  Errors: LVPN_ERR_CONFIG (no usable cipher
 * or digest), and those of lvpn_skey_init. */
LVPN_MUST_CHECK int lvpn_sess_static_start(struct lvpn_session *s);

/* session_data.c */
/* Opens a data packet in place.  Errors: drop-class codes of
 * lvpn_data_open and the decompressor (counted; nothing else changes). */
LVPN_MUST_CHECK int lvpn_sess_data_recv(struct lvpn_session *s, struct lvpn_buf *b, uint64_t now,
                                        enum lvpn_rx *rx);
/* Writes the next due keepalive, OCC or exit packet.  Errors:
 * LVPN_ERR_BUFSIZE, and those of lvpn_sess_ks_send_text and the sealing
 * of an own packet. */
LVPN_MUST_CHECK int lvpn_sess_data_poll(struct lvpn_session *s, uint8_t *out, size_t cap,
                                        size_t *len, uint64_t now);
/* Sets up compression framing for alg.  Errors: those of lvpn_comp_init. */
LVPN_MUST_CHECK int lvpn_sess_data_setup_comp(struct lvpn_session *s, enum lvpn_comp_alg alg);

#endif
