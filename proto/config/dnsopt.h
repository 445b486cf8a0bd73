/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - OpenVPN's --dns option, typed.
 *
 * The syntax of OpenVPN 2.6 (options.c, dns.c):
 *
 *   dns search-domains DOMAIN [DOMAIN ...]
 *   dns server N address ADDR[:PORT] [ADDR[:PORT] ...]   (IPv6: [ADDR]:PORT)
 *   dns server N resolve-domains DOMAIN [DOMAIN ...]
 *   dns server N dnssec yes|no|optional
 *   dns server N transport plain|DoH|DoT
 *   dns server N sni NAME
 *
 * N is a priority (-128..127 in a config, 0..127 when pushed); the lines
 * of one N describe one server; servers are kept in priority order, the
 * lowest first.  A pushed server replaces the configured one of the same
 * priority as a whole; pushed search domains come after the configured
 * ones (OpenVPN's dns_options_postprocess_pull).  At most 8 addresses per
 * server, as OpenVPN.
 *
 * Unlike OpenVPN, a domain (search, resolve or sni) must be a valid DNS
 * name (labels of letters, digits, '-' and '_', 1 to 63 bytes, not
 * starting with '-', 253 in all, one trailing dot allowed): the values go to systemd-resolved and
 * to scripts, and a server's text must not be able to smuggle anything
 * else there.
 *
 * A struct lvpn_dns holds no pointer (it is part of struct lvpn_netplan,
 * copied and compared with memcmp).  Pure: no system call.
 */
#ifndef LVPN_DNSOPT_H
#define LVPN_DNSOPT_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "base/log.h"

struct lvpn_netplan;

#define LVPN_DNS_MAX_SERVERS 8
#define LVPN_DNS_MAX_ADDRS   8  /* per server, as OpenVPN */
#define LVPN_DNS_MAX_DOMAINS 16 /* search domains; resolve-domains per server */
#define LVPN_DNS_TEXT_MAX    4096
#define LVPN_DNS_NAME_MAX    253
#define LVPN_DNS_ADDR_STRLEN 56 /* "[v6]:port" and a NUL */

enum lvpn_dns_sec { LVPN_DNSSEC_UNSET = 0, LVPN_DNSSEC_NO, LVPN_DNSSEC_YES, LVPN_DNSSEC_OPTIONAL };
enum lvpn_dns_transport {
	LVPN_DNS_TR_UNSET = 0,
	LVPN_DNS_TR_PLAIN,
	LVPN_DNS_TR_DOH,
	LVPN_DNS_TR_DOT,
};

struct lvpn_dns_addr {
	int family; /* 4 or 6 */
	uint8_t addr[16];
	uint16_t port; /* 0: not given */
};

struct lvpn_dns_server {
	int priority;
	int pulled; /* came from the server (replaces a configured one) */
	unsigned n_addr;
	struct lvpn_dns_addr addr[LVPN_DNS_MAX_ADDRS];
	unsigned n_resolve;
	uint16_t resolve[LVPN_DNS_MAX_DOMAINS]; /* offsets in text */
	enum lvpn_dns_sec dnssec;
	enum lvpn_dns_transport transport;
	int have_sni;
	uint16_t sni;
};

struct lvpn_dns {
	int pulling; /* the lines now read are pushed ones */
	unsigned n_search;
	uint16_t search[LVPN_DNS_MAX_DOMAINS];
	unsigned n_servers; /* in priority order, lowest first */
	struct lvpn_dns_server servers[LVPN_DNS_MAX_SERVERS];
	size_t used;
	char text[LVPN_DNS_TEXT_MAX];
};

/* Empties d. */
void lvpn_dns_init(struct lvpn_dns *d);

/* From now on the lines read into d are pushed ones (priority 0..127; a
 * server replaces a configured one of the same priority). */
void lvpn_dns_begin_pull(struct lvpn_dns *d);

/* Reads one `dns` option, split (argv[0] is "dns"), into d.  On error d
 * is unchanged and one line naming the option is logged.
 * Errors: LVPN_ERR_CONFIG (unknown keyword, bad priority, address, port,
 * domain name or value, wrong argument count), LVPN_ERR_EXHAUSTED (more
 * than LVPN_DNS_MAX_SERVERS servers, LVPN_DNS_MAX_ADDRS addresses,
 * LVPN_DNS_MAX_DOMAINS domains, or LVPN_DNS_TEXT_MAX bytes of names). */
LVPN_MUST_CHECK int lvpn_dns_parse_args(struct lvpn_dns *d, int argc, char *const *argv,
                                        struct lvpn_log *lg);

/* 1 if s is a valid DNS name as above, else 0. */
int lvpn_dns_name_ok(const char *s);

/* The name at offset off of d's text. */
const char *lvpn_dns_text(const struct lvpn_dns *d, uint16_t off);

/* Writes address a into out (cap bytes): the address alone, or with
 * resolved set as systemd-resolved takes it: "A:PORT", "[A6]:PORT",
 * with "#SNI" appended when sni is not NULL.  Returns out, or NULL when
 * it does not fit. */
const char *lvpn_dns_addr_fmt(const struct lvpn_dns_addr *a, int resolved, const char *sni,
                              char *out, size_t cap);

/* The DNS settings a client applies for plan p, as OpenVPN 2.7 derives
 * them: the `dns` options when any `dns server` was given; otherwise, if
 * a dhcp-option DNS or DNS6 was, one server (priority 0) with those
 * addresses and as search domains the `dns search-domains`, then
 * dhcp-option DOMAIN / ADAPTER_DOMAIN_SUFFIX, then DOMAIN-SEARCH (a value
 * that is not a valid name is logged and left out).  A server without an
 * address is logged and left out.  out is emptied first.
 * Returns the number of servers in out. */
unsigned lvpn_dns_effective(const struct lvpn_netplan *p, struct lvpn_dns *out,
                            struct lvpn_log *lg);

#endif
