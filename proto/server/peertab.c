/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - client slots, peer-ids and address lookups (see peertab.h). */
#include "proto/server/peertab.h"

#include <stdlib.h>
#include <string.h>

#include "base/hash.h"

#define NIL LVPN_HASH_NIL

struct slot {
	int32_t hnext; /* address bucket chain */
	int32_t fnext; /* free list */
	uint8_t in_use, len;
	uint8_t addr[LVPN_PEERTAB_ADDR_MAX];
};

struct lvpn_peertab {
	uint64_t seed;
	uint32_t n, mask, live;
	int32_t fhead, ftail;
	int32_t *bucket;
	struct slot *s;
};

static uint32_t hash(const struct lvpn_peertab *t, const uint8_t *a, size_t len)
{
	uint64_t h = t->seed ^ len;

	for (size_t i = 0; i < len; i += 8) {
		uint64_t w = 0;

		memcpy(&w, a + i, len - i < 8 ? len - i : 8);
		h = lvpn_hash_mix(h ^ w);
	}
	return (uint32_t)h & t->mask;
}

int lvpn_peertab_new(unsigned max_clients, uint64_t seed, struct lvpn_peertab **out)
{
	struct lvpn_peertab *t;

	if (!out)
		return LVPN_ERR_INVAL;
	*out = NULL;
	if (!max_clients || max_clients > LVPN_PEER_ID_MAX + 1)
		return LVPN_ERR_INVAL;
	t = calloc(1, sizeof(*t));
	if (!t)
		return LVPN_ERR_NOMEM;
	t->seed = seed;
	t->n = max_clients;
	t->bucket = lvpn_hash_buckets(2 * max_clients, &t->mask);
	t->s = calloc(max_clients, sizeof(*t->s));
	if (!t->bucket || !t->s) {
		lvpn_peertab_free(t);
		return LVPN_ERR_NOMEM;
	}
	for (uint32_t i = 0; i < max_clients; i++)
		t->s[i].fnext = i + 1 < max_clients ? (int32_t)(i + 1) : NIL;
	t->fhead = 0;
	t->ftail = (int32_t)max_clients - 1;
	*out = t;
	return 0;
}

void lvpn_peertab_free(struct lvpn_peertab *t)
{
	if (!t)
		return;
	free(t->bucket);
	free(t->s);
	free(t);
}

static int32_t find(const struct lvpn_peertab *t, const uint8_t *a, size_t len)
{
	int32_t i = t->bucket[hash(t, a, len)];

	while (i != NIL && (t->s[i].len != len || memcmp(t->s[i].addr, a, len)))
		i = t->s[i].hnext;
	return i;
}

static void set_addr(struct lvpn_peertab *t, int32_t i, const uint8_t *a, size_t len)
{
	uint32_t b = hash(t, a, len);

	memcpy(t->s[i].addr, a, len);
	t->s[i].len = (uint8_t)len;
	t->s[i].hnext = t->bucket[b];
	t->bucket[b] = i;
}

static void unbind(struct lvpn_peertab *t, int32_t i)
{
	int32_t *pp = &t->bucket[hash(t, t->s[i].addr, t->s[i].len)];

	while (*pp != NIL && *pp != i)
		pp = &t->s[*pp].hnext;
	if (*pp == i)
		*pp = t->s[i].hnext;
	t->s[i].len = 0;
}

static int bad_addr(const void *addr, size_t len)
{
	return !addr || !len || len > LVPN_PEERTAB_ADDR_MAX;
}

int lvpn_peertab_add(struct lvpn_peertab *t, const void *addr, size_t len, int *slot)
{
	int32_t i;

	if (!t || !slot || bad_addr(addr, len))
		return LVPN_ERR_INVAL;
	if (find(t, addr, len) != NIL)
		return LVPN_ERR_STATE;
	if (t->fhead == NIL)
		return LVPN_ERR_EXHAUSTED;
	i = t->fhead;
	t->fhead = t->s[i].fnext;
	if (t->fhead == NIL)
		t->ftail = NIL;
	t->s[i].in_use = 1;
	set_addr(t, i, addr, len);
	t->live++;
	*slot = i;
	return 0;
}

int lvpn_peertab_remove(struct lvpn_peertab *t, int slot)
{
	if (!t || slot < 0 || (uint32_t)slot >= t->n || !t->s[slot].in_use)
		return LVPN_ERR_INVAL;
	unbind(t, slot);
	t->s[slot].in_use = 0;
	t->s[slot].fnext = NIL;
	if (t->ftail != NIL)
		t->s[t->ftail].fnext = slot;
	else
		t->fhead = slot;
	t->ftail = slot;
	t->live--;
	return 0;
}

int lvpn_peertab_by_peer_id(const struct lvpn_peertab *t, uint32_t id, int *slot)
{
	if (!t || !slot || id >= t->n || !t->s[id].in_use)
		return 0;
	*slot = (int)id;
	return 1;
}

int lvpn_peertab_by_addr(const struct lvpn_peertab *t, const void *addr, size_t len, int *slot)
{
	int32_t i;

	if (!t || !slot || bad_addr(addr, len))
		return 0;
	i = find(t, addr, len);
	if (i == NIL)
		return 0;
	*slot = i;
	return 1;
}

int lvpn_peertab_float(struct lvpn_peertab *t, int slot, const void *addr, size_t len)
{
	int32_t other;

	if (!t || slot < 0 || (uint32_t)slot >= t->n || !t->s[slot].in_use || bad_addr(addr, len))
		return LVPN_ERR_INVAL;
	other = find(t, addr, len);
	if (other == slot)
		return 0;
	if (other != NIL)
		return LVPN_ERR_STATE;
	unbind(t, slot);
	set_addr(t, slot, addr, len);
	return 0;
}

size_t lvpn_peertab_addr(const struct lvpn_peertab *t, int slot, uint8_t *out)
{
	if (!t || !out || slot < 0 || (uint32_t)slot >= t->n || !t->s[slot].in_use)
		return 0;
	memcpy(out, t->s[slot].addr, t->s[slot].len);
	return t->s[slot].len;
}

unsigned lvpn_peertab_count(const struct lvpn_peertab *t)
{
	return t ? t->live : 0;
}
