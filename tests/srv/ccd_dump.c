/* SPDX-License-Identifier: BSD-2-Clause */
/* ccd_dump DIR CN [exclusive]: what src/ccd makes of DIR for common name
 * CN, one item per line ("iroute 10.99.0.0/16", "push ...", ...), for
 * tests/srv/status_openvpn.sh.  Exit status 3 when the client is refused. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proto/server/srvaddr.h"
#include "src/ccd.h"

int main(int argc, char **argv)
{
	struct lvpn_ccd r;
	char a[LVPN_ADDR6_STRLEN];
	int rc;

	if (argc < 3)
		return 2;
	rc = lvpn_ccd_load(argv[1], argv[2], argc > 3, NULL, NULL, NULL, &r);
	if (rc == -1)
		return 3;
	if (rc)
		return 1;
	printf("found %d default %d disable %d errors %d\n", r.found, r.is_default, r.disable,
	       r.errors);
	for (int i = 0; i < r.n_iroute4; i++)
		printf("iroute %s/%d\n", lvpn_srvaddr_fmt4(r.iroute4[i].net, a), r.iroute4[i].bits);
	for (int i = 0; i < r.n_iroute6; i++)
		printf("iroute-ipv6 %s/%d\n", lvpn_srvaddr_fmt6(r.iroute6[i].net, a),
		       r.iroute6[i].bits);
	if (r.has_push4) {
		printf("ifconfig-push %s", lvpn_srvaddr_fmt4(r.push4_local, a));
		printf(" %s\n", lvpn_srvaddr_fmt4(r.push4_remote_netmask, a));
	}
	for (int i = 0; i < r.n_push; i++)
		printf("push %s\n", r.push[i]);
	lvpn_ccd_free(&r);
	return 0;
}
