/* SPDX-License-Identifier: BSD-2-Clause */
#include "proto/tcpframe.h"

#include <string.h>

#include "base/wire.h"

enum { ST_PREFIX, ST_BODY, ST_READY, ST_BROKEN };

void lvpn_tcpframe_init(struct lvpn_tcpframe *f, uint8_t *mem, size_t cap)
{
	memset(f, 0, sizeof(*f));
	f->buf = mem;
	f->cap = cap;
}

int lvpn_tcpframe_push(struct lvpn_tcpframe *f, const uint8_t *data, size_t len, size_t *used)
{
	size_t n = 0, take;

	*used = 0;
	if (f->state == ST_BROKEN)
		return LVPN_ERR_FRAMING;
	if (f->state == ST_READY)
		return LVPN_ERR_STATE;
	while (n < len) {
		if (f->state == ST_PREFIX) {
			f->pfx[f->have++] = data[n++];
			if (f->have < LVPN_TCP_LEN_SIZE)
				continue;
			f->need = lvpn_get_be16(f->pfx);
			f->have = 0;
			if (f->need == 0 || f->need > f->cap) {
				f->state = ST_BROKEN;
				*used = n;
				return LVPN_ERR_FRAMING;
			}
			f->state = ST_BODY;
			continue;
		}
		take = f->need - f->have;
		if (take > len - n)
			take = len - n;
		memcpy(f->buf + f->have, data + n, take);
		f->have += take;
		n += take;
		if (f->have == f->need) {
			f->state = ST_READY;
			break;
		}
	}
	*used = n;
	return f->state == ST_READY;
}

void lvpn_tcpframe_packet(const struct lvpn_tcpframe *f, const uint8_t **pkt, size_t *len)
{
	*pkt = f->buf;
	*len = f->state == ST_READY ? f->need : 0;
}

void lvpn_tcpframe_next(struct lvpn_tcpframe *f)
{
	if (f->state != ST_READY)
		return;
	f->state = ST_PREFIX;
	f->have = 0;
	f->need = 0;
}

int lvpn_tcpframe_prefix(struct lvpn_buf *b)
{
	uint8_t *p;
	int rc;

	if (b->len > 0xffff)
		return LVPN_ERR_TOO_BIG;
	if ((rc = lvpn_buf_prepend(b, LVPN_TCP_LEN_SIZE, &p)))
		return rc;
	lvpn_put_be16(p, (uint16_t)(b->len - LVPN_TCP_LEN_SIZE));
	return 0;
}
