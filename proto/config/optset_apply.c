/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - option handlers: server and TLS options applied as OpenVPN
 * 2.6 applies them (keying-material-exporter, ifconfig-push-constraint). */
#include <stdlib.h>
#include <string.h>

#include "proto/config/optset.h"

/* 2.6 (options.c): the label starts with EXPORTER and is not the one the
 * data keys use; the length (atoi, so "32x" is 32) lies in 16..4095.  2.6
 * hands the material to plugins only (OPENVPN_PLUGIN_TLS_FINAL) and
 * deletes it before any script runs. */
static int h_keying_material_exporter(struct optarg *a)
{
	long len = strtol(a->argv[2], NULL, 10);
	int rc;

	if (strncmp(a->argv[1], "EXPORTER", 8) != 0)
		return lvpn_optarg_fail(a, "Keying material exporter label must begin with "
		                           "\"EXPORTER\"");
	if (!strcmp(a->argv[1], "EXPORTER-OpenVPN-datakeys"))
		return lvpn_optarg_fail(a, "Keying material exporter label must not be "
		                           "'EXPORTER-OpenVPN-datakeys'.");
	if (len < 16 || len > 4095)
		return lvpn_optarg_fail(a, "Invalid keying material exporter length");
	rc = lvpn_optarg_str(a, 1, &a->o->ekm_label);
	if (rc == 0)
		a->o->ekm_len = (int)len;
	return rc;
}

/* 2.6 (options.c): two IPv4 addresses, neither 0.0.0.0; the mask need not
 * be contiguous.  2.6 also resolves a host name for the network: leanvpn
 * takes addresses only. */
static int h_ifconfig_push_constraint(struct optarg *a)
{
	uint32_t net, mask;

	if (!lvpn_is_ipv4(a->argv[1], &net) || !lvpn_is_ipv4(a->argv[2], &mask) || !net || !mask)
		return lvpn_optarg_fail(a, "cannot parse --ifconfig-push-constraint addresses");
	a->o->push_constraint = 1;
	a->o->push_constraint_net = net;
	a->o->push_constraint_mask = mask;
	return 0;
}

/* 2.6 (options.c): SIGHUP or SIGTERM, nothing else */
static int h_remap_usr1(struct optarg *a)
{
	if (!strcmp(a->argv[1], "SIGHUP"))
		a->o->remap_usr1 = LVPN_REMAP_SIGHUP;
	else if (!strcmp(a->argv[1], "SIGTERM"))
		a->o->remap_usr1 = LVPN_REMAP_SIGTERM;
	else
		return lvpn_optarg_fail(a, "--remap-usr1 parm must be 'SIGHUP' or 'SIGTERM'");
	return 0;
}

static int h_management_signal(struct optarg *a)
{
	a->o->management_signal = 1;
	return 0;
}

static int h_management_up_down(struct optarg *a)
{
	a->o->management_up_down = 1;
	return 0;
}

static int h_management_query_remote(struct optarg *a)
{
	a->o->management_query_remote = 1;
	return 0;
}

static int h_management_query_proxy(struct optarg *a)
{
	a->o->management_query_proxy = 1;
	return 0;
}

static int h_management_forget_disconnect(struct optarg *a)
{
	a->o->management_forget_disconnect = 1;
	return 0;
}

static int h_force_tls_ekm(struct optarg *a)
{
	a->o->force_tls_ekm = 1;
	return 0;
}

/* 2.6: max_int(atoi(N), 1) */
static int h_max_routes_per_client(struct optarg *a)
{
	int v = atoi(a->argv[1]);

	a->o->max_routes_per_client = v > 1 ? v : 1;
	return 0;
}

static int h_tls_export_cert(struct optarg *a)
{
	return lvpn_optarg_str(a, 1, &a->o->tls_export_cert);
}

const struct opt_handler_ent lvpn_optset_apply[] = {
    {"force-tls-key-material-export", h_force_tls_ekm},
    {"ifconfig-push-constraint", h_ifconfig_push_constraint},
    {"keying-material-exporter", h_keying_material_exporter},
    {"management-forget-disconnect", h_management_forget_disconnect},
    {"max-routes-per-client", h_max_routes_per_client},
    {"management-query-proxy", h_management_query_proxy},
    {"management-query-remote", h_management_query_remote},
    {"management-signal", h_management_signal},
    {"management-up-down", h_management_up_down},
    {"remap-usr1", h_remap_usr1},
    {"tls-export-cert", h_tls_export_cert},
    {NULL, NULL},
};
