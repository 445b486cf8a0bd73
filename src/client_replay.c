/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - --replay-persist on a static-key tunnel, as OpenVPN 2.6 keeps
 * it (packet_id.c, init.c): the file is opened (created 0600) and read
 * once at start; each session of the run takes the newest state known;
 * the state is written back when it changed, at most once a minute while
 * the session runs and when it ends. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "proto/replaypersist.h"
#include "src/client_int.h"

#define SAVE_EVERY_MS 60000u

void lvpn_client_replay_open(struct client *c)
{
	uint8_t img[LVPN_REPLAY_IMAGE_LEN];
	uint64_t t;
	ssize_t n;

	c->rp_fd = -1;
	if (!c->o->replay_persist)
		return;
	if (!c->o->secret.data) {
		/* 2.6 also keeps tls-auth's control-channel ids */
		LVPN_LOG(
		    c->lg, LVPN_LOG_WARN,
		    "WARNING: replay-persist is applied by leanvpn in static-key mode (secret) "
		    "only: ignored");
		return;
	}
	c->rp_fd = open(c->o->replay_persist, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (c->rp_fd < 0) {
		LVPN_LOG(c->lg, LVPN_LOG_WARN,
		         "Cannot open --replay-persist file %s for read/write: %s",
		         c->o->replay_persist, strerror(errno));
		return;
	}
	n = pread(c->rp_fd, img, sizeof(img), 0);
	if (n > 0 && lvpn_replay_image_read(img, (size_t)n, &c->rp_id, &t) == 0 &&
	    t <= UINT32_MAX) {
		c->rp_time = (uint32_t)t;
		LVPN_LOG(c->lg, LVPN_LOG_INFO, "PID Persist Read from %s: time %u, id %u",
		         c->o->replay_persist, c->rp_time, c->rp_id);
	}
}

void lvpn_client_replay_start(struct client *c, uint64_t now)
{
	c->rp_next = now + SAVE_EVERY_MS;
	if (c->rp_fd >= 0 && c->rp_time)
		lvpn_session_replay_restore(c->s, c->rp_id, c->rp_time);
}

void lvpn_client_replay_save(struct client *c, uint64_t now, int force)
{
	uint8_t img[LVPN_REPLAY_IMAGE_LEN];
	uint32_t id, t;

	if (c->rp_fd < 0 || !c->s || (!force && now < c->rp_next))
		return;
	c->rp_next = now + SAVE_EVERY_MS;
	if (!lvpn_session_replay_last(c->s, &id, &t) || (id == c->rp_id && t == c->rp_time))
		return;
	lvpn_replay_image_write(img, id, t);
	if (pwrite(c->rp_fd, img, sizeof(img), 0) != (ssize_t)sizeof(img)) {
		LVPN_LOG(c->lg, LVPN_LOG_WARN, "Cannot write --replay-persist file %s: %s",
		         c->o->replay_persist, strerror(errno));
		return;
	}
	c->rp_id = id;
	c->rp_time = t;
}

void lvpn_client_replay_close(struct client *c)
{
	if (c->rp_fd >= 0)
		close(c->rp_fd);
	c->rp_fd = -1;
}
