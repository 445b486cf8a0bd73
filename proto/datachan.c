/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - data-channel packets and key slots (see proto/datachan.h). */
#include "proto/datachan.h"

int lvpn_data_hdr_build(uint8_t out[LVPN_DATA_HDR_MAX], int opcode, uint8_t key_id,
                        uint32_t peer_id)
{
	if (key_id > 7 || peer_id > LVPN_PEER_ID_NONE)
		return LVPN_ERR_INVAL;
	out[0] = (uint8_t)(opcode << 3 | key_id);
	if (opcode == LVPN_OP_DATA_V1)
		return 1;
	if (opcode != LVPN_OP_DATA_V2)
		return LVPN_ERR_INVAL;
	out[1] = (uint8_t)(peer_id >> 16);
	out[2] = (uint8_t)(peer_id >> 8);
	out[3] = (uint8_t)peer_id;
	return 4;
}

int lvpn_data_hdr_parse(const uint8_t *p, size_t len, int *opcode, uint8_t *key_id,
                        uint32_t *peer_id)
{
	if (len < 1)
		return LVPN_ERR_TRUNCATED;
	*opcode = p[0] >> 3;
	*key_id = p[0] & 7;
	if (*opcode == LVPN_OP_DATA_V1) {
		*peer_id = LVPN_PEER_ID_NONE;
		return 1;
	}
	if (*opcode != LVPN_OP_DATA_V2)
		return LVPN_ERR_OPCODE;
	if (len < 4)
		return LVPN_ERR_TRUNCATED;
	*peer_id = (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
	return 4;
}

int lvpn_data_init(struct lvpn_data *d, uint32_t peer_id, uint32_t replay_window,
                   uint32_t replay_time)
{
	if (peer_id > LVPN_PEER_ID_NONE || replay_window > LVPN_REPLAY_WINDOW_MAX ||
	    replay_time > LVPN_REPLAY_TIME_MAX)
		return LVPN_ERR_INVAL;
	memset(d, 0, sizeof(*d));
	d->primary = -1;
	d->peer_id = peer_id;
	d->replay_window = replay_window;
	d->replay_time = replay_time;
	return 0;
}

static void slot_free(struct lvpn_data_key *s)
{
	if (!s->installed)
		return;
	lvpn_dc_key_free(&s->dc);
	lvpn_replay_free(&s->replay);
	memset(s, 0, sizeof(*s));
}

void lvpn_data_free(struct lvpn_data *d)
{
	for (int i = 0; i < LVPN_DATA_SLOTS; i++)
		slot_free(&d->slot[i]);
	d->primary = -1;
}

struct lvpn_data_key *lvpn_data_key_find(struct lvpn_data *d, uint8_t key_id)
{
	for (int i = 0; i < LVPN_DATA_SLOTS; i++)
		if (d->slot[i].installed && d->slot[i].key_id == key_id)
			return &d->slot[i];
	return NULL;
}

int lvpn_data_key_install(struct lvpn_data *d, uint8_t key_id, enum lvpn_dc_cipher c,
                          enum lvpn_dc_auth a, const uint8_t key2[LVPN_DC_KEY2_LEN],
                          enum lvpn_dc_role role, uint64_t now)
{
	struct lvpn_data_key *s = lvpn_data_key_find(d, key_id);
	int rc;

	if (key_id > 7)
		return LVPN_ERR_INVAL;
	for (int i = 0; !s && i < LVPN_DATA_SLOTS; i++)
		if (!d->slot[i].installed)
			s = &d->slot[i];
	for (int i = 0; !s && i < LVPN_DATA_SLOTS; i++)
		if (i != d->primary && d->slot[i].expires && now >= d->slot[i].expires)
			s = &d->slot[i];
	if (!s)
		return LVPN_ERR_STATE;
	if (s - d->slot == d->primary)
		d->primary = -1;
	slot_free(s);
	rc = lvpn_dc_key_install(&s->dc, c, a, key2, role);
	if (rc)
		return rc;
	rc = lvpn_replay_init(&s->replay, d->replay_window, d->replay_time);
	if (rc) {
		lvpn_dc_key_free(&s->dc);
		return rc;
	}
	s->key_id = key_id;
	s->installed = 1;
	if (d->primary < 0)
		d->primary = (int)(s - d->slot);
	return 0;
}

int lvpn_data_key_activate(struct lvpn_data *d, uint8_t key_id, uint64_t now, uint32_t tran_window)
{
	struct lvpn_data_key *s = lvpn_data_key_find(d, key_id);
	int idx;

	if (!s)
		return LVPN_ERR_KEY_ID;
	idx = (int)(s - d->slot);
	if (d->primary >= 0 && d->primary != idx)
		d->slot[d->primary].expires = now + tran_window;
	s->expires = 0;
	d->primary = idx;
	if (s->send_pid < LVPN_DATA_PID_RENEG)
		d->need_reneg = 0;
	return 0;
}

int lvpn_data_key_retire(struct lvpn_data *d, uint8_t key_id)
{
	struct lvpn_data_key *s = lvpn_data_key_find(d, key_id);

	if (!s)
		return LVPN_ERR_KEY_ID;
	if (s - d->slot == d->primary)
		d->primary = -1;
	slot_free(s);
	return 0;
}

int lvpn_data_overhead(enum lvpn_dc_cipher c, enum lvpn_dc_auth a, uint32_t peer_id, uint32_t *head,
                       uint32_t *tail)
{
	int rc = lvpn_dc_overhead(c, a, head, tail);

	if (rc)
		return rc;
	*head += peer_id == LVPN_PEER_ID_NONE ? 1 : 4;
	return 0;
}

int lvpn_data_mss_frame(struct lvpn_mss_frame *f, enum lvpn_dc_cipher c, enum lvpn_dc_auth a,
                        uint32_t peer_id, int tcp, int ipv6, uint32_t comp_bytes)
{
	uint32_t head, tail;
	int rc = lvpn_data_overhead(c, a, peer_id, &head, &tail);

	if (rc)
		return rc;
	/* CBC (the only one with a tail) encrypts the packet id: OpenVPN counts
	 * it as payload, and the IV and HMAC as protocol header */
	f->cbc_block = tail;
	f->payload_overhead = comp_bytes + (tail ? LVPN_DC_PID_LEN : 0);
	f->proto_header = head - (tail ? LVPN_DC_PID_LEN : 0) + (tcp ? 2 : 0);
	f->encap = (ipv6 ? 40u : 20u) + (tcp ? 20u : 8u);
	return 0;
}

static int seal_one(struct lvpn_data *d, struct lvpn_data_key *s, const uint8_t *hdr, int hlen,
                    struct lvpn_buf *b)
{
	int rc;

	if (s->send_pid == UINT32_MAX) {
		d->st.tx_exhausted++;
		d->need_reneg = 1;
		return LVPN_ERR_EXHAUSTED;
	}
	s->send_pid++;
	if (s->send_pid >= LVPN_DATA_PID_RENEG)
		d->need_reneg = 1;
	rc = lvpn_dc_seal(&s->dc, b, s->send_pid, hdr, (uint32_t)hlen, hlen == 4);
	if (!rc)
		d->st.tx_packets++;
	return rc;
}

int lvpn_data_seal(struct lvpn_data *d, struct lvpn_buf *b)
{
	int err = 0;

	lvpn_data_seal_batch(d, &b, 1, &err);
	return err;
}

uint32_t lvpn_data_seal_batch(struct lvpn_data *d, struct lvpn_buf **bufs, uint32_t n, int *err)
{
	struct lvpn_data_key *s;
	uint8_t hdr[LVPN_DATA_HDR_MAX];
	int hlen, op;

	*err = 0;
	if (d->primary < 0) {
		*err = LVPN_ERR_STATE;
		return 0;
	}
	s = &d->slot[d->primary];
	op = d->peer_id == LVPN_PEER_ID_NONE ? LVPN_OP_DATA_V1 : LVPN_OP_DATA_V2;
	hlen = lvpn_data_hdr_build(hdr, op, s->key_id, d->peer_id);
	if (hlen < 0) {
		*err = hlen;
		return 0;
	}
	for (uint32_t i = 0; i < n; i++) {
		int rc = seal_one(d, s, hdr, hlen, bufs[i]);

		if (rc) {
			*err = rc;
			return i;
		}
	}
	return n;
}

static int count_drop(struct lvpn_data *d, int rc)
{
	switch (rc) {
	case LVPN_ERR_TRUNCATED:
		d->st.drop_truncated++;
		break;
	case LVPN_ERR_OPCODE:
		d->st.drop_opcode++;
		break;
	case LVPN_ERR_KEY_ID:
		d->st.drop_key_id++;
		break;
	case LVPN_ERR_AUTH:
		d->st.drop_auth++;
		break;
	case LVPN_ERR_REPLAY:
		d->st.drop_replay++;
		break;
	default:
		d->st.drop_malformed++;
		break;
	}
	return rc;
}

int lvpn_data_open(struct lvpn_data *d, struct lvpn_buf *b, uint64_t now, uint8_t *key_id)
{
	struct lvpn_data_key *s;
	uint32_t peer_id, pid;
	uint32_t head = b->head, len = b->len;
	uint8_t kid;
	int op, hlen, rc;

	hlen = lvpn_data_hdr_parse(lvpn_buf_data(b), b->len, &op, &kid, &peer_id);
	if (hlen < 0)
		return count_drop(d, hlen);
	s = lvpn_data_key_find(d, kid);
	if (!s)
		return count_drop(d, LVPN_ERR_KEY_ID);
	if (s->expires && now >= s->expires) {
		d->st.drop_expired++;
		return LVPN_ERR_KEY_ID;
	}
	rc = lvpn_dc_open(&s->dc, b, (uint32_t)hlen, hlen == 4, &pid);
	if (!rc)
		rc = lvpn_replay_update(&s->replay, pid, 0, now);
	if (rc) {
		b->head = head;
		b->len = len;
		return count_drop(d, rc);
	}
	d->st.rx_packets++;
	if (key_id)
		*key_id = kid;
	return 0;
}
