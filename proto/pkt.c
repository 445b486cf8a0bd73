/* SPDX-License-Identifier: BSD-2-Clause */
#include "proto/pkt.h"

#include <string.h>

#include "base/buf.h"

int lvpn_pkt_classify(const uint8_t *pkt, size_t len)
{
	unsigned op;

	if (len < 1)
		return LVPN_ERR_TRUNCATED;
	op = lvpn_op_of(pkt[0]);
	if (lvpn_op_is_data(op))
		return 1;
	if (op < LVPN_OP_FIRST || op > LVPN_OP_LAST)
		return LVPN_ERR_OPCODE;
	return 0;
}

int lvpn_pkt_parse(const uint8_t *pkt, size_t len, struct lvpn_ctrl_pkt *out)
{
	struct lvpn_ctrl_pkt p;
	struct lvpn_rd r;
	uint8_t b;
	int rc;

	rc = lvpn_pkt_classify(pkt, len);
	if (rc)
		return rc < 0 ? rc : LVPN_ERR_OPCODE;
	memset(&p, 0, sizeof(p));
	lvpn_rd_init(&r, pkt, len);
	if ((rc = lvpn_rd_u8(&r, &b)))
		return rc;
	p.op = (uint8_t)lvpn_op_of(b);
	p.key_id = (uint8_t)lvpn_key_id_of(b);
	if (lvpn_op_is_hard_reset(p.op) && p.key_id != 0)
		return LVPN_ERR_MALFORMED;
	if ((rc = lvpn_rd_bytes(&r, LVPN_SID_SIZE, &p.sid)))
		return rc;
	if ((rc = lvpn_rd_u8(&r, &p.n_acks)))
		return rc;
	if (p.n_acks > LVPN_ACK_MAX)
		return LVPN_ERR_MALFORMED;
	for (unsigned i = 0; i < p.n_acks; i++)
		if ((rc = lvpn_rd_u32(&r, &p.acks[i])))
			return rc;
	if (p.n_acks && (rc = lvpn_rd_bytes(&r, LVPN_SID_SIZE, &p.ack_sid)))
		return rc;
	if (p.op == LVPN_OP_ACK_V1) {
		if (p.n_acks == 0 || r.left)
			return LVPN_ERR_MALFORMED;
	} else {
		p.has_msg_id = 1;
		if ((rc = lvpn_rd_u32(&r, &p.msg_id)))
			return rc;
		p.payload = r.p;
		p.payload_len = r.left;
	}
	*out = p;
	return 0;
}

size_t lvpn_pkt_size(const struct lvpn_ctrl_pkt *p)
{
	int has = p->op != LVPN_OP_ACK_V1;

	return lvpn_ctrl_hdr_size(p->n_acks, has) + (has ? p->payload_len : 0);
}

int lvpn_pkt_write(const struct lvpn_ctrl_pkt *p, uint8_t *out, size_t cap, size_t *len)
{
	struct lvpn_wr w;
	int has = p->op != LVPN_OP_ACK_V1;
	size_t hdr;
	int rc = 0;

	if (p->op < LVPN_OP_FIRST || p->op > LVPN_OP_LAST || lvpn_op_is_data(p->op) ||
	    p->key_id > LVPN_KEY_ID_MAX || p->n_acks > LVPN_ACK_MAX || !p->sid ||
	    (p->n_acks && !p->ack_sid) || (!has && (p->payload_len || !p->n_acks)) ||
	    (p->payload_len && !p->payload))
		return LVPN_ERR_INVAL;
	if (lvpn_op_is_hard_reset(p->op) && p->key_id)
		return LVPN_ERR_INVAL;
	hdr = lvpn_ctrl_hdr_size(p->n_acks, has);
	if (cap < hdr || cap - hdr < (has ? p->payload_len : 0))
		return LVPN_ERR_BUFSIZE;
	/* the payload first: it may sit in out already (memmove copes) */
	if (has && p->payload_len && p->payload != out + hdr)
		memmove(out + hdr, p->payload, p->payload_len);
	lvpn_wr_init(&w, out, hdr);
	rc |= lvpn_wr_u8(&w, lvpn_op_byte(p->op, p->key_id));
	rc |= lvpn_wr_bytes(&w, p->sid, LVPN_SID_SIZE);
	rc |= lvpn_wr_u8(&w, p->n_acks);
	for (unsigned i = 0; i < p->n_acks; i++)
		rc |= lvpn_wr_u32(&w, p->acks[i]);
	if (p->n_acks)
		rc |= lvpn_wr_bytes(&w, p->ack_sid, LVPN_SID_SIZE);
	if (has)
		rc |= lvpn_wr_u32(&w, p->msg_id);
	if (rc)
		return LVPN_ERR_BUFSIZE; /* cannot happen: hdr was sized above */
	*len = hdr + (has ? p->payload_len : 0);
	return 0;
}

int lvpn_tlv_write_early_neg(uint8_t *out, size_t cap, uint16_t flags, size_t *len)
{
	if (cap < 6)
		return LVPN_ERR_BUFSIZE;
	lvpn_put_be16(out, LVPN_TLV_EARLY_NEG_FLAGS);
	lvpn_put_be16(out + 2, 2);
	lvpn_put_be16(out + 4, flags);
	*len = 6;
	return 0;
}

int lvpn_tlv_parse_early_neg(const uint8_t *p, size_t len, uint16_t *flags)
{
	struct lvpn_rd r;
	uint16_t type, vlen, v = 0;
	const uint8_t *val;
	int rc;

	lvpn_rd_init(&r, p, len);
	while (r.left) {
		if ((rc = lvpn_rd_u16(&r, &type)) || (rc = lvpn_rd_u16(&r, &vlen)) ||
		    (rc = lvpn_rd_bytes(&r, vlen, &val)))
			return rc;
		if (type == LVPN_TLV_EARLY_NEG_FLAGS) {
			if (vlen != 2)
				return LVPN_ERR_MALFORMED;
			v = lvpn_get_be16(val);
		}
	}
	*flags = v;
	return 0;
}
