/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - management interface set-up from the options (mgmt_setup.h). */
#include "src/mgmt_setup.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "src/fileio.h"
#include "src/signals.h"

int lvpn_mgmt_cfg_load(const struct lvpn_options *o, struct lvpn_mgmt_cfg *cfg, char **pw,
                       struct lvpn_log *lg)
{
	*pw = NULL;
	cfg->remap_usr1 = lvpn_signals_remap(SIGUSR1, o->remap_usr1);
	if (cfg->remap_usr1 == SIGUSR1)
		cfg->remap_usr1 = 0;
	cfg->signal_on_close = o->management_signal;
	cfg->forget_on_close = o->management_forget_disconnect;
	if (o->management_port && strcmp(o->management_port, "unix") == 0) {
		cfg->unix_path = o->management_addr;
	} else {
		cfg->tcp_addr = o->management_addr;
		cfg->tcp_port = o->management_port ? atoi(o->management_port) : 0;
	}
	if (o->management_pw) {
		const struct lvpn_config_ops *fops = lvpn_fileio_ops();
		size_t len;
		char err[200];

		if (fops->read_file(fops->ctx, o->management_pw, pw, &len, err, sizeof(err))) {
			LVPN_LOG(lg, LVPN_LOG_ERR, "management password file %s: %s",
			         o->management_pw, err);
			*pw = NULL;
			return -1;
		}
		(*pw)[strcspn(*pw, "\r\n")] = '\0';
		cfg->password = *pw;
	}
	return 0;
}

int lvpn_mgmt_signo(const char *name)
{
	static const struct {
		const char *name;
		int signo;
	} sigs[] = {{"SIGTERM", SIGTERM},
	            {"SIGINT", SIGINT},
	            {"SIGHUP", SIGHUP},
	            {"SIGUSR1", SIGUSR1},
	            {"SIGUSR2", SIGUSR2}};

	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		if (strcmp(name, sigs[i].name) == 0)
			return sigs[i].signo;
	return -1;
}
