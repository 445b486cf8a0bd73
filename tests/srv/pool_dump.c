/* SPDX-License-Identifier: BSD-2-Clause */
/* pool_dump START END V6BASE V6BITS PERSISTFILE CN...: builds a pool
 * (topology subnet) with our code, loads PERSISTFILE (may be "-" for
 * none), acquires an entry for each CN in turn and prints, per CN,
 * "CN IPv4 IPv6", then the persist-file text our pool would write.
 * tests/srv/status_openvpn.sh compares it with a live openvpn. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proto/server/ippool.h"
#include "proto/server/srvaddr.h"

int main(int argc, char **argv)
{
	struct lvpn_ippool_cfg cfg = {0};
	struct lvpn_ippool *p;
	char buf[65536], a4[LVPN_ADDR4_STRLEN], a6[LVPN_ADDR6_STRLEN];
	size_t n;

	if (argc < 6)
		return 2;
	cfg.v4 = cfg.v6 = 1;
	cfg.persist_secs = 600;
	if (lvpn_srvaddr_parse4(argv[1], &cfg.start) || lvpn_srvaddr_parse4(argv[2], &cfg.end) ||
	    lvpn_srvaddr_parse6(argv[3], cfg.v6_base))
		return 2;
	cfg.v6_netbits = atoi(argv[4]);
	if (lvpn_ippool_new(&cfg, NULL, &p))
		return 1;
	if (strcmp(argv[5], "-")) {
		FILE *f = fopen(argv[5], "rb");
		unsigned bad = 0;

		if (!f)
			return 1;
		n = fread(buf, 1, sizeof(buf), f);
		fclose(f);
		if (lvpn_ippool_load(p, buf, n, &bad))
			return 1;
	}
	for (int i = 6; i < argc; i++) {
		struct lvpn_ippool_lease l;

		if (lvpn_ippool_acquire(p, argv[i], &l))
			return 1;
		printf("%s %s %s\n", argv[i], lvpn_srvaddr_fmt4(l.remote, a4),
		       lvpn_srvaddr_fmt6(l.remote6, a6));
	}
	if (lvpn_ippool_save(p, buf, sizeof(buf), &n))
		return 1;
	fwrite(buf, 1, n, stdout);
	lvpn_ippool_free(p);
	return 0;
}
