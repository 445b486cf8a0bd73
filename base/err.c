/* SPDX-License-Identifier: BSD-2-Clause */
#include "base/err.h"

const char *lvpn_strerror(int code)
{
	switch ((enum lvpn_err)code) {
	case LVPN_OK:
		return "success";
	case LVPN_ERR_TRUNCATED:
		return "truncated packet";
	case LVPN_ERR_MALFORMED:
		return "malformed packet";
	case LVPN_ERR_AUTH:
		return "authentication failed (bad MAC, tag or cookie)";
	case LVPN_ERR_REPLAY:
		return "replayed or too old packet";
	case LVPN_ERR_SESSION:
		return "wrong session id";
	case LVPN_ERR_KEY_ID:
		return "no key for this key id";
	case LVPN_ERR_OPCODE:
		return "unexpected opcode";
	case LVPN_ERR_TOO_BIG:
		return "packet too large";
	case LVPN_ERR_RATE_LIMIT:
		return "rate limited";
	case LVPN_ERR_UNSUPPORTED:
		return "unsupported feature";
	case LVPN_ERR_WINDOW:
		return "outside the reliability window";
	case LVPN_ERR_AGAIN:
		return "no room now, try again";
	case LVPN_ERR_NOMEM:
		return "out of memory";
	case LVPN_ERR_BUFSIZE:
		return "buffer too small";
	case LVPN_ERR_CRYPTO:
		return "crypto library failure";
	case LVPN_ERR_TLS:
		return "TLS failure";
	case LVPN_ERR_CONFIG:
		return "invalid configuration";
	case LVPN_ERR_STATE:
		return "invalid state";
	case LVPN_ERR_TIMEOUT:
		return "timeout";
	case LVPN_ERR_AUTH_FAILED:
		return "authentication refused by peer";
	case LVPN_ERR_IO:
		return "I/O error";
	case LVPN_ERR_INVAL:
		return "invalid argument";
	case LVPN_ERR_EXHAUSTED:
		return "counter exhausted";
	case LVPN_ERR_FRAMING:
		return "stream framing broken";
	}
	return "unknown error";
}
