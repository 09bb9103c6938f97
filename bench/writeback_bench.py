#!/usr/bin/env python3
"""Write-back and drift benchmark.

Generates a synthetic fabric (../shared/bench/gen_fabric.py, 10,000 resources by default) as a
git remote (file://), ingests it, then measures, medians over --runs:
  - 100 drafts (VLAN changes of 100 VPCs, saved with `hnp draft set`) written back by
    `hnp sync --direction gui-to-git`: one commit, pushed; the time inside the process (every
    phase: fetch/ingest, validate, commit, push, finalize) and end to end;
  - drift recomputation of all resources (`hnp bench drift`, actual state simulated as a cluster
    copy with defaults and fabric labels, 1% changed): first pass (every status written) and a
    second pass (nothing changed).
Prints a table and one JSON object; exits 1 when a target is missed.
Usage: writeback_bench.py [--hnp target/release/hnp] [--shared ../shared] [--resources 10000] [--runs 3]
"""
import argparse, json, os, shutil, statistics, subprocess, sys, tempfile, time

import yaml

from ingest_bench import fresh_fabric, generate, last_json, report_and_exit, run_measured

DRAFTS = 100

def vpc_files(remote, directory):
    out = subprocess.run(["git", "-C", remote, "ls-tree", "-r", "--name-only", "main",
                          f"{directory}/managed/vpcs/"], check=True, capture_output=True,
                         text=True).stdout
    return [line for line in out.splitlines() if line.endswith(".yaml")]

def read_spec(remote, path):
    text = subprocess.run(["git", "-C", remote, "show", f"main:{path}"], check=True,
                          capture_output=True, text=True).stdout
    doc = yaml.safe_load(text)
    return doc["metadata"]["name"], doc["spec"]

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--hnp", default=os.path.join(os.environ.get("CARGO_TARGET_DIR", "target"), "release", "hnp"))
    ap.add_argument("--shared", default=os.path.join(os.path.dirname(__file__), "..", "..", "shared"))
    ap.add_argument("--resources", type=int, default=10000)
    ap.add_argument("--runs", type=int, default=3)
    a = ap.parse_args()
    hnp = os.path.abspath(a.hnp)
    tmp = tempfile.mkdtemp(prefix="hnp-wb-bench-")
    try:
        fab = generate(a.shared, os.path.join(tmp, "fab"), a.resources)
        remote_path = fab["remote"]
        remote = "file://" + remote_path
        directory = fab["dir"]
        data = os.path.join(tmp, "data")
        env = fresh_fabric(hnp, remote, directory, data)
        _, out = run_measured([hnp, "sync", "--fabric", "bench", "--direction", "git-to-gui", "--json"], env=env)
        assert last_json(out)["status"] == "succeeded"
        files = vpc_files(remote_path, directory)
        if len(files) < DRAFTS:
            sys.exit(f"the generated fabric has only {len(files)} VPCs; need {DRAFTS}")
        specs = [read_spec(remote_path, f) for f in files[:DRAFTS]]
        # Drafts are admission-checked like the webhook would: each run moves the drafted VPCs'
        # subnets to VLANs no VPC of the fabric uses (a reused VLAN is refused), inside the
        # default VLANNamespace (1000-2999).
        used = {int(subnet["vlan"])
                for _, spec in (read_spec(remote_path, f) for f in files)
                for subnet in spec.get("subnets", {}).values() if "vlan" in subnet}
        free = [v for v in range(2999, 999, -1) if v not in used]
        spec_dir = os.path.join(tmp, "specs")
        os.makedirs(spec_dir)

        inside, e2e, setup = [], [], []
        for run in range(a.runs):
            start = time.perf_counter()
            # A fresh set of free VLANs per run (the previous run's are in Git by now).
            fresh = iter(free[run * DRAFTS * 4:])
            for name, spec in specs:
                spec = json.loads(json.dumps(spec))
                for subnet in spec.get("subnets", {}).values():
                    subnet["vlan"] = next(fresh)
                path = os.path.join(spec_dir, f"{name}.json")
                with open(path, "w") as f:
                    json.dump(spec, f)
                subprocess.run([hnp, "draft", "set", "--fabric", "bench", "--kind", "VPC",
                                "--name", name, "--spec-file", path], check=True, env=env,
                               capture_output=True)
            setup.append(time.perf_counter() - start)
            commits_before = len(subprocess.run(["git", "-C", remote_path, "rev-list", "main"],
                                                check=True, capture_output=True, text=True).stdout.split())
            elapsed, out = run_measured([hnp, "sync", "--fabric", "bench", "--direction",
                                         "gui-to-git", "--json"], env=env)
            report = last_json(out)
            assert report["status"] == "succeeded", report
            assert report["pushed"] and report["updated"] == DRAFTS, report
            commits_after = len(subprocess.run(["git", "-C", remote_path, "rev-list", "main"],
                                               check=True, capture_output=True, text=True).stdout.split())
            assert commits_after == commits_before + 1, "exactly one commit"
            inside.append(sum(report["timings_ms"].values()))
            print("write-back phases (ms):", report["timings_ms"], file=sys.stderr)
            e2e.append(elapsed)

        drift_first, drift_second = [], []
        for run in range(a.runs):
            _, out = run_measured([hnp, "bench", "drift", "--fabric", "bench", "--json"]
                                  + (["--simulate-actual"] if run == 0 else []), env=env)
            report = last_json(out)
            assert report["resources"] >= fab["resources"] * 0.99, report
            if run == 0:
                assert report["drift_count"] > 0, report
                drift_first.append(report["first_ms"])
            drift_second.append(report["second_ms"])

        results = {
            "resources": fab["resources"],
            "drafts": DRAFTS,
            "writeback_inside_ms": statistics.median(inside),
            "writeback_e2e_s": statistics.median(e2e),
            "draft_set_100_s": statistics.median(setup),
            "drift_first_pass_ms": statistics.median(drift_first),
            "drift_ms": statistics.median(drift_second),
        }
        targets = [
            ("100 drafts -> one commit + push <= 300 ms (inside)", results["writeback_inside_ms"] <= 300),
            ("drift for all resources <= 200 ms", results["drift_ms"] <= 200),
        ]
        report_and_exit(results, targets)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

if __name__ == "__main__":
    main()
