/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - the server's MAC table (see mactab.h).  One hash table of
 * entries chained per bucket, each entry also on its client's list; free
 * entries on one free list.  Facts from OpenVPN 2.6 mroute.c
 * (learnable addresses) and multi.c (learning, quota, ageing). */
#include "proto/server/mactab.h"

#include <stdlib.h>
#include <string.h>

#include "base/hash.h"

#define NIL  LVPN_HASH_NIL
#define DONE 0xffffffffu /* a finished walk */

struct ent {
	uint8_t mac[LVPN_MAC_LEN];
	int32_t client;       /* NIL: free */
	int32_t hnext;        /* bucket chain, or free list */
	int32_t cprev, cnext; /* the client's entries */
	uint64_t seen;        /* ms: last frame from the client */
};

struct lvpn_mactab {
	uint64_t seed, ttl;
	uint32_t nclients, quota, nents, mask;
	int32_t *bucket;
	int32_t *chead;  /* per client */
	uint32_t *count; /* per client */
	struct ent *e;
	int32_t freelist; /* entries freed since */
	uint32_t fresh;   /* entries [fresh, nents) never used: untouched
	                   * memory until a client learns that much */
	uint32_t used;
};

static uint32_t hmac(const struct lvpn_mactab *t, const uint8_t mac[LVPN_MAC_LEN])
{
	uint64_t w = 0;

	memcpy(&w, mac, LVPN_MAC_LEN);
	return (uint32_t)lvpn_hash_mix(t->seed ^ w) & t->mask;
}

static int32_t find(const struct lvpn_mactab *t, const uint8_t mac[LVPN_MAC_LEN])
{
	int32_t i = t->bucket[hmac(t, mac)];

	while (i != NIL && memcmp(t->e[i].mac, mac, LVPN_MAC_LEN) != 0)
		i = t->e[i].hnext;
	return i;
}

static int live(const struct lvpn_mactab *t, const struct ent *x, uint64_t now)
{
	return now < x->seen || now - x->seen <= t->ttl;
}

int lvpn_mactab_new(unsigned max_clients, unsigned per_client, uint64_t ttl_ms, uint64_t seed,
                    struct lvpn_mactab **out)
{
	struct lvpn_mactab *t;
	uint64_t n;

	if (!out)
		return LVPN_ERR_INVAL;
	*out = NULL;
	n = (uint64_t)max_clients * per_client;
	if (!max_clients || max_clients > (1u << 20) || !per_client || per_client > (1u << 16) ||
	    n > (1u << 24) || !ttl_ms)
		return LVPN_ERR_INVAL;
	t = calloc(1, sizeof(*t));
	if (!t)
		return LVPN_ERR_NOMEM;
	t->seed = seed;
	t->ttl = ttl_ms;
	t->nclients = max_clients;
	t->quota = per_client;
	t->nents = (uint32_t)n;
	t->bucket = lvpn_hash_buckets(t->nents, &t->mask);
	t->chead = malloc(max_clients * sizeof(*t->chead));
	t->count = calloc(max_clients, sizeof(*t->count));
	t->e = calloc(t->nents, sizeof(*t->e));
	if (!t->bucket || !t->chead || !t->count || !t->e) {
		lvpn_mactab_free(t);
		return LVPN_ERR_NOMEM;
	}
	for (uint32_t i = 0; i < max_clients; i++)
		t->chead[i] = NIL;
	t->freelist = NIL;
	*out = t;
	return 0;
}

void lvpn_mactab_free(struct lvpn_mactab *t)
{
	if (!t)
		return;
	free(t->bucket);
	free(t->chead);
	free(t->count);
	free(t->e);
	free(t);
}

int lvpn_mactab_learnable(const uint8_t mac[LVPN_MAC_LEN])
{
	static const uint8_t zero[LVPN_MAC_LEN];

	/* all ones is a group address too */
	return !(mac[0] & 1) && memcmp(mac, zero, LVPN_MAC_LEN) != 0;
}

static void link_client(struct lvpn_mactab *t, int32_t i, int client)
{
	struct ent *x = &t->e[i];

	x->client = client;
	x->cprev = NIL;
	x->cnext = t->chead[client];
	if (x->cnext != NIL)
		t->e[x->cnext].cprev = i;
	t->chead[client] = i;
	t->count[client]++;
}

static void unlink_client(struct lvpn_mactab *t, int32_t i)
{
	struct ent *x = &t->e[i];

	if (x->cprev != NIL)
		t->e[x->cprev].cnext = x->cnext;
	else
		t->chead[x->client] = x->cnext;
	if (x->cnext != NIL)
		t->e[x->cnext].cprev = x->cprev;
	t->count[x->client]--;
}

static void drop(struct lvpn_mactab *t, int32_t i)
{
	int32_t *p = &t->bucket[hmac(t, t->e[i].mac)];

	while (*p != i)
		p = &t->e[*p].hnext;
	*p = t->e[i].hnext;
	unlink_client(t, i);
	t->e[i].client = NIL;
	t->e[i].hnext = t->freelist;
	t->freelist = i;
	t->used--;
}

/* Frees the client's expired entries (at most its quota of them). */
static void reclaim(struct lvpn_mactab *t, int client, uint64_t now)
{
	int32_t i = t->chead[client];

	while (i != NIL) {
		int32_t next = t->e[i].cnext;

		if (!live(t, &t->e[i], now))
			drop(t, i);
		i = next;
	}
}

int lvpn_mactab_learn(struct lvpn_mactab *t, const uint8_t mac[LVPN_MAC_LEN], int client,
                      uint64_t now)
{
	int32_t i;
	uint32_t b;

	if (!t || !mac || client < 0 || (uint32_t)client >= t->nclients ||
	    !lvpn_mactab_learnable(mac))
		return LVPN_ERR_INVAL;
	i = find(t, mac);
	if (i != NIL && t->e[i].client == client) {
		t->e[i].seen = now;
		return 0;
	}
	if (t->count[client] >= t->quota)
		reclaim(t, client, now);
	if (t->count[client] >= t->quota)
		return LVPN_ERR_EXHAUSTED;
	if (i != NIL) {
		/* another client's: it moves */
		unlink_client(t, i);
		link_client(t, i, client);
		t->e[i].seen = now;
		return 0;
	}
	/* cannot run out: every client's quota is reserved */
	if (t->freelist != NIL) {
		i = t->freelist;
		t->freelist = t->e[i].hnext;
	} else if (t->fresh < t->nents) {
		i = (int32_t)t->fresh++;
	} else {
		return LVPN_ERR_EXHAUSTED;
	}
	memcpy(t->e[i].mac, mac, LVPN_MAC_LEN);
	t->e[i].seen = now;
	b = hmac(t, mac);
	t->e[i].hnext = t->bucket[b];
	t->bucket[b] = i;
	link_client(t, i, client);
	t->used++;
	return 0;
}

int lvpn_mactab_lookup(const struct lvpn_mactab *t, const uint8_t mac[LVPN_MAC_LEN], uint64_t now,
                       int *client)
{
	int32_t i;

	if (!t || !mac || !client)
		return 0;
	i = find(t, mac);
	if (i == NIL || !live(t, &t->e[i], now))
		return 0;
	*client = t->e[i].client;
	return 1;
}

void lvpn_mactab_remove_client(struct lvpn_mactab *t, int client)
{
	if (!t || client < 0 || (uint32_t)client >= t->nclients)
		return;
	while (t->chead[client] != NIL)
		drop(t, t->chead[client]);
}

unsigned lvpn_mactab_count(const struct lvpn_mactab *t, int client)
{
	if (!t)
		return 0;
	if (client == -1)
		return t->used;
	if (client < 0 || (uint32_t)client >= t->nclients)
		return 0;
	return t->count[client];
}

int lvpn_mactab_walk(const struct lvpn_mactab *t, int client, uint64_t now, unsigned *pos,
                     uint8_t mac[LVPN_MAC_LEN], uint64_t *seen)
{
	int32_t i;

	if (!t || !pos || !mac || client < 0 || (uint32_t)client >= t->nclients || *pos == DONE)
		return 0;
	i = *pos == 0 ? t->chead[client] : (int32_t)(*pos - 1);
	while (i != NIL && !live(t, &t->e[i], now))
		i = t->e[i].cnext;
	if (i == NIL) {
		*pos = DONE;
		return 0;
	}
	memcpy(mac, t->e[i].mac, LVPN_MAC_LEN);
	if (seen)
		*seen = t->e[i].seen;
	*pos = t->e[i].cnext == NIL ? DONE : (unsigned)t->e[i].cnext + 1;
	return 1;
}

int lvpn_mactab_dest(const struct lvpn_mactab *t, const uint8_t *frame, size_t len, uint64_t now,
                     int *client)
{
	if (!client)
		return LVPN_ERR_INVAL;
	*client = LVPN_MACTAB_NONE;
	if (!frame)
		return LVPN_ERR_INVAL;
	if (len < LVPN_ETH_HDR_LEN)
		return LVPN_ERR_TRUNCATED;
	if (frame[0] & 1) {
		*client = LVPN_MACTAB_GROUP;
		return 0;
	}
	(void)lvpn_mactab_lookup(t, frame, now, client);
	return 0;
}
