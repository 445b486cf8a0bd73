/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - key method 2: the first TLS plaintext message each side sends
 * (reference b.7), and the two strings it carries that we build: the OCC
 * options string and the client's peer-info.
 *
 * Layout (all integers big-endian):
 *     u32 0 | u8 key_method (low nibble 2) | [pre_master 48: client only]
 *     | random1 32 | random2 32 | options | username | password | peer_info
 * where each string is u16 length (counting the NUL) + bytes + NUL.  An
 * empty string is written `00 00`; `00 01 00` is read the same way.
 *
 * The client writes first, once its TLS handshake is done; the server
 * answers.  A p2mp server sends an empty peer-info.
 *
 * How a session engine uses this with crypto/tls and proto/ctrlmsg:
 *   client  handshake done -> lvpn_key_source_random(&ks, 0),
 *           lvpn_occ_string, lvpn_peer_info_build, lvpn_kem2_write ->
 *           lvpn_tls_write; then lvpn_tls_read -> lvpn_kem2_read(1, ...)
 *           (what follows p.len in that record is dropped, as OpenVPN);
 *           send PUSH_REQUEST (lvpn_ctrlmsg_build), merge the PUSH_REPLY
 *           pieces (lvpn_push_acc_*); data keys: lvpn_kdf_ekm_datakeys when
 *           the server pushed tls-ekm (key-derivation or protocol-flags),
 *           else lvpn_kdf_openvpn_prf(&ks, &p.ks, our sid, its sid);
 *           lvpn_key_source_wipe / lvpn_kem2_parsed_wipe afterwards.
 *   server  lvpn_tls_read -> lvpn_kem2_read(0, ...): check creds_too_long,
 *           username/password, peer-info (lvpn_peer_info_get IV_PROTO,
 *           IV_CIPHERS, IV_NCP); then lvpn_kem2_write(1, ...) with an empty
 *           peer-info; PRF arguments are (&p.ks, &ks, its sid, our sid).
 */
#ifndef LVPN_KEM2_H
#define LVPN_KEM2_H

#include <stddef.h>
#include <stdint.h>

#include "crypto/kdf.h"
#include "base/err.h"

/* Longest options string, with its NUL (TLS_OPTIONS_LEN). */
#define LVPN_KEM2_OPTIONS_MAX 512
/* Longest username or password, with its NUL: USER_PASS_LEN of 2.6 built
 * with PKCS#11 (Debian's build; 128 without). */
#define LVPN_KEM2_USERPASS_MAX 4096
#define LVPN_KEM2_HDR_CLIENT   (4 + 1 + 48 + 32 + 32)
#define LVPN_KEM2_HDR_SERVER   (4 + 1 + 32 + 32)

/* What one side writes.  NULL strings are written empty. */
struct lvpn_kem2_msg {
	const struct lvpn_key_source *ks; /* this side's randoms */
	const char *options;              /* OCC options string (lvpn_occ_string) */
	const char *username;             /* client only, else NULL */
	const char *password;             /* client only (or an auth-token) */
	const char *peer_info;            /* client: lvpn_peer_info_build; server: NULL */
};

/* Writes the key method 2 message of a client (is_server 0, with
 * pre_master) or a server into out (cap bytes); *len gets its size.
 * Nothing is written to out on error.
 * Errors: LVPN_ERR_BUFSIZE (out too small), LVPN_ERR_INVAL (options longer
 * than 511, username or password longer than 4095, a string over 65534). */
LVPN_MUST_CHECK int lvpn_kem2_write(int is_server, const struct lvpn_kem2_msg *m, uint8_t *out,
                                    size_t cap, size_t *len);

/* What was read: the peer's key source (copied, wipe it with
 * lvpn_kem2_parsed_wipe once the keys are derived) and views into the
 * caller's message buffer, each NUL-terminated and never NULL ("" when
 * empty or absent).  The buffer holds the password: the caller wipes it. */
struct lvpn_kem2_parsed {
	struct lvpn_key_source ks; /* pre_master all zero when read from a server */
	uint8_t key_method;        /* the whole byte (flags in the high nibble) */
	const char *options;
	const char *username;
	const char *password;
	const char *peer_info;
	int creds_too_long; /* username or password over USER_PASS_LEN: skipped and
	                     * left "", OpenVPN answers AUTH_FAILED */
	size_t len;         /* bytes of msg the message took (what follows is
	                     * ignored: OpenVPN drops the rest of the record) */
};

/* Parses the message msg (len bytes) the peer sent; from_server says
 * whose it is (a client reads the server's).  Every length is checked
 * before use; strings must end in their NUL and hold no other NUL.
 * Peer-info may be missing (old peers); bytes after it are ignored, as
 * OpenVPN does.  On error *p is zeroed.
 * Errors: LVPN_ERR_TRUNCATED (shorter than a field says),
 * LVPN_ERR_MALFORMED (key method not 2, options longer than 512, a string
 * without its NUL or with one inside). */
LVPN_MUST_CHECK int lvpn_kem2_read(int from_server, const uint8_t *msg, size_t len,
                                   struct lvpn_kem2_parsed *p);

/* Wipes the copied key source and forgets the views. */
void lvpn_kem2_parsed_wipe(struct lvpn_kem2_parsed *p);

/* --- the OCC options string (options.c options_string in 2.6) --- */

enum lvpn_occ_proto { LVPN_OCC_UDP = 0, LVPN_OCC_TCP_CLIENT, LVPN_OCC_TCP_SERVER };

enum lvpn_occ_comp {
	LVPN_OCC_COMP_OFF = 0, /* no compress / comp-lzo at all */
	LVPN_OCC_COMP_V1,      /* comp-lzo [any], compress lzo|lz4|stub: a framing byte */
	LVPN_OCC_COMP_V2,      /* compress lz4-v2|stub-v2: no framing byte */
};

struct lvpn_occ_conf {
	int tap;                /* dev-type tap, else tun */
	int null;               /* dev-type null (no device), over tap and tun */
	unsigned tun_mtu;       /* 1500 by default */
	int tun_mtu_extra_set;  /* tun-mtu-extra configured: */
	unsigned tun_mtu_extra; /* counted instead of 2.6's 32 on a tap */
	enum lvpn_occ_proto proto;
	enum lvpn_occ_comp comp;
	int fragment;             /* --fragment set */
	int key_direction;        /* -1 none; 0 or 1 (tls-auth or secret) */
	const char *cipher;       /* --cipher; NULL is 2.6's default BF-CBC */
	const char *data_ciphers; /* --data-ciphers list, ':' separated */
	int p2p_nopull;           /* point-to-point without pull */
	const char *auth;         /* --auth; NULL is SHA1 */
	int tls_auth;             /* --tls-auth used */
	int tls_server;           /* we are tls-server, else tls-client */
	int no_replay;            /* --no-replay */
};

/* Builds the options string OpenVPN 2.6 sends for conf, or with remote set
 * the one it expects from the peer, into out (cap bytes, NUL-terminated):
 *   V4,dev-type tun,link-mtu 1549,tun-mtu 1500,proto UDPv4,
 *   cipher AES-256-GCM,auth [null-digest],keysize 256,key-method 2,tls-client
 * "cipher" appears only when the cipher is in data_ciphers (or p2p).
 * Errors: LVPN_ERR_UNSUPPORTED (cipher or digest we do not know),
 * LVPN_ERR_BUFSIZE, LVPN_ERR_INVAL. */
LVPN_MUST_CHECK int lvpn_occ_string(const struct lvpn_occ_conf *conf, int remote, char *out,
                                    size_t cap);

/* The value of option name in an options string (",cipher AES-256-GCM,"
 * gives "AES-256-GCM" for "cipher") into out.  Returns 1 if found, 0 if
 * not.
 * Errors: LVPN_ERR_BUFSIZE (the value does not fit in cap, cap is 0, name
 * is empty). */
LVPN_MUST_CHECK int lvpn_occ_get(const char *options, const char *name, char *out, size_t cap);

/* --- peer-info (ssl.c push_peer_info, detail 2: a client in pull mode) --- */

#define LVPN_IV_PROTO_DATA_V2         (1u << 1)
#define LVPN_IV_PROTO_REQUEST_PUSH    (1u << 2)
#define LVPN_IV_PROTO_TLS_KEY_EXPORT  (1u << 3)
#define LVPN_IV_PROTO_AUTH_PENDING_KW (1u << 4)
#define LVPN_IV_PROTO_NCP_P2P         (1u << 5)
#define LVPN_IV_PROTO_DNS_OPTION      (1u << 6)
#define LVPN_IV_PROTO_CC_EXIT_NOTIFY  (1u << 7)
#define LVPN_IV_PROTO_AUTH_FAIL_TEMP  (1u << 8)
#define LVPN_IV_PROTO_DYN_TLS_CRYPT   (1u << 9)
/* what a 2.6 client in pull mode sends: 990 */
#define LVPN_IV_PROTO_26_PULL                                                                      \
	(LVPN_IV_PROTO_DATA_V2 | LVPN_IV_PROTO_REQUEST_PUSH | LVPN_IV_PROTO_TLS_KEY_EXPORT |       \
	 LVPN_IV_PROTO_AUTH_PENDING_KW | LVPN_IV_PROTO_DNS_OPTION | LVPN_IV_PROTO_CC_EXIT_NOTIFY | \
	 LVPN_IV_PROTO_AUTH_FAIL_TEMP | LVPN_IV_PROTO_DYN_TLS_CRYPT)

/* What --allow-compression lets the client announce (comp.c
 * comp_generate_peer_info_string). */
enum lvpn_pi_comp {
	LVPN_PI_COMP_NONE = 0, /* no framing at all (2.6 with DCO): nothing */
	LVPN_PI_COMP_STUBS,    /* allow-compression no, 2.6's default: IV_LZO_STUB,
	                        * IV_COMP_STUB, IV_COMP_STUBv2 */
	LVPN_PI_COMP_ALL,      /* asym / yes: also IV_LZ4, IV_LZ4v2 first (we have
	                        * no LZO, so IV_LZO_STUB as a build without it) */
};

struct lvpn_peer_info_conf {
	const char *version;  /* IV_VER, e.g. "2.6.14" */
	const char *platform; /* IV_PLAT, e.g. "linux" */
	unsigned mtu;         /* IV_MTU: tun-max-mtu (tun-mtu + 100 by default) */
	const char *ciphers;  /* IV_CIPHERS: the data-ciphers list */
	unsigned iv_proto;    /* IV_PROTO bits (LVPN_IV_PROTO_26_PULL) */
	enum lvpn_pi_comp comp;
	const char *gui_ver; /* IV_GUI_VER, or NULL */
	const char *sso;     /* IV_SSO, or NULL */
	/* push-peer-info: more "NAME=value\n" lines (IV_HWADDR, IV_SSL,
	 * IV_PLAT_VER, UV_...) written before IV_GUI_VER, or NULL */
	const char *extra;
};

/* Builds the peer-info text ("IV_VER=..\nIV_PLAT=..\n...") in the order
 * OpenVPN 2.6 writes it; IV_NCP=2 is added when ciphers has both
 * AES-128-GCM and AES-256-GCM.
 * Errors: LVPN_ERR_BUFSIZE, LVPN_ERR_INVAL (a value holding '\n', a
 * missing version, platform or cipher list, mtu 0, extra lines that are
 * not NAME=value lines of printable characters ending in '\n'). */
LVPN_MUST_CHECK int lvpn_peer_info_build(const struct lvpn_peer_info_conf *conf, char *out,
                                         size_t cap);

/* The value of variable name in a peer-info text into out.
 * Returns 1 if found, 0 if not.
 * Errors: LVPN_ERR_BUFSIZE (the value does not fit in cap, cap is 0, name
 * is empty). */
LVPN_MUST_CHECK int lvpn_peer_info_get(const char *peer_info, const char *name, char *out,
                                       size_t cap);

#endif
