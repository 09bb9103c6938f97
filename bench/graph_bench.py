#!/usr/bin/env python3
"""Fabric graph benchmark (issue 18).

Generates the synthetic fabric (../shared/bench/gen_fabric.py, 10,000 resources by default) as a
git remote (file://), ingests it, saves 100 drafts (VLAN changes of 100 VPCs, with
`hnp draft set`), then runs `hnp bench graph` (best of --runs inside one process) and checks:
  - graph + impact <= 100 ms inside the process: building the fabric's graph as it is and as
    it will be with the drafts, and the impact of the drafts over them;
and reports the rest: reading the rows, the topology (graph, states), pending changes without
and with the drafts' admission check, and `topology()`/`pending_changes()` end to end as the API
runs them.
Prints a table and one JSON object; exits 1 when a target is missed.
Usage: graph_bench.py [--hnp target/release/hnp] [--shared ../shared] [--resources 10000] [--runs 5]
"""
import argparse, json, os, shutil, subprocess, sys, tempfile

from ingest_bench import fresh_fabric, generate, last_json, report_and_exit, run_measured
from writeback_bench import read_spec, vpc_files

DRAFTS = 100

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--hnp", default=os.path.join(os.environ.get("CARGO_TARGET_DIR", "target"), "release", "hnp"))
    ap.add_argument("--shared", default=os.path.join(os.path.dirname(__file__), "..", "..", "shared"))
    ap.add_argument("--resources", type=int, default=10000)
    ap.add_argument("--runs", type=int, default=5)
    a = ap.parse_args()
    hnp = os.path.abspath(a.hnp)
    tmp = tempfile.mkdtemp(prefix="hnp-graph-bench-")
    try:
        fab = generate(a.shared, os.path.join(tmp, "fab"), a.resources)
        remote_path = fab["remote"]
        env = fresh_fabric(hnp, "file://" + remote_path, fab["dir"], os.path.join(tmp, "data"))
        _, out = run_measured([hnp, "sync", "--fabric", "bench", "--direction", "git-to-gui", "--json"], env=env)
        assert last_json(out)["status"] == "succeeded"
        files = vpc_files(remote_path, fab["dir"])
        specs = [read_spec(remote_path, f) for f in files]
        used = {int(subnet["vlan"]) for _, spec in specs
                for subnet in spec.get("subnets", {}).values() if "vlan" in subnet}
        free = iter(v for v in range(2999, 999, -1) if v not in used)
        spec_dir = os.path.join(tmp, "specs")
        os.makedirs(spec_dir)
        for name, spec in specs[:DRAFTS]:
            for subnet in spec.get("subnets", {}).values():
                subnet["vlan"] = next(free)
            path = os.path.join(spec_dir, f"{name}.json")
            with open(path, "w") as f:
                json.dump(spec, f)
            subprocess.run([hnp, "draft", "set", "--fabric", "bench", "--kind", "VPC", "--name", name,
                            "--spec-file", path], check=True, env=env, capture_output=True)
        _, out = run_measured([hnp, "bench", "graph", "--fabric", "bench", "--runs", str(a.runs), "--json"], env=env)
        t = last_json(out)
        assert t["resources"] >= fab["resources"] * 0.9, t
        assert t["drafts"] == min(DRAFTS, len(specs)), t
        assert t["nodes"] > 0 and t["links"] > 0, t
        assert t["impact"]["vpcs"], t
        results = {
            "resources": t["resources"],
            "drafts": t["drafts"],
            "nodes": t["nodes"],
            "links": t["links"],
            "impact_switches": len(t["impact"]["switches"]),
            "impact_ports": len(t["impact"]["ports"]),
            "impact_vpcs": len(t["impact"]["vpcs"]),
            "graph_and_impact_ms": t["graphs_ms"] + t["impact_ms"],
            "graphs_ms": t["graphs_ms"],
            "impact_ms": t["impact_ms"],
            "load_ms": t["load_ms"],
            "topology_ms": t["topology_ms"],
            "pending_ms": t["pending_ms"],
            "pending_with_problems_ms": t["pending_with_problems_ms"],
            "topology_total_ms": t["topology_total_ms"],
            "pending_total_ms": t["pending_total_ms"],
        }
        targets = [
            ("graph + impact <= 100 ms (inside the process, 10k resources)",
             results["graph_and_impact_ms"] <= 100),
        ]
        report_and_exit(results, targets)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

if __name__ == "__main__":
    main()
