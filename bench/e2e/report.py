#!/usr/bin/env python3
"""Aggregates bench/e2e/run.sh's raw measurements into a table (stdout) and
JSON lines (one object per cell).

usage: report.py RAW.tsv OUT.jsonl TIME OMIT

RAW.tsv columns: pairing transport streams dir rep status gbps cpu_s tun_bytes
iperf_bytes wall_s retransmits-or-reason [drops: client tun tx,rx dropped,
server tun tx,rx dropped, client/server UDP buffer errors, comma-separated].
"""
import json
import statistics
import sys

NAMES = {
    "ll": "leanvpn -> leanvpn",
    "lo": "leanvpn -> OpenVPN",
    "ol": "OpenVPN -> leanvpn",
    "oo": "OpenVPN -> OpenVPN",
}
DIRS = {"fwd": "client->server", "rev": "server->client (-R)"}


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
    rows = []
    for key in order:
        p, tr, st, d = key
        runs = cells[key]
        ok = [r for r in runs if r[5] == "ok"]
        row = {
            "pairing": p,
            "pairing_name": NAMES.get(p, p),
            "transport": tr,
            "streams": st,
            "direction": d,
            "direction_name": DIRS[d],
            "cipher": "AES-256-GCM",
            "wrap": "tls-crypt",
            "seconds": float(dur),
            "omit": float(omit),
            "runs": len(runs),
            "runs_ok": len(ok),
        }
        if not ok:
            row["status"] = "failed"
            row["reason"] = runs[-1][11]
            rows.append(row)
            continue
        g = [float(r[6]) for r in ok]
        cpu_gb = [float(r[7]) / (int(r[8]) / 1e9) for r in ok if int(r[8]) > 0]
        pct = [100.0 * float(r[7]) / float(r[10]) for r in ok]
        retr = [int(r[11]) for r in ok if r[11].isdigit()]
        row.update({
            "status": "ok" if len(ok) == len(runs) else "partial",
            "median_gbps": round(statistics.median(g), 4),
            "min": round(min(g), 4),
            "max": round(max(g), 4),
            "cpu_seconds_per_gb": round(statistics.median(cpu_gb), 3) if cpu_gb else None,
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
        rows.append(row)
    ref = {(r["transport"], r["streams"], r["direction"]): r
           for r in rows if r["pairing"] == "oo" and r["status"] != "failed"}
    for r in rows:
        b = ref.get((r["transport"], r["streams"], r["direction"]))
        if r["status"] == "failed" or b is None:
            r["ratio_to_openvpn"] = None
            r["cpu_ratio_to_openvpn"] = None
            continue
        r["ratio_to_openvpn"] = round(r["median_gbps"] / b["median_gbps"], 3) if b["median_gbps"] else None
        if r["cpu_seconds_per_gb"] and b["cpu_seconds_per_gb"]:
            r["cpu_ratio_to_openvpn"] = round(r["cpu_seconds_per_gb"] / b["cpu_seconds_per_gb"], 3)
        else:
            r["cpu_ratio_to_openvpn"] = None
    with open(out, "w") as f:
        for r in rows:
            f.write(json.dumps(r) + "\n")
    print_table(rows)
    return 0 if all(r["status"] != "failed" for r in rows) else 1


def print_table(rows):
    hdr = ("| pairing (client -> server) | proto | streams | direction | Gbit/s median | min..max "
           "| x OpenVPN | VPN CPU s/GB | x OpenVPN | VPN CPU % | runs ok |")
    print(hdr)
    print("|" + "|".join("---" for _ in range(hdr.count("|") - 1)) + "|")
    rows = sorted(rows, key=lambda r: (r["transport"] != "udp", r["streams"], r["direction"],
                                       ["ll", "lo", "ol", "oo"].index(r["pairing"])
                                       if r["pairing"] in NAMES else 9))
    for r in rows:
        head = "| %s | %s | %d | %s |" % (r["pairing_name"], r["transport"].upper(), r["streams"],
                                         r["direction_name"])
        if r["status"] == "failed":
            print(head + " FAILED: %s | | | | | | %d/%d |" % (r["reason"][:160].replace("|", "/"),
                                                        r["runs_ok"], r["runs"]))
            continue
        def x(v):
            return "%.2f" % v if v is not None else "-"
        print(head + " %.3f | %.3f..%.3f | %s | %s | %s | %.0f | %d/%d |" % (
            r["median_gbps"], r["min"], r["max"], x(r["ratio_to_openvpn"]),
            x(r["cpu_seconds_per_gb"]), x(r["cpu_ratio_to_openvpn"]), r["cpu_pct"],
            r["runs_ok"], r["runs"]))
    print()
    print("Gbit/s: iperf3 receiver sum.  VPN CPU: utime+stime of the client and server VPN")
    print("processes together during the iperf3 run; s/GB per GB crossing the client tun (both")
    print("ways); % of one core over the run's wall time.  x OpenVPN: ratio to the")
    print("OpenVPN -> OpenVPN cell of the same run (throughput: higher is better; CPU/GB: lower).")


if __name__ == "__main__":
    sys.exit(main())
