/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - key method 2 write and read (see kem2.h). */
#include <string.h>

#include "base/buf.h"
#include "proto/kem2.h"

#define KEY_METHOD_2    2
#define KEY_METHOD_MASK 0x0f

/* Length of s with its NUL if it fits max (0: no limit but the u16). */
static int str_len(const char *s, size_t max, size_t *n)
{
	size_t l = s ? strlen(s) : 0;

	if (l >= 0xffff || (max && l + 1 > max))
		return LVPN_ERR_INVAL;
	*n = l ? l + 1 : 0;
	return 0;
}

static int put_str(struct lvpn_wr *w, const char *s, size_t n)
{
	int rc = lvpn_wr_u16(w, (uint16_t)n);

	if (rc == 0 && n > 0)
		rc = lvpn_wr_bytes(w, s, n); /* includes the NUL */
	return rc;
}

int lvpn_kem2_write(int is_server, const struct lvpn_kem2_msg *m, uint8_t *out, size_t cap,
                    size_t *len)
{
	size_t no, nu, np, ni, total;
	struct lvpn_wr w;
	int rc;

	*len = 0;
	if (m == NULL || m->ks == NULL)
		return LVPN_ERR_INVAL;
	if ((rc = str_len(m->options, LVPN_KEM2_OPTIONS_MAX, &no)) < 0 ||
	    (rc = str_len(m->username, LVPN_KEM2_USERPASS_MAX, &nu)) < 0 ||
	    (rc = str_len(m->password, LVPN_KEM2_USERPASS_MAX, &np)) < 0 ||
	    (rc = str_len(m->peer_info, 0, &ni)) < 0)
		return rc;
	total = (is_server ? LVPN_KEM2_HDR_SERVER : LVPN_KEM2_HDR_CLIENT) + 8 + no + nu + np + ni;
	if (total > cap)
		return LVPN_ERR_BUFSIZE;
	/* with the size checked first, no write below can fail half way */
	lvpn_wr_init(&w, out, cap);
	rc = lvpn_wr_u32(&w, 0);
	rc |= lvpn_wr_u8(&w, KEY_METHOD_2);
	if (!is_server)
		rc |= lvpn_wr_bytes(&w, m->ks->pre_master, LVPN_PRE_MASTER_LEN);
	rc |= lvpn_wr_bytes(&w, m->ks->random1, LVPN_RANDOM_LEN);
	rc |= lvpn_wr_bytes(&w, m->ks->random2, LVPN_RANDOM_LEN);
	rc |= put_str(&w, m->options, no);
	rc |= put_str(&w, m->username, nu);
	rc |= put_str(&w, m->password, np);
	rc |= put_str(&w, m->peer_info, ni);
	if (rc != 0 || lvpn_wr_len(&w) != total) {
		lvpn_wipe(out, total);
		return LVPN_ERR_BUFSIZE;
	}
	*len = total;
	return 0;
}

/* Reads one u16-length string.  *s points at it (NUL-terminated, no NUL
 * inside) or at "" when empty; if it is longer than max bytes with its
 * NUL it is skipped and *toolong set (when toolong is NULL it is an error). */
static int get_str(struct lvpn_rd *r, size_t max, const char **s, int *toolong)
{
	const uint8_t *p;
	uint16_t n;
	int rc;

	*s = "";
	if ((rc = lvpn_rd_u16(r, &n)) < 0)
		return rc;
	if (n == 0)
		return 0;
	if ((rc = lvpn_rd_bytes(r, n, &p)) < 0)
		return rc;
	/* exactly one NUL, at the end */
	if (p[n - 1] != '\0' || memchr(p, '\0', n - 1u) != NULL)
		return LVPN_ERR_MALFORMED;
	if (max && n > max) {
		if (toolong == NULL)
			return LVPN_ERR_MALFORMED;
		*toolong = 1;
		return 0;
	}
	*s = (const char *)p;
	return 0;
}

static int parse(int from_server, struct lvpn_rd *r, struct lvpn_kem2_parsed *p)
{
	uint32_t zero;
	int rc;

	if ((rc = lvpn_rd_u32(r, &zero)) < 0 || (rc = lvpn_rd_u8(r, &p->key_method)) < 0)
		return rc;
	if ((p->key_method & KEY_METHOD_MASK) != KEY_METHOD_2)
		return LVPN_ERR_MALFORMED;
	if (!from_server && (rc = lvpn_rd_copy(r, p->ks.pre_master, LVPN_PRE_MASTER_LEN)) < 0)
		return rc;
	if ((rc = lvpn_rd_copy(r, p->ks.random1, LVPN_RANDOM_LEN)) < 0 ||
	    (rc = lvpn_rd_copy(r, p->ks.random2, LVPN_RANDOM_LEN)) < 0)
		return rc;
	if ((rc = get_str(r, LVPN_KEM2_OPTIONS_MAX, &p->options, NULL)) < 0)
		return rc;
	if ((rc = get_str(r, LVPN_KEM2_USERPASS_MAX, &p->username, &p->creds_too_long)) < 0 ||
	    (rc = get_str(r, LVPN_KEM2_USERPASS_MAX, &p->password, &p->creds_too_long)) < 0)
		return rc;
	if (p->creds_too_long) {
		p->username = "";
		p->password = "";
	}
	/* peer-info is optional (very old peers end after the password) */
	if (r->left == 0)
		return 0;
	return get_str(r, 0, &p->peer_info, NULL);
}

int lvpn_kem2_read(int from_server, const uint8_t *msg, size_t len, struct lvpn_kem2_parsed *p)
{
	struct lvpn_rd r;
	int rc;

	memset(p, 0, sizeof(*p));
	p->options = p->username = p->password = p->peer_info = "";
	lvpn_rd_init(&r, msg, len);
	rc = parse(from_server, &r, p);
	if (rc < 0) {
		lvpn_kem2_parsed_wipe(p);
		return rc;
	}
	p->len = len - r.left;
	return 0;
}

void lvpn_kem2_parsed_wipe(struct lvpn_kem2_parsed *p)
{
	lvpn_wipe(p, sizeof(*p));
	p->options = p->username = p->password = p->peer_info = "";
}
