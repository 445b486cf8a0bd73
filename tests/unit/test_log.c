/* SPDX-License-Identifier: BSD-2-Clause */
#include "tests/unit/testutil.h"

#include "base/log.h"

struct sink {
	int lines;
	int last_level;
	char last[LVPN_LOG_LINE_MAX];
};

static void capture(void *ctx, int level, const char *line)
{
	struct sink *s = ctx;

	s->lines++;
	s->last_level = level;
	snprintf(s->last, sizeof(s->last), "%s", line);
}

static int evaluated;

static const uint8_t *expensive_packet(void)
{
	static const uint8_t pkt[4] = {0xde, 0xad, 0xbe, 0xef};

	evaluated++;
	return pkt;
}

static void suppressed_hexdump_does_no_work(void **state)
{
	struct sink s = {0};
	struct lvpn_log lg;
	unsigned long before;

	lvpn_log_init(&lg, 3, capture, &s);
	evaluated = 0;
	before = lvpn_log_format_calls;
	for (int i = 0; i < 1000; i++) {
		LVPN_LOG_HEX(&lg, LVPN_LOG_DEBUG, "packet", expensive_packet(), 4);
		LVPN_LOG(&lg, LVPN_LOG_PACKET, "%p", (const void *)expensive_packet());
	}
	assert_int_equal(evaluated, 0);
	assert_int_equal(lvpn_log_format_calls, before);
	assert_int_equal(s.lines, 0);

	/* the same call at a high enough verb does the work */
	lg.verb = LVPN_LOG_DEBUG;
	LVPN_LOG_HEX(&lg, LVPN_LOG_DEBUG, "packet", expensive_packet(), 4);
	assert_int_equal(evaluated, 1);
	assert_true(lvpn_log_format_calls > before);
	assert_int_equal(s.lines, 1);
	assert_string_equal(s.last, "packet (4 bytes): deadbeef");
	assert_int_equal(s.last_level, LVPN_LOG_DEBUG);
}

static void levels_follow_verb(void **state)
{
	struct sink s = {0};
	struct lvpn_log lg;

	lvpn_log_init(&lg, 0, capture, &s);
	LVPN_LOG(&lg, LVPN_LOG_ERR, "error");
	LVPN_LOG(&lg, LVPN_LOG_FATAL, "fatal %d", 1);
	assert_int_equal(s.lines, 1);
	assert_string_equal(s.last, "fatal 1");
	lg.verb = 3;
	LVPN_LOG(&lg, LVPN_LOG_INFO, "info");
	LVPN_LOG(&lg, LVPN_LOG_VERBOSE, "verbose");
	assert_int_equal(s.lines, 2);
	assert_string_equal(s.last, "info");
	LVPN_LOG((struct lvpn_log *)NULL, LVPN_LOG_FATAL, "no logger is fine");
}

static void mute_limits_a_repeated_kind(void **state)
{
	struct sink s = {0};
	struct lvpn_log lg;

	lvpn_log_init(&lg, 3, capture, &s);
	lg.mute = 2;
	for (int i = 0; i < 10; i++)
		LVPN_LOG(&lg, LVPN_LOG_INFO, "replay %d", i);
	assert_int_equal(s.lines, 2);
	assert_string_equal(s.last, "replay 1");
	LVPN_LOG(&lg, LVPN_LOG_INFO, "something else");
	/* the suppression notice, then the new line */
	assert_int_equal(s.lines, 4);
	assert_string_equal(s.last, "something else");
}

static void hex_format_truncates_safely(void **state)
{
	char out[8];
	const uint8_t data[8] = {0, 1, 2, 3, 4, 5, 6, 7};

	assert_int_equal(lvpn_hex_format(out, sizeof(out), data, 2), 4);
	assert_string_equal(out, "0001");
	lvpn_hex_format(out, sizeof(out), data, 8);
	assert_string_equal(out, "0001..");
	assert_int_equal(lvpn_hex_format(out, 0, data, 8), 0);
}

static void ratelimit_window(void **state)
{
	struct lvpn_ratelimit rl = {0};
	int ok = 0;

	for (int i = 0; i < 100; i++)
		ok += lvpn_ratelimit_ok(&rl, 1000, 5, 10);
	assert_int_equal(ok, 5);
	assert_int_equal(rl.dropped, 95);
	assert_true(lvpn_ratelimit_ok(&rl, 1010, 5, 10));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(suppressed_hexdump_does_no_work),
		cmocka_unit_test(levels_follow_verb),
		cmocka_unit_test(mute_limits_a_repeated_kind),
		cmocka_unit_test(hex_format_truncates_safely),
		cmocka_unit_test(ratelimit_window),
	};
	return cmocka_run_group_tests_name("log", tests, NULL, NULL);
}
