/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - the OCC options string and peer-info text (see kem2.h).
 *
 * link-mtu follows 2.6's calc_options_string_link_mtu (mtu.c):
 *   payload = tun-mtu + tun-mtu-extra (32 on a tap unless set) + (v1 compression ? 1) + (fragment ?
 * 4)
 *             + (CBC ? packet id)
 *   header  = (tcp ? 2) + opcode 1 + crypto overhead, where the overhead is
 *             the packet id (non-CBC) + for AEAD tag + IV + block size, for
 *             other ciphers block size + IV, plus the HMAC size
 *   BF-CBC is counted as no cipher plus 16 bytes (8 block + 8 IV).
 * The block size of a GCM cipher counts as 16 here (OpenVPN reports the
 * block size of the matching CBC cipher), ChaCha20-Poly1305's as 1.
 * The numbers were checked against the strings the real openvpn 2.6.14
 * prints at verb 7 (see tests/unit/test_kem2.c).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "proto/kem2.h"

enum mode { NONE, AEAD, CBC };

struct cipher {
	const char *name;
	enum mode mode;
	unsigned key_bits, iv, block, tag;
};

static const struct cipher ciphers[] = {
    {"AES-128-GCM", AEAD, 128, 12, 16, 16},
    {"AES-192-GCM", AEAD, 192, 12, 16, 16},
    {"AES-256-GCM", AEAD, 256, 12, 16, 16},
    {"CHACHA20-POLY1305", AEAD, 256, 12, 1, 16},
    {"AES-128-CBC", CBC, 128, 16, 16, 0},
    {"AES-192-CBC", CBC, 192, 16, 16, 0},
    {"AES-256-CBC", CBC, 256, 16, 16, 0},
    {"CAMELLIA-128-CBC", CBC, 128, 16, 16, 0},
    {"CAMELLIA-256-CBC", CBC, 256, 16, 16, 0},
    {"DES-EDE3-CBC", CBC, 192, 8, 8, 0},
    {"none", NONE, 0, 0, 0, 0},
};

static const struct {
	const char *name;
	unsigned len;
} digests[] = {
    {"MD5", 16},    {"SHA1", 20},   {"SHA224", 28}, {"SHA256", 32},
    {"SHA384", 48}, {"SHA512", 64}, {"none", 0},
};

static const struct cipher *find_cipher(const char *name)
{
	for (size_t i = 0; i < sizeof(ciphers) / sizeof(ciphers[0]); i++)
		if (strcasecmp(name, ciphers[i].name) == 0)
			return &ciphers[i];
	return NULL;
}

static int find_digest(const char *name, const char **canon, unsigned *len)
{
	for (size_t i = 0; i < sizeof(digests) / sizeof(digests[0]); i++) {
		if (strcasecmp(name, digests[i].name) == 0) {
			*canon = digests[i].len ? digests[i].name : "[null-digest]";
			*len = digests[i].len;
			return 0;
		}
	}
	return LVPN_ERR_UNSUPPORTED;
}

/* 1 if item is in the ':' separated list (case-insensitive, as OpenVPN
 * compares cipher names). */
static int in_list(const char *item, const char *list)
{
	size_t n = strlen(item);

	for (const char *p = list; p && *p;) {
		const char *e = strchr(p, ':');
		size_t l = e ? (size_t)(e - p) : strlen(p);

		if (l == n && strncasecmp(p, item, n) == 0)
			return 1;
		p = e ? e + 1 : NULL;
	}
	return 0;
}

struct out {
	char *p;
	size_t cap, len;
	int err;
};

static void add(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void add(struct out *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (o->err)
		return;
	va_start(ap, fmt);
	n = vsnprintf(o->p + o->len, o->cap - o->len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= o->cap - o->len) {
		o->err = LVPN_ERR_BUFSIZE;
		return;
	}
	o->len += (size_t)n;
}

static const char *proto_name(enum lvpn_occ_proto p, int remote)
{
	if (p == LVPN_OCC_UDP)
		return "UDPv4";
	/* the peer of a TCP client is a TCP server */
	if ((p == LVPN_OCC_TCP_CLIENT) != (remote != 0))
		return "TCPv4_CLIENT";
	return "TCPv4_SERVER";
}

int lvpn_occ_string(const struct lvpn_occ_conf *c, int remote, char *buf, size_t cap)
{
	const char *cname = c->cipher ? c->cipher : "BF-CBC";
	const struct cipher *ci;
	const char *aname, *shown;
	unsigned md = 0, pid, payload, header, keysize, extra = 0;
	struct out o = {buf, cap, 0, 0};
	int rc, bf = strcasecmp(cname, "BF-CBC") == 0;

	if (cap == 0)
		return LVPN_ERR_BUFSIZE;
	buf[0] = '\0';
	if (c->tun_mtu == 0 || c->tun_mtu > 65535)
		return LVPN_ERR_INVAL;
	ci = find_cipher(bf ? "none" : cname);
	if (ci == NULL)
		return LVPN_ERR_UNSUPPORTED;
	if ((rc = find_digest(c->auth ? c->auth : "SHA1", &aname, &md)) < 0)
		return rc;
	if (ci->mode == AEAD) {
		aname = "[null-digest]";
		md = 0;
	}
	pid = c->no_replay ? 0 : 4;
	payload = c->tun_mtu +
	          (c->tun_mtu_extra_set ? c->tun_mtu_extra
	           : c->tap             ? 32
	                                : 0) +
	          (c->comp == LVPN_OCC_COMP_V1 ? 1 : 0) + (c->fragment ? 4 : 0) +
	          (ci->mode == CBC ? pid : 0);
	header = (c->proto != LVPN_OCC_UDP ? 2 : 0) + 1 + (ci->mode != CBC ? pid : 0);
	if (ci->mode == AEAD)
		header += ci->tag + ci->iv + ci->block;
	else
		header += (ci->mode == CBC ? ci->block + ci->iv : 0) + md;
	if (bf)
		extra = 16;
	keysize = bf ? 128 : ci->key_bits;
	shown = bf ? "BF-CBC" : ci->mode == NONE ? "[null-cipher]" : ci->name;

	add(&o, "V4,dev-type %s,link-mtu %u,tun-mtu %u,proto %s",
	    c->null  ? "null"
	    : c->tap ? "tap"
	             : "tun",
	    payload + header + extra, c->tun_mtu, proto_name(c->proto, remote));
	if (c->comp != LVPN_OCC_COMP_OFF)
		add(&o, ",comp-lzo");
	if (c->fragment)
		add(&o, ",mtu-dynamic");
	if (c->key_direction == 0 || c->key_direction == 1)
		add(&o, ",keydir %d", remote ? !c->key_direction : c->key_direction);
	if (c->p2p_nopull || in_list(shown, c->data_ciphers))
		add(&o, ",cipher %s", shown);
	add(&o, ",auth %s,keysize %u", aname, keysize);
	if (c->no_replay)
		add(&o, ",no-replay");
	if (c->tls_auth)
		add(&o, ",tls-auth");
	add(&o, ",key-method 2,%s",
	    (c->tls_server != 0) != (remote != 0) ? "tls-server" : "tls-client");
	if (o.err) {
		buf[0] = '\0';
		return o.err;
	}
	return 0;
}

/* Copies the value after "name" (or "name=") up to a terminator. */
static int find_value(const char *text, const char *name, char sep, char term, char *out,
                      size_t cap)
{
	size_t n = strlen(name);

	if (cap == 0 || n == 0)
		return LVPN_ERR_BUFSIZE;
	out[0] = '\0';
	for (const char *p = text; p && *p;) {
		const char *e = strchr(p, term);
		size_t l = e ? (size_t)(e - p) : strlen(p);

		if (l > n && strncmp(p, name, n) == 0 && p[n] == sep) {
			if (l - n - 1 >= cap)
				return LVPN_ERR_BUFSIZE;
			memcpy(out, p + n + 1, l - n - 1);
			out[l - n - 1] = '\0';
			return 1;
		}
		p = e ? e + 1 : NULL;
	}
	return 0;
}

int lvpn_occ_get(const char *options, const char *name, char *out, size_t cap)
{
	return find_value(options, name, ' ', ',', out, cap);
}

int lvpn_peer_info_get(const char *pi, const char *name, char *out, size_t cap)
{
	return find_value(pi, name, '=', '\n', out, cap);
}

static int clean(const char *s, int required)
{
	if (s == NULL)
		return required ? LVPN_ERR_INVAL : 0;
	if (required && s[0] == '\0')
		return LVPN_ERR_INVAL;
	return strchr(s, '\n') ? LVPN_ERR_INVAL : 0;
}

/* extra: NULL, or NAME=value lines of printable characters, each ended by
 * '\n' */
static int clean_lines(const char *s)
{
	int eq = 0;

	if (!s)
		return 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '\n') {
			if (!eq)
				return LVPN_ERR_INVAL;
			eq = 0;
		} else if (*p < 0x20 || *p > 0x7e) {
			return LVPN_ERR_INVAL;
		} else if (*p == '=' && p > (const unsigned char *)s && p[-1] != '\n') {
			eq = 1;
		}
	}
	return *s && s[strlen(s) - 1] != '\n' ? LVPN_ERR_INVAL : 0;
}

int lvpn_peer_info_build(const struct lvpn_peer_info_conf *c, char *buf, size_t cap)
{
	struct out o = {buf, cap, 0, 0};

	if (cap == 0)
		return LVPN_ERR_BUFSIZE;
	buf[0] = '\0';
	if (clean(c->version, 1) || clean(c->platform, 1) || clean(c->ciphers, 1) ||
	    clean(c->gui_ver, 0) || clean(c->sso, 0) || clean_lines(c->extra) || c->mtu == 0)
		return LVPN_ERR_INVAL;
	add(&o, "IV_VER=%s\nIV_PLAT=%s\nIV_TCPNL=1\nIV_MTU=%u\n", c->version, c->platform, c->mtu);
	if (in_list("AES-128-GCM", c->ciphers) && in_list("AES-256-GCM", c->ciphers))
		add(&o, "IV_NCP=2\n");
	add(&o, "IV_CIPHERS=%s\nIV_PROTO=%u\n", c->ciphers, c->iv_proto);
	if (c->comp == LVPN_PI_COMP_ALL)
		add(&o, "IV_LZ4=1\nIV_LZ4v2=1\n");
	if (c->comp != LVPN_PI_COMP_NONE)
		add(&o, "IV_LZO_STUB=1\nIV_COMP_STUB=1\nIV_COMP_STUBv2=1\n");
	if (c->extra)
		add(&o, "%s", c->extra);
	if (c->gui_ver)
		add(&o, "IV_GUI_VER=%s\n", c->gui_ver);
	if (c->sso)
		add(&o, "IV_SSO=%s\n", c->sso);
	if (o.err) {
		buf[0] = '\0';
		return o.err;
	}
	return 0;
}
