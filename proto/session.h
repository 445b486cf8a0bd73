/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - the sans-IO session engine: one OpenVPN peer, either role.
 *
 * The engine speaks OpenVPN 2.6's control channel (resets, reliability,
 * TLS, key method 2, push/pull, renegotiation) and data channel for one
 * peer.  It does no I/O and reads no clock: the frontend feeds it link
 * packets, TUN packets and the time, and collects link packets, TUN
 * packets, the next deadline and events.  The client frontend drives one
 * session; the server drives one per client; the in-memory benchmark and the
 * tests wire two back to back.
 *
 * Time is a monotonic count of milliseconds chosen by the caller.
 *
 * Data path (no allocation, no copy):
 *   - lvpn_session_encrypt(): a TUN packet sitting in a buffer with the
 *     session's headroom (lvpn_session_frame()) is encrypted in place; the
 *     same buffer then holds the link packet (with the TCP length prefix on
 *     TCP).
 *   - lvpn_session_recv(): a link packet is processed in place; if it was
 *     data for the TUN, the plaintext is left in the same buffer.
 * Control path: lvpn_session_poll_link() writes, one at a time, the control
 * packets (handshake, ACKs, retransmissions) and keepalive/exit packets that
 * are due.  Call it until it reports nothing, after every input and tick.
 */
#ifndef LVPN_SESSION_H
#define LVPN_SESSION_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/err.h"
#include "base/log.h"
#include "base/wire.h"

struct lvpn_session;
struct lvpn_tls_ctx;
struct lvpn_tls_sess;
struct lvpn_pull_filter;
struct lvpn_netplan;

enum lvpn_session_role {
	LVPN_SESSION_CLIENT = 0, /* TLS client (pull mode unless conf.p2p) */
	LVPN_SESSION_SERVER = 1, /* TLS server: one client of a server, or
	                          * the tls-server peer when conf.p2p */
};

enum lvpn_transport {
	LVPN_TRANSPORT_UDP = 0,
	LVPN_TRANSPORT_TCP = 1,
};

/* What lvpn_session_recv() made of a link packet. */
enum lvpn_rx {
	LVPN_RX_NONE = 0, /* consumed (control, ping, OCC) or dropped */
	LVPN_RX_TUN = 1,  /* the buffer now holds a packet for the TUN device */
};

enum lvpn_event_type {
	LVPN_EV_NONE = 0,
	LVPN_EV_TLS_UP,       /* control channel up (TLS + key method 2) */
	LVPN_EV_PUSH_REPLY,   /* client: the full PUSH_REPLY; text = options */
	LVPN_EV_CONNECTED,    /* data channel keys installed: traffic flows */
	LVPN_EV_AUTH_FAILED,  /* client: AUTH_FAILED; text = the reason */
	LVPN_EV_RESTART,      /* reconnect (ping-restart, RESTART, TLS error) */
	LVPN_EV_HALT,         /* stop for good (HALT, ping-exit) */
	LVPN_EV_EXIT,         /* the peer said it is leaving */
	LVPN_EV_INFO,         /* INFO / INFO_PRE / AUTH_PENDING; text = message */
	LVPN_EV_PUSH_REQUEST, /* server: the client asked for its options */
	LVPN_EV_RENEGOTIATED, /* a new data key is in use */
	LVPN_EV_AUTH_TOKEN,   /* client: the server renewed the auth-token; text = it */
};

struct lvpn_event {
	enum lvpn_event_type type;
	int reason;       /* LVPN_ERR_* behind a RESTART/HALT, else 0 */
	const char *text; /* valid until the next call into the session */
	size_t text_len;
};

/* Everything the engine needs from the outside, besides packets and time. */
struct lvpn_session_ops {
	void *ctx;
	struct lvpn_log *log;
	/* Fills out with cryptographically secure random bytes; 0 or an error.
	 * NULL: OpenSSL's RAND_bytes. */
	int (*rand_bytes)(void *ctx, uint8_t *out, size_t len);
	/* Unix time in seconds at now == 0: the long-form packet ids of
	 * tls-auth and tls-crypt carry wall-clock time. */
	uint64_t unix_base;
	/* Client, optional: called just before key method 2 carries the
	 * username and password (the first key and every renegotiation), so
	 * a frontend that forgot the password (auth-nocache) can refill the
	 * buffers conf.username/conf.password point to.  Non-zero: send
	 * them as they are. */
	int (*refresh_creds)(void *ctx);
};

/* How one session behaves.  Strings and keys are borrowed: they must
 * outlive the session (the frontend keeps its options). */
/* How much a tap frame may exceed tun-mtu (2.6 TAP_MTU_EXTRA_DEFAULT). */
#define LVPN_TAP_MTU_EXTRA 32

struct lvpn_session_conf {
	enum lvpn_session_role role;
	enum lvpn_transport transport;
	struct lvpn_tls_ctx *tls; /* shared TLS context (crypto/tls.h) */

	/* control channel */
	int wrap_mode;           /* enum lvpn_wrap_mode (proto/wrap.h) */
	const uint8_t *wrap_key; /* 256-byte key2: tls-auth, tls-crypt, or
	                          * the tls-crypt-v2 client key Kc */
	int wrap_dir;            /* enum lvpn_key_dir for tls-auth */
	const char *wrap_digest; /* tls-auth digest (--auth), NULL: SHA1 */
	const uint8_t *wkc;      /* tls-crypt-v2 client: the wrapped key */
	size_t wkc_len;
	int tcv2_server;  /* server: the client uses tls-crypt-v2
	                   * (wrap_key is its Kc, unwrapped when the
	                   * session was admitted) */
	uint32_t tls_mtu; /* control packet size; 0: 1250 */

	/* data channel */
	const char *data_ciphers;    /* NCP list, ':' separated; NULL: 2.6's default */
	const char *cipher_fallback; /* for peers without NCP (data-ciphers-fallback) */
	const char *auth;            /* CBC HMAC digest; NULL: SHA1 */
	int comp;                    /* enum lvpn_comp_alg (proto/comp.h) */
	int allow_comp;              /* enum lvpn_comp_allow */
	uint32_t tun_mtu;            /* 0: 1500 */
	int tap;                     /* layer 2: the device gives Ethernet frames */
	uint32_t tun_mtu_extra;      /* a frame may exceed tun_mtu by this much (2.6's
	                              * tun-mtu-extra: 32 for tap, the Ethernet header
	                              * and a VLAN tag); 0 for tun */
	uint32_t mssfix;             /* --mssfix N; 0: off */
	int mssfix_mtu;              /* "mtu": N counts the outer IP/UDP headers */
	int mssfix_fixed;            /* "fixed": N is the inner packet size */
	int link_ipv6;               /* the link is IPv6 (for mssfix and fragment) */
	uint32_t fragment;           /* --fragment N (UDP only): data datagrams of at
	                              * most N bytes (proto/fragment.h); 0: off */
	int fragment_mtu;            /* "mtu": N counts the outer IP/UDP headers */
	uint32_t replay_window;      /* --replay-window n (0 on TCP: linear) */
	uint32_t replay_time;        /* --replay-window n t */
	int mute_replay_warnings;    /* --mute-replay-warnings */
	int no_replay;               /* --no-replay (static-key mode only) */

	/* timers, in seconds (0 = off where that makes sense) */
	uint32_t tls_timeout;          /* 0: 2 */
	uint32_t hand_window;          /* 0: 60 */
	uint32_t tran_window;          /* 0: 3600 */
	uint32_t reneg_sec;            /* --reneg-sec max; 0: never by time */
	uint32_t reneg_sec_min;        /* --reneg-sec max min; 0: not given (a server
	                                * then takes up to 10% off, as 2.6) */
	int64_t reneg_bytes;           /* <= 0: off */
	int64_t reneg_pkts;            /* <= 0: off */
	uint32_t ping;                 /* send a ping after this much silence */
	uint32_t ping_restart;         /* restart after this much silence */
	uint32_t ping_exit;            /* exit after this much silence */
	uint32_t explicit_exit_notify; /* exit notifications to send on close */
	uint32_t inactive;             /* --inactive n: exit after n s without tunnel traffic */
	int64_t inactive_bytes;        /* --inactive n bytes: ... or less than bytes in n s */

	/* key method 2 */
	const char *options_string; /* OCC string (proto/kem2.h lvpn_occ_string) */
	const char *peer_info;      /* client: proto/kem2.h lvpn_peer_info_build */
	const char *username;       /* client: auth-user-pass, else NULL */
	const char *password;       /* client: password or auth-token */
	unsigned iv_proto;          /* client: the IV_PROTO bits peer_info announces */

	/* client: what it takes from a PUSH_REPLY.  The engine judges every
	 * pushed option once, when the reply is complete and before anything
	 * applies it (proto/config/push.h lvpn_push_add): an option ignored is
	 * dropped from the list lvpn_session_pushed_next shows; a rejected one
	 * refuses the reply (LVPN_EV_RESTART). */
	const struct lvpn_pull_filter *pull_filters; /* --pull-filter, in order */
	int npull_filters;
	int route_nopull; /* --route-nopull */
	/* the configured network plan the pushed network options are applied
	 * onto (lvpn_push_set_base; NULL: an empty plan); it must outlive the
	 * session */
	const struct lvpn_netplan *net_base;

	/* server */
	uint32_t peer_id; /* the peer-id this client gets */
	int force_ekm;    /* --force-tls-key-material-export: a client without
	                   * IV_PROTO_TLS_KEY_EXPORT gets AUTH_FAILED */

	/* peer-to-peer: tls-client or tls-server without pull or mode
	 * server.  Nothing is pushed: both sides send peer_info (the
	 * short p2p form: IV_CIPHERS, IV_PROTO with NCP_P2P), the cipher
	 * is the tls-server's first data-cipher the tls-client has too
	 * (else cipher_fallback), and the data keys are installed as soon
	 * as key method 2 is done (OpenVPN 2.6 ssl_ncp.c p2p_mode_ncp). */
	int p2p;
	/* static-key mode (--secret, p2p set, no TLS: tls may be NULL): the
	 * 256-byte key file contents, the key direction (enum lvpn_skey_dir:
	 * -1 none, 0, 1), the cipher in cipher_fallback (--cipher, CBC or
	 * none) and the digest in auth.  The data channel is up at once
	 * (LVPN_EV_CONNECTED at creation); nothing is negotiated. */
	const uint8_t *static_key;
	int static_dir;
};

struct lvpn_session_stats {
	uint64_t link_rx, link_tx; /* packets */
	uint64_t link_rx_bytes, link_tx_bytes;
	uint64_t tun_rx_bytes, tun_tx_bytes; /* plaintext through the tunnel */
	uint64_t auth_rx_bytes;              /* data packets authenticated, as
	                                      * decrypted (pings too): OpenVPN's
	                                      * "Auth read bytes" */
	uint64_t ctrl_drop;                  /* control packets dropped */
	uint64_t data_drop;                  /* data packets dropped */
	uint64_t renegotiations;
};

/* Creates a session; a client queues its first reset at once (poll it with
 * lvpn_session_poll_link).  All memory the session will ever use is
 * allocated here.
 * Errors: LVPN_ERR_INVAL (conf), LVPN_ERR_CONFIG (unknown cipher, ...),
 * LVPN_ERR_NOMEM, LVPN_ERR_CRYPTO, LVPN_ERR_TLS. */
LVPN_MUST_CHECK int lvpn_session_new(const struct lvpn_session_conf *conf,
                                     const struct lvpn_session_ops *ops, uint64_t now,
                                     struct lvpn_session **out);

/* What a UDP server's stateless HMAC-cookie exchange (proto/server/cookie.h)
 * settled before any session existed. */
struct lvpn_session_cookie {
	uint8_t client_sid[8]; /* the client's session id (LVPN_SID_SIZE) */
	uint8_t cookie[8];     /* ours: the cookie its third packet ACKed */
	uint32_t reply_id;     /* the wrap replay id our stateless reply carried */
};

/* Server: creates a session admitted by the cookie exchange, as OpenVPN
 * 2.6 does after it: the resets are already exchanged (message id 0 used
 * in both directions, nothing queued), our sid is the cookie, and the
 * wrap's send counter continues after reply_id, so the client's replay
 * window accepts what follows.  Feed it the third packet next.
 * Errors: LVPN_ERR_INVAL (not a server conf, ck NULL); as
 * lvpn_session_new. */
LVPN_MUST_CHECK int lvpn_session_new_from_cookie(const struct lvpn_session_conf *conf,
                                                 const struct lvpn_session_ops *ops, uint64_t now,
                                                 const struct lvpn_session_cookie *ck,
                                                 struct lvpn_session **out);

/* Frees everything, wiping keys.  NULL is fine. */
void lvpn_session_free(struct lvpn_session *s);

/* Starts leaving: queues the exit notification (explicit-exit-notify) so
 * the next lvpn_session_poll_link calls send it. */
void lvpn_session_close(struct lvpn_session *s, uint64_t now);

struct lvpn_push;

/* Client: after LVPN_EV_PUSH_REPLY, the server's options as the client
 * took them (proto/config/push.h: conf.pull_filters, the push permission and
 * route-nopull applied; the accepted options tokenized, the engine's ones
 * typed), else NULL; valid until the session is freed.  The frontend
 * applies its part (addresses, routes, DNS, tun-mtu) from it. */
const struct lvpn_push *lvpn_session_push(const struct lvpn_session *s);

/* Static-key mode with replay protection (--replay-persist): last gives
 * the newest packet id received and its sender time (1; 0 when the
 * session has no such state, or has received nothing yet); restore makes
 * the session refuse what a previous run took up to (id, time)
 * (proto/replaypersist.h; nothing outside that mode). */
int lvpn_session_replay_last(const struct lvpn_session *s, uint32_t *id, uint32_t *time);
void lvpn_session_replay_restore(struct lvpn_session *s, uint32_t id, uint32_t time);

/* Client: the text of each accepted option of lvpn_session_push(), for
 * display and tests: NULL for the first; NULL at the end. */
const char *lvpn_session_pushed_next(const struct lvpn_session *s, const char *prev);

/* Server: answers the client's PUSH_REQUEST with the options given (the
 * engine adds peer-id, cipher and protocol-flags itself), then installs the
 * data keys.  Errors: LVPN_ERR_STATE (no request pending), LVPN_ERR_TOO_BIG,
 * LVPN_ERR_CONFIG (no common cipher: the client is sent AUTH_FAILED). */
LVPN_MUST_CHECK int lvpn_session_push_reply(struct lvpn_session *s, const char *const *opts,
                                            size_t nopts, uint64_t now);

/* Server: refuses the client (AUTH_FAILED[,reason]) and ends the session.
 * Errors: LVPN_ERR_STATE (not a server, or TLS not up yet), LVPN_ERR_INVAL
 * (a control character in reason), LVPN_ERR_TOO_BIG (the reason does not
 * fit a control message), and those of sending it over TLS. */
LVPN_MUST_CHECK int lvpn_session_auth_failed(struct lvpn_session *s, const char *reason,
                                             uint64_t now);

/* Server: sends one control message as it is ("RESTART", "HALT",
 * "RESTART,[N]text", ...), as OpenVPN's management client-kill does.
 * Errors: LVPN_ERR_STATE (not a server, or TLS not up yet), LVPN_ERR_INVAL
 * (a control character), LVPN_ERR_TOO_BIG. */
LVPN_MUST_CHECK int lvpn_session_send_control(struct lvpn_session *s, const char *msg,
                                              uint64_t now);

/* Server: the client's peer-info text ("IV_VER=...\n...") and its
 * username/password from key method 2 (too_long: over USER_PASS_LEN, which
 * OpenVPN refuses); wipe the password once it has been checked.  After
 * LVPN_EV_RENEGOTIATED the password is the one the renegotiation carried
 * (the username cannot change: the engine refuses that itself). */
const char *lvpn_session_peer_info(const struct lvpn_session *s);
void lvpn_session_peer_creds(const struct lvpn_session *s, const char **user, const char **pass,
                             int *too_long);
void lvpn_session_wipe_creds(struct lvpn_session *s);
/* The peer's session id (the 8 bytes after the opcode of each of its
 * control packets): 1 and sid filled once it is known, else 0.  It stays
 * the same across renegotiations; a packet with another one comes from
 * another session (a client that restarted from the same address). */
int lvpn_session_peer_sid(const struct lvpn_session *s, uint8_t sid[LVPN_SID_SIZE]);
const struct lvpn_tls_sess *lvpn_session_tls(const struct lvpn_session *s);
const struct lvpn_session_stats *lvpn_session_stats(const struct lvpn_session *s);
/* The negotiated data cipher ("AES-256-GCM"), "" before it is known. */
const char *lvpn_session_cipher(const struct lvpn_session *s);

/* Forces a renegotiation now (tests, SIGUSR1-less key refresh).
 * Errors: those of starting a new key state (LVPN_ERR_NOMEM, LVPN_ERR_TLS,
 * ...), after a RESTART event. */
LVPN_MUST_CHECK int lvpn_session_renegotiate(struct lvpn_session *s, uint64_t now);

/* Processes one link packet (a UDP datagram, or one TCP frame without its
 * length prefix) in b, in place.  *rx says whether b now holds a TUN packet.
 * Errors: drop-class codes for packets that were dropped (counted; state
 * unchanged); fatal codes when the session must restart (an event says
 * why as well). */
LVPN_MUST_CHECK int lvpn_session_recv(struct lvpn_session *s, struct lvpn_buf *b, uint64_t now,
                                      enum lvpn_rx *rx);

/* Processes the n link packets b[0..n-1] in order, each as
 * lvpn_session_recv() does (control packets may change the session
 * between two of them; the replay window sees each in turn): rc[i] and
 * rx[i] get packet i's result, and b[i] holds the plaintext when rx[i] is
 * LVPN_RX_TUN.  Allocates nothing.  Returns the number of packets for the
 * TUN. */
unsigned lvpn_session_recv_batch(struct lvpn_session *s, struct lvpn_buf *const *b, unsigned n,
                                 uint64_t now, enum lvpn_rx *rx, int *rc);

/* TCP: feeds len bytes of the stream as they came, in any split.  At most
 * one packet is processed per call: *used says how many bytes were taken
 * (call again with the rest); when that packet was data for the TUN, b
 * (caller storage, at least 65535 bytes plus the frame's room) holds it
 * and *rx is LVPN_RX_TUN.
 * Errors: LVPN_ERR_FRAMING (a zero-length or oversized frame: the stream is
 * broken, close the connection); otherwise as lvpn_session_recv. */
LVPN_MUST_CHECK int lvpn_session_recv_stream(struct lvpn_session *s, const uint8_t *data,
                                             size_t len, size_t *used, struct lvpn_buf *b,
                                             uint64_t now, enum lvpn_rx *rx);

/* Encrypts the TUN packet in b, in place; b must have the session's
 * headroom and tailroom.  On success b holds the link packet.  With
 * conf.fragment, b holds the first fragment of a packet too large for one
 * datagram and the others wait for lvpn_session_poll_link (the deadline is
 * then now): send them before sealing more than 16 further packets, since
 * OpenVPN reassembles only 25 packets at a time, and at most
 * LVPN_FRAG_TXQ (32) packets can wait.
 * Errors: LVPN_ERR_AGAIN (no data key yet, or with conf.fragment every
 * waiting slot busy: drop the packet), LVPN_ERR_TOO_BIG, LVPN_ERR_BUFSIZE,
 * LVPN_ERR_EXHAUSTED (packet ids used up: renegotiation is under way,
 * drop). */
LVPN_MUST_CHECK int lvpn_session_encrypt(struct lvpn_session *s, struct lvpn_buf *b, uint64_t now);

/* Encrypts the n TUN packets b[0..n-1] in place, each as
 * lvpn_session_encrypt() does, with the session's checks, the sending
 * key's counters, the inactivity timer and the statistics done once for
 * the batch.  rc[i] gets packet i's result: 0 (b[i] now holds its link
 * packet) or an error of lvpn_session_encrypt() (drop b[i]).  Allocates
 * nothing.  Returns the number of packets sealed. */
unsigned lvpn_session_encrypt_batch(struct lvpn_session *s, struct lvpn_buf *const *b, unsigned n,
                                    uint64_t now, int *rc);

/* Writes the next due control/keepalive packet into out (cap bytes, TCP
 * length prefix included on TCP) and sets *len; *len = 0 when nothing is
 * due.
 * Errors: LVPN_ERR_BUFSIZE; fatal codes as lvpn_session_recv. */
LVPN_MUST_CHECK int lvpn_session_poll_link(struct lvpn_session *s, uint8_t *out, size_t cap,
                                           size_t *len, uint64_t now);

/* Runs the timers due at now (retransmission, keepalive, renegotiation,
 * hand-window, lame-duck expiry).  Errors: fatal codes (an event says why). */
LVPN_MUST_CHECK int lvpn_session_tick(struct lvpn_session *s, uint64_t now);

/* The time at which lvpn_session_tick() next has work; UINT64_MAX if none. */
uint64_t lvpn_session_deadline(const struct lvpn_session *s);

/* Pops the next event into *ev (LVPN_EV_NONE when there is none). */
void lvpn_session_next_event(struct lvpn_session *s, struct lvpn_event *ev);

/* Room the data path needs around a TUN packet of up to tun-mtu bytes. */
void lvpn_session_frame(const struct lvpn_session *s, struct lvpn_frame *f);

#endif
