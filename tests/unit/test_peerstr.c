/* SPDX-License-Identifier: BSD-2-Clause */
/* proto/peerstr: the classes applied to peer-supplied strings.  Expected
 * values worked out by hand from OpenVPN 2.6: buffer.c char_class
 * (CC_PRINT is c >= 32 and not DEL), ssl_verify.c (names: CC_PRINT minus
 * CR/LF, others to '_'; subject: leading '-' to '_'), misc.c (safe_print
 * to '.', validate_peer_info_line). */
#include "tests/unit/testutil.h"

#include "proto/peerstr.h"

static void expect(const char *in, enum lvpn_peerstr_class cls, const char *want)
{
	char out[256];

	assert_int_equal(lvpn_peerstr_clean(out, sizeof(out), in, cls), 0);
	assert_string_equal(out, want);
}

static void test_name(void **state)
{
	(void)state;
	/* the forged status line of the review: no line break survives */
	expect("bob\nCLIENT_LIST,admin,1.2.3.4:1\nEND", LVPN_PEERSTR_NAME,
	       "bob_CLIENT_LIST,admin,1.2.3.4:1_END");
	expect("a\rb\tc\x7f"
	       "d\x01"
	       "e",
	       LVPN_PEERSTR_NAME, "a_b_c_d_e");
	/* printable ASCII, spaces, commas and UTF-8 stay, as in OpenVPN */
	expect("J\xc3\xb6rg M. O'Neil, x=y", LVPN_PEERSTR_NAME, "J\xc3\xb6rg M. O'Neil, x=y");
	expect("-rf", LVPN_PEERSTR_NAME, "-rf");
	expect("", LVPN_PEERSTR_NAME, "");
}

static void test_subject(void **state)
{
	(void)state;
	expect("--x-y\n", LVPN_PEERSTR_SUBJECT, "__x-y_");
	expect("C=NL, O=a-b, CN=c", LVPN_PEERSTR_SUBJECT, "C=NL, O=a-b, CN=c");
}

static void test_csv(void **state)
{
	(void)state;
	expect("bob,CLIENT_LIST\tx\ny", LVPN_PEERSTR_CSV, "bob_CLIENT_LIST_x_y");
	expect("client1", LVPN_PEERSTR_CSV, "client1");
}

static void test_log(void **state)
{
	(void)state;
	expect("AUTH_FAILED\r\nfake line\x1b[2J", LVPN_PEERSTR_LOG, "AUTH_FAILED..fake line.[2J");
	expect("a,b_c", LVPN_PEERSTR_LOG, "a,b_c");
}

static void test_in_place_and_truncated(void **state)
{
	char s[16] = "ab\ncd";
	char small[4];

	(void)state;
	assert_int_equal(lvpn_peerstr_clean(s, sizeof(s), s, LVPN_PEERSTR_NAME), 0);
	assert_string_equal(s, "ab_cd");
	assert_int_equal(lvpn_peerstr_clean(small, sizeof(small), "a\nbcdef", LVPN_PEERSTR_NAME),
	                 LVPN_ERR_BUFSIZE);
	assert_string_equal(small, "a_b");
	assert_int_equal(lvpn_peerstr_clean(small, 0, "x", LVPN_PEERSTR_NAME), LVPN_ERR_BUFSIZE);
	assert_string_equal(lvpn_peerstr_show(small, sizeof(small), "\n\n\n\n\n", LVPN_PEERSTR_LOG),
	                    "...");
}

static void test_peer_info(void **state)
{
	char l1[] = "IV_PLAT=linux\nUV_X=1", l2[] = "UV_X=$(rm -rf /)`id`", l3[] = "=x",
	     l4[] = "IV PLAT=x", l5[] = "IV_VER", l6[] = "IV_X=", l7[] = "UV_A=b=c\x80\x7f";

	(void)state;
	assert_int_equal(lvpn_peerstr_peer_info(l1), 0);
	assert_string_equal(l1, "IV_PLAT=linux_UV_X=1");
	assert_int_equal(lvpn_peerstr_peer_info(l2), 0);
	assert_string_equal(l2, "UV_X=__rm_-rf_/)_id_");
	assert_int_equal(lvpn_peerstr_peer_info(l3), LVPN_ERR_MALFORMED);
	assert_int_equal(lvpn_peerstr_peer_info(l4), LVPN_ERR_MALFORMED);
	assert_string_equal(l4, "IV PLAT=x");
	assert_int_equal(lvpn_peerstr_peer_info(l5), LVPN_ERR_MALFORMED);
	assert_int_equal(lvpn_peerstr_peer_info(l6), 0);
	assert_int_equal(lvpn_peerstr_peer_info(l7), 0);
	assert_string_equal(l7, "UV_A=b=c__");
}

/* Every byte value through every class: nothing below 0x20 and no DEL ever
 * comes out, and the length never changes. */
static void test_all_bytes(void **state)
{
	char in[256], out[256];

	(void)state;
	for (int i = 0; i < 255; i++)
		in[i] = (char)(i + 1);
	in[255] = '\0';
	for (int cls = LVPN_PEERSTR_NAME; cls <= LVPN_PEERSTR_LOG; cls++) {
		assert_int_equal(lvpn_peerstr_clean(out, sizeof(out), in, cls), 0);
		assert_int_equal(strlen(out), 255);
		for (int i = 0; i < 255; i++)
			assert_true((unsigned char)out[i] >= 0x20 && out[i] != 0x7f);
		if (cls == LVPN_PEERSTR_CSV)
			assert_null(strchr(out, ','));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_name),
	    cmocka_unit_test(test_subject),
	    cmocka_unit_test(test_csv),
	    cmocka_unit_test(test_log),
	    cmocka_unit_test(test_in_place_and_truncated),
	    cmocka_unit_test(test_peer_info),
	    cmocka_unit_test(test_all_bytes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
