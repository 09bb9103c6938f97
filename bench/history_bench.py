#!/usr/bin/env python3
"""Resource history benchmark.

Generates a synthetic fabric (../shared/bench/gen_fabric.py, 10,000 resources by default) and
adds --commits - 1 more commits to its remote (git fast-import: each changes the VLAN of one
VPC, every tenth three VPCs), so its history holds --commits commits touching the
fabric's directory. Then measures:
  - the first ingestion (`hnp sync`), which records the history of up to 500 commits in the same
    transaction (its `history` phase and `parse + database` as the ingest benchmark counts it);
  - `hnp fabric backfill-history --max-commits <commits>` over the whole history (every commit
    diffed, the root commit's 10,000 documents parsed once; events already recorded skipped);
  - `hnp bench history`: a resource's history page and field blame over 50 resources.
Prints a table and one JSON object; exits 1 when a target is missed.
Usage: history_bench.py [--hnp target/release/hnp] [--shared ../shared] [--resources 10000] [--commits 1000]
"""
import argparse, os, re, shutil, subprocess, sys, tempfile, time

from ingest_bench import fresh_fabric, generate, last_json, report_and_exit, run_measured

def git(remote, *args, **kw):
    return subprocess.run(["git", "-C", remote, *args], check=True, capture_output=True, **kw)

def add_commits(remote, directory, count):
    """Appends `count` commits to `main` of the bare `remote` with git fast-import."""
    names = git(remote, "ls-tree", "-r", "--name-only", "main", f"{directory}/managed/",
                text=True).stdout.splitlines()
    vpcs = [n for n in names if "/vpcs/" in n]
    content = {}
    def current(path):
        if path not in content:
            content[path] = git(remote, "show", f"main:{path}").stdout
        return content[path]
    out = []
    stamp = 1_700_000_000
    for i in range(count):
        paths = [vpcs[i % len(vpcs)]]
        if i % 10 == 0:
            paths += [vpcs[(i * 7 + 3) % len(vpcs)], vpcs[(i * 13 + 5) % len(vpcs)]]
        author = ["Alice <alice@example.com>", "Bob <bob@example.com>", "Carol <carol@example.com>"][i % 3]
        message = f"change {i}\n".encode()
        out.append(b"commit refs/heads/main\n")
        out.append(f"author {author} {stamp + i * 60} +0000\n".encode())
        out.append(f"committer {author} {stamp + i * 60} +0000\n".encode())
        out.append(b"data %d\n" % len(message) + message)
        if i == 0:
            out.append(b"from refs/heads/main^0\n")
        for path in dict.fromkeys(paths):
            text = current(path)
            text = re.sub(rb"vlan: \d+", b"vlan: %d" % (3000 + i % 1000), text, count=1)
            content[path] = text
            out.append(f"M 100644 inline {path}\n".encode())
            out.append(b"data %d\n" % len(text) + text + b"\n")
        out.append(b"\n")
    subprocess.run(["git", "-C", remote, "fast-import", "--quiet"], input=b"".join(out), check=True)

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--hnp", default=os.path.join(os.environ.get("CARGO_TARGET_DIR", "target"), "release", "hnp"))
    ap.add_argument("--shared", default=os.path.join(os.path.dirname(__file__), "..", "..", "shared"))
    ap.add_argument("--resources", type=int, default=10000)
    ap.add_argument("--commits", type=int, default=1000)
    a = ap.parse_args()
    hnp = os.path.abspath(a.hnp)
    tmp = tempfile.mkdtemp(prefix="hnp-history-bench-")
    try:
        fab = generate(a.shared, os.path.join(tmp, "fab"), a.resources)
        add_commits(fab["remote"], fab["dir"], a.commits - 1)
        env = fresh_fabric(hnp, "file://" + fab["remote"], fab["dir"], os.path.join(tmp, "data"))
        results = {"resources": fab["resources"], "commits": a.commits}

        elapsed, out = run_measured([hnp, "sync", "--fabric", "bench", "--direction", "git-to-gui", "--json"], env=env)
        report = last_json(out)
        assert report["status"] in ("succeeded", "partially_succeeded"), report
        t = report["timings_ms"]
        results.update(
            first_sync_s=elapsed,
            first_sync_history_ms=t.get("history", 0.0),
            first_sync_parse_db_ms=sum(v for k, v in t.items() if k not in ("fetch", "normalize")),
        )

        start = time.perf_counter()
        _, out = run_measured([hnp, "fabric", "backfill-history", "--fabric", "bench",
                               "--max-commits", str(a.commits), "--json"], env=env)
        backfill_s = time.perf_counter() - start
        report = last_json(out)
        results.update(
            backfill_s=backfill_s,
            backfill_inside_ms=report["elapsed_ms"],
            backfill_commits=report["commits"],
            backfill_events_found=report["events_found"],
            backfill_events_written=report["events_written"],
            backfill_skipped=len(report["skipped"]),
        )

        _, out = run_measured([hnp, "bench", "history", "--fabric", "bench", "--json"], env=env)
        report = last_json(out)
        results.update(
            history_p50_ms=report["history_p50_ms"],
            history_p95_ms=report["history_p95_ms"],
            history_max_ms=report["history_max_ms"],
            blame_p50_ms=report["blame_p50_ms"],
            blame_p95_ms=report["blame_p95_ms"],
            blame_max_ms=report["blame_max_ms"],
        )
        targets = [
            (f"backfill of {a.commits} commits <= 10 s", results["backfill_s"] <= 10.0),
            ("backfill walked every commit", results["backfill_commits"] == a.commits),
            ("history of one resource <= 20 ms", results["history_max_ms"] <= 20.0),
            ("blame of one resource <= 20 ms", results["blame_max_ms"] <= 20.0),
        ]
        report_and_exit(results, targets)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

if __name__ == "__main__":
    main()
