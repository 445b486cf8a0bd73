/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - routing table: longest prefix match over per-length hashes
 * (see iptable.h). */
#include "proto/server/iptable.h"

#include <stdlib.h>
#include <string.h>

#include "base/hash.h"

#define NIL LVPN_HASH_NIL

struct key {
	uint8_t fam; /* 4 or 6 */
	uint8_t plen;
	uint8_t a[16]; /* masked; IPv4 in a[0..3] */
};

struct ent {
	struct key k;
	int32_t client;
	int32_t hnext;        /* bucket chain, or free list */
	int32_t cprev, cnext; /* the client's entries */
};

struct lvpn_iptable {
	uint64_t seed;
	uint32_t nclients, nents, mask; /* mask: buckets - 1 */
	int32_t *bucket;
	int32_t *chead; /* per client */
	struct ent *e;
	int32_t freelist;
	uint32_t used;
	uint32_t now;              /* lvpn_iptable_set_now, in seconds */
	uint32_t *last;            /* per entry: when it was added or last matched */
	uint32_t lencount[2][129]; /* entries per family/length */
	uint64_t lenset[2][3];     /* bit l: length l in use */
};

static uint32_t hkey(const struct lvpn_iptable *t, const struct key *k)
{
	uint64_t w0 = 0, w1 = 0;

	memcpy(&w0, k->a, 8);
	memcpy(&w1, k->a + 8, 8);
	return (uint32_t)lvpn_hash_mix(
	           lvpn_hash_mix(t->seed ^ w0 ^ ((uint64_t)k->fam << 8 | k->plen)) ^ w1) &
	       t->mask;
}

static void mkkey(struct key *k, int fam, const uint8_t *a, int plen)
{
	int n = fam == 4 ? 4 : 16;

	memset(k, 0, sizeof(*k));
	k->fam = (uint8_t)fam;
	k->plen = (uint8_t)plen;
	memcpy(k->a, a, (size_t)n);
	for (int i = 0; i < n; i++) {
		int keep = plen - 8 * i;

		if (keep < 8)
			k->a[i] &= keep <= 0 ? 0 : (uint8_t)(0xff << (8 - keep));
	}
}

static int keq(const struct key *x, const struct key *y)
{
	return x->fam == y->fam && x->plen == y->plen && !memcmp(x->a, y->a, 16);
}

static int32_t find(const struct lvpn_iptable *t, const struct key *k)
{
	int32_t i = t->bucket[hkey(t, k)];

	while (i != NIL && !keq(&t->e[i].k, k))
		i = t->e[i].hnext;
	return i;
}

int lvpn_iptable_new(unsigned max_clients, unsigned max_entries, uint64_t seed,
                     struct lvpn_iptable **out)
{
	struct lvpn_iptable *t;

	if (!out)
		return LVPN_ERR_INVAL;
	*out = NULL;
	if (!max_clients || max_clients > (1u << 24) || !max_entries || max_entries > (1u << 24))
		return LVPN_ERR_INVAL;
	t = calloc(1, sizeof(*t));
	if (!t)
		return LVPN_ERR_NOMEM;
	t->seed = seed;
	t->nclients = max_clients;
	t->nents = max_entries;
	t->bucket = lvpn_hash_buckets(2 * max_entries, &t->mask);
	t->chead = malloc(max_clients * sizeof(*t->chead));
	t->e = calloc(max_entries, sizeof(*t->e));
	t->last = calloc(max_entries, sizeof(*t->last));
	if (!t->bucket || !t->chead || !t->e || !t->last) {
		lvpn_iptable_free(t);
		return LVPN_ERR_NOMEM;
	}
	for (uint32_t i = 0; i < max_clients; i++)
		t->chead[i] = NIL;
	for (uint32_t i = 0; i < max_entries; i++)
		t->e[i].hnext = i + 1 < max_entries ? (int32_t)(i + 1) : NIL;
	t->freelist = 0;
	*out = t;
	return 0;
}

void lvpn_iptable_free(struct lvpn_iptable *t)
{
	if (!t)
		return;
	free(t->bucket);
	free(t->chead);
	free(t->e);
	free(t->last);
	free(t);
}

static void client_unlink(struct lvpn_iptable *t, int32_t i)
{
	struct ent *x = &t->e[i];

	if (x->cprev != NIL)
		t->e[x->cprev].cnext = x->cnext;
	else
		t->chead[x->client] = x->cnext;
	if (x->cnext != NIL)
		t->e[x->cnext].cprev = x->cprev;
}

static void client_link(struct lvpn_iptable *t, int32_t i, int32_t client)
{
	struct ent *x = &t->e[i];

	x->client = client;
	x->cprev = NIL;
	x->cnext = t->chead[client];
	if (x->cnext != NIL)
		t->e[x->cnext].cprev = i;
	t->chead[client] = i;
}

static void setlen(struct lvpn_iptable *t, const struct key *k, int delta)
{
	int f = k->fam == 6, l = k->plen;

	t->lencount[f][l] += (uint32_t)delta;
	if (t->lencount[f][l])
		t->lenset[f][l / 64] |= 1ull << (l % 64);
	else
		t->lenset[f][l / 64] &= ~(1ull << (l % 64));
}

static int add(struct lvpn_iptable *t, int fam, const uint8_t *a, int plen, int client)
{
	struct key k;
	int32_t i;
	uint32_t b;

	if (!t || !a || client < 0 || (uint32_t)client >= t->nclients || plen < 0 ||
	    plen > (fam == 4 ? 32 : 128))
		return LVPN_ERR_INVAL;
	mkkey(&k, fam, a, plen);
	i = find(t, &k);
	if (i != NIL) {
		if (t->e[i].client != client) {
			client_unlink(t, i);
			client_link(t, i, client);
		}
		return 0;
	}
	if (t->freelist == NIL)
		return LVPN_ERR_EXHAUSTED;
	i = t->freelist;
	t->freelist = t->e[i].hnext;
	t->e[i].k = k;
	b = hkey(t, &k);
	t->e[i].hnext = t->bucket[b];
	t->bucket[b] = i;
	client_link(t, i, client);
	t->last[i] = t->now;
	setlen(t, &k, 1);
	t->used++;
	return 0;
}

static void drop(struct lvpn_iptable *t, int32_t i)
{
	int32_t *pp = &t->bucket[hkey(t, &t->e[i].k)];

	while (*pp != i)
		pp = &t->e[*pp].hnext;
	*pp = t->e[i].hnext;
	client_unlink(t, i);
	setlen(t, &t->e[i].k, -1);
	t->e[i].k.fam = 0; /* free: lvpn_iptable_expire skips it */
	t->e[i].hnext = t->freelist;
	t->freelist = i;
	t->used--;
}

static int del(struct lvpn_iptable *t, int fam, const uint8_t *a, int plen, int client)
{
	struct key k;
	int32_t i;

	if (!t || !a || plen < 0 || plen > (fam == 4 ? 32 : 128))
		return LVPN_ERR_INVAL;
	mkkey(&k, fam, a, plen);
	i = find(t, &k);
	if (i == NIL || t->e[i].client != client)
		return LVPN_ERR_INVAL;
	drop(t, i);
	return 0;
}

static void be32(uint32_t v, uint8_t o[4])
{
	o[0] = (uint8_t)(v >> 24), o[1] = (uint8_t)(v >> 16), o[2] = (uint8_t)(v >> 8);
	o[3] = (uint8_t)v;
}

int lvpn_iptable_add4(struct lvpn_iptable *t, uint32_t net, int plen, int client)
{
	uint8_t a[4];

	be32(net, a);
	return add(t, 4, a, plen, client);
}

int lvpn_iptable_add6(struct lvpn_iptable *t, const uint8_t net[16], int plen, int client)
{
	return add(t, 6, net, plen, client);
}

int lvpn_iptable_del4(struct lvpn_iptable *t, uint32_t net, int plen, int client)
{
	uint8_t a[4];

	be32(net, a);
	return del(t, 4, a, plen, client);
}

int lvpn_iptable_del6(struct lvpn_iptable *t, const uint8_t net[16], int plen, int client)
{
	return del(t, 6, net, plen, client);
}

void lvpn_iptable_remove_client(struct lvpn_iptable *t, int client)
{
	if (!t || client < 0 || (uint32_t)client >= t->nclients)
		return;
	while (t->chead[client] != NIL)
		drop(t, t->chead[client]);
}

int lvpn_iptable_owner(const struct lvpn_iptable *t, int fam, const uint8_t *a, int plen)
{
	struct key k;
	int32_t i;

	if (!t || !a || (fam != 4 && fam != 6) || plen < 0 || plen > (fam == 4 ? 32 : 128))
		return -1;
	mkkey(&k, fam, a, plen);
	i = find(t, &k);
	return i == NIL ? -1 : t->e[i].client;
}

int lvpn_iptable_next(const struct lvpn_iptable *t, int client, uint32_t *pos, int *fam,
                      uint8_t a[16], int *plen)
{
	int32_t i;

	if (!t || !pos || client < 0 || (uint32_t)client >= t->nclients)
		return 0;
	/* *pos is one past the entry returned last */
	if (*pos == 0)
		i = t->chead[client];
	else if (*pos <= t->nents && t->e[*pos - 1].client == client)
		i = t->e[*pos - 1].cnext;
	else
		return 0;
	if (i == NIL)
		return 0;
	*fam = t->e[i].k.fam;
	*plen = t->e[i].k.plen;
	memcpy(a, t->e[i].k.a, 16);
	*pos = (uint32_t)i + 1;
	return 1;
}

void lvpn_iptable_set_now(struct lvpn_iptable *t, uint32_t now_s)
{
	if (t)
		t->now = now_s;
}

int lvpn_iptable_expire(struct lvpn_iptable *t, uint32_t age, uint32_t *pos, int *client, int *fam,
                        uint8_t a[16], int *plen)
{
	if (!t || !pos)
		return 0;
	for (; *pos < t->nents; (*pos)++) {
		struct ent *x = &t->e[*pos];

		if (x->k.fam == 0 || t->now - t->last[*pos] < age)
			continue;
		*client = x->client;
		*fam = x->k.fam;
		*plen = x->k.plen;
		memcpy(a, x->k.a, 16);
		drop(t, (int32_t)*pos);
		(*pos)++;
		return 1;
	}
	return 0;
}

unsigned lvpn_iptable_count(const struct lvpn_iptable *t, int client)
{
	unsigned n = 0;

	if (!t)
		return 0;
	if (client < 0)
		return t->used;
	if ((uint32_t)client >= t->nclients)
		return 0;
	for (int32_t i = t->chead[client]; i != NIL; i = t->e[i].cnext)
		n++;
	return n;
}

/* 1 and *client = the owner of the longest prefix holding a, or 0. */
static int lookup(const struct lvpn_iptable *t, int fam, const uint8_t *a, int *client)
{
	int f = fam == 6, maxl = fam == 4 ? 32 : 128;
	struct key k;

	if (!t || !client)
		return 0;
	for (int w = maxl / 64; w >= 0; w--) {
		uint64_t set = t->lenset[f][w];

		while (set) {
			int bit = 63 - __builtin_clzll(set);
			int32_t i;

			set &= ~(1ull << bit);
			mkkey(&k, fam, a, w * 64 + bit);
			i = find(t, &k);
			if (i != NIL) {
				t->last[i] = t->now; /* the table's, not the caller's */
				*client = t->e[i].client;
				return 1;
			}
		}
	}
	return 0;
}

int lvpn_iptable_lookup4(const struct lvpn_iptable *t, uint32_t addr, int *client)
{
	uint8_t a[4];

	be32(addr, a);
	return lookup(t, 4, a, client);
}

int lvpn_iptable_lookup6(const struct lvpn_iptable *t, const uint8_t addr[16], int *client)
{
	return lookup(t, 6, addr, client);
}

/* Points *a at the source (src != 0) or destination address of pkt. */
static int addr_of(const uint8_t *pkt, size_t len, int src, int *fam, const uint8_t **a)
{
	if (!pkt || len < 1)
		return LVPN_ERR_TRUNCATED;
	switch (pkt[0] >> 4) {
	case 4:
		if (len < 20)
			return LVPN_ERR_TRUNCATED;
		*fam = 4;
		*a = pkt + (src ? 12 : 16);
		return 0;
	case 6:
		if (len < 40)
			return LVPN_ERR_TRUNCATED;
		*fam = 6;
		*a = pkt + (src ? 8 : 24);
		return 0;
	default:
		return LVPN_ERR_MALFORMED;
	}
}

int lvpn_iptable_route(const struct lvpn_iptable *t, const uint8_t *pkt, size_t len, int *client)
{
	const uint8_t *a;
	int fam, rc;

	if (!client)
		return LVPN_ERR_INVAL;
	*client = -1;
	rc = addr_of(pkt, len, 0, &fam, &a);
	if (rc)
		return rc;
	lookup(t, fam, a, client);
	return 0;
}

int lvpn_iptable_src_check(const struct lvpn_iptable *t, int client, const uint8_t *pkt, size_t len)
{
	const uint8_t *a;
	int fam, rc, owner;

	rc = addr_of(pkt, len, 1, &fam, &a);
	if (rc)
		return rc;
	if (client < 0 || !lookup(t, fam, a, &owner) || owner != client)
		return LVPN_ERR_SESSION;
	return 0;
}
