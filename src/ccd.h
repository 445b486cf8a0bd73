/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - client-config-dir: a connecting client's own config file.
 *
 * As OpenVPN 2.6 (multi.c, platform_gen_path(), ssl_verify.c):
 *  - the file name is the client's common name with every non-printable
 *    byte and '/' replaced by '_'; "", "." and ".." are refused (the CN
 *    itself must not be longer than LVPN_CCD_CN_MAX);
 *  - DIR/<name> is read if it exists, else DIR/DEFAULT;
 *  - with ccd-exclusive the client is refused unless DIR/<name> itself
 *    exists (DEFAULT does not count) and its CN is not "DEFAULT".
 *
 * The file uses config-file syntax, split by the option tokenizer
 * (proto/config/optlex.h: comments with '#' or ';', "double" and 'single' quotes,
 * backslash escapes, an optional leading "--", at most 255 characters and
 * 16 arguments a line).  This module collects the per-client directives itself:
 * ifconfig-push, ifconfig-ipv6-push, iroute, iroute-ipv6, push, push-reset,
 * push-remove, disable.  Every other line goes to the caller's apply
 * callback (which runs lvpn_options_apply(..., LVPN_WHERE_CCD, ...) on a
 * per-client options struct); without a callback such lines are errors.
 * Like OpenVPN, a bad line is logged (file and line) and skipped; it does
 * not refuse the client.
 */
#ifndef LVPN_CCD_H
#define LVPN_CCD_H

#include <stddef.h>
#include <stdint.h>

#include "base/log.h"

#define LVPN_CCD_CN_MAX      255
#define LVPN_CCD_MAX_IROUTES 256 /* max-routes-per-client default */
#define LVPN_CCD_MAX_PUSH    256
#define LVPN_CCD_FILE_MAX    (1 << 20) /* bigger files are refused */

struct lvpn_ccd_route4 {
	uint32_t net; /* host order */
	int bits;
};

struct lvpn_ccd_route6 {
	uint8_t net[16];
	int bits;
};

struct lvpn_ccd {
	int found;      /* a file was read */
	int is_default; /* it was DIR/DEFAULT */
	char path[4096];
	int disable; /* `disable`: refuse the client */
	int errors;  /* lines skipped */
	/* ifconfig-push LOCAL REMOTE-NETMASK */
	int has_push4;
	uint32_t push4_local, push4_remote_netmask;
	/* ifconfig-ipv6-push ADDR/BITS [REMOTE] */
	int has_push6, push6_has_remote;
	uint8_t push6_local[16], push6_remote[16];
	int push6_bits;
	int n_iroute4, n_iroute6;
	struct lvpn_ccd_route4 iroute4[LVPN_CCD_MAX_IROUTES];
	struct lvpn_ccd_route6 iroute6[LVPN_CCD_MAX_IROUTES];
	int max_routes; /* max-routes-per-client N (2.6: at least 1), 0: not given */
	int push_reset; /* drop the global push list */
	int n_push, n_push_remove;
	char *push[LVPN_CCD_MAX_PUSH];        /* in file order, after the last push-reset */
	char *push_remove[LVPN_CCD_MAX_PUSH]; /* option names to drop from the push list */
};

/* Any other line: argv[0] the option name (no "--"), argc >= 1.  Returns
 * 0, or non-zero to count the line as an error. */
typedef int lvpn_ccd_apply_fn(void *ctx, int argc, char **argv, const char *file, int line);

/* The file name OpenVPN would use for common name cn, into out[outlen].
 * Returns 0, or -1 (cn NULL, empty, ".", "..", longer than
 * LVPN_CCD_CN_MAX, or outlen too small). */
int lvpn_ccd_name(const char *cn, char *out, size_t outlen);

/* Reads the client-config-dir entry for cn from dir into *res (which the
 * caller frees with lvpn_ccd_free()).  exclusive: ccd-exclusive.
 * Returns 0 (res->found says whether a file was read); -1 refuse the client
 * (bad name with ccd-exclusive, no DIR/<name> with ccd-exclusive, or a
 * file that exists but cannot be read); -2 out of memory. */
int lvpn_ccd_load(const char *dir, const char *cn, int exclusive, lvpn_ccd_apply_fn *apply,
                  void *ctx, struct lvpn_log *log, struct lvpn_ccd *res);

/* Parses config text (len bytes) named file into *res as above (no file
 * access; used by lvpn_ccd_load() and the tests).
 * Returns 0 or -2 (out of memory). */
int lvpn_ccd_parse(const char *text, size_t len, const char *file, lvpn_ccd_apply_fn *apply,
                   void *ctx, struct lvpn_log *log, struct lvpn_ccd *res);

/* Frees the strings res holds and clears it. */
void lvpn_ccd_free(struct lvpn_ccd *res);

#endif
