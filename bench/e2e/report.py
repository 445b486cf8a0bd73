#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Aggregates bench/e2e/run.sh's raw measurements into tables (stdout,
Markdown) and JSON lines (one object per cell).

usage: report.py RAW.tsv OUT.jsonl TIME OMIT

RAW.tsv columns: cell transport streams dir rep status gbps cpu_s tun_bytes
iperf_bytes wall_s retransmits-or-reason [drops: client tun tx,rx dropped,
server tun tx,rx dropped, client/server UDP buffer errors, comma-separated]
[server_cpu_s].  cpu_s is all the VPN processes of the cell together,
server_cpu_s the server's alone (absent in files from before it was
recorded); streams is all the clients' together.

Each cell's medians are compared with two others of the same run, same
transport and direction: OpenVPN -> OpenVPN ("oo" at the same streams, or
"oo4" for the four-client cells) and the ceiling ("nt" at the same
streams; at 4 streams for the four-client cells).  A ratio without its
reference is None in the JSON ("not measured" in the table); a failed cell
has no figures at all, and makes the exit status 1.
"""
import json
import statistics
import sys

NAMES = {
    "ll": "leanvpn -> leanvpn",
    "tl": "leanvpn (data-threads 2) -> leanvpn",
    "lo": "leanvpn -> OpenVPN",
    "to": "leanvpn (data-threads 2) -> OpenVPN",
    "ol": "OpenVPN -> leanvpn",
    "ot": "OpenVPN -> leanvpn (data-threads 2)",
    "oo": "OpenVPN -> OpenVPN",
    "nt": "ceiling (minimal tunnel)",
    "ll4": "4 x leanvpn -> leanvpn",
    "lo4": "4 x leanvpn -> OpenVPN",
    "ol4": "4 x OpenVPN -> leanvpn",
    "ot4": "4 x OpenVPN -> leanvpn (data-threads 2)",
    "oo4": "4 x OpenVPN -> OpenVPN",
}
ORDER = list(NAMES)
DIRS = {"fwd": "client->server", "rev": "server->client (-R)"}
NOT_MEASURED = "not measured"


def kind(cell):
    if cell == "nt":
        return "ceiling"
    return "server4" if cell.endswith("4") else "pair"


def median_or_none(v, nd):
    return round(statistics.median(v), nd) if v else None


def cell_row(key, runs, dur, omit):
    p, tr, st, d = key
    ok = [r for r in runs if r[5] == "ok"]
    row = {
        "pairing": p,
        "pairing_name": NAMES.get(p, p),
        "kind": kind(p),
        "clients": 4 if kind(p) == "server4" else 1,
        "transport": tr,
        "carrier": "udp" if p == "nt" else tr,
        "streams": st,
        "direction": d,
        "direction_name": DIRS[d],
        "cipher": "AES-256-GCM",
        "wrap": "none" if p == "nt" else "tls-crypt",
        "seconds": float(dur),
        "omit": float(omit),
        "runs": len(runs),
        "runs_ok": len(ok),
    }
    if not ok:
        row["status"] = "failed"
        row["reason"] = runs[-1][11]
        return row
    g = [float(r[6]) for r in ok]
    cpu_gb = [float(r[7]) / (int(r[8]) / 1e9) for r in ok if int(r[8]) > 0]
    srv_gb = [float(r[13]) / (int(r[8]) / 1e9) for r in ok if len(r) > 13 and int(r[8]) > 0]
    pct = [100.0 * float(r[7]) / float(r[10]) for r in ok]
    retr = [int(r[11]) for r in ok if r[11].isdigit()]
    row.update({
        "status": "ok" if len(ok) == len(runs) else "partial",
        "median_gbps": round(statistics.median(g), 4),
        "min": round(min(g), 4),
        "max": round(max(g), 4),
        "cpu_seconds_per_gb": median_or_none(cpu_gb, 3),
        "server_cpu_seconds_per_gb": median_or_none(srv_gb, 3),
        "cpu_pct": round(statistics.median(pct), 1),
        "retransmits": int(statistics.median(retr)) if retr else None,
    })
    dn = ("client_tun_tx_dropped", "client_tun_rx_dropped", "server_tun_tx_dropped",
          "server_tun_rx_dropped", "client_udp_buf_errors", "server_udp_buf_errors")
    dr = [[int(x) for x in r[12].split(",")] for r in ok if len(r) > 12 and r[12].count(",") == 5]
    if dr:
        row["drops_median"] = {n: int(statistics.median(v[i] for v in dr)) for i, n in enumerate(dn)}
    if len(ok) != len(runs):
        row["reason"] = [r[11] for r in runs if r[5] != "ok"][-1]
    return row


def ratio(a, b, nd=3):
    return round(a / b, nd) if a is not None and b else None


def add_ratios(rows):
    ok = {(r["pairing"], r["transport"], r["streams"], r["direction"]): r
          for r in rows if r["status"] != "failed"}
    for r in rows:
        for k in ("ratio_to_openvpn", "cpu_ratio_to_openvpn", "server_cpu_ratio_to_openvpn",
                  "ratio_to_ceiling", "ceiling_gbps"):
            r[k] = None
        four = r["kind"] == "server4"
        r["reference"] = "oo4" if four else "oo"
        if r["status"] == "failed":
            continue
        ref = ok.get((r["reference"], r["transport"], r["streams"], r["direction"]))
        if ref:
            r["ratio_to_openvpn"] = ratio(r["median_gbps"], ref["median_gbps"])
            r["cpu_ratio_to_openvpn"] = ratio(r["cpu_seconds_per_gb"], ref["cpu_seconds_per_gb"])
            r["server_cpu_ratio_to_openvpn"] = ratio(r["server_cpu_seconds_per_gb"],
                                                     ref["server_cpu_seconds_per_gb"])
        ceil = ok.get(("nt", r["transport"], 4 if four else r["streams"], r["direction"]))
        if ceil:
            r["ceiling_gbps"] = ceil["median_gbps"]
            r["ratio_to_ceiling"] = ratio(r["median_gbps"], ceil["median_gbps"])


def main():
    raw, out, dur, omit = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
    cells = {}
    order = []
    for line in open(raw):
        f = line.rstrip("\n").split("\t")
        if len(f) < 12:
            continue
        key = (f[0], f[1], int(f[2]), f[3])
        if key not in cells:
            cells[key] = []
            order.append(key)
        cells[key].append(f)
    rows = [cell_row(key, cells[key], dur, omit) for key in order]
    add_ratios(rows)
    with open(out, "w") as f:
        for r in rows:
            f.write(json.dumps(r) + "\n")
    print_tables(rows)
    return 0 if all(r["status"] != "failed" for r in rows) else 1


def fmt(v, nm="-"):
    return "%.2f" % v if v is not None else nm


def sort_key(r):
    return (r["transport"] != "udp", r["streams"], r["direction"],
            ORDER.index(r["pairing"]) if r["pairing"] in ORDER else 99)


def print_table(rows, hdr, head, figures):
    """One Markdown table: head(r) gives a row's first cells, figures(r) its
    figures (a failed row has the reason instead)."""
    print(hdr)
    ncols = hdr.count("|") - 1
    print("|" + "|".join("---" for _ in range(ncols)) + "|")
    for r in sorted(rows, key=sort_key):
        h = head(r)
        runs = "%d/%d" % (r["runs_ok"], r["runs"])
        if r["status"] == "failed":
            f = ["FAILED: " + r["reason"][:160].replace("|", "/")]
            f += [""] * (ncols - len(h) - 2) + [runs]
        else:
            f = ["%.3f" % r["median_gbps"], "%.3f..%.3f" % (r["min"], r["max"])] + figures(r)
            f += ["%.0f" % r["cpu_pct"], runs]
        print("| " + " | ".join(h + f) + " |")


def print_pairs(rows, ceil_nm):
    def head(r):
        proto = r["transport"].upper()
        if r["pairing"] == "nt" and r["transport"] != "udp":
            proto = "UDP (in the %s round)" % proto
        return [r["pairing_name"], proto, str(r["streams"]), r["direction_name"]]

    def figures(r):
        return [fmt(r["ratio_to_openvpn"]), fmt(r["ratio_to_ceiling"], ceil_nm),
                fmt(r["cpu_seconds_per_gb"]), fmt(r["cpu_ratio_to_openvpn"]),
                fmt(r["server_cpu_seconds_per_gb"], NOT_MEASURED)]
    print_table(rows, "| pairing (client -> server) | proto | streams | direction | Gbit/s median "
                "| min..max | x OpenVPN | x ceiling | VPN CPU s/GB | x OpenVPN | server CPU s/GB "
                "| VPN CPU % | runs ok |", head, figures)


def print_four(rows, ceil_nm):
    def head(r):
        return [r["pairing_name"], r["transport"].upper(), r["direction_name"]]

    def figures(r):
        return [fmt(r["ratio_to_openvpn"]), fmt(r["ratio_to_ceiling"], ceil_nm),
                fmt(r["server_cpu_seconds_per_gb"], NOT_MEASURED),
                fmt(r["server_cpu_ratio_to_openvpn"]), fmt(r["cpu_seconds_per_gb"])]
    print_table(rows, "| 4 clients -> server | proto | direction | Gbit/s median (sum) | min..max "
                "| x OpenVPN | x ceiling | server CPU s/GB | x OpenVPN | VPN CPU s/GB (all 5) "
                "| VPN CPU % | runs ok |", head, figures)


def print_tables(rows):
    have_ceiling = any(r["pairing"] == "nt" and r["status"] != "failed" for r in rows)
    # a ratio with no ceiling beside it: "not measured" when the run has no
    # ceiling at all, "-" when it has one but not for that row's key
    ceil_nm = "-" if have_ceiling else NOT_MEASURED
    pairs = [r for r in rows if r["kind"] != "server4"]
    four = [r for r in rows if r["kind"] == "server4"]
    if pairs:
        print_pairs(pairs, ceil_nm)
        print()
    if four:
        print("One server, four clients at once (one iperf3 stream each):")
        print()
        print_four(four, ceil_nm)
        print()
    print("Gbit/s: iperf3 receiver sum (of all clients).  VPN CPU: utime+stime of all the VPN")
    print("processes of the cell during the iperf3 run (client and server; the ceiling's two ends);")
    print("server CPU: the server process alone.  s/GB: per GB crossing the clients' tun devices")
    print("(both ways); %: of one core over the run's wall time.  x OpenVPN: ratio to")
    print("OpenVPN -> OpenVPN (4 x OpenVPN -> OpenVPN for the four-client cells) of the same run")
    print("(throughput: higher is better; CPU/GB: lower).  x ceiling: ratio to the minimal")
    print("AES-256-GCM tunnel (TUN offload, UDP GSO/GRO) of the same run, same streams")
    print("(4 for the four-client cells) and direction.")
    if not have_ceiling:
        print("The ceiling was not measured in this run.")


if __name__ == "__main__":
    sys.exit(main())
