/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - client address pool (see pool.h).  Sizes and the persist
 * format follow OpenVPN 2.6 pool.c. */
#include "proto/server/ippool.h"

#include <stdlib.h>
#include <string.h>

#include "base/hash.h"
#include "proto/server/srvaddr.h"

#define NIL LVPN_HASH_NIL

struct entry {
	int32_t prev, next; /* free list (release order), NIL-terminated */
	int32_t hnext;      /* chain of entries in the same name bucket */
	uint8_t in_use, fixed, on_free, named;
	char cn[LVPN_IPPOOL_CN_MAX + 1];
};

struct lvpn_ippool {
	struct lvpn_ippool_cfg cfg;
	struct lvpn_log *log;
	uint32_t v4base; /* first address (net30: first /30) */
	uint32_t v6low;  /* last 32 bits of the IPv6 base */
	uint8_t v6base[16];
	int size, used;
	int32_t head, tail; /* free list */
	int32_t *buckets;
	uint32_t mask; /* buckets - 1 (a power of two - 1) */
	struct entry *e;
	int save_armed;
	uint64_t next_save;
};

static uint32_t hash_cn(const char *s)
{
	uint32_t h = 2166136261u; /* FNV-1a */

	while (*s)
		h = (h ^ (uint8_t)*s++) * 16777619u;
	return h;
}

static void unlink_free(struct lvpn_ippool *p, int32_t i)
{
	struct entry *x = &p->e[i];

	if (!x->on_free)
		return;
	if (x->prev != NIL)
		p->e[x->prev].next = x->next;
	else
		p->head = x->next;
	if (x->next != NIL)
		p->e[x->next].prev = x->prev;
	else
		p->tail = x->prev;
	x->on_free = 0;
}

static void append_free(struct lvpn_ippool *p, int32_t i)
{
	struct entry *x = &p->e[i];

	x->prev = p->tail;
	x->next = NIL;
	if (p->tail != NIL)
		p->e[p->tail].next = i;
	else
		p->head = i;
	p->tail = i;
	x->on_free = 1;
}

static void forget_name(struct lvpn_ippool *p, int32_t i)
{
	struct entry *x = &p->e[i];
	int32_t *pp;

	if (!x->named)
		return;
	pp = &p->buckets[hash_cn(x->cn) & p->mask];
	while (*pp != NIL && *pp != i)
		pp = &p->e[*pp].hnext;
	if (*pp == i)
		*pp = x->hnext;
	x->named = 0;
	x->fixed = 0;
	x->cn[0] = 0;
}

static void set_name(struct lvpn_ippool *p, int32_t i, const char *cn)
{
	struct entry *x = &p->e[i];
	uint32_t b = hash_cn(cn) & p->mask;

	forget_name(p, i);
	strcpy(x->cn, cn); /* length checked by the callers */
	x->named = 1;
	x->hnext = p->buckets[b];
	p->buckets[b] = i;
}

/* The first free entry remembered for cn, or NIL. */
static int32_t find_name(const struct lvpn_ippool *p, const char *cn)
{
	int32_t i = p->buckets[hash_cn(cn) & p->mask];
	int32_t best = NIL;

	for (; i != NIL; i = p->e[i].hnext)
		if (!p->e[i].in_use && !strcmp(p->e[i].cn, cn) && (best == NIL || i < best))
			best = i;
	return best;
}

static int sizes(const struct lvpn_ippool_cfg *c, struct lvpn_ippool *p)
{
	long n4 = -1, n6 = -1;

	if (c->v4) {
		if (c->start > c->end || c->end - c->start >= LVPN_IPPOOL_MAX)
			return LVPN_ERR_CONFIG;
		if (c->net30) {
			p->v4base = c->start & ~3u;
			n4 = ((long)(c->end | 3u) + 1 - p->v4base) >> 2;
		} else {
			p->v4base = c->start;
			n4 = (long)(c->end - c->start) + 1;
		}
		if (n4 < 2)
			return LVPN_ERR_CONFIG;
		p->size = (int)n4;
	}
	if (c->v6) {
		uint32_t low;

		if (c->v6_netbits < 64 || c->v6_netbits > 128)
			return LVPN_ERR_CONFIG;
		memcpy(p->v6base, c->v6_base, 16);
		low = (uint32_t)c->v6_base[12] << 24 | (uint32_t)c->v6_base[13] << 16 |
		      (uint32_t)c->v6_base[14] << 8 | c->v6_base[15];
		if (128 - c->v6_netbits < 32)
			low &= (1u << (128 - c->v6_netbits)) - 1;
		if (low == 0) { /* never hand out the subnet-router anycast address */
			low = 1;
			lvpn_srvaddr_add6(p->v6base, 1, p->v6base);
		}
		p->v6low = low;
		n6 = c->v6_netbits >= 112 ? (long)(1ul << (128 - c->v6_netbits)) - (long)low
		                          : LVPN_IPPOOL_MAX;
		if (n6 < 2)
			return LVPN_ERR_CONFIG;
		if (p->size <= 0 || n6 < p->size)
			p->size = (int)n6;
	}
	return p->size > 0 ? 0 : LVPN_ERR_CONFIG;
}

int lvpn_ippool_new(const struct lvpn_ippool_cfg *cfg, struct lvpn_log *log,
                    struct lvpn_ippool **out)
{
	struct lvpn_ippool *p;
	int rc;

	if (!cfg || !out)
		return LVPN_ERR_INVAL;
	*out = NULL;
	p = calloc(1, sizeof(*p));
	if (!p)
		return LVPN_ERR_NOMEM;
	p->cfg = *cfg;
	p->log = log;
	rc = sizes(cfg, p);
	if (rc) {
		free(p);
		return rc;
	}
	p->e = calloc((size_t)p->size, sizeof(*p->e));
	p->buckets = lvpn_hash_buckets((uint32_t)p->size, &p->mask);
	if (!p->e || !p->buckets) {
		lvpn_ippool_free(p);
		return LVPN_ERR_NOMEM;
	}
	p->head = p->tail = NIL;
	for (int32_t i = 0; i < p->size; i++)
		append_free(p, i);
	LVPN_LOG(log, LVPN_LOG_INFO, "address pool: %d entries%s%s", p->size,
	         cfg->v4 ? (cfg->net30 ? " IPv4 /30" : " IPv4") : "", cfg->v6 ? " IPv6" : "");
	*out = p;
	return 0;
}

void lvpn_ippool_free(struct lvpn_ippool *p)
{
	if (!p)
		return;
	free(p->e);
	free(p->buckets);
	free(p);
}

int lvpn_ippool_size(const struct lvpn_ippool *p)
{
	return p ? p->size : 0;
}

int lvpn_ippool_used(const struct lvpn_ippool *p)
{
	return p ? p->used : 0;
}

static uint32_t base4(const struct lvpn_ippool *p, int32_t i)
{
	return p->cfg.net30 ? p->v4base + ((uint32_t)i << 2) : p->v4base + (uint32_t)i;
}

static void fill(const struct lvpn_ippool *p, int32_t i, struct lvpn_ippool_lease *l)
{
	memset(l, 0, sizeof(*l));
	l->handle = i;
	if (p->cfg.v4) {
		uint32_t b = base4(p, i);

		l->has_v4 = 1;
		l->local = p->cfg.net30 ? b + 1 : 0;
		l->remote = p->cfg.net30 ? b + 2 : b;
	}
	if (p->cfg.v6) {
		l->has_v6 = 1;
		lvpn_srvaddr_add6(p->v6base, (uint32_t)i, l->remote6);
	}
}

int lvpn_ippool_acquire(struct lvpn_ippool *p, const char *cn, struct lvpn_ippool_lease *lease)
{
	int32_t i = NIL;

	if (!p || !lease || (cn && strlen(cn) > LVPN_IPPOOL_CN_MAX))
		return LVPN_ERR_INVAL;
	if (p->cfg.duplicate_cn)
		cn = NULL;
	if (cn && *cn)
		i = find_name(p, cn);
	if (i == NIL) {
		i = p->head; /* fixed entries never sit on the free list */
		if (i == NIL)
			return LVPN_ERR_EXHAUSTED;
	}
	unlink_free(p, i);
	p->e[i].in_use = 1;
	p->used++;
	if (cn && *cn) {
		if (!p->e[i].named || strcmp(p->e[i].cn, cn))
			set_name(p, i, cn);
	} else {
		forget_name(p, i);
	}
	fill(p, i, lease);
	return 0;
}

int lvpn_ippool_release(struct lvpn_ippool *p, int handle, int hard)
{
	struct entry *x;

	if (!p || handle < 0 || handle >= p->size || !p->e[handle].in_use)
		return LVPN_ERR_INVAL;
	x = &p->e[handle];
	x->in_use = 0;
	p->used--;
	if (hard)
		forget_name(p, handle);
	if (!x->fixed)
		append_free(p, handle);
	return 0;
}

static int32_t handle4(const struct lvpn_ippool *p, uint32_t a)
{
	uint32_t off;

	if (!p->cfg.v4 || a < p->v4base)
		return NIL;
	off = a - p->v4base;
	if (p->cfg.net30)
		off >>= 2;
	return off < (uint32_t)p->size ? (int32_t)off : NIL;
}

static int32_t handle6(const struct lvpn_ippool *p, const uint8_t a[16])
{
	uint32_t low, base;

	if (!p->cfg.v6 || memcmp(a, p->v6base, 12))
		return NIL;
	low = (uint32_t)a[12] << 24 | (uint32_t)a[13] << 16 | (uint32_t)a[14] << 8 | a[15];
	base = (uint32_t)p->v6base[12] << 24 | (uint32_t)p->v6base[13] << 16 |
	       (uint32_t)p->v6base[14] << 8 | p->v6base[15];
	if (low < base || low - base >= (uint32_t)p->size)
		return NIL;
	return (int32_t)(low - base);
}

int lvpn_ippool_reserve4(struct lvpn_ippool *p, uint32_t a)
{
	int32_t i;

	if (!p || (i = handle4(p, a)) == NIL)
		return LVPN_ERR_INVAL;
	if (p->e[i].in_use)
		return LVPN_ERR_STATE;
	unlink_free(p, i);
	forget_name(p, i);
	p->e[i].in_use = 1;
	p->e[i].fixed = 1;
	p->used++;
	return 0;
}

/* Copies the next ','-separated field of [s, end) into f[cap]; returns
 * the position after the comma, or NULL if the field does not fit. */
static const char *field(const char *s, const char *end, char *f, size_t cap)
{
	size_t n = 0;

	while (s < end && *s != ',') {
		if (n + 1 >= cap)
			return NULL;
		f[n++] = *s++;
	}
	f[n] = 0;
	return s < end ? s + 1 : s;
}

/* One persist line [s, end); returns 1 if it assigned an entry. */
static int load_line(struct lvpn_ippool *p, const char *s, const char *end)
{
	char cn[LVPN_IPPOOL_CN_MAX + 1], a4[64], a6[64];
	int32_t h = NIL, h6 = NIL;
	uint32_t v4;
	uint8_t v6[16];

	if (!(s = field(s, end, cn, sizeof(cn))) || !cn[0])
		return 0;
	if (!(s = field(s, end, a4, sizeof(a4))) || !(s = field(s, end, a6, sizeof(a6))))
		return 0;
	if (s != end)
		return 0; /* a fourth field */
	if (a4[0] && !lvpn_srvaddr_parse4(a4, &v4))
		h = handle4(p, v4);
	if (a6[0] && !lvpn_srvaddr_parse6(a6, v6)) {
		h6 = handle6(p, v6);
		if (h == NIL)
			h = h6;
	}
	if (h == NIL || p->e[h].in_use)
		return 0;
	set_name(p, h, cn);
	p->e[h].fixed = p->cfg.persist_secs <= 0;
	unlink_free(p, h);
	if (!p->e[h].fixed)
		append_free(p, h); /* named entries go last, as if just released */
	return 1;
}

int lvpn_ippool_load(struct lvpn_ippool *p, const char *text, size_t len, unsigned *skipped)
{
	const char *s, *end;
	unsigned bad = 0;

	if (!p || (!text && len))
		return LVPN_ERR_INVAL;
	if (skipped)
		*skipped = 0;
	if (p->cfg.duplicate_cn || !len)
		return 0;
	s = text;
	end = text + len;
	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		const char *le = nl ? nl : end;
		const char *ce = le;

		if (ce > s && ce[-1] == '\r')
			ce--;
		if (ce > s && *s != '#' && *s != ';') {
			if (ce - s > 255 || memchr(s, 0, (size_t)(ce - s)) || !load_line(p, s, ce))
				bad++;
		}
		s = nl ? nl + 1 : end;
	}
	if (skipped)
		*skipped = bad;
	if (bad)
		LVPN_LOG(p->log, LVPN_LOG_WARN, "ifconfig-pool-persist: %u line(s) ignored", bad);
	return 0;
}

int lvpn_ippool_save(const struct lvpn_ippool *p, char *buf, size_t cap, size_t *len)
{
	size_t n = 0;

	if (!p || !len || (!buf && cap))
		return LVPN_ERR_INVAL;
	for (int32_t i = 0; i < p->size; i++) {
		char a4[LVPN_ADDR4_STRLEN] = "", a6[LVPN_ADDR6_STRLEN] = "";
		size_t cl, l4, l6;

		if (!p->e[i].named)
			continue;
		if (p->cfg.v4)
			lvpn_srvaddr_fmt4(base4(p, i), a4);
		if (p->cfg.v6) {
			uint8_t x[16];

			lvpn_srvaddr_add6(p->v6base, (uint32_t)i, x);
			lvpn_srvaddr_fmt6(x, a6);
		}
		cl = strlen(p->e[i].cn), l4 = strlen(a4), l6 = strlen(a6);
		if (n + cl + l4 + l6 + 3 <= cap) {
			memcpy(buf + n, p->e[i].cn, cl);
			buf[n + cl] = ',';
			memcpy(buf + n + cl + 1, a4, l4);
			buf[n + cl + 1 + l4] = ',';
			memcpy(buf + n + cl + 2 + l4, a6, l6);
			buf[n + cl + 2 + l4 + l6] = '\n';
		}
		n += cl + l4 + l6 + 3;
	}
	*len = n;
	return n <= cap ? 0 : LVPN_ERR_BUFSIZE;
}

int lvpn_ippool_save_due(struct lvpn_ippool *p, uint64_t now)
{
	if (!p || p->cfg.persist_secs <= 0 || p->cfg.duplicate_cn)
		return 0;
	if (!p->save_armed) {
		p->save_armed = 1;
		p->next_save = now + (uint64_t)p->cfg.persist_secs;
		return 0;
	}
	if (now < p->next_save)
		return 0;
	p->next_save = now + (uint64_t)p->cfg.persist_secs;
	return 1;
}
