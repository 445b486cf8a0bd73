/* SPDX-License-Identifier: BSD-2-Clause */
/* Tests for src/logsink.c: OpenVPN's timestamp format, --log and
 * --log-append files, verb and mute taken from the options. */
#include "tests/unit/testutil.h"

#include <unistd.h>

#include "proto/config/options.h"
#include "src/logsink.h"

/* 1706706309 is 2024-01-31 13:05:09 UTC (`date -u -d @1706706309`); OpenVPN
 * 2.6 stamps lines as "%Y-%m-%d %H:%M:%S " (seen in its own output). */
static void timestamp_format(void **state)
{
	char out[128];
	size_t n;

	setenv("TZ", "UTC", 1);
	tzset();
	n = lvpn_logsink_format(out, sizeof(out), 1706706309, 1,
	                        "Initialization Sequence Completed");
	assert_string_equal(out, "2024-01-31 13:05:09 Initialization Sequence Completed\n");
	assert_int_equal(n, strlen(out));
	lvpn_logsink_format(out, sizeof(out), 1706706309, 0, "no stamp");
	assert_string_equal(out, "no stamp\n");
	/* a short buffer truncates, NUL-terminated */
	n = lvpn_logsink_format(out, 8, 1706706309, 0, "truncated line");
	assert_int_equal(n, 7);
	assert_int_equal(strlen(out), 7);
}

static time_t fixed_clock(time_t *t)
{
	(void)t;
	return 1706706309;
}

static char dir[64];

static int read_back(const char *path, char *buf, size_t n)
{
	FILE *f = fopen(path, "r");
	size_t r;

	if (!f)
		return -1;
	r = fread(buf, 1, n - 1, f);
	buf[r] = '\0';
	fclose(f);
	return (int)r;
}

static void log_file_verb_and_mute(void **state)
{
	struct lvpn_options o;
	struct lvpn_logsink s;
	struct lvpn_log lg;
	char path[128], buf[512], err[256];

	setenv("TZ", "UTC", 1);
	tzset();
	snprintf(dir, sizeof(dir), "/tmp/lvpn-logsink-XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/vpn.log", dir);

	assert_int_equal(lvpn_options_init(&o, NULL, NULL), 0);
	o.log_file = path;
	o.verb = 4;
	o.mute = 2;
	o.suppress_timestamps = 0;
	lvpn_logsink_init(&s);
	s.now = fixed_clock;
	lvpn_log_init(&lg, 1, lvpn_logsink_emit, &s);
	assert_int_equal(lvpn_logsink_configure(&s, &lg, &o, err, sizeof(err)), 0);
	assert_int_equal(lg.verb, 4);
	assert_int_equal(lg.mute, 2);
	LVPN_LOG(&lg, 3, "first %d", 1);
	LVPN_LOG(&lg, 5, "too verbose %d", 2);
	lvpn_logsink_close(&s);
	assert_true(read_back(path, buf, sizeof(buf)) > 0);
	assert_string_equal(buf, "2024-01-31 13:05:09 first 1\n");

	/* --log truncates, --log-append keeps; --suppress-timestamps */
	o.log_append = 1;
	o.suppress_timestamps = 1;
	lvpn_logsink_init(&s);
	assert_int_equal(lvpn_logsink_configure(&s, &lg, &o, err, sizeof(err)), 0);
	LVPN_LOG(&lg, 1, "second");
	lvpn_logsink_close(&s);
	read_back(path, buf, sizeof(buf));
	assert_string_equal(buf, "2024-01-31 13:05:09 first 1\nsecond\n");
	o.log_append = 0;
	lvpn_logsink_init(&s);
	assert_int_equal(lvpn_logsink_configure(&s, &lg, &o, err, sizeof(err)), 0);
	LVPN_LOG(&lg, 1, "third");
	lvpn_logsink_close(&s);
	read_back(path, buf, sizeof(buf));
	assert_string_equal(buf, "third\n");

	/* a log file that cannot be opened is an error with a message */
	snprintf(path, sizeof(path), "%s/no/such/dir/vpn.log", dir);
	lvpn_logsink_init(&s);
	assert_int_equal(lvpn_logsink_configure(&s, &lg, &o, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "cannot open log file"));
	snprintf(path, sizeof(path), "%s/vpn.log", dir);
	unlink(path);
	rmdir(dir);
	o.log_file = NULL;
	lvpn_options_free(&o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(timestamp_format),
	    cmocka_unit_test(log_file_verb_and_mute),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
