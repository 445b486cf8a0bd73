/* SPDX-License-Identifier: BSD-2-Clause */
/* Prints lvpn_srvconf_expand()'s result in the layout of openvpn --verb 4
 * "Current Parameter Settings", for the fields the server helpers set, so
 * tests/srv/srvconf_openvpn.sh can diff it against the real openvpn.
 * Accepts: --server NET MASK [nopool] --server-ipv6 P/B --topology T
 *          --keepalive A B --client-to-client --tcp-nodelay --mode server */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proto/server/srvaddr.h"
#include "proto/config/srvconf.h"

static const char *q4(int set, uint32_t a, char *b)
{
	char t[LVPN_ADDR4_STRLEN];

	if (!set)
		return "'[UNDEF]'";
	sprintf(b, "'%s'", lvpn_srvaddr_fmt4(a, t));
	return b;
}

int main(int argc, char **argv)
{
	struct lvpn_srvconf_in in = {0};
	struct lvpn_srvconf o;
	char a[64], b[64], e[256];
	static const uint8_t zero[16];

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--server") && i + 2 < argc) {
			in.server_net = argv[++i];
			in.server_mask = argv[++i];
			if (i + 1 < argc && !strcmp(argv[i + 1], "nopool"))
				in.nopool = 1, i++;
		} else if (!strcmp(argv[i], "--server-ipv6") && i + 1 < argc) {
			in.server_ipv6 = argv[++i];
		} else if (!strcmp(argv[i], "--topology") && i + 1 < argc) {
			i++;
			in.topology = !strcmp(argv[i], "subnet") ? LVPN_SRV_TOPO_SUBNET
			              : !strcmp(argv[i], "p2p")  ? LVPN_SRV_TOPO_P2P
			                                         : LVPN_SRV_TOPO_NET30;
		} else if (!strcmp(argv[i], "--keepalive") && i + 2 < argc) {
			in.keepalive_ping = atoi(argv[++i]);
			in.keepalive_timeout = atoi(argv[++i]);
		} else if (!strcmp(argv[i], "--client-to-client")) {
			in.client_to_client = 1;
		} else if (!strcmp(argv[i], "--tcp-nodelay")) {
			in.tcp_nodelay = 1;
		} else if (!strcmp(argv[i], "--mode") && i + 1 < argc) {
			in.mode_server = !strcmp(argv[++i], "server");
		} else {
			fprintf(stderr, "unknown argument %s\n", argv[i]);
			return 2;
		}
	}
	if (lvpn_srvconf_expand(&in, &o, e, sizeof(e))) {
		printf("ERROR\n");
		fprintf(stderr, "%s\n", e);
		return 0;
	}
	printf("ifconfig_local = %s\n", q4(o.has_v4, o.ifconfig_local, a));
	printf("ifconfig_remote_netmask = %s\n", q4(o.has_v4, o.ifconfig_remote_netmask, a));
	printf("ifconfig_ipv6_local = '%s'\n",
	       o.has_v6 ? lvpn_srvaddr_fmt6(o.ifconfig_ipv6_local, a) : "[UNDEF]");
	printf("ifconfig_ipv6_netbits = %d\n", o.ifconfig_ipv6_netbits);
	printf("ifconfig_ipv6_remote = '%s'\n",
	       o.has_v6 ? lvpn_srvaddr_fmt6(o.ifconfig_ipv6_remote, a) : "[UNDEF]");
	printf("ping_send_timeout = %d\n", o.ping_send);
	printf("ping_rec_timeout = %d\n", o.ping_rec);
	printf("route_default_gateway = %s\n",
	       q4(o.route_default_gateway != 0, o.route_default_gateway, a));
	for (int i = 0; i < o.n_push; i++)
		printf("push_entry = '%s'\n", o.push[i]);
	printf("ifconfig_pool_defined = %s\n", o.pool_defined ? "ENABLED" : "DISABLED");
	printf("ifconfig_pool_start = %s\n", lvpn_srvaddr_fmt4(o.pool_start, a));
	printf("ifconfig_pool_end = %s\n", lvpn_srvaddr_fmt4(o.pool_end, a));
	printf("ifconfig_pool_netmask = %s\n", lvpn_srvaddr_fmt4(o.pool_netmask, a));
	printf("ifconfig_ipv6_pool_defined = %s\n", o.ipv6_pool_defined ? "ENABLED" : "DISABLED");
	printf("ifconfig_ipv6_pool_base = %s\n",
	       lvpn_srvaddr_fmt6(o.ipv6_pool_defined ? o.ipv6_pool_base : zero, b));
	printf("ifconfig_ipv6_pool_netbits = %d\n", o.ipv6_pool_netbits);
	return 0;
}
