/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - error convention for proto/ and crypto/.
 *
 * Every fallible function in proto/ and crypto/ returns int: 0 on success or
 * a negative code from enum lvpn_err.  Codes fall in two classes:
 *
 *   drop-and-count  (-1 .. -99): the input was bad (truncated, forged,
 *                   replayed, for another session).  The caller drops the
 *                   packet, bumps a counter, and carries on.  State is
 *                   unchanged.
 *   session-fatal   (-100 and below): the session (or the program, for
 *                   configuration errors) cannot go on.
 *
 * lvpn_err_is_fatal() tells them apart; lvpn_strerror() names a code.
 * Functions that may return a code are marked LVPN_MUST_CHECK.
 */
#ifndef LVPN_ERR_H
#define LVPN_ERR_H

#define LVPN_MUST_CHECK __attribute__((warn_unused_result))

enum lvpn_err {
	LVPN_OK = 0,

	/* drop-and-count: bad input, nothing changed */
	LVPN_ERR_TRUNCATED = -1,    /* shorter than its headers or lengths say */
	LVPN_ERR_MALFORMED = -2,    /* a field has an impossible value */
	LVPN_ERR_AUTH = -3,         /* MAC, tag or cookie does not verify */
	LVPN_ERR_REPLAY = -4,       /* packet id already seen or too old */
	LVPN_ERR_SESSION = -5,      /* session id does not match ours */
	LVPN_ERR_KEY_ID = -6,       /* no key installed for this key_id */
	LVPN_ERR_OPCODE = -7,       /* unknown opcode, or not valid now */
	LVPN_ERR_TOO_BIG = -8,      /* larger than the frame allows */
	LVPN_ERR_RATE_LIMIT = -9,   /* refused by a rate limiter */
	LVPN_ERR_UNSUPPORTED = -10, /* well-formed, but a feature we do not do */
	LVPN_ERR_WINDOW = -11,      /* outside the reliability window */
	LVPN_ERR_AGAIN = -12,       /* no room now (send window full); retry later */

	/* session-fatal */
	LVPN_ERR_NOMEM = -100,       /* allocation failed (setup paths only) */
	LVPN_ERR_BUFSIZE = -101,     /* caller's buffer too small: a bug */
	LVPN_ERR_CRYPTO = -102,      /* the crypto library failed */
	LVPN_ERR_TLS = -103,         /* TLS handshake or record failure */
	LVPN_ERR_CONFIG = -104,      /* configuration invalid */
	LVPN_ERR_STATE = -105,       /* call not valid in this state: a bug */
	LVPN_ERR_TIMEOUT = -106,     /* a handshake or keepalive timer expired */
	LVPN_ERR_AUTH_FAILED = -107, /* the peer refused our credentials */
	LVPN_ERR_IO = -108,          /* a file or device could not be used */
	LVPN_ERR_INVAL = -109,       /* invalid argument from the caller: a bug */
	LVPN_ERR_EXHAUSTED = -110,   /* a counter reached its ceiling */
	LVPN_ERR_FRAMING = -111,     /* a stream's framing is broken: close it */
};

/* 1 if code is session-fatal, 0 if it is drop-and-count (or LVPN_OK). */
static inline int lvpn_err_is_fatal(int code)
{
	return code <= -100;
}

/* A short constant description of code ("truncated packet", ...). Never NULL. */
const char *lvpn_strerror(int code);

#endif
