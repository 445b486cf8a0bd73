/* SPDX-License-Identifier: BSD-2-Clause */
/* proto/replaypersist: the file image (2.6's layout on this host) and a
 * replay window restored from it: what the previous run took is refused,
 * what comes after is taken. */
#include "tests/unit/testutil.h"

#include "proto/replaypersist.h"

static void image(void **state)
{
	uint8_t img[LVPN_REPLAY_IMAGE_LEN];
	int64_t t = 1765000000;
	uint32_t id = 4242, gid;
	uint64_t gt;

	(void)state;
	lvpn_replay_image_write(img, id, (uint64_t)t);
	/* time_t first, then the id at offset 8, as 2.6's struct */
	assert_memory_equal(img, &t, 8);
	assert_memory_equal(img + 8, &id, 4);
	assert_int_equal(lvpn_replay_image_read(img, sizeof(img), &gid, &gt), 0);
	assert_int_equal(gid, 4242);
	assert_int_equal(gt, 1765000000);
	/* a new (empty) file, a short one, or time 0: no state */
	assert_int_equal(lvpn_replay_image_read(img, 15, &gid, &gt), LVPN_ERR_TRUNCATED);
	memset(img, 0, 8);
	assert_int_equal(lvpn_replay_image_read(img, sizeof(img), &gid, &gt), LVPN_ERR_TRUNCATED);
}

static void restored(void **state)
{
	struct lvpn_replay r = {0};

	(void)state;
	assert_int_equal(lvpn_replay_init(&r, 64, 15), 0);
	lvpn_replay_restore(&r, 100, 5000);
	/* the old run's packets: refused */
	assert_int_equal(lvpn_replay_check(&r, 100, 5000), LVPN_ERR_REPLAY);
	assert_int_equal(lvpn_replay_check(&r, 99, 5000), LVPN_ERR_REPLAY);
	assert_int_equal(lvpn_replay_check(&r, 1, 5000), LVPN_ERR_REPLAY);
	assert_int_equal(lvpn_replay_check(&r, 500, 4999), LVPN_ERR_REPLAY);
	/* newer ones of the same sender time, or a restarted sender: taken */
	assert_int_equal(lvpn_replay_update(&r, 101, 5000, 1), 0);
	assert_int_equal(lvpn_replay_check(&r, 1, 5001), 0);
	lvpn_replay_free(&r);
	/* TCP (linear): only the next id */
	assert_int_equal(lvpn_replay_init(&r, 0, 15), 0);
	lvpn_replay_restore(&r, 100, 5000);
	assert_int_equal(lvpn_replay_check(&r, 100, 5000), LVPN_ERR_REPLAY);
	assert_int_equal(lvpn_replay_check(&r, 101, 5000), 0);
	lvpn_replay_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(image),
	    cmocka_unit_test(restored),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
