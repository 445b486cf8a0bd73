/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - ping and OCC payloads (see proto/ping.h). */
#include "proto/ping.h"

#include <string.h>

const uint8_t lvpn_ping_magic[LVPN_PING_LEN] = {
    0x2a, 0x18, 0x7b, 0xf3, 0x64, 0x1e, 0xb4, 0xcb, 0x07, 0xed, 0x2d, 0x0a, 0x98, 0x1f, 0xc7, 0x48,
};

const uint8_t lvpn_occ_magic[LVPN_OCC_MAGIC_LEN] = {
    0x28, 0x7f, 0x34, 0x6b, 0xd4, 0xef, 0x7a, 0x81, 0x2d, 0x56, 0xb8, 0xd3, 0xaf, 0xc5, 0x45, 0x9c,
};

enum lvpn_payload_kind lvpn_payload_kind(const uint8_t *p, size_t len)
{
	if (len == LVPN_PING_LEN && memcmp(p, lvpn_ping_magic, LVPN_PING_LEN) == 0)
		return LVPN_PAYLOAD_PING;
	if (len >= LVPN_OCC_MAGIC_LEN && memcmp(p, lvpn_occ_magic, LVPN_OCC_MAGIC_LEN) == 0)
		return LVPN_PAYLOAD_OCC;
	return LVPN_PAYLOAD_DATA;
}

int lvpn_ping_build(struct lvpn_buf *b)
{
	return lvpn_buf_put(b, lvpn_ping_magic, LVPN_PING_LEN);
}

int lvpn_occ_parse(const uint8_t *p, size_t len, struct lvpn_occ_msg *m)
{
	struct lvpn_rd r;
	const uint8_t *s, *nul;
	int rc;

	memset(m, 0, sizeof(*m));
	lvpn_rd_init(&r, p, len);
	if ((rc = lvpn_rd_skip(&r, LVPN_OCC_MAGIC_LEN)) || (rc = lvpn_rd_u8(&r, &m->op)))
		return rc;
	switch (m->op) {
	case LVPN_OCC_REQUEST:
	case LVPN_OCC_MTU_REQUEST:
	case LVPN_OCC_EXIT:
	case LVPN_OCC_MTU_LOAD:
		return 0;
	case LVPN_OCC_REPLY:
		if (r.left == 0)
			return LVPN_ERR_TRUNCATED;
		if ((rc = lvpn_rd_bytes(&r, r.left, &s)))
			return rc;
		nul = memchr(s, 0, (size_t)(r.p - s));
		if (!nul)
			return LVPN_ERR_MALFORMED;
		m->options = (const char *)s;
		m->options_len = (size_t)(nul - s);
		return 0;
	case LVPN_OCC_MTU_LOAD_REQUEST:
		return lvpn_rd_u16(&r, &m->mtu_a);
	case LVPN_OCC_MTU_REPLY:
		if ((rc = lvpn_rd_u16(&r, &m->mtu_a)))
			return rc;
		return lvpn_rd_u16(&r, &m->mtu_b);
	default:
		return LVPN_ERR_OPCODE;
	}
}

int lvpn_occ_build(struct lvpn_buf *b, enum lvpn_occ_op op, const char *options)
{
	size_t olen = 0;
	uint8_t *p;

	if (op == LVPN_OCC_REPLY) {
		if (!options)
			return LVPN_ERR_INVAL;
		olen = strlen(options) + 1;
		if (olen > LVPN_OCC_OPTIONS_MAX)
			return LVPN_ERR_BUFSIZE;
	} else if (op != LVPN_OCC_REQUEST && op != LVPN_OCC_EXIT && op != LVPN_OCC_MTU_REQUEST) {
		return LVPN_ERR_INVAL;
	}
	if (lvpn_buf_append(b, (uint32_t)(LVPN_OCC_MAGIC_LEN + 1 + olen), &p))
		return LVPN_ERR_BUFSIZE;
	memcpy(p, lvpn_occ_magic, LVPN_OCC_MAGIC_LEN);
	p[LVPN_OCC_MAGIC_LEN] = (uint8_t)op;
	if (olen)
		memcpy(p + LVPN_OCC_MAGIC_LEN + 1, options, olen);
	return 0;
}
