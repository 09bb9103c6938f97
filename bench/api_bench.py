#!/usr/bin/env python3
"""GraphQL API benchmark: `resources(first: 100)` under `wrk` against a plain poem JSON peer.

Generates a synthetic fabric (../shared/bench/gen_fabric.py, 10,000 resources by default),
ingests it (`hnp sync --direction git-to-gui`), creates a viewer and an API token, starts
`hnp serve` on a free local port (SQLite in the data dir) and, after checking both responses
once (100 edges in the same order, totalCount == resources ingested), loads in the same run:
  - POST /graphql `query Page { resources(fabricId, first: 100) { totalCount pageInfo edges … } }`
    (body and Authorization header from a generated wrk Lua script);
  - GET /api/v1/resources?fabric_id=N&limit=100 (the plain poem JSON peer, same rows, same auth).
Each load is `wrk -t2 -c32 -d10s --latency` after a 2 s warm-up; GraphQL and the peer alternate
--rounds times (default 2) and the better run (requests/s) of each is kept. wrk and the server
share the machine. Also records the server's CPU time per request (from /proc).
--profile adds single runs of cheaper variants (first: 10, no totalCount, ids only) to show
where the time goes.
Prints a table (stderr) and one JSON object (stdout); exits 1 when a target is missed.
With --postgres ADMIN_URL the same is then measured on a fresh PostgreSQL database, in the same
run, and checked against the same targets and against SQLite's figure (not below it).
Usage (cwd=bench): api_bench.py [--hnp target/release/hnp] [--shared ../shared] [--resources 10000]
    [--connections 32] [--threads 2] [--duration 10] [--warmup 2] [--rounds 2] [--profile]
    [--postgres postgres://postgres@127.0.0.1:5432/test]
"""
import argparse, json, os, re, shutil, signal, socket, subprocess, sys, tempfile, time
import urllib.error, urllib.request

from ingest_bench import fresh_fabric, generate, last_json, report_and_exit, run_measured

PAGE = 100
FIELDS = ("id kind namespace name resourceState driftStatus conflictStatus hasDraft "
          "lastFileSync managedFilePath")
TARGET_RPS, TARGET_P99_MS, TARGET_RATIO = 2000.0, 50.0, 0.60

def page_query(fabric_id, first=PAGE, total=True, fields=FIELDS):
    head = "totalCount " if total else ""
    return (f'query Page {{ resources(fabricId: "{fabric_id}", first: {first}) {{ {head}'
            f'pageInfo {{ hasNextPage endCursor }} edges {{ node {{ {fields} }} }} }} }}')

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]

def http(url, token, body=None, timeout=10):
    headers = {"Authorization": f"Bearer {token}"}
    if body is not None:
        headers["Content-Type"] = "application/json"
        body = json.dumps(body).encode()
    req = urllib.request.Request(url, data=body, headers=headers)
    with urllib.request.urlopen(req, timeout=timeout) as resp:
        return resp.status, json.loads(resp.read())

def graphql(base, token, query, operation=None):
    status, doc = http(f"{base}/graphql", token, {"query": query, "operationName": operation})
    if status != 200 or doc.get("errors"):
        sys.exit(f"GraphQL error ({status}): {doc}")
    return doc["data"]

def wait_healthy(base, proc, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.exit(f"hnp serve exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=1) as resp:
                if resp.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, OSError):
            pass
        time.sleep(0.1)
    sys.exit("hnp serve did not become healthy")

def lua_post(path, token, body):
    """A wrk script sending `body` as a JSON POST with the bearer token."""
    with open(path, "w") as f:
        f.write(f'wrk.method = "POST"\n'
                f'wrk.body = {json.dumps(json.dumps(body))}\n'
                f'wrk.headers["Content-Type"] = "application/json"\n'
                f'wrk.headers["Authorization"] = "Bearer {token}"\n')
    return path

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}

def parse_wrk(text):
    rps = re.search(r"Requests/sec:\s+([\d.]+)", text)
    p99 = re.search(r"^\s+99%\s+([\d.]+)(us|ms|s|m)\s*$", text, re.M)
    if not rps or not p99:
        sys.exit(f"cannot parse wrk output:\n{text}")
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    total = re.search(r"(\d+) requests in", text)
    return {
        "rps": float(rps.group(1)),
        "p99_ms": float(p99.group(1)) * UNITS[p99.group(2)],
        "requests": int(total.group(1)) if total else 0,
        "non_2xx": int(non2xx.group(1)) if non2xx else 0,
        "socket_errors": sum(int(g) for g in errors.groups()) if errors else 0,
    }

def cpu_seconds(pid):
    """utime + stime of a process (and its threads)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

def busy_cpus(seconds=1.0):
    """CPUs busy (0..nproc) over `seconds` before loading: other work on the machine skews figures."""
    def sample():
        with open("/proc/stat") as f:
            v = [int(x) for x in f.readline().split()[1:]]
        return sum(v), v[3] + v[4]
    t0, i0 = sample()
    time.sleep(seconds)
    t1, i1 = sample()
    return (os.cpu_count() or 1) * (1 - (i1 - i0) / max(t1 - t0, 1))

def wrk(a, url, script=None, duration=None, headers=()):
    cmd = ["wrk", f"-t{a.threads}", f"-c{a.connections}", f"-d{duration or a.duration}s", "--latency"]
    for h in headers:
        cmd += ["-H", h]
    if script:
        cmd += ["-s", script]
    cmd.append(url)
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout

def load(a, server_pid, url, script=None, headers=()):
    """Warm-up, then one measured run; adds the server's CPU ms per request."""
    wrk(a, url, script, a.warmup, headers)
    cpu0 = cpu_seconds(server_pid)
    result = parse_wrk(wrk(a, url, script, None, headers))
    cpu = cpu_seconds(server_pid) - cpu0
    result["server_cpu_ms_per_req"] = cpu * 1000.0 / max(result["requests"], 1)
    if result["non_2xx"] or result["socket_errors"]:
        sys.exit(f"errors under load on {url}: {result}")
    return result

def serve_and_load(a, hnp, fab, tmp, label, database_url=None):
    """Ingests the fabric into a fresh data dir (and database), serves it and loads both
    endpoints; returns the figures of the better round of each."""
    data = os.path.join(tmp, f"data-{label}")
    env = fresh_fabric(hnp, "file://" + fab["remote"], fab["dir"], data, database_url)
    _, out = run_measured([hnp, "sync", "--fabric", "bench", "--direction", "git-to-gui", "--json"], env=env)
    report = last_json(out)
    assert report["status"] == "succeeded", report
    ingested = report["created"]
    subprocess.run([hnp, "user", "create", "--username", "bench", "--role", "viewer",
                    "--password-stdin"], input="bench-password-123\n", text=True, check=True,
                   env=env, capture_output=True)
    token = subprocess.run([hnp, "token", "create", "--username", "bench"], check=True,
                           env=env, capture_output=True, text=True).stdout.strip().splitlines()[-1]

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([hnp, "serve"], env=dict(env, HNP_LISTEN=f"127.0.0.1:{port}"),
                              stdout=subprocess.DEVNULL, stderr=open(os.path.join(tmp, f"serve-{label}.log"), "w"))
    try:
        wait_healthy(base, server)
        fabric_id = next(f["id"] for f in graphql(base, token, "{ fabrics { id name } }")["fabrics"]
                         if f["name"] == "bench")
        query = page_query(fabric_id)
        body = {"query": query, "operationName": "Page"}
        # Correctness, once: a full first page, the total, and the same rows as the peer.
        page = graphql(base, token, query, "Page")["resources"]
        assert len(page["edges"]) == PAGE, len(page["edges"])
        assert page["totalCount"] == ingested, (page["totalCount"], ingested)
        assert page["pageInfo"]["hasNextPage"], page["pageInfo"]
        plain_url = f"{base}/api/v1/resources?fabric_id={fabric_id}&limit={PAGE}"
        status, plain = http(plain_url, token)
        assert status == 200 and len(plain["results"]) == PAGE, (status, len(plain.get("results", [])))
        assert [str(e["node"]["id"]) for e in page["edges"]] == [str(r["id"]) for r in plain["results"]], \
            "GraphQL and the plain peer disagree on the first page"

        background = busy_cpus()
        graphql_script = lua_post(os.path.join(tmp, f"page-{label}.lua"), token, body)
        auth = [f"Authorization: Bearer {token}"]
        runs = {"graphql": [], "plain": []}
        for _ in range(a.rounds):
            runs["graphql"].append(load(a, server.pid, f"{base}/graphql", graphql_script))
            runs["plain"].append(load(a, server.pid, plain_url, headers=auth))
        best = {k: max(v, key=lambda r: r["rps"]) for k, v in runs.items()}
        results = {
            "resources": ingested,
            "background_busy_cpus": round(background, 2),
            "graphql_rps": best["graphql"]["rps"],
            "graphql_p99_ms": best["graphql"]["p99_ms"],
            "graphql_cpu_ms_per_req": best["graphql"]["server_cpu_ms_per_req"],
            "plain_rps": best["plain"]["rps"],
            "plain_p99_ms": best["plain"]["p99_ms"],
            "plain_cpu_ms_per_req": best["plain"]["server_cpu_ms_per_req"],
        }
        results["ratio"] = results["graphql_rps"] / results["plain_rps"]
        if background > 0.2:
            print(f"warning: {background:.2f} CPUs were busy before loading; figures are pessimistic",
                  file=sys.stderr)
        for name, rs in runs.items():
            print(f"{label:8} {name:8} runs: " + ", ".join(f"{r['rps']:.0f} req/s p99 {r['p99_ms']:.1f} ms"
                                                          for r in rs), file=sys.stderr)

        if a.profile:
            variants = {
                "first10": page_query(fabric_id, first=10),
                "no_total": page_query(fabric_id, total=False),
                "ids_only": page_query(fabric_id, total=False, fields="id"),
                "me": "query Page { me { username } }",
            }
            for name, q in variants.items():
                graphql(base, token, q, "Page")
                script = lua_post(os.path.join(tmp, f"{name}-{label}.lua"), token, {"query": q, "operationName": "Page"})
                r = load(a, server.pid, f"{base}/graphql", script)
                results[f"profile_{name}_rps"] = r["rps"]
                results[f"profile_{name}_p99_ms"] = r["p99_ms"]
                results[f"profile_{name}_cpu_ms_per_req"] = r["server_cpu_ms_per_req"]
        return results
    finally:
        if server.poll() is None:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--hnp", default=os.path.join(os.environ.get("CARGO_TARGET_DIR", "target"), "release", "hnp"))
    ap.add_argument("--shared", default=os.path.join(os.path.dirname(__file__), "..", "..", "shared"))
    ap.add_argument("--resources", type=int, default=10000)
    ap.add_argument("--connections", type=int, default=32)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--duration", type=int, default=10)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--profile", action="store_true", help="also load cheaper GraphQL variants")
    ap.add_argument("--postgres", metavar="ADMIN_URL", help="after SQLite, measure the same on a fresh "
                    "PostgreSQL database created through this server URL (e.g. "
                    "postgres://postgres@127.0.0.1:5432/test) and check it against SQLite's figure")
    a = ap.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk not found: apt-get install -y wrk")
    hnp = os.path.abspath(a.hnp)
    tmp = tempfile.mkdtemp(prefix="hnp-api-bench-")
    pg_name = None
    try:
        fab = generate(a.shared, os.path.join(tmp, "fab"), a.resources)
        sqlite = serve_and_load(a, hnp, fab, tmp, "sqlite")
        results = {
            "page": PAGE,
            "wrk": f"wrk -t{a.threads} -c{a.connections} -d{a.duration}s --latency",
            "cpus": os.cpu_count(),
            **sqlite,
        }
        targets = [
            (f"graphql >= {TARGET_RPS:.0f} req/s", results["graphql_rps"] >= TARGET_RPS),
            (f"graphql p99 <= {TARGET_P99_MS:.0f} ms", results["graphql_p99_ms"] <= TARGET_P99_MS),
            (f"graphql >= {TARGET_RATIO:.0%} of plain poem req/s", results["ratio"] >= TARGET_RATIO),
        ]
        if a.postgres:
            pg_name = f"hnp_bench_{os.getpid()}"
            subprocess.run(["psql", a.postgres, "-qc", f"DROP DATABASE IF EXISTS {pg_name}"], check=True)
            subprocess.run(["psql", a.postgres, "-qc", f"CREATE DATABASE {pg_name}"], check=True)
            url = f"{a.postgres.rsplit('/', 1)[0]}/{pg_name}"
            pg = serve_and_load(a, hnp, fab, tmp, "postgres", url)
            results.update({f"postgres_{k}": v for k, v in pg.items() if k != "resources"})
            targets += [
                (f"postgres graphql >= {TARGET_RPS:.0f} req/s", pg["graphql_rps"] >= TARGET_RPS),
                (f"postgres graphql p99 <= {TARGET_P99_MS:.0f} ms", pg["graphql_p99_ms"] <= TARGET_P99_MS),
                ("postgres graphql not below sqlite", pg["graphql_rps"] >= sqlite["graphql_rps"]),
            ]
        report_and_exit(results, targets)
    finally:
        if pg_name:
            subprocess.run(["psql", a.postgres, "-qc", f"DROP DATABASE IF EXISTS {pg_name}"])
        shutil.rmtree(tmp, ignore_errors=True)

if __name__ == "__main__":
    main()
