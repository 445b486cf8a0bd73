/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - the client's side of the system: the TUN device, addresses and
 * routes from the config and the PUSH_REPLY, and the up/route-up/
 * route-pre-down/down scripts.  Everything added is recorded and removed
 * by lvpn_cnet_down().
 *
 * As OpenVPN 2.6 (init.c do_open_tun, do_close_tun): the scripts see one
 * environment per connection attempt (env, filled by src/client_env.c as
 * the session goes); the device's and routes' variables are added when the
 * device is set up.  With persist-tun a restart keeps the device, its
 * addresses and routes as they are ("Preserving previous TUN/TAP
 * instance"; with up-restart, down and up run with "restart"); if the next
 * PUSH_REPLY brings other settings, everything is then undone
 * (route-pre-down, down) and set up again ("init"), in OpenVPN's order.
 * The DNS settings go to systemd-resolved when it runs (src/dns_resolved.h)
 * before the up script, and are reverted first when the device goes down;
 * a kept device keeps them. */
#ifndef LVPN_CLIENT_NET_H
#define LVPN_CLIENT_NET_H

#include <stdint.h>
#include <sys/socket.h>

#include "proto/config/options.h"
#include "proto/session.h"
#include "src/dns_resolved.h"
#include "src/netcfg.h"
#include "src/netlink.h"
#include "src/script.h"
#include "src/tun_linux.h"

struct lvpn_cnet {
	struct lvpn_log *lg;
	const struct lvpn_options *o;
	struct lvpn_tun tun;
	int tun_open;
	int tun_offload; /* open the TUN device with offloads (default 1) */
	int tun_mtu;
	int have_lladdr; /* --lladdr, or the pushed one */
	uint8_t lladdr[6];
	struct lvpn_nl nl;
	int nl_open;
	struct lvpn_netcfg nc;
	struct lvpn_netplan base; /* the config's plan (lvpn_netplan_from_options) */
	struct lvpn_netplan plan; /* what is set up: base and the pushed options */
	struct lvpn_netcfg_sys sys;
	int up;                   /* addresses/routes applied, up script ran */
	int preserved;            /* persist-tun kept all of it over a restart */
	int setup_mtu;            /* tun-mtu of the last setup */
	struct lvpn_env *env;     /* the scripts' environment (the caller's) */
	char signal[64];          /* why the tunnel goes down: "signal" for down */
	struct lvpn_resolved dns; /* DNS given to systemd-resolved */
};

/* env must outlive n. */
void lvpn_cnet_init(struct lvpn_cnet *n, const struct lvpn_options *o, struct lvpn_env *env,
                    struct lvpn_log *lg);

/* Runs script cmd of type (e.g. "tls-verify") with args appended, in
 * n->env.  Returns its exit status, 0 when cmd is NULL, -1 when it could
 * not run (script-security, bad command, timeout). */
int lvpn_cnet_script(struct lvpn_cnet *n, const char *type, const char *cmd,
                     const char *const *args, unsigned n_args);

/* Applies the config and what session s pushed: opens the TUN device,
 * sets addresses and routes, runs the up and route-up scripts; or, after
 * a persist-tun restart with the same settings, keeps them (up runs only
 * with up-restart).  server is the address we connect to (its host
 * route).  Returns 0, or an error after undoing whatever was done. */
int lvpn_cnet_up(struct lvpn_cnet *n, struct lvpn_session *s, const struct sockaddr *server);

/* keep_tun (a persist-tun restart): keeps the device, addresses and
 * routes (runs down with "restart" under up-restart).  Otherwise runs
 * route-pre-down, undoes routes and addresses, runs down, closes the
 * device.  n->signal is the scripts' "signal".  Safe to call at any time,
 * any number of times. */
void lvpn_cnet_down(struct lvpn_cnet *n, int keep_tun);

#endif
