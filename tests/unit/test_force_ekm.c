/* SPDX-License-Identifier: BSD-2-Clause */
/* --force-tls-key-material-export in the server engine, as OpenVPN 2.6's
 * multi_client_set_protocol_options: a client whose IV_PROTO lacks
 * TLS_KEY_EXPORT gets AUTH_FAILED with 2.6's reason instead of a
 * PUSH_REPLY; one that has it connects and uses EKM keys; without the
 * option both connect. */
#include "tests/unit/session_pair.h"

#include "proto/session_int.h" /* use_ekm */

#define NO_EKM_INFO                                                                                \
	"IV_VER=2.5.9\nIV_PLAT=linux\nIV_PROTO=6\nIV_CIPHERS=AES-256-GCM:AES-128-GCM\n"            \
	"IV_TCPNL=1\n"

/* 1 when the pair connected (the server forcing EKM or not, the client
 * announcing it or not, as a 2.5 client) */
static int run(int force, int client_ekm, struct spair *p)
{
	spair_init(p, "ca", "server-rsa", "client-rsa");
	p->s.conf.force_ekm = force;
	if (!client_ekm) {
		p->c.conf.iv_proto = 6; /* DATA_V2 | REQUEST_PUSH, as 2.5 without EKM */
		p->c.conf.peer_info = NO_EKM_INFO;
	}
	spair_start(p);
	return spair_run(p, 30);
}

static void refused_without_ekm(void **state)
{
	struct spair p;

	(void)state;
	assert_false(run(1, 0, &p));
	assert_int_equal(p.c.auth_failed, 1);
	assert_int_equal(p.c.connected, 0);
	assert_int_equal(p.push_rc, LVPN_ERR_CONFIG);
	assert_non_null(strstr(p.c.last_text, "Client incompatible with this server. Keying "
	                                      "Material Exporters (RFC 5705) support missing."));
	spair_free(&p);
}

static void accepted_with_ekm_or_without_the_option(void **state)
{
	struct spair p;

	(void)state;
	assert_true(run(1, 1, &p));
	assert_int_equal(p.c.s->use_ekm, 1);
	assert_int_equal(spair_data(&p, &p.c, &p.s, 100, 1), 0);
	spair_free(&p);
	assert_true(run(0, 0, &p));
	assert_int_equal(p.c.s->use_ekm, 0);
	assert_int_equal(spair_data(&p, &p.c, &p.s, 100, 1), 0);
	spair_free(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(refused_without_ekm),
	    cmocka_unit_test(accepted_with_ekm_or_without_the_option),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
