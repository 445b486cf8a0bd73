/* leanvpn - the client's side of the system: the TUN device, addresses and
 * routes from the config and the PUSH_REPLY, and the up/route-up/down
 * scripts.  Everything added is recorded and removed by lvpn_cnet_down(). */
#ifndef LVPN_CLIENT_NET_H
#define LVPN_CLIENT_NET_H

#include <sys/socket.h>

#include "proto/options.h"
#include "proto/session.h"
#include "src/netcfg.h"
#include "src/netlink.h"
#include "src/tun_linux.h"

#define LVPN_CNET_FOREIGN_MAX 32

struct lvpn_cnet {
	struct lvpn_log *lg;
	const struct lvpn_options *o;
	struct lvpn_tun tun;
	int tun_open;
	int tun_offload; /* open the TUN device with offloads (default 1) */
	int tun_mtu;
	struct lvpn_nl nl;
	int nl_open;
	struct lvpn_netcfg nc;
	struct lvpn_netcfg_plan plan;
	struct lvpn_netcfg_sys sys;
	int up;                               /* addresses/routes applied, up script ran */
	char *foreign[LVPN_CNET_FOREIGN_MAX]; /* pushed dhcp-option lines */
	unsigned n_foreign;
};

void lvpn_cnet_init(struct lvpn_cnet *n, const struct lvpn_options *o, struct lvpn_log *lg);

/* Applies the config and what session s pushed: opens the TUN device (or
 * keeps the one persist-tun kept), sets addresses and routes, runs the up
 * and route-up scripts.  server is the address we connect to (its host
 * route).  restart: this is a reconnection ("restart" for scripts).
 * Returns 0, or an error after undoing whatever was done. */
int lvpn_cnet_up(struct lvpn_cnet *n, struct lvpn_session *s, const struct sockaddr *server,
                 int restart);

/* Undoes routes and addresses (runs the down script first); closes the TUN
 * device unless keep_tun.  Safe to call at any time, any number of times. */
void lvpn_cnet_down(struct lvpn_cnet *n, int keep_tun);

#endif
