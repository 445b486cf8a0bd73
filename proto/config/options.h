/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - typed options: what the rest of leanvpn consumes.
 *
 * lvpn_options_apply() is the single entry point for one option line,
 * whatever its source: a config file, the command line, a <connection>
 * block, a PUSH_REPLY (LVPN_WHERE_PUSH) or a client-config-dir file
 * (LVPN_WHERE_CCD).  It checks the option against the table in opttab.c
 * (known? argument count? allowed here? supported?) and stores typed
 * values.  lvpn_options_finish() then expands helpers, resolves paths,
 * checks files through the ops and checks the options against each other.
 *
 * Use, for a process's own configuration:
 *     lvpn_options_init(&o, ops, log);
 *     lvpn_config_parse_argv(&o, argc, argv, &err);   (reads --config files)
 *     lvpn_options_finish(&o, &err);
 *     ... consume o.role, o.conns[0..nconns-1], o.ca, o.data_ciphers, ...
 *     lvpn_options_free(&o);
 * A client's engine reads the server's PUSH_REPLY into a struct lvpn_push
 * (proto/config/push.h); lvpn_options_apply_push() applies one to options
 * through the same judgement.  A server reads a client's client-config-dir
 * file into a fresh struct with lvpn_config_read_file(.., LVPN_WHERE_CCD,
 * 1, ..).  Errors come back in a struct lvpn_config_err, printed with
 * lvpn_config_err_format() as "leanvpn: FILE:LINE: option 'NAME': ...".
 *
 * Strings live in an arena owned by the options (freed and wiped by
 * lvpn_options_free).  A copy of the struct shares that arena and its
 * arrays: free exactly one of them.  Pushed options accumulate; to start a
 * connection over with the options as configured, free the struct and read
 * the configuration again (cheap, and what OpenVPN's restart amounts to).
 */
#ifndef LVPN_OPTIONS_H
#define LVPN_OPTIONS_H

#include <stdint.h>

#include "proto/config/config.h"
#include "base/log.h"

/* Where an option line comes from (also the permission bits of opttab). */
enum lvpn_where {
	LVPN_WHERE_CONFIG = 1 << 0,  /* a config file */
	LVPN_WHERE_CMDLINE = 1 << 1, /* the command line */
	LVPN_WHERE_PUSH = 1 << 2,    /* PUSH_REPLY from the server */
	LVPN_WHERE_CCD = 1 << 3,     /* client-config-dir file / client-connect output */
	LVPN_WHERE_CONN = 1 << 4,    /* inside a <connection> block */
};

enum lvpn_role { LVPN_ROLE_NONE, LVPN_ROLE_CLIENT, LVPN_ROLE_SERVER };
enum lvpn_proto { LVPN_PROTO_UDP, LVPN_PROTO_TCP_CLIENT, LVPN_PROTO_TCP_SERVER, LVPN_PROTO_TCP };
enum lvpn_af { LVPN_AF_ANY, LVPN_AF_INET, LVPN_AF_INET6 };
enum lvpn_topology { LVPN_TOPO_NET30, LVPN_TOPO_P2P, LVPN_TOPO_SUBNET };
enum lvpn_opt_comp {
	LVPN_OPT_COMP_NONE,    /* no compression option */
	LVPN_OPT_COMP_STUB,    /* `compress` without algorithm: framing only */
	LVPN_OPT_COMP_STUB_V2, /* `compress stub-v2` */
	LVPN_OPT_COMP_LZO,     /* `comp-lzo` yes/adaptive */
	LVPN_OPT_COMP_LZO_NO,  /* `comp-lzo no`: framing byte, never compress */
	LVPN_OPT_COMP_LZ4,
	LVPN_OPT_COMP_LZ4_V2,
	LVPN_OPT_COMP_MIGRATE, /* `compress migrate` */
};
enum lvpn_allow_comp { LVPN_ALLOWCOMP_NO, LVPN_ALLOWCOMP_ASYM, LVPN_ALLOWCOMP_YES };
enum lvpn_remote_cert { LVPN_RCT_NONE, LVPN_RCT_CLIENT, LVPN_RCT_SERVER };
enum lvpn_verify_cc { LVPN_VCC_REQUIRE, LVPN_VCC_OPTIONAL, LVPN_VCC_NONE };

/* A key or certificate: inline text (PEM, or base64 for pkcs12) or a
 * path (resolved against --cd by lvpn_options_finish). */
struct lvpn_blob {
	char *data; /* NULL: not set */
	int is_inline;
	struct lvpn_config_loc loc;
};

/* http-proxy / socks-proxy of a connection entry, as OpenVPN 2.6 keeps
 * them per <connection>. */
struct lvpn_proxy_conf {
	char *http_server, *http_port; /* NULL: no HTTP proxy */
	struct lvpn_blob http_auth;    /* the authfile on the http-proxy line */
	char *http_method;             /* none, basic, ntlm, ntlm2 (digest: refused) */
	int http_auto;                 /* 1 'auto', 2 'auto-nct' */
	int http_ask;                  /* authfile "stdin": asked on the terminal */
	int http_opts;                 /* some http-proxy-option was given */
	int http_override;             /* set by http-proxy-override: no authfile */
	char *http_version, *http_agent;
	char *hdr_name[10], *hdr_value[10]; /* CUSTOM-HEADER (value NULL: whole line) */
	int nhdr;
	char *socks_server, *socks_port; /* NULL: no SOCKS proxy */
	struct lvpn_blob socks_auth;
	int socks_ask; /* authfile "stdin": asked on the terminal */
};

struct lvpn_conn {
	char *remote;      /* host; NULL on a server */
	char *remote_port; /* NULL: --port */
	char *port;        /* --port / --rport (default "1194") */
	char *local;
	char *lport;
	int proto; /* enum lvpn_proto */
	int af;    /* enum lvpn_af */
	int bind;  /* 1 bind, 0 nobind, -1 default (bind unless client) */
	int float_;
	int connect_retry, connect_retry_max_backoff;
	int connect_timeout; /* also --server-poll-timeout */
	int explicit_exit_notify;
	int tun_mtu, tun_mtu_extra, link_mtu, tun_max_mtu;
	int tun_mtu_extra_set; /* tun-mtu-extra given (else 32 on a tap, 0 on a tun) */
	int mssfix, mssfix_mtu, mssfix_fixed;
	int mssfix_given; /* a value given (mssfix N, max-packet-size): not --fragment's */
	int fragment;     /* --fragment N: UDP datagrams of at most N bytes; 0 off */
	int fragment_mtu; /* --fragment N mtu: N counts the outer IP/UDP headers */
	int tls_mtu;      /* --max-packet-size: control packet size; 0: 1250 */
	struct lvpn_blob tls_auth, tls_crypt, tls_crypt_v2;
	int key_direction;             /* -1 none (bidirectional), 0 or 1 */
	int tls_crypt_v2_force_cookie; /* 1 force-cookie, 0 allow-noncookie */
	int mtu_disc;                  /* LVPN_MTUDISC_*; 0: not given (the kernel's default) */
	struct lvpn_config_loc remote_loc;
	struct lvpn_proxy_conf proxy;
};

/* A list of strings: route lines, push lines, pull filters, ... */
struct lvpn_strlist {
	char **v;
	int n, cap;
};

struct lvpn_seen {
	const char *name; /* the opttab name */
	struct lvpn_config_loc loc;
};

enum lvpn_pull_action { LVPN_PULL_ACCEPT, LVPN_PULL_IGNORE, LVPN_PULL_REJECT };

/* pull-filter accept|ignore|reject TEXT: TEXT is a prefix of the pushed
 * option line. */
struct lvpn_pull_filter {
	int action; /* enum lvpn_pull_action */
	char *text;
};

struct lvpn_remote_entry {
	char *host, *port;
	int proto; /* -1: the connection default */
	int af;
	struct lvpn_config_loc loc;
};

struct lvpn_options {
	/* --- parse context --- */
	const struct lvpn_config_ops *ops;
	struct lvpn_log *log; /* warnings; may be NULL */
	void *arena;          /* strings owned by these options */
	/* Where connection options go: &ce, the <connection> being read, or
	 * (set by the frontend after lvpn_options_finish) the entry in use, so
	 * that pushed tun-mtu or explicit-exit-notify reach it. */
	struct lvpn_conn *cur;
	int forward_compatible; /* setenv FORWARD_COMPATIBLE 1 */
	struct lvpn_strlist ignore_unknown;
	struct lvpn_strlist other; /* accepted options without a typed field */
	int depth;                 /* include depth of the line being applied */
	struct lvpn_seen *seen;    /* where each option was last given */
	int nseen, capseen;

	/* --- role --- */
	int role; /* enum lvpn_role */
	int pull, client, mode_server, tls_client, tls_server;
	struct lvpn_config_loc role_loc, mode_loc;

	/* --- connections --- */
	struct lvpn_conn ce; /* global defaults */
	struct lvpn_remote_entry *remotes;
	int nremotes;
	struct lvpn_conn *conns; /* <connection> blocks; after finish: the list to try */
	int nconns, conns_from_blocks;
	int remote_random, remote_random_hostname;
	int resolv_retry;      /* seconds, -1 infinite */
	int connect_retry_max; /* 0 unlimited */
	int proto_force;       /* -1 none */
	int sndbuf, rcvbuf, tcp_nodelay, mark;
	char *bind_dev;

	/* --- device --- */
	char *dev, *dev_type, *dev_node;
	int have_lladdr; /* --lladdr: the tap device's MAC address */
	uint8_t lladdr[6];
	int topology;
	char *ifconfig_local, *ifconfig_remote;
	char *ifconfig_ipv6_local, *ifconfig_ipv6_remote;
	int ifconfig_noexec, ifconfig_nowarn;
	int txqueuelen;
	int data_threads;     /* leanvpn's data-threads: 2 (client, UDP) or 1; 0: unset */
	int shaper;           /* bytes per second sent to the peer at most; 0: off */
	int passtos;          /* the inner IPv4 TOS onto the link socket */
	char *replay_persist; /* static key: the replay state's file */
	int persist_key, persist_tun;
	int persist_remote_ip; /* keep the remote's address over SIGUSR1 */
	int persist_local_ip;  /* keep the local address bound over SIGUSR1 */

	/* --- routes and DNS --- */
	struct lvpn_strlist routes, routes_ipv6, dhcp_options, dns;
	struct lvpn_strlist client_nat; /* "snat|dnat NETWORK NETMASK ALIAS" */
#define LVPN_DNS_UPDOWN_AUTO    0       /* systemd-resolved if it runs and no --up */
#define LVPN_DNS_UPDOWN_DISABLE 1       /* never: scripts only */
#define LVPN_DNS_UPDOWN_FORCE   2       /* also with an --up script */
	char *route_gateway, *route_ipv6_gateway;
	int route_metric, route_delay, route_delay_window, route_delay_set;
	int route_nopull, route_noexec;
	unsigned redirect_gateway; /* LVPN_RG_* */
	int redirect_gateway_set;
	int block_ipv6;
	int dns_updown;                        /* LVPN_DNS_UPDOWN_* (--dns-updown) */
	struct lvpn_pull_filter *pull_filters; /* in the order given */
	int npull_filters;

	/* --- TLS --- */
	struct lvpn_blob ca, capath, cert, key, extra_certs, pkcs12, dh, crl_verify;
	int dh_none, crl_is_dir;
	struct lvpn_blob peer_fingerprint;
	struct lvpn_blob verify_hash; /* --verify-hash: level-1 certificate hashes */
	int verify_hash_sha256;       /* 0: SHA1 (the default), 1: SHA256 */
	char *auth, *cipher, *data_ciphers, *data_ciphers_fallback;
	char *tls_cipher, *tls_ciphersuites, *tls_groups, *tls_cert_profile, *ecdh_curve;
	int tls_version_min, tls_version_min_or_highest, tls_version_max; /* 0x0303 etc, 0 unset */
	int use_prediction_resistance; /* every random draw reseeds from the system */
	int remote_cert_tls;
	int ns_cert_type; /* --ns-cert-type: 0, 1 client, 2 server */
	char *verify_x509_name, *verify_x509_type;
	int verify_client_cert;
	char *remote_cert_eku, *remote_cert_ku;
	struct lvpn_strlist x509_track;  /* x509-track names, "+name" too */
	int reneg_sec, reneg_sec_min;    /* --reneg-sec max [min] */
	int64_t reneg_bytes, reneg_pkts; /* -1 off */
	int hand_window, tran_window, tls_timeout;
	int replay_window, replay_time, no_replay, mute_replay_warnings;
	int tls_exit, single_session, push_peer_info;
	char *tls_crypt_v2_verify;
	char *x509_username_field;

	/* --- timers --- */
	int ping, ping_restart, ping_exit, ping_timer_rem;
	int inactive;
	int64_t inactive_bytes;
	int session_timeout;
	int keepalive_ping, keepalive_timeout; /* 0: no keepalive */
	struct lvpn_config_loc ping_restart_loc, ping_exit_loc, keepalive_loc;

	/* --- compression --- */
	int comp; /* enum lvpn_opt_comp */
	int comp_set;
	int allow_compression; /* enum lvpn_allow_comp; -1 unset */

	/* --- proxies (optset_proxy.c) --- */
	struct lvpn_blob http_proxy_user_pass; /* http-proxy-user-pass (file or inline) */
	char *http_proxy_override[3];          /* server, port, flags (nct) */

	/* --- user auth --- */
	struct lvpn_blob auth_user_pass; /* data NULL + auth_user_pass_set: prompt */
	int auth_user_pass_set;
	int auth_nocache;
	char *static_challenge;
	int static_challenge_echo;
	char *auth_token, *auth_token_user;
	int auth_retry; /* 0 none, 1 nointeract, 2 interact */
	struct lvpn_blob askpass;
	int askpass_set;

	/* --- scripts --- */
	int script_security;
	char *up, *down, *route_up, *route_pre_down, *ipchange, *learn_address;
	char *client_connect, *client_disconnect, *client_crresponse, *auth_user_pass_verify;
	char *auth_user_pass_verify_method;
	char *tls_verify;
	int up_restart, up_delay, down_pre;
	struct lvpn_strlist setenv; /* "NAME VALUE" */
	struct lvpn_strlist setenv_safe;

	/* --- server --- */
	char *server_net, *server_mask, *server_flags;
	char *server_ipv6;
	/* server-bridge GW MASK POOL-START POOL-END (all four, or none);
	 * server_bridge_dhcp: given without them (proxy DHCP), with nogw */
	char *server_bridge[4];
	int server_bridge_dhcp, server_bridge_nogw;
	char *ifconfig_pool_start, *ifconfig_pool_end, *ifconfig_pool_mask;
	char *ifconfig_pool_persist;
	int ifconfig_pool_persist_secs;
	char *ifconfig_ipv6_pool;
	struct lvpn_strlist push;
	int push_reset;
	struct lvpn_strlist push_remove;
	int max_clients, duplicate_cn, client_to_client;
	char *client_config_dir;
	int ccd_exclusive;
	struct lvpn_strlist iroutes, iroutes_ipv6;
	char *ifconfig_push_local, *ifconfig_push_remote, *ifconfig_ipv6_push;
	int disable;
	int username_as_common_name, auth_user_pass_optional;
	int auth_gen_token, auth_gen_token_lifetime;
	struct lvpn_blob auth_gen_token_secret;
	struct lvpn_blob secret; /* --secret: static-key mode */
	int secret_dir;          /* its key direction: -1 none, 0 or 1 */
	int tcp_queue_limit, hash_size_real, hash_size_virtual;
	int connect_freq_n, connect_freq_sec;
	int connect_freq_initial_n, connect_freq_initial_sec; /* 0: 2.6's 100 10 */
	int stale_routes_check, stale_routes_interval;        /* seconds: age, check interval */
	int push_constraint; /* ifconfig-push-constraint NET MASK (host order) */
	uint32_t push_constraint_net, push_constraint_mask;
	char *ekm_label;           /* keying-material-exporter LABEL LEN */
	char *tls_export_cert;     /* tls-export-cert DIR */
	int force_tls_ekm;         /* force-tls-key-material-export */
	int max_routes_per_client; /* 0: 2.6's 256 */
	int ekm_len;
	int peer_id;
	unsigned protocol_flags; /* LVPN_PF_*: pushed protocol-flags / key-derivation */
	int push_continuation;   /* pushed push-continuation: 2 more to come, 1 last */
	/* port-share HOST PORT [DIR]; NULL: none */
	char *port_share_host, *port_share_port, *port_share_dir;

	/* --- management, status, process --- */
	char *management_addr, *management_port, *management_pw;
	int management_hold, management_query_passwords, management_client_auth;
	int management_signal, management_forget_disconnect, management_up_down;
	int management_query_remote, management_query_proxy;
	int remap_usr1; /* --remap-usr1: LVPN_REMAP_SIGHUP or _SIGTERM, 0: none */
	char *management_client_user, *management_client_group;
	char *status_file;
	int status_interval, status_version;
	int daemon;
	char *daemon_name, *writepid, *log_file, *syslog_name;
	int log_append, syslog;
	char *cd, *user, *group, *chroot;
	int verb, mute, suppress_timestamps, machine_readable_output;
	char *tmp_dir;
	int mlock, nice;
	int multihome;    /* UDP server: answer from the address a client sent to */
	int check_config; /* leanvpn's --check-config */
};

/* --remap-usr1 */
enum { LVPN_REMAP_SIGHUP = 1, LVPN_REMAP_SIGTERM = 2 };
/* --mtu-disc no|maybe|yes */
enum { LVPN_MTUDISC_NO = 1, LVPN_MTUDISC_MAYBE = 2, LVPN_MTUDISC_YES = 3 };

/* protocol-flags (and key-derivation tls-ekm) */
enum {
	LVPN_PF_CC_EXIT = 1 << 0,       /* exit notification on the control channel */
	LVPN_PF_TLS_EKM = 1 << 1,       /* data keys from the TLS keying-material exporter */
	LVPN_PF_DYN_TLS_CRYPT = 1 << 2, /* tls-crypt keys renewed from TLS (2.6) */
};

/* redirect-gateway flags */
enum {
	LVPN_RG_ENABLE = 1 << 0,
	LVPN_RG_LOCAL = 1 << 1,
	LVPN_RG_AUTOLOCAL = 1 << 2,
	LVPN_RG_DEF1 = 1 << 3,
	LVPN_RG_BYPASS_DHCP = 1 << 4,
	LVPN_RG_BYPASS_DNS = 1 << 5,
	LVPN_RG_BLOCK_LOCAL = 1 << 6,
	LVPN_RG_IPV6 = 1 << 7,
	LVPN_RG_NO_IPV4 = 1 << 8,
};

/* Sets the defaults of OpenVPN 2.6 (openvpn-protocol.md b.16).  ops reads
 * files (may be NULL: then no file can be read), log gets warnings (may be
 * NULL).  Errors: LVPN_ERR_NOMEM. */
LVPN_MUST_CHECK int lvpn_options_init(struct lvpn_options *o, const struct lvpn_config_ops *ops,
                                      struct lvpn_log *log);

/* Frees everything o owns; inline keys and passwords are wiped first. */
void lvpn_options_free(struct lvpn_options *o);

/* Applies one option line argv[0..argc-1] (argv[0] is the name without
 * "--"; for an inline block argc is 2 and argv[1] the block's text, with
 * is_inline set) coming from where (enum lvpn_where) at loc.
 * Returns 0 also when the option was ignored with a warning.
 * Errors: LVPN_ERR_CONFIG (err filled), LVPN_ERR_NOMEM. */
LVPN_MUST_CHECK int lvpn_options_apply(struct lvpn_options *o, int argc, char **argv, int is_inline,
                                       int where, const struct lvpn_config_loc *loc,
                                       struct lvpn_config_err *err);

/* After all lines: expands client/keepalive, builds the connection list,
 * resolves relative paths against --cd, checks that files are readable
 * and that options agree with each other.
 * Errors: LVPN_ERR_CONFIG (err filled), LVPN_ERR_NOMEM. */
LVPN_MUST_CHECK int lvpn_options_finish(struct lvpn_options *o, struct lvpn_config_err *err);

/* What the pull-filters say about one pushed option line (leading
 * whitespace ignored; the first filter whose text is a prefix wins):
 * enum lvpn_pull_action, LVPN_PULL_ACCEPT when none matches. */
int lvpn_options_pull_filter(const struct lvpn_options *o, const char *line);

/* The same for a list of nf filters (the session engine's copy). */
int lvpn_pull_filter_match(const struct lvpn_pull_filter *f, int nf, const char *line);

/* What a client does with one option line a server pushed, decided once
 * before anything uses it (proto/config/push.c, as lvpn_push_add): the
 * pull-filters first (as above), then the option tokenizer (a line that
 * does not tokenize is ignored), then whether a server may push this
 * option at all (the option table's push permission, OpenVPN's pull mask:
 * not "up", "script-security", "config", nor an unknown name), then
 * route-nopull (the table's LVPN_OPT_NOPULL options).  Logs, through lg, why an option is not
 * taken.  Returns LVPN_PULL_ACCEPT, LVPN_PULL_IGNORE (drop the option) or
 * LVPN_PULL_REJECT (a "pull-filter reject" matched: refuse the whole reply
 * and reconnect, as OpenVPN 2.6). */
int lvpn_push_verdict(const struct lvpn_pull_filter *f, int nf, int route_nopull, const char *line,
                      struct lvpn_log *lg);

#define LVPN_TUN_MTU_MIN 100   /* OpenVPN's TUN_MTU_MIN */
#define LVPN_TUN_MTU_MAX 65536 /* what --tun-mtu accepts */

/* A pushed "tun-mtu N": arg is N (struct lvpn_push's tun_mtu); *mtu holds
 * the configured value and receives the pushed one.  N must be a number
 * from LVPN_TUN_MTU_MIN to LVPN_TUN_MTU_MAX (else *mtu is left alone and a
 * warning logged); above both *mtu and max_mtu (--tun-mtu-max) it is
 * lowered to the larger of them, with OpenVPN 2.6's warning.
 * Returns 0 or LVPN_ERR_CONFIG (not taken). */
int lvpn_push_tun_mtu(const char *arg, int max_mtu, int *mtu, struct lvpn_log *lg);

/* Applies the options of a PUSH_REPLY (the text after "PUSH_REPLY,", len
 * bytes): comma-separated option lines, each judged and split by
 * lvpn_push_add (proto/config/push.h: pull-filters, tokenizer, push permission,
 * route-nopull), then applied with LVPN_WHERE_PUSH.  As in OpenVPN, a pushed option that
 * is unknown, not allowed here or malformed is logged and skipped.
 * Errors: LVPN_ERR_CONFIG (err filled) when a "pull-filter reject"
 * matched (the client must reconnect), LVPN_ERR_NOMEM. */
LVPN_MUST_CHECK int lvpn_options_apply_push(struct lvpn_options *o, const char *text, size_t len,
                                            struct lvpn_config_err *err);

/* Writes the effective options, one `name arg ...` per line in a stable
 * order, through put(ctx, line).  Inline blobs print as [inline], secrets
 * as [redacted]. */
void lvpn_options_print(const struct lvpn_options *o, void (*put)(void *ctx, const char *line),
                        void *ctx);

/* An echo option (argv[0] "echo"): one whose text starts with "msg" is
 * logged as 2.6 logs it, "ECHO:text" (pushed: "ECHO-PULL:text"), the
 * arguments joined with single spaces; the others are not logged. */
void lvpn_opt_echo(struct lvpn_log *lg, int argc, char *const *argv, int pushed);

/* --- helpers shared by the options modules (not for other areas) --- */
/* A copy of s in o's arena (freed with o); NULL when out of memory. */
char *lvpn_opt_strdup(struct lvpn_options *o, const char *s);
/* Appends a copy of s (NULL counts as out of memory) to l.
 * Errors: LVPN_ERR_NOMEM. */
LVPN_MUST_CHECK int lvpn_strlist_add(struct lvpn_options *o, struct lvpn_strlist *l, const char *s);
/* path resolved against --cd (when relative and --cd was given), in the
 * arena; NULL on allocation failure. */
char *lvpn_opt_path(struct lvpn_options *o, const char *path);
/* Reads a MAC address written as six hex pairs joined by ':' (OpenVPN's
 * mac_addr_safe, for --lladdr) into mac; mac is unchanged on error.
 * Errors: LVPN_ERR_CONFIG (not of that form). */
LVPN_MUST_CHECK int lvpn_mac_parse(const char *s, uint8_t mac[6]);
/* 1 if the device is layer 2 (tap): --dev-type tap, else a --dev name
 * starting with "tap", as OpenVPN decides it; 0 for tun (or no --dev). */
int lvpn_options_tap(const struct lvpn_options *o);

/* 1 when the device is OpenVPN's null device (`dev null`, or dev-type
 * null): no device at all, what the tunnel carries is dropped. */
int lvpn_options_null(const struct lvpn_options *o);
/* Where option name was last given, or NULL. */
const struct lvpn_config_loc *lvpn_opt_seen(const struct lvpn_options *o, const char *name);
/* Joins argv[first..argc-1] with single spaces, quoting as needed, into
 * the arena; NULL when out of memory. */
char *lvpn_opt_join(struct lvpn_options *o, int argc, char **argv, int first);

#endif
