/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - argument parsers shared by the option handlers: numbers,
 * enums, strings, keys and paths, ports and addresses, each reporting
 * errors against the option line being applied. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "proto/config/optset.h"

int lvpn_optarg_fail(struct optarg *a, const char *fmt, ...)
{
	char msg[320];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return lvpn_config_fail(a->err, a->loc, a->argv[0], "%s", msg);
}

int lvpn_optarg_i64(struct optarg *a, int i, long long min, long long max, int64_t *out)
{
	const char *s = a->argv[i], *p = s;
	long long v = 0;
	int neg = 0;

	if (*p == '-' || *p == '+')
		neg = *p++ == '-';
	if (*p == '\0')
		return lvpn_optarg_fail(a, "'%s' is not a number", s);
	for (; *p; p++) {
		if (*p < '0' || *p > '9')
			return lvpn_optarg_fail(a, "'%s' is not a number", s);
		if (v > (9000000000000000000LL - (*p - '0')) / 10)
			return lvpn_optarg_fail(a, "%s is out of range (%lld to %lld)", s, min,
			                        max);
		v = v * 10 + (*p - '0');
	}
	if (neg)
		v = -v;
	if (v < min || v > max)
		return lvpn_optarg_fail(a, "%s is out of range (%lld to %lld)", s, min, max);
	*out = v;
	return 0;
}

int lvpn_optarg_int(struct optarg *a, int i, long long min, long long max, int *out)
{
	int64_t v;
	int rc = lvpn_optarg_i64(a, i, min, max, &v);

	if (rc == 0)
		*out = (int)v;
	return rc;
}

int lvpn_optarg_enum(struct optarg *a, int i, const char *const *names, int *out)
{
	char list[200] = "";

	for (int k = 0; names[k]; k++) {
		if (strcmp(a->argv[i], names[k]) == 0) {
			*out = k;
			return 0;
		}
		if (*names[k])
			snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s'%s'",
			         list[0] ? ", " : "", names[k]);
	}
	return lvpn_optarg_fail(a, "'%s' is not one of %s", a->argv[i], list);
}

int lvpn_optarg_str(struct optarg *a, int i, char **out)
{
	char *s = lvpn_opt_strdup(a->o, a->argv[i]);

	if (!s)
		return LVPN_ERR_NOMEM;
	*out = s;
	return 0;
}

int lvpn_optarg_rest(struct optarg *a, int i, char **out)
{
	char *s = lvpn_opt_join(a->o, a->argc, a->argv, i);

	if (!s)
		return LVPN_ERR_NOMEM;
	*out = s;
	return 0;
}

int lvpn_optarg_blob(struct optarg *a, struct lvpn_blob *b)
{
	char *s = lvpn_opt_strdup(a->o, a->argv[1]);

	if (!s)
		return LVPN_ERR_NOMEM;
	if (a->is_inline && s[strspn(s, " \t\r\n")] == '\0')
		return lvpn_optarg_fail(a, "the inline <%s> block is empty", a->argv[0]);
	b->data = s;
	b->is_inline = a->is_inline;
	b->loc = *a->loc;
	return 0;
}

int lvpn_optarg_port(struct optarg *a, int i, int allow_zero, char **out)
{
	int port;

	if (lvpn_optarg_int(a, i, allow_zero ? 0 : 1, 65535, &port) != 0)
		return lvpn_optarg_fail(a, "bad port number '%s' (1 to 65535)", a->argv[i]);
	return lvpn_optarg_str(a, i, out);
}

int lvpn_optarg_ipv4(struct optarg *a, int i)
{
	if (!lvpn_is_ipv4(a->argv[i], NULL))
		return lvpn_optarg_fail(a, "'%s' is not an IPv4 address", a->argv[i]);
	return 0;
}

int lvpn_optarg_netmask(struct optarg *a, int i)
{
	if (!lvpn_is_netmask(a->argv[i], NULL))
		return lvpn_optarg_fail(a, "'%s' is not an IPv4 netmask", a->argv[i]);
	return 0;
}

int lvpn_optarg_ipv6(struct optarg *a, int i, int need_bits, int min_bits, int max_bits)
{
	int bits;

	if (!lvpn_is_ipv6_prefix(a->argv[i], &bits) || (need_bits && bits < 0))
		return lvpn_optarg_fail(a, "'%s' is not an IPv6 %s", a->argv[i],
		                        need_bits ? "address/prefix-length" : "address");
	if (bits >= 0 && (bits < min_bits || bits > max_bits))
		return lvpn_optarg_fail(a, "prefix length /%d out of range (/%d to /%d)", bits,
		                        min_bits, max_bits);
	return 0;
}
