/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - the engine's configuration (proto/config/engconf.h) with the files it
 * names read in: keys, certificates, the control-channel key.  Loaded once
 * and kept across reconnections (persist-key); both roles. */
#ifndef LVPN_ENGFILES_H
#define LVPN_ENGFILES_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "proto/config/engconf.h"

struct lvpn_engfiles {
	struct lvpn_engconf conf;
	char *text[8]; /* the files' contents conf.tls points into */
	size_t text_len[8];
	unsigned ntext;
	uint8_t *pkcs12;
	size_t pkcs12_len;
	const struct lvpn_conn *key_of; /* the entry whose wrap key is loaded */
	char peer_info_extra[512];      /* push-peer-info's lines (src/peerinfo.c) */
};

/* Reads what stays the same for every connection attempt: the key and
 * certificate files or inline blocks (ca, cert, key, extra-certs,
 * crl-verify, pkcs12), the askpass pass phrase (file or terminal), and
 * builds ef->conf's TLS configuration (lvpn_engconf_tls).
 * Errors: LVPN_ERR_CONFIG (a file unreadable, an inline pkcs12 that is not
 * base64, a bad fingerprint: err names the option), LVPN_ERR_NOMEM (err
 * says so). */
LVPN_MUST_CHECK int lvpn_engfiles_load(struct lvpn_engfiles *ef, const struct lvpn_options *o,
                                       struct lvpn_log *lg, char *err, size_t errsize);

/* Reads the tls-auth / tls-crypt / tls-crypt-v2 key of connection entry
 * ce (kept when ce is the entry loaded last: after a chroot its file may be
 * out of reach) and builds the OCC string and peer-info for it.
 * Errors: as lvpn_engfiles_load. */
LVPN_MUST_CHECK int lvpn_engfiles_conn(struct lvpn_engfiles *ef, const struct lvpn_options *o,
                                       const struct lvpn_conn *ce, char *err, size_t errsize);

/* Wipes the secrets and frees what load read. */
void lvpn_engfiles_free(struct lvpn_engfiles *ef);

#endif
