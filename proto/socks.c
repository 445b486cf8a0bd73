/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - SOCKS5 client messages (see socks.h). */
#include "proto/socks.h"

#include <string.h>

#include "base/buf.h"

int lvpn_socks_greeting(int userpass, uint8_t *out, size_t cap, size_t *len)
{
	if (cap < 3)
		return LVPN_ERR_BUFSIZE;
	out[0] = 5;
	out[1] = 1;
	out[2] = userpass ? 2 : 0;
	*len = 3;
	return 0;
}

int lvpn_socks_method_read(const uint8_t *in, size_t len, int userpass, size_t *used)
{
	if (len < 2)
		return LVPN_ERR_AGAIN;
	*used = 2;
	if (in[0] != 5)
		return LVPN_ERR_MALFORMED;
	return in[1] == (userpass ? 2 : 0) ? 0 : LVPN_ERR_AUTH_FAILED;
}

int lvpn_socks_userpass(const char *user, const char *pass, uint8_t *out, size_t cap, size_t *len)
{
	size_t nu = user ? strlen(user) : 0, np = pass ? strlen(pass) : 0;
	struct lvpn_wr w;

	if (nu == 0 || nu > 255 || np > 255)
		return LVPN_ERR_INVAL;
	lvpn_wr_init(&w, out, cap);
	if (lvpn_wr_u8(&w, 1) || lvpn_wr_u8(&w, (uint8_t)nu) || lvpn_wr_bytes(&w, user, nu) ||
	    lvpn_wr_u8(&w, (uint8_t)np) || lvpn_wr_bytes(&w, pass, np))
		return LVPN_ERR_BUFSIZE;
	*len = lvpn_wr_len(&w);
	return 0;
}

int lvpn_socks_auth_read(const uint8_t *in, size_t len, size_t *used)
{
	if (len < 2)
		return LVPN_ERR_AGAIN;
	*used = 2;
	if (in[0] != 1 && in[0] != 5)
		return LVPN_ERR_MALFORMED;
	return in[1] == 0 ? 0 : LVPN_ERR_AUTH_FAILED;
}

int lvpn_socks_request(int cmd, const char *host, uint16_t port, uint8_t *out, size_t cap,
                       size_t *len)
{
	static const uint8_t any[4];
	struct lvpn_wr w;
	size_t n = host ? strlen(host) : 0;
	int bad;

	lvpn_wr_init(&w, out, cap);
	if (cmd == LVPN_SOCKS_UDP_ASSOC) {
		bad = lvpn_wr_u8(&w, 5) || lvpn_wr_u8(&w, 3) || lvpn_wr_u8(&w, 0) ||
		      lvpn_wr_u8(&w, 1) || lvpn_wr_bytes(&w, any, 4) || lvpn_wr_u16(&w, 0);
	} else if (cmd == LVPN_SOCKS_CONNECT) {
		if (n == 0 || n > 255)
			return LVPN_ERR_INVAL;
		bad = lvpn_wr_u8(&w, 5) || lvpn_wr_u8(&w, 1) || lvpn_wr_u8(&w, 0) ||
		      lvpn_wr_u8(&w, 3) || lvpn_wr_u8(&w, (uint8_t)n) ||
		      lvpn_wr_bytes(&w, host, n) || lvpn_wr_u16(&w, port);
	} else {
		return LVPN_ERR_INVAL;
	}
	if (bad)
		return LVPN_ERR_BUFSIZE;
	*len = lvpn_wr_len(&w);
	return 0;
}

int lvpn_socks_reply_read(const uint8_t *in, size_t len, struct lvpn_socks_addr *a, int *rep,
                          size_t *used)
{
	size_t alen;

	if (len < 5)
		return LVPN_ERR_AGAIN;
	if (in[0] != 5 || in[2] != 0)
		return LVPN_ERR_MALFORMED;
	switch (in[3]) {
	case 1:
		alen = 4;
		break;
	case 4:
		alen = 16;
		break;
	case 3:
		alen = in[4];
		if (alen == 0)
			return LVPN_ERR_MALFORMED;
		break;
	default:
		return LVPN_ERR_MALFORMED;
	}
	/* VER REP RSV ATYP [len] ADDR PORT */
	if (len < 4 + (in[3] == 3) + alen + 2)
		return LVPN_ERR_AGAIN;
	*used = 4 + (in[3] == 3) + alen + 2;
	*rep = in[1];
	memset(a, 0, sizeof(*a));
	a->atyp = in[3];
	a->addr_len = alen;
	memcpy(a->addr, in + 4 + (in[3] == 3), alen);
	a->port = (uint16_t)(in[*used - 2] << 8 | in[*used - 1]);
	return in[1] == 0 ? 0 : LVPN_ERR_UNSUPPORTED;
}

void lvpn_socks_udp_hdr(const uint8_t ip[4], uint16_t port, uint8_t out[LVPN_SOCKS_UDP_HDR])
{
	out[0] = out[1] = out[2] = 0;
	out[3] = 1;
	memcpy(out + 4, ip, 4);
	out[8] = (uint8_t)(port >> 8);
	out[9] = (uint8_t)port;
}

int lvpn_socks_udp_check(const uint8_t *in, size_t len)
{
	if (len < LVPN_SOCKS_UDP_HDR)
		return LVPN_ERR_TRUNCATED;
	if (in[0] || in[1] || in[2] || in[3] != 1)
		return LVPN_ERR_MALFORMED;
	return 0;
}

const char *lvpn_socks_rep_str(int rep)
{
	static const char *const s[] = {"succeeded",
	                                "general SOCKS server failure",
	                                "connection not allowed by ruleset",
	                                "network unreachable",
	                                "host unreachable",
	                                "connection refused",
	                                "TTL expired",
	                                "command not supported",
	                                "address type not supported"};

	return rep >= 0 && rep < (int)(sizeof(s) / sizeof(s[0])) ? s[rep] : "unknown reply code";
}
