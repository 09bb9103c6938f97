#!/usr/bin/env python3
"""Cluster read benchmark: `hnp sync --direction cluster` over 10,000 objects.

Generates a synthetic fabric (../shared/bench/gen_fabric.py, 10,000 resources by default) as a
git remote, ingests it, then serves the cluster copy of every document (Hedgehog webhook labels
and defaults, server metadata; 1% of the VPCs on another VLAN) from the Kubernetes test API
server (`cargo run --example kube_test_server`, HTTPS on loopback, lists paginated by 500) —
the drifted VPCs changed by the field manager `kubectl-edit` (managedFields attribution), plus
--agents Hedgehog Agents (default 100) for switch convergence — with two drift ignore rules on
the fabric, and measures, medians over --runs:
  - the first read (every actual state written, drift computed for all), inside the process
    (list + write + drift + report) and end to end;
  - a steady-state read (nothing changed in the cluster: resourceVersions match).
Target: read 10,000 objects and recompute drift in at most 1.5 s.
Prints a table and one JSON object; exits 1 when a target is missed.
Usage: cluster_bench.py --hnp target/release/hnp --server-bin PATH [--shared ../shared] [--resources 10000] [--runs 3]
"""
import argparse, json, os, shutil, statistics, subprocess, sys, tempfile, time

from ingest_bench import fresh_fabric, generate, last_json, report_and_exit, run_measured

TARGET_S = 1.5

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--hnp", default=os.path.join(os.environ.get("CARGO_TARGET_DIR", "target"), "release", "hnp"))
    ap.add_argument("--server-bin", required=True)
    ap.add_argument("--shared", default=os.path.join(os.path.dirname(__file__), "..", "..", "shared"))
    ap.add_argument("--resources", type=int, default=10000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--agents", type=int, default=100)
    a = ap.parse_args()
    hnp = os.path.abspath(a.hnp)
    tmp = tempfile.mkdtemp(prefix="hnp-cluster-bench-")
    server = None
    try:
        fab = generate(a.shared, os.path.join(tmp, "fab"), a.resources)
        remote = "file://" + fab["remote"]
        checkout = os.path.join(tmp, "checkout")
        subprocess.run(["git", "clone", "-q", fab["remote"], checkout], check=True)
        ca_file = os.path.join(tmp, "ca.crt")
        server = subprocess.Popen([a.server_bin, os.path.join(checkout, fab["dir"]), "--ca-file", ca_file,
                                   "--drift-every", "100", "--agents", str(a.agents)],
                                  stdout=subprocess.PIPE, text=True)
        info = json.loads(server.stdout.readline())
        firsts, firsts_e2e, steadies, parts, applied, attributed = [], [], [], [], [], []
        for run in range(a.runs):
            data = os.path.join(tmp, f"data-{run}")
            env = fresh_fabric(hnp, remote, fab["dir"], data)
            _, out = run_measured([hnp, "sync", "--fabric", "bench", "--direction", "git-to-gui", "--json"], env=env)
            assert last_json(out)["status"] == "succeeded"
            subprocess.run([hnp, "fabric", "set-cluster", "--fabric", "bench", "--server", info["url"],
                            "--ca-file", ca_file, "--token-stdin"], input=info["token"] + "\n",
                           check=True, env=env, capture_output=True, text=True)
            for kind, path in [("VPC", "spec.subnets.*.gateway"), ("Switch", "spec.description")]:
                subprocess.run([hnp, "drift", "ignore", "add", "--fabric", "bench", "--kind", kind, "--path", path,
                                "--reason", "benchmark"], check=True, env=env, capture_output=True, text=True)
            cmd = [hnp, "sync", "--fabric", "bench", "--direction", "cluster", "--json"]
            e2e, out = run_measured(cmd, env=env)
            first = last_json(out)
            assert first["status"] == "succeeded", first
            assert first["objects"] == info["objects"], (first["objects"], info["objects"])
            firsts.append(sum(first["timings_ms"].values()) / 1000.0)
            firsts_e2e.append(e2e)
            parts.append(first["timings_ms"])
            _, out = run_measured(cmd, env=env)
            steady = last_json(out)
            assert steady["actual_updated"] == 0, steady["actual_updated"]
            steadies.append(sum(steady["timings_ms"].values()) / 1000.0)
            switches = json.loads(subprocess.run([hnp, "fabric", "switches", "--fabric", "bench", "--json"], check=True,
                                                 env=env, capture_output=True, text=True).stdout)["switches"]
            applied.append(sum(1 for s in switches if s["state"] == "APPLIED"))
            attributed.append(sum(1 for d in first["drifted"] for x in d.get("differences", [])
                                  if x.get("manager") == "kubectl-edit"))
            shutil.rmtree(data, ignore_errors=True)
        results = {
            "objects": info["objects"],
            "drifted": len(first["drifted"]),
            "agents": info.get("agents", 0),
            "switches_applied": min(applied),
            "differences_attributed_to_kubectl_edit": min(attributed),
            "first_read_s": statistics.median(firsts),
            "first_read_end_to_end_s": statistics.median(firsts_e2e),
            "steady_read_s": statistics.median(steadies),
            "first_read_parts_ms": {k: round(statistics.median(p[k] for p in parts), 1) for k in parts[0]},
        }
        report_and_exit(results, [
            (f"read {info['objects']} objects + drift <= {TARGET_S} s (first read, inside the process)",
             results["first_read_s"] <= TARGET_S),
            (f"steady-state read <= {TARGET_S} s", results["steady_read_s"] <= TARGET_S),
            (f"{results['agents']} Agents read: every one APPLIED", results["switches_applied"] == results["agents"]),
            ("drifted paths attributed to kubectl-edit", results["differences_attributed_to_kubectl_edit"] > 0),
        ])
    finally:
        if server:
            server.kill()
        shutil.rmtree(tmp, ignore_errors=True)

if __name__ == "__main__":
    main()
