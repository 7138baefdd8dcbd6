#!/usr/bin/env python3
"""Summarizes bench/compare.sh runs: medians per (workload, server), Magneto/dynalite ratios,
server CPU per operation, the project's performance targets; writes JSON and Markdown.

Usage: summarize.py RUNS.jsonl OUT.json OUT.md   (settings and versions come from the
environment set by compare.sh)."""

import json
import os
import statistics
import sys

SERVERS = ("magneto", "dynalite", "nginx")


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def summarize_group(runs):
    ops = sum(r["ops"] for r in runs)
    per_op = []
    for r in runs:
        # CPU per response; left out when errors are more than 1% of the answers, since an
        # error costs the server a different amount of work than the operation.
        n = r.get("responses_all") or r["ops"]
        clean = r["ops"] > 0 and r["errors_total"] <= 0.01 * n
        per_op.append(r["server_cpu_s"] / n * 1e6 if clean and r["server_cpu_s"] > 0 else None)
    client_busy = [
        r["client_cpu_s"] / (r["elapsed_s"] + r.get("warmup_s", 0)) for r in runs if r["elapsed_s"] > 0
    ]
    other = [r["other_cpu_s"] / (r["elapsed_s"] + r.get("warmup_s", 0))
             for r in runs if "other_cpu_s" in r and r["elapsed_s"] > 0]
    cpu_us = median(per_op)
    return {
        "rounds": len(runs),
        "ops_per_s": median([r["ops_per_s"] for r in runs]),
        "items_per_s": median([r.get("items_per_s") for r in runs]),
        "p50_us": median([r["p50_us"] for r in runs]) if ops else None,
        "p90_us": median([r["p90_us"] for r in runs]) if ops else None,
        "p99_us": median([r["p99_us"] for r in runs]) if ops else None,
        "p999_us": median([r["p999_us"] for r in runs]) if ops else None,
        "max_us": max(r["max_us"] for r in runs) if ops else None,
        "server_cpu_us_per_op": cpu_us,
        "ops_per_server_cpu_s": 1e6 / cpu_us if cpu_us else None,
        "client_cpu_busy": median(client_busy),
        # CPU (in cores) used by processes other than this server and the load generator.
        "other_cpu_cores": median(other),
        "errors": sum(r["errors_total"] for r in runs),
        "error_types": {t: sum(r["error_types"].get(t, 0) for r in runs)
                        for t in sorted({t for r in runs for t in r["error_types"]})},
        "aborted": any(r["aborted"] for r in runs),
    }


def fmt(value, digits=0, scale=1.0):
    if value is None:
        return "n/a"
    return f"{value / scale:,.{digits}f}"


def main():
    runs_path, json_path, md_path = sys.argv[1:4]
    runs = [json.loads(line) for line in open(runs_path) if line.strip()]
    specs = []
    for r in runs:
        if r["spec"] not in specs:
            specs.append(r["spec"])
    summary = []
    for spec in specs:
        entry = {"spec": spec, "workload": spec.split("@")[0], "servers": {}}
        for server in SERVERS:
            group = [r for r in runs if r["spec"] == spec and r["server"] == server]
            if group:
                entry["connections"] = group[0]["connections"]
                entry["servers"][server] = summarize_group(group)
        m, d = entry["servers"].get("magneto"), entry["servers"].get("dynalite")
        key = "items_per_s" if spec.startswith("load") else "ops_per_s"
        if m and d and d[key] and m[key] is not None and not m["aborted"]:
            entry["ratio_magneto_dynalite"] = m[key] / d[key]
        summary.append(entry)

    by_spec = {e["spec"]: e for e in summary}

    def ratio(spec):
        return by_spec.get(spec, {}).get("ratio_magneto_dynalite")

    def server(spec, name):
        return by_spec.get(spec, {}).get("servers", {}).get(name)

    targets = []

    def target(name, value, goal, ok, unit=""):
        targets.append({"target": name, "measured": value, "goal": goal,
                        "met": None if value is None else ok(value), "unit": unit})

    for spec, goal in (("getitem", 8), ("ycsb-c", 8), ("query", 8), ("putitem@64", 5),
                       ("updateitem@64", 5)):
        target(f"{spec} throughput vs dynalite", ratio(spec), f">= {goal}x", lambda v, g=goal: v >= g, "x")
    for spec in ("getitem", "ycsb-c"):
        m, n = server(spec, "magneto"), server("getitem", "nginx")
        value = (m["ops_per_server_cpu_s"] / n["ops_per_server_cpu_s"]
                 if m and n and m["ops_per_server_cpu_s"] and n["ops_per_server_cpu_s"] else None)
        target(f"{spec} requests per server CPU-second vs nginx", value, ">= 0.5x",
               lambda v: v >= 0.5, "x")
    for spec in ("getitem", "putitem", "updateitem"):
        m = server(spec, "magneto")
        value = m["p99_us"] / 1000 if m and m["p99_us"] is not None else None
        conns = by_spec.get(spec, {}).get("connections", os.environ.get("CONNECTIONS", "?"))
        target(f"{spec} p99 at {conns} connections",
               value, "< 2 ms", lambda v: v < 2.0, " ms")

    env = os.environ
    report = {
        "timestamp": env.get("STAMP"),
        "mode": env.get("MODE"),
        "settings": {k.lower(): env.get(k) for k in (
            "DURATION", "WARMUP", "ROUNDS", "KEYS", "ITEM_SIZE", "DISTRIBUTION", "CONNECTIONS",
            "CLIENT_THREADS", "SERVER_CPU", "CLIENT_CPU")},
        "machine": {"cpu": env.get("CPU_MODEL"), "cores": env.get("NPROC"), "kernel": env.get("KERNEL")},
        "versions": {"magneto_commit": env.get("MAGNETO_COMMIT"),
                     "magneto_binary": env.get("MAGNETO_BINARY"),
                     "dynalite": env.get("DYNALITE_VERSION"),
                     "node": env.get("NODE_VERSION"), "nginx": env.get("NGINX_VERSION")},
        "summary": summary,
        "targets": targets,
        "runs": runs,
    }
    with open(json_path, "w") as f:
        json.dump(report, f, indent=1)

    lines = [
        f"Run {env.get('STAMP')} ({env.get('MODE')} mode): {env.get('DURATION')} s per run after "
        f"{env.get('WARMUP')} s warm-up, {env.get('ROUNDS')} round(s), {env.get('KEYS')} keys of "
        f"{env.get('ITEM_SIZE')} B, {env.get('DISTRIBUTION')} keys, {env.get('CLIENT_THREADS')} client "
        f"thread(s). Machine: {env.get('CPU_MODEL')}, {env.get('NPROC')} cores; servers pinned to CPU "
        f"{env.get('SERVER_CPU')}, load generator to CPU {env.get('CLIENT_CPU')}. Magneto "
        f"(tree at {env.get('MAGNETO_COMMIT')}; binary {env.get('MAGNETO_BINARY')}; durable writes), "
        f"dynalite {env.get('DYNALITE_VERSION')} "
        f"(in memory, node {env.get('NODE_VERSION')}), nginx {env.get('NGINX_VERSION')}.",
        "",
        "| workload | conns | Magneto ops/s | dynalite ops/s | Magneto / dynalite | Magneto p50 / p99 ms "
        "| dynalite p50 / p99 ms | server CPU µs/op M / d | errors M / d | client CPU busy M / d "
        "| other CPU load M / d |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for e in summary:
        m = e["servers"].get("magneto") or {}
        d = e["servers"].get("dynalite") or {}
        key = "items_per_s" if e["workload"] == "load" else "ops_per_s"
        name = "load (items/s)" if e["workload"] == "load" else e["workload"]

        def lat(s):
            if not s or s.get("p50_us") is None:
                return "n/a"
            return f"{s['p50_us'] / 1000:.2f} / {s['p99_us'] / 1000:.2f}"

        def errs(s):
            if not s:
                return "n/a"
            text = str(s["errors"])
            if s["aborted"]:
                text += " (unsupported)"
            return text

        def busy(s):
            return f"{s['client_cpu_busy'] * 100:.0f}%" if s and s.get("client_cpu_busy") is not None else "n/a"

        def other(s):
            v = s.get("other_cpu_cores") if s else None
            return "n/a" if v is None else f"{v:.2f}"

        r = e.get("ratio_magneto_dynalite")
        lines.append(
            f"| {name} | {e.get('connections', '')} | {fmt(m.get(key))} | {fmt(d.get(key))} | "
            f"{'n/a' if r is None else f'{r:.2f}x'} | {lat(m)} | {lat(d)} | "
            f"{fmt(m.get('server_cpu_us_per_op'), 1)} / {fmt(d.get('server_cpu_us_per_op'), 1)} | "
            f"{errs(m)} / {errs(d)} | {busy(m)} / {busy(d)} | {other(m)} / {other(d)} |")
    n = server("getitem", "nginx")
    if n:
        lines += ["", f"Ceiling: nginx answering a fixed GetItem-sized body: {fmt(n['ops_per_s'])} "
                  f"requests/s, p50 / p99 {n['p50_us'] / 1000:.2f} / {n['p99_us'] / 1000:.2f} ms, "
                  f"{fmt(n['server_cpu_us_per_op'], 1)} µs server CPU per request "
                  f"({fmt(n['ops_per_server_cpu_s'])} requests per CPU-second; client CPU busy "
                  f"{n['client_cpu_busy'] * 100:.0f}%)."]
        m = server("getitem", "magneto")
        if m and m.get("ops_per_server_cpu_s"):
            lines.append(f"Magneto GetItem: {fmt(m['ops_per_server_cpu_s'])} requests per server CPU-second.")
    lines += ["", "| target | measured | goal | met |", "|---|---:|---|---|"]
    for t in targets:
        value = "n/a" if t["measured"] is None else f"{t['measured']:.2f}{t['unit']}"
        met = "not measured" if t["met"] is None else ("yes" if t["met"] else "**no**")
        lines.append(f"| {t['target']} | {value} | {t['goal']} | {met} |")
    text = "\n".join(lines) + "\n"
    with open(md_path, "w") as f:
        f.write(text)
    print(text)


if __name__ == "__main__":
    main()
