/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - push-peer-info's extra lines (see peerinfo.h). */
#include "src/peerinfo.h"

#include <net/if.h>
#include <net/if_arp.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "crypto/version.h"
#include "src/script.h"

/* The device of the IPv4 default route with the lowest metric, from
 * /proc/net/route (2.6 asks netlink for the route to 0.0.0.0). */
static int default_dev(char *dev, size_t devsize)
{
	char line[256], name[IFNAMSIZ];
	unsigned long dst, mask;
	long best = -1;
	int metric, lines = 0;
	FILE *f = fopen("/proc/net/route", "r");

	if (!f)
		return -1;
	while (lines++ < 10000 && fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%15s %lx %*x %*x %*d %*d %d %lx", name, &dst, &metric, &mask) !=
		        4 ||
		    dst != 0 || mask != 0 || (best >= 0 && metric >= best))
			continue;
		best = metric;
		snprintf(dev, devsize, "%s", name);
	}
	fclose(f);
	return best >= 0 ? 0 : -1;
}

static void hwaddr(char *out, size_t cap, size_t *n)
{
	struct ifreq ifr;
	char dev[IFNAMSIZ];
	const unsigned char *m = (const unsigned char *)ifr.ifr_hwaddr.sa_data;
	int fd, ok;

	if (default_dev(dev, sizeof(dev)) != 0)
		return;
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return;
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", dev);
	ok = ioctl(fd, SIOCGIFHWADDR, &ifr) == 0 && ifr.ifr_hwaddr.sa_family == ARPHRD_ETHER &&
	     (m[0] | m[1] | m[2] | m[3] | m[4] | m[5]) != 0;
	close(fd);
	if (ok) {
		int k = snprintf(out + *n, cap - *n, "IV_HWADDR=%02x:%02x:%02x:%02x:%02x:%02x\n",
		                 m[0], m[1], m[2], m[3], m[4], m[5]);

		if (k > 0 && (size_t)k < cap - *n)
			*n += (size_t)k;
	}
}

/* Appends NAME=value and a newline when it fits and is printable. */
static void line(char *out, size_t cap, size_t *n, const char *name, const char *value)
{
	int k = snprintf(out + *n, cap - *n, "%s=%s\n", name, value);

	if (k <= 0 || (size_t)k >= cap - *n)
		return;
	for (int i = 0; i < k - 1; i++)
		if ((unsigned char)out[*n + i] < 0x20 || (unsigned char)out[*n + i] > 0x7e) {
			out[*n] = '\0';
			return;
		}
	*n += (size_t)k;
}

const char *lvpn_peerinfo_extra(const struct lvpn_options *o, char *out, size_t cap)
{
	struct utsname u;
	size_t n = 0;

	if (cap == 0)
		return out;
	out[0] = '\0';
	if (!o->push_peer_info)
		return out;
	hwaddr(out, cap, &n);
	line(out, cap, &n, "IV_SSL", lvpn_crypto_ssl_version());
	if (uname(&u) == 0)
		line(out, cap, &n, "IV_PLAT_VER", u.release);
	for (int i = 0; i < o->setenv.n; i++) {
		char name[128], value[512];

		if (strncmp(o->setenv.v[i], "UV_", 3) != 0)
			continue;
		lvpn_script_setenv_split(o->setenv.v[i], name, sizeof(name), value, sizeof(value));
		line(out, cap, &n, name, value);
	}
	return out;
}
