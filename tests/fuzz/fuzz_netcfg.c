/* SPDX-License-Identifier: BSD-2-Clause */
/* libFuzzer target: network option lines (as pushed by a server) and
 * script command strings.  Each input line goes through
 * lvpn_netplan_parse_option (the option tokenizer, proto/config/optlex.c, then
 * lvpn_netplan_parse_args, the way a pushed option reaches it) and
 * lvpn_script_split; then the plan is turned
 * into netlink steps and a script environment with a fixed fake system. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>

#include "src/netcfg.h"
#include "src/script.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fake_sys(struct lvpn_netcfg_sys *sys)
{
	static const uint8_t gw4[4] = {198, 18, 0, 1};
	static const uint8_t gw6[16] = {0x20, 0x01, 0, 2, [15] = 1};

	memset(sys, 0, sizeof(*sys));
	sys->tun_ifindex = 3;
	sys->have_gw4 = sys->gw4.has_gw = 1;
	sys->gw4.family = AF_INET;
	memcpy(sys->gw4.gw, gw4, 4);
	sys->gw4.oif = 2;
	sys->gw4_plen = 24;
	sys->have_gw6 = sys->gw6.has_gw = 1;
	sys->gw6.family = AF_INET6;
	memcpy(sys->gw6.gw, gw6, 16);
	sys->gw6.oif = 2;
	sys->have_to_server4 = 1;
	sys->to_server4 = sys->gw4;
	sys->have_to_server6 = 1;
	sys->to_server6 = sys->gw6;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct lvpn_netplan plan;
	static struct lvpn_netcfg_steps st;
	static struct lvpn_netcfg_sys sys;
	char line[600], words[600], *argv[16];
	struct lvpn_env env;
	unsigned argc;
	size_t i = 0;

	lvpn_netplan_init(&plan);
	plan.have_remote_host = 1;
	plan.remote_host = 0xc6120101;
	plan.have_remote_host6 = 1;
	plan.remote_host6[0] = 0x20;
	fake_sys(&sys);
	while (i < size) {
		size_t n = 0;
		while (i < size && data[i] != '\n' && n < sizeof(line) - 1)
			line[n++] = (char)data[i++];
		i++;
		line[n] = '\0';
		(void)lvpn_netplan_parse_option(&plan, line, NULL);
		(void)lvpn_script_split(line, words, sizeof(words), argv, 16, &argc, NULL);
	}
	st.n = 0;
	(void)lvpn_netcfg_build_addrs(&plan, &sys, &st, NULL);
	(void)lvpn_netcfg_build_routes(&plan, &sys, &st, NULL);
	if (lvpn_env_init(&env, 400, 200) == 0) {
		(void)lvpn_script_env_netcfg(&env, &plan, &sys, "tun0", 1500, "init", NULL, 0,
		                             NULL);
		lvpn_env_free(&env);
	}
	return 0;
}
