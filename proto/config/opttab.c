/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - every option OpenVPN 2.6 knows (src/openvpn/options.c,
 * add_option), with its argument count, where it is allowed and what
 * leanvpn does with it.  Sorted by name (strcmp order).
 *
 * Where: F config file and command line, C also inside <connection>,
 * P accepted from a server's PUSH_REPLY, D in client-config-dir files,
 * N pushed but dropped under route-nopull (OpenVPN's OPT_P_ROUTE and
 * OPT_P_DHCPDNS classes, which route-nopull takes out of the pull mask),
 * I may be an inline block, X names a script (its program must exist).  A config file may not hold
 * the per-client options (iroute, ifconfig-push, push-reset, ...), as in OpenVPN.
 */
#include "proto/config/opttab.h"

#include <stdlib.h>
#include <string.h>

#include "proto/config/options.h"

#define F  (LVPN_WHERE_CONFIG | LVPN_WHERE_CMDLINE)
#define CL LVPN_WHERE_CMDLINE
#define C  (F | LVPN_WHERE_CONN)
#define P  LVPN_WHERE_PUSH
#define D  LVPN_WHERE_CCD
#define I  LVPN_OPT_INLINE
#define M  LVPN_OPT_MANY
#define X  LVPN_OPT_SCRIPT
#define N  (P | LVPN_OPT_NOPULL)

#define S(n, a, b, w)                                                                              \
	{                                                                                          \
		n, a, b, w, LVPN_OPT_OK, NULL                                                      \
	}
#define W(n, a, b, w, y)                                                                           \
	{                                                                                          \
		n, a, b, w, LVPN_OPT_WARN, y                                                       \
	}
#define R(n, a, b, w, y)                                                                           \
	{                                                                                          \
		n, a, b, w, LVPN_OPT_REFUSE, y                                                     \
	}

#define WIN "Windows only, no effect on Linux"
/* Windows only and unknown to OpenVPN 2.6 on Linux: refused in a file,
 * ignored with a warning when pushed (see LVPN_OPT_WINONLY) */
#define WINO                                                                                       \
	"Windows only: in a configuration on Linux it is refused, as OpenVPN 2.6 refuses it, "     \
	"unless ignore-unknown-option names it; pushed by a server, it has no effect"
#define WO(n, a, b, w) W(n, a, b, (w) | LVPN_OPT_WINONLY, WINO)
#define ALONE          "a standalone OpenVPN operation: run it with the openvpn program"
#define P11            "PKCS#11 tokens are not supported"
#define MGMTKEY        "keys held by a management client are not supported"
#define MGMTNOT        "not applied by the leanvpn management interface yet"
#define OBSOLETE       "obsolete, has no effect"
#define NOTYET         "not implemented in leanvpn"
#define NOTAPPLIED     "not applied by leanvpn"
/* 2.6 (init.c get_frame_mtu) takes tun-mtu = link-mtu minus the protocol
 * header of the configured cipher and digest */
#define LINKMTU                                                                                    \
	"leanvpn sizes the tunnel from tun-mtu only (1500 unless set); OpenVPN 2.6 takes tun-mtu " \
	"as link-mtu minus the packet header of the configured cipher and auth, which leanvpn "    \
	"does not derive: set tun-mtu instead"

#define PROXYRETRY                                                                                 \
	"DEPRECATED OPTION: proxy connections are retried like any other since OpenVPN 2.4 (use "  \
	"connect-retry-max 1 for the old behaviour)"
#define PROXYTIME                                                                                  \
	"DEPRECATED OPTION: connect-timeout bounds a connection to the server since OpenVPN 2.4"

const struct lvpn_opttab lvpn_opttab[] = {
    S("allow-compression", 1, 1, F),
    WO("allow-nonadmin", 0, 1, F),
    W("allow-pull-fqdn", 0, 0, F,
      "pushed route and ifconfig addresses are taken as numbers only: a name in them is "
      "ignored with a warning, as without this option"),
    S("allow-recursive-routing", 0, 0, F),
    S("askpass", 0, 1, F),
    S("auth", 1, 1, F),
    S("auth-gen-token", 0, M, F),
    S("auth-gen-token-secret", 1, 1, F | I),
    S("auth-nocache", 0, 0, F),
    S("auth-retry", 1, 1, F),
    S("auth-token", 1, 1, F | P | D),
    S("auth-token-user", 1, 1, F | P | D),
    S("auth-user-pass", 0, 1, F | I),
    S("auth-user-pass-optional", 0, 0, F),
    S("auth-user-pass-verify", 1, 2, F | X),
    W("bcast-buffers", 1, 1, F, OBSOLETE),
    S("bind", 0, 1, C),
    S("bind-dev", 1, M, F | P | D),
    S("block-ipv6", 0, 0, F | N),
    WO("block-outside-dns", 0, 0, F | N),
    S("ca", 1, 1, F | I),
    S("capath", 1, 1, F),
    S("ccd-exclusive", 0, 0, F),
    S("cd", 1, 1, F),
    S("cert", 1, 1, F | I),
    S("check-config", 0, 0, CL),
    S("chroot", 1, 1, F),
    S("cipher", 1, 1, F | P | D),
    S("client", 0, 0, F),
    R("client-cert-not-required", 0, 0, F, "removed in OpenVPN 2.5, use 'verify-client-cert none'"),
    S("client-config-dir", 1, 1, F),
    S("client-connect", 1, 1, F | X),
    W("client-crresponse", 1, 1, F | X, NOTAPPLIED),
    S("client-disconnect", 1, 1, F | X),
    S("client-nat", 4, 4, F | N),
    S("client-to-client", 0, 0, F),
    S("comp-lzo", 0, 1, F | P | D),
    S("comp-noadapt", 0, 0, F | P | D),
    W("compat-mode", 1, 2, F | P, "leanvpn always behaves as OpenVPN 2.6"),
    R("compat-names", 0, M, F, "removed in OpenVPN 2.5"),
    S("compress", 0, 1, F | P | D),
    S("config", 1, 1, F | D),
    S("connect-freq", 2, 2, F),
    S("connect-freq-initial", 2, 2, F),
    S("connect-retry", 1, 2, C),
    S("connect-retry-max", 1, 1, C),
    S("connect-timeout", 1, 1, C),
    S("connection", 1, 1, F | I),
    S("crl-verify", 1, 2, F | I),
    R("cryptoapicert", 1, 1, F, WIN " certificate store, not available"),
    S("daemon", 0, 1, F),
    S("data-ciphers", 1, 1, F | D),
    S("data-ciphers-fallback", 1, 1, F | D),
    S("data-threads", 1, 1, F),
    S("dev", 1, 1, F),
    W("dev-node", 1, 1, F, "the device is always cloned from /dev/net/tun"),
    S("dev-type", 1, 1, F),
    S("dh", 1, 1, F | I),
    WO("dhcp-internal", 1, 1, F),
    S("dhcp-option", 1, M, F | N),
    WO("dhcp-pre-release", 0, 0, F | N),
    WO("dhcp-release", 0, 0, F),
    WO("dhcp-renew", 0, 0, F | N),
    S("disable", 0, 0, D),
    W("disable-dco", 0, M, F, "leanvpn has no data channel offload"),
    S("disable-occ", 0, 0, F),
    S("dns", 1, M, F | N),
    S("dns-updown", 1, 1, F), /* OpenVPN 2.7: disable or force only */
    S("down", 1, 1, F | X),
    W("down-pre", 0, 0, F,
      "leanvpn runs --down once routes and addresses are removed and before the device is "
      "closed, whether or not down-pre is given"),
    S("duplicate-cn", 0, 0, F),
    S("ecdh-curve", 1, 1, F),
    S("echo", 0, M, F | P | D),
    R("engine", 0, 1, F, "OpenSSL engines are not supported"),
    S("errors-to-stderr", 0, 0, F | P),
    S("explicit-exit-notify", 0, 1, C | P),
    S("extra-certs", 1, 1, F | I),
    W("fast-io", 0, 0, F, "leanvpn's event loop needs no hint"),
    W("float", 0, 0, C,
      "the client's UDP socket is connected to the server's address: datagrams from another "
      "address are not received, so a server that changes address is not followed"),
    S("force-tls-key-material-export", 0, M, F),
    S("fragment", 1, 2, C),
    R("genkey", 0, 3, F, ALONE),
    R("gremlin", 1, 1, F, "a debugging aid not built into leanvpn"),
    S("group", 1, 1, F),
    S("hand-window", 1, 1, F),
    W("hash-size", 2, 2, F,
      "leanvpn sizes its address tables from max-clients (at least two buckets per entry, "
      "seeded hashes), so they need no tuning"),
    W("help", 0, 0, F, "only meaningful on the command line"),
    S("http-proxy", 1, 4, C),
    S("http-proxy-option", 1, 3, C),
    S("http-proxy-override", 2, 3, F),
    W("http-proxy-retry", 0, M, C, PROXYRETRY),
    W("http-proxy-timeout", 1, 1, C, PROXYTIME),
    S("http-proxy-user-pass", 1, 1, F | I),
    S("ifconfig", 2, 2, F | P),
    S("ifconfig-ipv6", 2, 2, F | P),
    S("ifconfig-ipv6-pool", 1, 1, F),
    S("ifconfig-ipv6-push", 1, 2, D),
    S("ifconfig-noexec", 0, 0, F | P),
    S("ifconfig-nowarn", 0, 0, F | P),
    S("ifconfig-pool", 2, 3, F),
    S("ifconfig-pool-persist", 1, 2, F),
    S("ifconfig-push", 2, 3, D),
    S("ifconfig-push-constraint", 2, 2, F),
    S("ignore-unknown-option", 1, M, F),
    S("inactive", 1, 2, F | P | D),
    W("ip-remote-hint", 0, 1, F, "addresses are resolved when needed"),
    WO("ip-win32", 1, 3, F | N),
    S("ipchange", 1, 1, F | X),
    W("iproute", 1, 1, F, "leanvpn configures devices through netlink"),
    S("iroute", 1, 2, D),
    S("iroute-ipv6", 1, 1, D),
    S("keepalive", 2, 2, F),
    S("key", 1, 1, F | I),
    S("key-derivation", 1, M, F | P),
    S("key-direction", 1, 1, C),
    S("keying-material-exporter", 2, M, F),
    S("learn-address", 1, 1, F | X),
    W("link-mtu", 1, 1, C, LINKMTU),
    S("lladdr", 1, 1, F | P),
    S("local", 1, 1, C),
    S("log", 1, 1, F),
    S("log-append", 1, 1, F),
    S("lport", 1, 1, C),
    S("machine-readable-output", 0, 0, F),
    S("management", 2, 3, F),
    R("management-client", 0, 0, F, "connecting out to a management client is not supported"),
    W("management-client-auth", 0, 0, F, NOTAPPLIED),
    S("management-client-group", 1, 1, F),
    S("management-client-user", 1, 1, F),
    R("management-external-cert", 1, 1, F, MGMTKEY),
    R("management-external-key", 0, M, F, MGMTKEY),
    S("management-forget-disconnect", 0, 0, F),
    S("management-hold", 0, 0, F),
    W("management-log-cache", 1, 1, F, "the history keeps the last 100 lines"),
    S("management-query-passwords", 0, 0, F),
    S("management-query-proxy", 0, 0, F),
    S("management-query-remote", 0, 0, F),
    S("management-signal", 0, 0, F),
    S("management-up-down", 0, 0, F),
    S("mark", 1, 1, F),
    S("max-clients", 1, 1, F),
    S("max-packet-size", 1, 1, C),
    W("max-routes", 0, 1, F | P, "the number of routes is unlimited"),
    S("max-routes-per-client", 1, 1, F | D),
    R("memstats", 1, 1, F, "a debugging aid not built into leanvpn"),
    R("mktun", 0, 0, F, ALONE),
    S("mlock", 0, 0, F),
    S("mode", 1, 1, F),
    WO("msg-channel", 1, M, F),
    S("mssfix", 0, 2, C),
    S("mtu-disc", 1, 1, C),
    R("mtu-dynamic", 0, M, C, "removed in OpenVPN 2.0"),
    R("mtu-test", 0, 0, F, NOTYET),
    S("multihome", 0, 0, F),
    S("mute", 1, 1, F | P),
    S("mute-replay-warnings", 0, 0, F),
    S("ncp-ciphers", 1, 1, F | D),
    S("nice", 1, 1, F),
    R("no-name-remapping", 0, 0, F, "removed in OpenVPN 2.5"),
    S("no-replay", 0, 0, F),
    S("nobind", 0, 0, C),
    S("ns-cert-type", 1, 1, F),
    R("opt-verify", 0, 0, F,
      "deprecated by OpenVPN 2.6 and gone in 2.7: compare option strings with a client-connect "
      "script instead"),
    W("parameter", 0, M, F | P | D, "only meaningful with a management client"),
    S("passtos", 0, 0, F),
    WO("pause-exit", 0, 0, F),
    S("peer-fingerprint", 1, 1, F | I),
    S("peer-id", 1, 1, F | P),
    S("persist-key", 0, 0, F | P),
    S("persist-local-ip", 0, 0, F),
    S("persist-remote-ip", 0, 0, F),
    S("persist-tun", 0, 0, F | P),
    S("ping", 1, 1, F | P | D),
    S("ping-exit", 1, 1, F | P | D),
    S("ping-restart", 1, 1, F | P | D),
    W("ping-timer-rem", 0, 0, F | P | D,
      "a client with --remote always knows its peer's address, so its ping timers run as "
      "2.6 runs them; a peer-to-peer peer without --remote does not hold them back"),
    R("pkcs11-cert-private", 0, M, F, P11),
    R("pkcs11-id", 1, 1, F, P11),
    R("pkcs11-id-management", 0, 0, F, P11),
    R("pkcs11-pin-cache", 1, 1, F, P11),
    R("pkcs11-private-mode", 1, M, F, P11),
    R("pkcs11-protected-authentication", 0, M, F, P11),
    R("pkcs11-providers", 1, M, F, P11),
    S("pkcs12", 1, 1, F | I),
    R("plugin", 1, M, F, "plugins are not supported (use scripts)"),
    S("port", 1, 1, C),
    S("port-share", 2, 3, F),
    W("preresolve", 0, 1, F, "addresses are resolved when needed"),
    W("prng", 1, 2, F, "the SSL library's random generator is always used"),
    S("proto", 1, 1, C),
    S("proto-force", 1, 1, F),
    S("protocol-flags", 1, M, F | P),
    R("providers", 1, M, F, "OpenSSL providers cannot be loaded by leanvpn"),
    S("pull", 0, 0, F),
    S("pull-filter", 2, 2, F),
    S("push", 1, 1, F | D),
    S("push-continuation", 1, 1, P),
    S("push-peer-info", 0, 0, F),
    S("push-remove", 1, 1, D),
    S("push-reset", 0, 0, D),
    S("rcvbuf", 1, 1, F | P),
    WO("rdns-internal", 0, 0, F),
    S("redirect-gateway", 0, M, F | N),
    S("redirect-private", 0, M, F | N),
    WO("register-dns", 0, 0, F | N),
    S("remap-usr1", 1, 1, F),
    S("remote", 1, 3, C),
    S("remote-cert-eku", 1, 1, F),
    S("remote-cert-ku", 0, M, F),
    S("remote-cert-tls", 1, 1, F),
    S("remote-random", 0, 0, F),
    S("remote-random-hostname", 0, 0, F),
    S("reneg-bytes", 1, 1, F),
    S("reneg-pkts", 1, 1, F),
    S("reneg-sec", 1, 2, F),
    S("replay-persist", 1, 1, F),
    S("replay-window", 0, 2, F),
    S("resolv-retry", 1, 1, F),
    R("rmtun", 0, 0, F, ALONE),
    S("route", 1, 4, F | N),
    W("route-delay", 0, 2, F | P,
      "routes are added as soon as the tunnel is up (2.6's route-delay 0): a delay is not "
      "applied"),
    S("route-gateway", 1, 1, F | P),
    S("route-ipv6", 1, 3, F | N),
    S("route-ipv6-gateway", 1, 1, F | P),
    W("route-method", 1, 1, F | P, WIN),
    S("route-metric", 1, 1, F | N),
    S("route-noexec", 0, 0, F),
    S("route-nopull", 0, 0, F),
    S("route-pre-down", 1, 1, F | X),
    S("route-up", 1, 1, F | X),
    S("rport", 1, 1, C),
    S("script-security", 1, 1, F),
    S("secret", 1, 2, F | I),
    S("server", 2, 3, F),
    S("server-bridge", 0, 4, F),
    S("server-ipv6", 1, 1, F),
    S("server-poll-timeout", 1, 1, C),
    WO("service", 1, 2, F),
    S("session-timeout", 1, 1, F | P | D),
    R("setcon", 1, 1, F, "SELinux contexts are not supported"),
    S("setenv", 1, 2, F),
    S("setenv-safe", 1, 2, F | P),
    S("shaper", 1, 1, F | P),
    WO("show-adapters", 0, 0, F),
    R("show-ciphers", 0, 0, F, ALONE),
    R("show-curves", 0, 0, F, ALONE),
    R("show-digests", 0, 0, F, ALONE),
    R("show-engines", 0, 0, F, ALONE),
    R("show-gateway", 0, 1, F, ALONE),
    R("show-groups", 0, 0, F, ALONE),
    WO("show-net", 0, 0, F),
    WO("show-net-up", 0, 0, F | P),
    R("show-pkcs11-ids", 0, 2, F, ALONE),
    R("show-tls", 0, 0, F, ALONE),
    WO("show-valid-subnets", 0, 0, F),
    R("single-session", 0, 0, F, NOTYET),
    S("sndbuf", 1, 1, F | P),
    S("socket-flags", 0, M, F | P | D),
    S("socks-proxy", 1, 3, C),
    W("socks-proxy-retry", 0, M, C, PROXYRETRY),
    S("stale-routes-check", 1, 2, F),
    S("static-challenge", 2, 2, F),
    S("status", 1, 2, F),
    S("status-version", 1, 1, F),
    S("suppress-timestamps", 0, 0, F),
    S("syslog", 0, 1, F),
    WO("tap-sleep", 1, 1, F | N),
    S("tcp-nodelay", 0, 0, F),
    S("tcp-queue-limit", 1, 1, F),
    R("test-crypto", 0, 0, F, ALONE),
    S("tls-auth", 1, 2, C | I),
    S("tls-cert-profile", 1, 1, F),
    S("tls-cipher", 1, 1, F),
    S("tls-ciphersuites", 1, 1, F),
    S("tls-client", 0, 0, F),
    S("tls-crypt", 1, 2, C | I),
    S("tls-crypt-v2", 1, 2, C | I),
    S("tls-crypt-v2-verify", 1, 1, F),
    S("tls-exit", 0, 0, F),
    S("tls-export-cert", 1, 1, F),
    S("tls-groups", 1, 1, F),
    S("tls-server", 0, 0, F),
    S("tls-timeout", 1, 1, F),
    S("tls-verify", 1, 1, F | X),
    S("tls-version-max", 1, 1, F),
    S("tls-version-min", 1, 2, F),
    S("tmp-dir", 1, 1, F),
    S("topology", 1, 1, F | P),
    S("tran-window", 1, 1, F),
    W("tun-ipv6", 0, 0, F | P, "IPv6 over tun needs no option"),
    S("tun-mtu", 1, 2, C | P),
    S("tun-mtu-extra", 1, 1, C),
    S("tun-mtu-max", 1, 2, C),
    S("txqueuelen", 1, 1, F),
    W("udp-mtu", 1, 1, C, LINKMTU),
    S("up", 1, 1, F | X),
    S("up-delay", 0, 0, F),
    S("up-restart", 0, 0, F),
    S("use-prediction-resistance", 0, 0, F),
    S("user", 1, 1, F),
    S("username-as-common-name", 0, 0, F),
    S("verb", 1, 1, F | P),
    S("verify-client-cert", 0, 1, F),
    S("verify-hash", 1, 2, F | I),
    S("verify-x509-name", 1, 2, F),
    W("version", 0, 0, F, "only meaningful on the command line"),
    R("vlan-accept", 1, 1, F, "VLAN tagging is not supported"),
    R("vlan-pvid", 1, 1, F | D, "VLAN tagging is not supported"),
    R("vlan-tagging", 0, 0, F, "VLAN tagging is not supported"),
    WO("win-sys", 1, 1, F),
    WO("windows-driver", 1, 1, F),
    S("writepid", 1, 1, F),
    S("x509-track", 1, 1, F),
    R("x509-username-field", 1, M, F,
      "not implemented: the username would come from the common name instead"),
};

const size_t lvpn_opttab_len = sizeof(lvpn_opttab) / sizeof(lvpn_opttab[0]);

static int cmp(const void *key, const void *ent)
{
	return strcmp(key, ((const struct lvpn_opttab *)ent)->name);
}

const struct lvpn_opttab *lvpn_opttab_find(const char *name)
{
	return bsearch(name, lvpn_opttab, lvpn_opttab_len, sizeof(lvpn_opttab[0]), cmp);
}
