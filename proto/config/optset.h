/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - private to the options modules: one handler per option that
 * has a typed field, and the argument parsers they share. */
#ifndef LVPN_OPTSET_H
#define LVPN_OPTSET_H

#include <stdint.h>

#include "proto/config/options.h"

/* One option line being applied. */
struct optarg {
	struct lvpn_options *o;
	struct lvpn_conn *ce; /* the connection entry options apply to */
	int argc;
	char **argv;
	int is_inline;
	int where;
	const struct lvpn_config_loc *loc;
	struct lvpn_config_err *err;
};

typedef int opt_handler(struct optarg *a);

struct opt_handler_ent {
	const char *name;
	opt_handler *fn;
};

/* NULL-terminated handler lists (optset_*.c). */
extern const struct opt_handler_ent lvpn_optset_net[];
extern const struct opt_handler_ent lvpn_optset_tls[];
extern const struct opt_handler_ent lvpn_optset_srv[];
extern const struct opt_handler_ent lvpn_optset_route[];
extern const struct opt_handler_ent lvpn_optset_proxy[];
extern const struct opt_handler_ent lvpn_optset_apply[];
extern const struct opt_handler_ent lvpn_optset_misc[];
extern const struct opt_handler_ent lvpn_optset_ps[];

/* The proxy options of each connection to try, as OpenVPN 2.6 checks
 * them (http-proxy only over tcp-client, not with socks-proxy, ...);
 * applies http-proxy-override (optset_proxy.c).
 * Errors: LVPN_ERR_CONFIG (err filled). */
LVPN_MUST_CHECK int lvpn_optset_proxy_check(struct lvpn_options *o, struct lvpn_config_err *err);

/* Records an error for this line (the option is argv[0]). */
int lvpn_optarg_fail(struct optarg *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Argument i as a decimal integer in [min, max] (optional sign).
 * Errors: LVPN_ERR_CONFIG (not a number, out of range; a->err filled). */
LVPN_MUST_CHECK int lvpn_optarg_int(struct optarg *a, int i, long long min, long long max,
                                    int *out);
LVPN_MUST_CHECK int lvpn_optarg_i64(struct optarg *a, int i, long long min, long long max,
                                    int64_t *out);

/* Argument i as one of names (NULL-terminated); *out is its index.
 * Errors: LVPN_ERR_CONFIG (none of names; a->err filled). */
LVPN_MUST_CHECK int lvpn_optarg_enum(struct optarg *a, int i, const char *const *names, int *out);

/* Argument i duplicated into the arena (*out replaced).
 * Errors: LVPN_ERR_NOMEM. */
LVPN_MUST_CHECK int lvpn_optarg_str(struct optarg *a, int i, char **out);

/* The whole line after the name, joined (scripts, push, dhcp-option).
 * Errors: LVPN_ERR_NOMEM. */
LVPN_MUST_CHECK int lvpn_optarg_rest(struct optarg *a, int i, char **out);

/* A key/cert argument (argv[1]): inline text or a path.
 * Errors: LVPN_ERR_CONFIG (an empty inline block; a->err filled),
 * LVPN_ERR_NOMEM. */
LVPN_MUST_CHECK int lvpn_optarg_blob(struct optarg *a, struct lvpn_blob *b);

/* Argument i as a port number 1..65535 (0 too with allow_zero), kept as
 * text in *out.
 * Errors: LVPN_ERR_CONFIG (bad port; a->err filled), LVPN_ERR_NOMEM. */
LVPN_MUST_CHECK int lvpn_optarg_port(struct optarg *a, int i, int allow_zero, char **out);

/* Argument i must be an IPv4 address, an IPv4 netmask, or an IPv6 address
 * (with "/bits" required when need_bits, and bits in [min_bits, max_bits]
 * when given); nothing is stored.
 * Errors: LVPN_ERR_CONFIG (not valid; a->err filled). */
LVPN_MUST_CHECK int lvpn_optarg_ipv4(struct optarg *a, int i);
LVPN_MUST_CHECK int lvpn_optarg_netmask(struct optarg *a, int i);
LVPN_MUST_CHECK int lvpn_optarg_ipv6(struct optarg *a, int i, int need_bits, int min_bits,
                                     int max_bits);

/* Resolves relative paths against --cd, checks that files are readable
 * and that inline blocks hold what they should (optfiles.c).
 * Errors: LVPN_ERR_CONFIG (a file or directory cannot be read, an inline
 * block holds the wrong thing; err filled), LVPN_ERR_NOMEM. */
LVPN_MUST_CHECK int lvpn_options_check_files(struct lvpn_options *o, struct lvpn_config_err *err);

/* Value checks (optval.c); 1 if valid. */
int lvpn_is_ipv4(const char *s, uint32_t *out);
int lvpn_is_netmask(const char *s, uint32_t *out);
int lvpn_is_ipv6(const char *s);
/* "addr/bits": 1 if valid, bits in *bits (-1 when absent). */
int lvpn_is_ipv6_prefix(const char *s, int *bits);
/* A cipher or digest name: letters, digits, '-', '_', '.', '/'. */
int lvpn_is_algname(const char *s);
/* A ':'-separated list of algorithm names, each optionally '?'-prefixed. */
int lvpn_is_alglist(const char *s);
int lvpn_is_hostname(const char *s);

#endif
