/* SPDX-License-Identifier: BSD-2-Clause */
/* proto/offload against the running kernel's own segmentation (root only;
 * skipped otherwise).  In a network namespace of its own, a super-packet
 * is written with its virtio_net_hdr into TUN device "ka" (IFF_VNET_HDR,
 * offloads on); the kernel forwards it out of "kb", a TUN device without
 * offloads, so it must cut it itself (software GSO, checksums completed).
 * The segments read from kb must equal lvpn_gso_next's byte for byte, but
 * for forwarding's TTL / hop limit decrement.  The namespace and the
 * devices go away with the process. */
#include <errno.h>
#include <fcntl.h>
#include <linux/if_tun.h>
#include <net/if.h>
#include <poll.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "tests/unit/offload_testutil.h"

#ifndef TUN_F_USO4
#define TUN_F_USO4 0x20
#define TUN_F_USO6 0x40
#endif

static int ka = -1, kb = -1, uso;

static int tun_open(const char *name, int vnet)
{
	struct ifreq ifr;
	unsigned off = TUN_F_CSUM | TUN_F_TSO4 | TUN_F_TSO6 | TUN_F_TSO_ECN;
	int fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0)
		return -1;
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
	ifr.ifr_flags = IFF_TUN | IFF_NO_PI | (vnet ? IFF_VNET_HDR : 0);
	if (ioctl(fd, TUNSETIFF, &ifr) < 0) {
		close(fd);
		return -1;
	}
	if (vnet) {
		uso = ioctl(fd, TUNSETOFFLOAD, off | TUN_F_USO4 | TUN_F_USO6) == 0;
		if (!uso && ioctl(fd, TUNSETOFFLOAD, off) < 0) {
			close(fd);
			return -1;
		}
	}
	return fd;
}

/* 0 when the namespace and both devices are ready. */
static int setup(void)
{
	if (getuid() != 0 || unshare(CLONE_NEWNET) != 0)
		return -1;
	ka = tun_open("ka", 1);
	kb = tun_open("kb", 0);
	if (ka < 0 || kb < 0 ||
	    system("ip link set lo up && ip link set ka up && ip link set kb up &&"
	           " sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1"
	           " net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.ka.rp_filter=0 &&"
	           " ip route add 10.8.0.1/32 dev kb && ip route add 10.8.0.2/32 dev ka &&"
	           " ip -6 route add fd00::1/128 dev kb && ip -6 route add fd00::2/128 dev ka") !=
	        0)
		return -1;
	return 0;
}

/* The next packet from kb that is ours (TCP or UDP from our test ports;
 * IPv6 neighbour traffic is skipped), within a second: its length or 0. */
static size_t read_kb(uint8_t *p, size_t cap)
{
	struct pollfd pfd = {.fd = kb, .events = POLLIN};

	for (int tries = 0; tries < 100; tries++) {
		ssize_t n = read(kb, p, cap);

		if (n > 0) {
			size_t off = ref_l4_off(p);
			uint8_t proto = (p[0] >> 4) == 6 ? p[6] : p[9];

			if ((size_t)n > off + 4 && (proto == 6 || proto == 17) &&
			    (lvpn_get_be16(p + off) == T_SPORT || lvpn_get_be16(p + off) == 4500))
				return (size_t)n;
			continue;
		}
		if (n < 0 && errno != EAGAIN)
			return 0;
		(void)poll(&pfd, 1, 10);
	}
	return 0;
}

/* Writes the super-packet sp (len, header h) into ka and compares what
 * comes out of kb with our segments. */
static void compare(const struct lvpn_vnet_hdr *h, const uint8_t *sp, size_t len, uint8_t proto)
{
	static uint8_t wr[LVPN_VNET_HDR_LEN + LVPN_GSO_MAX], ours[LVPN_GSO_MAX],
	    theirs[LVPN_GSO_MAX];
	struct lvpn_gso g;
	size_t n, m, d, cnt = 0;

	while (read(kb, theirs, sizeof(theirs)) > 0) /* what an earlier failure left */
		;
	lvpn_vnet_hdr_write(wr, h);
	memcpy(wr + LVPN_VNET_HDR_LEN, sp, len);
	assert_int_equal(write(ka, wr, LVPN_VNET_HDR_LEN + len),
	                 (ssize_t)(LVPN_VNET_HDR_LEN + len));
	assert_int_equal(lvpn_gso_start(&g, h, sp, len), 0);
	while (lvpn_gso_next(&g, ours, sizeof(ours), &n) == 1) {
		/* forwarding took one off the TTL / hop limit */
		if ((ours[0] >> 4) == 6) {
			ours[7]--;
		} else {
			ours[8]--;
			lvpn_put_be16(ours + 10, 0);
			lvpn_put_be16(ours + 10, (uint16_t)~ref_fold(ref_sum(ours, 20, 0)));
		}
		m = read_kb(theirs, sizeof(theirs));
		for (d = 0; d < n && d < m && ours[d] == theirs[d]; d++)
			;
		if (m != n || d != n)
			fail_msg("segment %zu: kernel %zu bytes, ours %zu, first difference at %zu"
			         " (kernel %02x, ours %02x)",
			         cnt, m, n, d, d < m ? theirs[d] : 0, d < n ? ours[d] : 0);
		assert_true(ref_verify(theirs, m, proto));
		cnt++;
	}
	assert_true(cnt > 0);
	assert_int_equal(read_kb(theirs, sizeof(theirs)), 0); /* nothing more */
}

static void tcp_like_the_kernel(void **state)
{
	static const struct {
		int v6, opts;
		size_t pay;
		uint16_t mss;
		uint8_t flags;
	} c[] = {
	    {0, 0, 5000, 1448, 0},     {0, 1, 7001, 1000, F_PSH | F_FIN},
	    {0, 1, 5000, 1448, F_CWR}, {0, 1, 500, 1448, F_PSH},
	    {1, 1, 5000, 1428, F_PSH}, {1, 0, 4000, 1000, F_CWR | F_FIN},
	};
	static uint8_t sp[LVPN_GSO_MAX];
	struct lvpn_vnet_hdr h;

	(void)state;
	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		size_t len =
		    mk_tcp(sp, c[i].v6, c[i].opts, c[i].pay, 0, F_ACK | c[i].flags, T_SEQ, 0xFFFE);

		to_partial(sp, len, 6, c[i].mss, &h);
		compare(&h, sp, len, 6);
	}
}

static void udp_like_the_kernel(void **state)
{
	static uint8_t sp[LVPN_GSO_MAX];
	struct lvpn_vnet_hdr h;
	size_t len;

	(void)state;
	for (int v6 = 0; v6 < 2; v6++) {
		/* a datagram with a partial checksum, then (USO) a train */
		len = mk_udp(sp, v6, 777, 9);
		to_partial(sp, len, 17, 0, &h);
		h.gso_type = LVPN_VNET_GSO_NONE;
		compare(&h, sp, len, 17);
		if (!uso)
			continue;
		len = mk_udp(sp, v6, 3000, 9);
		to_partial(sp, len, 17, 1200, &h);
		compare(&h, sp, len, 17);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(tcp_like_the_kernel),
	    cmocka_unit_test(udp_like_the_kernel),
	};
	if (setup() != 0) {
		fprintf(stderr, "SKIP: needs root, a network namespace and /dev/net/tun\n");
		return 77; /* automake's SKIP */
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
