/* SPDX-License-Identifier: BSD-2-Clause */
/* src/status: the three report versions for a fixed input.  Expected text
 * written by hand from OpenVPN 2.6 multi.c multi_print_status() (field
 * order, separators, headers) and otime.c time_string() (local time
 * "YYYY-MM-DD HH:MM:SS"); tests/srv/status_openvpn.sh checks the same
 * renderer against a live openvpn server's replies.  TZ is UTC here. */
#include "tests/unit/testutil.h"

#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "src/status.h"

static const struct lvpn_status_client clients[] = {
    {"alice", "198.18.0.2:40001", "10.8.0.2", "2001:db8::1000", 1234, 5678, 1700000000, "UNDEF", 0,
     0, "AES-256-GCM"},
    {"bob", "198.18.0.3:40002", "10.8.0.3", "", 0, 18446744073709551615ull, 1700000100, "bob", 7, 1,
     "CHACHA20-POLY1305"},
};
static const struct lvpn_status_route routes[] = {
    {"10.8.0.2", 0, "alice", "198.18.0.2:40001", 1700000200},
    {"192.168.1.0/24", 1, "bob", "198.18.0.3:40002", 1700000300},
};

static struct lvpn_status st(void)
{
	struct lvpn_status s = {0};

	s.title = "OpenVPN 2.6.14 x86_64-pc-linux-gnu";
	s.now = 1700000400;
	s.clients = clients;
	s.n_clients = 2;
	s.routes = routes;
	s.n_routes = 2;
	return s;
}

static int setup(void **state)
{
	(void)state;
	setenv("TZ", "UTC", 1);
	tzset();
	return 0;
}

static void test_v1(void **state)
{
	struct lvpn_status s = st();
	char buf[4096];
	size_t len;
	static const char want[] =
	    "OpenVPN CLIENT LIST\n"
	    "Updated,2023-11-14 22:20:00\n"
	    "Common Name,Real Address,Bytes Received,Bytes Sent,Connected Since\n"
	    "alice,198.18.0.2:40001,1234,5678,2023-11-14 22:13:20\n"
	    "bob,198.18.0.3:40002,0,18446744073709551615,2023-11-14 22:15:00\n"
	    "ROUTING TABLE\n"
	    "Virtual Address,Common Name,Real Address,Last Ref\n"
	    "10.8.0.2,alice,198.18.0.2:40001,2023-11-14 22:16:40\n"
	    "192.168.1.0/24C,bob,198.18.0.3:40002,2023-11-14 22:18:20\n"
	    "GLOBAL STATS\n"
	    "Max bcast/mcast queue length,0\n"
	    "END\n";

	(void)state;
	assert_int_equal(lvpn_status_render(&s, 1, buf, sizeof(buf), &len), 0);
	assert_string_equal(buf, want);
	assert_int_equal(len, strlen(want));
	/* too small: the length needed, nothing promised in buf */
	assert_int_equal(lvpn_status_render(&s, 1, buf, 10, &len), -2);
	assert_int_equal(len, strlen(want));
	assert_int_equal(lvpn_status_render(&s, 1, buf, strlen(want), &len), -2);
	assert_int_equal(lvpn_status_render(&s, 1, buf, strlen(want) + 1, &len), 0);
}

static void test_v2_v3(void **state)
{
	struct lvpn_status s = st();
	char buf[4096], want3[4096];
	static const char want[] =
	    "TITLE,OpenVPN 2.6.14 x86_64-pc-linux-gnu\n"
	    "TIME,2023-11-14 22:20:00,1700000400\n"
	    "HEADER,CLIENT_LIST,Common Name,Real Address,Virtual Address,Virtual IPv6 "
	    "Address,Bytes Received,Bytes Sent,Connected Since,Connected Since "
	    "(time_t),Username,Client ID,Peer ID,Data Channel Cipher\n"
	    "CLIENT_LIST,alice,198.18.0.2:40001,10.8.0.2,2001:db8::1000,1234,5678,2023-11-14 "
	    "22:13:20,1700000000,UNDEF,0,0,AES-256-GCM\n"
	    "CLIENT_LIST,bob,198.18.0.3:40002,10.8.0.3,,0,18446744073709551615,2023-11-14 "
	    "22:15:00,1700000100,bob,7,1,CHACHA20-POLY1305\n"
	    "HEADER,ROUTING_TABLE,Virtual Address,Common Name,Real Address,Last Ref,Last Ref "
	    "(time_t)\n"
	    "ROUTING_TABLE,10.8.0.2,alice,198.18.0.2:40001,2023-11-14 22:16:40,1700000200\n"
	    "ROUTING_TABLE,192.168.1.0/24C,bob,198.18.0.3:40002,2023-11-14 22:18:20,1700000300\n"
	    "GLOBAL_STATS,Max bcast/mcast queue length,0\n"
	    "GLOBAL_STATS,dco_enabled,0\n"
	    "END\n";

	(void)state;
	assert_int_equal(lvpn_status_render(&s, 2, buf, sizeof(buf), NULL), 0);
	assert_string_equal(buf, want);
	/* version 3: the same with every ',' that separates fields a TAB; no
	 * field of this input contains a ',' */
	strcpy(want3, want);
	for (char *p = want3; *p; p++)
		if (*p == ',')
			*p = '\t';
	assert_int_equal(lvpn_status_render(&s, 3, buf, sizeof(buf), NULL), 0);
	assert_string_equal(buf, want3);
	assert_int_equal(lvpn_status_render(&s, 4, buf, sizeof(buf), NULL), -1);
	assert_string_equal(buf, "ERROR: bad status format version number\n");
}

static void test_long_line(void **state)
{
	struct lvpn_status s = st();
	struct lvpn_status_client c = clients[0];
	char cn[600], buf[8192];

	(void)state;
	/* a line of 512 bytes or more stops the report (status_printf) */
	memset(cn, 'x', sizeof(cn) - 1);
	cn[sizeof(cn) - 1] = 0;
	c.common_name = cn;
	s.clients = &c;
	s.n_clients = 1;
	s.n_routes = 0;
	assert_int_equal(lvpn_status_render(&s, 1, buf, sizeof(buf), NULL), 0);
	assert_string_equal(buf, "OpenVPN CLIENT LIST\nUpdated,2023-11-14 22:20:00\n"
	                         "Common Name,Real Address,Bytes Received,Bytes Sent,Connected "
	                         "Since\n");
}

/* A common name or username with line breaks, TABs or commas (a peer's
 * choice) cannot add a line or a column to any version of the report. */
static void test_peer_fields(void **state)
{
	static const struct lvpn_status_client evil[] = {
	    {"cn\nEND", "198.18.0.2:1", "10.8.0.2", "", 1, 2, 1700000000,
	     "bob\nCLIENT_LIST,admin,1.2.3.4:1\r\nEND\tx", 3, 4, "AES-256-GCM"},
	};
	static const struct lvpn_status_route evil_rt[] = {
	    {"10.8.0.2", 0, "cn\nEND", "198.18.0.2:1", 1700000000},
	};
	struct lvpn_status s = st();
	char buf[4096];

	(void)state;
	s.clients = evil;
	s.n_clients = 1;
	s.routes = evil_rt;
	s.n_routes = 1;
	for (int v = 1; v <= 3; v++) {
		const char *fields = v == 3 ? "\t" : ",";
		char *line, *save = NULL;
		int n_end = 0, n_client = 0;

		assert_int_equal(lvpn_status_render(&s, v, buf, sizeof(buf), NULL), 0);
		assert_null(strchr(buf, '\r'));
		for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
			n_end += strcmp(line, "END") == 0;
			if (strncmp(line, "CLIENT_LIST", 11) == 0 ||
			    strncmp(line, "cn_END,", 7) == 0) {
				size_t cols = 1;

				n_client++;
				for (const char *p = line; *p; p++)
					cols += strchr(fields, *p) != NULL;
				assert_int_equal(cols, v == 1 ? 5 : 13);
			}
		}
		assert_int_equal(n_end, 1);
		assert_int_equal(n_client, 1);
	}
	assert_int_equal(lvpn_status_render(&s, 2, buf, sizeof(buf), NULL), 0);
	assert_non_null(strstr(buf, ",cn_END,198.18.0.2:1,"));
	assert_non_null(strstr(buf, ",bob_CLIENT_LIST_admin_1.2.3.4:1__END_x,3,"));
}

static void test_write_file(void **state)
{
	char dir[] = "/tmp/lvpn-status-XXXXXX", path[64], got[64];
	struct stat sb;
	FILE *f;
	size_t n;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/status.log", dir);
	assert_int_equal(lvpn_status_write_file(path, "one\n", 4), 0);
	assert_int_equal(lvpn_status_write_file(path, "two\nthree\n", 10), 0);
	f = fopen(path, "r");
	assert_non_null(f);
	n = fread(got, 1, sizeof(got), f);
	fclose(f);
	assert_int_equal(n, 10);
	assert_memory_equal(got, "two\nthree\n", 10);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_not_equal(lvpn_status_write_file("/nonexistent/dir/x", "a", 1), 0);
	unlink(path);
	assert_int_equal(rmdir(dir), 0); /* no temporary file left behind */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_v1),         cmocka_unit_test(test_v2_v3),
	    cmocka_unit_test(test_long_line),  cmocka_unit_test(test_peer_fields),
	    cmocka_unit_test(test_write_file),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
