#!/usr/bin/env python3
"""Fleet benchmark: 200 fabrics on PostgreSQL + Redis, one API process and three workers.

Builds the fleet (sizes are options; defaults = the full size of `make bench`):
  - --repos (20) local git repositories (file:// remotes), each generated with
    ../shared/bench/gen_fabric.py (--resources, 500 requested: the generator rounds to whole
    leaves) and copied into --fabrics-per-repo (10) directories `fabrics/fNN` of the same
    repository (every file gets a comment line naming its copy, so no two fabrics share blobs);
  - a fresh PostgreSQL database `fleet_bench_<pid>` (created through --postgres, dropped at the
    end) and a Redis key prefix `fleet-bench-<pid>` (HNP_JOBS_NAMESPACE; only those keys are
    deleted at the end);
  - one `hnp fabric create` per fabric, `hnp serve --no-workers` and three `hnp worker
    --concurrency C` processes, each with its own HNP_DATA_DIR (its own git cache), the
    detection schedule every --tick (60) seconds (HNP_DETECT_SCHEDULE) and every fabric's sync
    interval set to 30 s, the minimum (GraphQL `updateFabric`), so every tick checks every fabric.
Then measures, beside a GraphQL load loop (--load-clients clients, each posting
`resources(fabricId, first: 100)` for fabric after fabric with --load-think seconds between
requests, latency measured by the client):
  1. first sync: `triggerSync(GIT_TO_GUI)` of every fabric, until every fabric is ingested;
  2. detection, nothing changed: from a schedule tick until every fabric was checked
     (`fabrics.last_checked_at`) — target <= 10 s; no operation may be queued;
  3. detection, 10% changed: one external commit per repository (24 Server files of one fabric
     directory, so 10% of the fabrics change; the other fabrics of each repository see a new
     head with nothing in their directory), pushed before a tick; from the tick until every
     changed fabric has ingested its commit — target <= 30 s (every fabric caught up is
     reported beside it);
  4. the same with other fabrics, and one worker killed with SIGKILL while it runs operations:
     its operations are reaped once the fabric lease expires (HNP_JOBS_LOCK_TTL_MS, default
     30 s) and run by another worker; reported: time from the kill until all is ingested;
  5. GraphQL `resources(first: 100)` p99 during cycles 2-4 — target <= 100 ms;
  6. correctness, from the database: no two operations of one fabric overlap (`sync_operations`
     started/finished intervals), no operation failed, every changed fabric ingested its commit
     exactly once (one operation that updated its 24 resources, one history event per resource
     for the commit), unchanged fabrics updated nothing;
  7. git cache disk per worker (`HNP_DATA_DIR/git`; fabrics of one repository share a cache).
Prints every figure against its target (met/missed, ok/FAILED) on stderr and one JSON object on
stdout; exits 1 when a correctness check fails or a target is missed (as the other benches).
Usage (cwd=bench): fleet_bench.py [--hnp target/release/hnp] [--shared ../shared] [--quick]
    [--repos 20] [--fabrics-per-repo 10] [--resources 500] [--workers 3] [--concurrency 4]
    [--postgres postgres://postgres@127.0.0.1:5432/postgres] [--redis redis://127.0.0.1:6379]
"""
import argparse, base64, concurrent.futures, http.client, json, os, shutil, signal, subprocess
import sys, tempfile, threading, time

from api_bench import busy_cpus, free_port, graphql, page_query, wait_healthy

TARGET_IDLE_CYCLE_S = 10.0
TARGET_CHANGED_CYCLE_S = 30.0
TARGET_P99_MS = 100.0
# Every fabric's sync interval (the minimum). A fabric is due when it was checked at least
# 15 s before a tick (the pass's slack), so with ticks every 60 s every fabric is due at every
# tick while a pass takes under 45 s; with 30 s ticks a pass over 15 s leaves fabrics out.
SYNC_INTERVAL_S = 30
CHANGED_SERVERS = 24  # Server files changed per changed fabric (one leaf's servers)
OPEN = "('queued', 'running')"
DONE_OK = ("succeeded", "partially_succeeded")


def log(msg):
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def run(cmd, **kw):
    proc = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if proc.returncode != 0:
        raise RuntimeError(f"command failed ({proc.returncode}): {' '.join(cmd)}\n{proc.stderr}")
    return proc


class Db:
    """psql, one process a statement (no PostgreSQL driver needed)."""

    def __init__(self, url):
        self.url = url

    def rows(self, query):
        out = run(["psql", self.url, "-XAtqF", "\t", "-v", "ON_ERROR_STOP=1", "-c", query]).stdout
        return [line.split("\t") for line in out.splitlines()]

    def one(self, query):
        rows = self.rows(query)
        return rows[0] if rows else None


# ---------------------------------------------------------------- fleet generation

GIT_ENV = dict(os.environ, GIT_AUTHOR_NAME="fleet", GIT_AUTHOR_EMAIL="fleet@example.com",
               GIT_COMMITTER_NAME="fleet", GIT_COMMITTER_EMAIL="fleet@example.com")


def git(cwd, *args):
    return subprocess.run(["git", *args], cwd=cwd, env=GIT_ENV, check=True, capture_output=True,
                          text=True).stdout.strip()


def generate_repo(shared, out, r, fabrics, resources):
    """gen_fabric.py once for the repository, copied into `fabrics` directories; one commit."""
    gen = os.path.join(shared, "bench", "gen_fabric.py")
    summary = json.loads(run([sys.executable, gen, out, "--resources", str(resources),
                              "--dir", "fabrics/f00"]).stdout)
    work = os.path.join(out, "work")
    src = os.path.join(work, "fabrics", "f00")
    files = {}
    for root, _, names in os.walk(src):
        for n in names:
            p = os.path.join(root, n)
            with open(p) as f:
                files[os.path.relpath(p, src)] = f.read()
    for j in range(fabrics):
        d = os.path.join(work, "fabrics", f"f{j:02d}")
        for rel, text in files.items():
            p = os.path.join(d, rel)
            os.makedirs(os.path.dirname(p), exist_ok=True)
            with open(p, "w") as f:
                f.write(f"# fleet bench: repository {r:02d}, fabric f{j:02d}\n{text}")
    git(work, "add", "-A")
    git(work, "commit", "-qm", f"fleet: {fabrics} fabric directories")
    remote = os.path.join(out, "remote.git")
    shutil.rmtree(remote)
    git(out, "clone", "-q", "--bare", "--no-local", work, remote)
    git(remote, "repack", "-adq")
    git(work, "remote", "add", "origin", remote)
    return {"remote": remote, "work": work, "resources": summary["resources"],
            "servers": summary["by_kind"].get("Server", 0)}


def change_fabric(work, directory, round_no):
    """An external commit: new descriptions for one leaf's servers in `directory`; pushed."""
    servers = os.path.join(work, directory, "managed", "servers")
    names = sorted(os.listdir(servers))[:CHANGED_SERVERS]
    for n in names:
        p = os.path.join(servers, n)
        with open(p) as f:
            text = f.read()
        with open(p, "w") as f:
            f.write(text.replace("description: ", f"description: round {round_no} - ", 1))
    git(work, "commit", "-qam", f"fleet: change {directory} (round {round_no})")
    git(work, "push", "-q", "origin", "HEAD:main")
    return git(work, "rev-parse", "HEAD"), len(names)


# ---------------------------------------------------------------- processes

def hnp_env(base, data_dir):
    env = {k: v for k, v in os.environ.items() if not k.startswith("HNP_")}
    env.update(base, HNP_DATA_DIR=data_dir)
    return env


def stop(proc, timeout=15):
    if proc is None or proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def children(pid):
    n = 0
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    if int(f.read().rsplit(")", 1)[1].split()[1]) == pid:
                        n += 1
            except (OSError, ValueError, IndexError):
                pass
    return n


def cpu_ticks(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])
    except OSError:
        return 0


def du(path):
    total = 0
    for root, _, names in os.walk(path):
        for n in names:
            try:
                total += os.lstat(os.path.join(root, n)).st_size
            except OSError:
                pass
    return total


# ---------------------------------------------------------------- GraphQL load loop

class Load:
    """--load-clients threads posting `resources(first: 100)` with keep-alive connections."""

    def __init__(self, port, token, fabric_ids, clients, think):
        self.samples, self.errors = [], []
        self.stop = threading.Event()
        headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}
        bodies = [json.dumps({"query": page_query(fid), "operationName": "Page"}).encode()
                  for fid in fabric_ids]
        self.threads = [threading.Thread(target=self.loop, args=(port, headers, bodies, i, think),
                                         daemon=True) for i in range(clients)]

    def loop(self, port, headers, bodies, offset, think):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        i = offset * 7
        while not self.stop.is_set():
            body = bodies[i % len(bodies)]
            i += 1
            start = time.perf_counter()
            try:
                conn.request("POST", "/graphql", body, headers)
                resp = conn.getresponse()
                data = resp.read()
                elapsed = time.perf_counter() - start
                if resp.status != 200 or b'"errors"' in data[:200]:
                    self.errors.append(f"{resp.status}: {data[:200]!r}")
                else:
                    self.samples.append((time.time(), elapsed * 1000.0))
            except (OSError, http.client.HTTPException) as e:
                self.errors.append(repr(e))
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            time.sleep(think)

    def start(self):
        for t in self.threads:
            t.start()

    def finish(self):
        self.stop.set()
        for t in self.threads:
            t.join(timeout=40)

    def window(self, start, end):
        return sorted(ms for t, ms in list(self.samples) if start <= t <= end)


def pct(values, p):
    if not values:
        return float("nan")
    return values[min(len(values) - 1, int(round(p / 100.0 * len(values) + 0.5)) - 1)]


# ---------------------------------------------------------------- waiting on the database

def wait_for(what, check, timeout, interval=0.25):
    deadline = time.time() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.time() > deadline:
            raise TimeoutError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(interval)


def open_ops(db):
    return int(db.one(f"SELECT count(*) FROM sync_operations WHERE status IN {OPEN}")[0])


def next_tick(tick, margin):
    """The next detection tick (unix seconds, a multiple of `tick`) at least `margin` s away."""
    now = time.time()
    t = (int(now) // tick + 1) * tick
    while t - now < margin:
        t += tick
    return t


def sleep_until(t):
    while time.time() < t:
        time.sleep(min(0.2, max(0.0, t - time.time())))


def changed_cycle(db, fleet, tick, round_no, offset, victim=None, timeout=300):
    """Commits one changed fabric per repository, waits for the tick and for every fabric to
    catch up. `victim(tick_at)` may kill a worker mid-cycle; returns the cycle's figures."""
    changed = {}
    heads = {}
    for r, repo in enumerate(fleet["repos"]):
        directory = f"fabrics/f{(r + offset) % fleet['per_repo']:02d}"
        head, n = change_fabric(repo["work"], directory, round_no)
        heads[r] = head
        changed[fleet["by_repo_dir"][(r, directory)]] = (head, n)
    tick_at = next_tick(tick, 2.0)
    log(f"round {round_no}: {len(changed)} fabrics changed by external commits; tick at "
        f"{time.strftime('%H:%M:%S', time.gmtime(tick_at))} UTC")
    sleep_until(tick_at)
    kill = victim(tick_at) if victim else None
    expected = {fid: heads[r] for fid, r in fleet["repo_of"].items()}
    values = ",".join(f"({fid},'{h}')" for fid, h in expected.items())

    def caught_up():
        behind = int(db.one(
            f"SELECT count(*) FROM fabrics f JOIN (VALUES {values}) AS e(id, head) ON e.id = f.id "
            f"WHERE f.desired_state_commit IS DISTINCT FROM e.head")[0])
        return behind == 0 and open_ops(db) == 0

    timed_out = None
    try:
        wait_for(f"round {round_no} to be ingested", caught_up, timeout)
    except TimeoutError as e:
        state = db.rows(f"SELECT fabric_id, status, coalesce(message, '') FROM sync_operations "
                        f"WHERE status IN {OPEN} ORDER BY fabric_id LIMIT 10")
        timed_out = f"{e}; open operations (first 10): {state}"
        log(timed_out)
    done_at = time.time()
    ids = ",".join(str(fid) for fid in changed)
    since = f"to_timestamp({tick_at})"
    last_changed = float(db.one(
        f"SELECT extract(epoch FROM max(finished_at)) FROM sync_operations "
        f"WHERE fabric_id IN ({ids}) AND created_at >= {since} AND resources_updated > 0")[0] or 0)
    last_all = float(db.one(
        f"SELECT extract(epoch FROM max(finished_at)) FROM sync_operations "
        f"WHERE created_at >= {since}")[0] or 0)
    ops = int(db.one(f"SELECT count(*) FROM sync_operations WHERE created_at >= {since}")[0])
    return {"tick": tick_at, "end": done_at, "changed": changed, "ops": ops, "kill": kill,
            "timed_out": timed_out,
            "changed_ingested_s": last_changed - tick_at, "all_caught_up_s": last_all - tick_at}


def exactly_once(db, cycle):
    """Every changed fabric ingested its commit exactly once: one history event a changed
    resource for the commit, no two operations that changed resources. Returns (problems,
    unrecorded): `unrecorded` lists fabrics whose ingest is in the data but no operation row
    records it (the ingest committed, the worker was killed before the row was finished, the
    re-run found nothing to do) — the row lost its counts, the work was neither lost nor doubled."""
    problems, unrecorded = [], []
    since = f"to_timestamp({cycle['tick']}) AND created_at <= to_timestamp({cycle['end']})"
    for fid, (head, n) in cycle["changed"].items():
        ops = db.rows(f"SELECT status, resources_updated, commit_sha "
                      f"FROM sync_operations WHERE fabric_id = {fid} AND created_at >= {since} "
                      f"AND (resources_updated + resources_created + resources_deleted) > 0")
        events = db.one(f"SELECT count(*), count(DISTINCT (resource_kind, namespace, name)) "
                        f"FROM resource_events WHERE fabric_id = {fid} AND commit_sha = '{head}'")
        if int(events[0]) != n or int(events[1]) != n:
            problems.append(f"fabric {fid}: {events[0]} history events for {head[:10]} on "
                            f"{events[1]} resources (expected {n} on {n})")
        if len(ops) > 1 or (ops and (int(ops[0][1]) != n or ops[0][0] not in DONE_OK or ops[0][2] != head)):
            problems.append(f"fabric {fid}: operations that changed resources: {ops} "
                            f"(expected one updating {n})")
        elif not ops:
            unrecorded.append(f"fabric {fid}: its ingest of {head[:10]} is in the data but no "
                              f"operation row records it")
    ids = ",".join(str(fid) for fid in cycle["changed"])
    others = db.one(f"SELECT count(*) FROM sync_operations WHERE created_at >= {since} "
                    f"AND fabric_id NOT IN ({ids}) "
                    f"AND (resources_updated + resources_created + resources_deleted) > 0")[0]
    if int(others):
        problems.append(f"{others} operations of unchanged fabrics changed resources")
    return problems, unrecorded


# ---------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--hnp", default=os.path.join(os.environ.get("CARGO_TARGET_DIR", "target"), "release", "hnp"))
    ap.add_argument("--shared", default=os.path.join(os.path.dirname(__file__), "..", "..", "shared"))
    ap.add_argument("--quick", action="store_true", help="4 repositories x 5 fabrics x 200 resources")
    ap.add_argument("--repos", type=int, default=20)
    ap.add_argument("--fabrics-per-repo", type=int, default=10)
    ap.add_argument("--resources", type=int, default=500)
    ap.add_argument("--workers", type=int, default=3)
    ap.add_argument("--concurrency", type=int, default=4)
    ap.add_argument("--tick", type=int, default=60, help="detection schedule period (s); every "
                    "fabric's sync interval is 30 s, the minimum, so every fabric is due at every tick")
    ap.add_argument("--load-clients", type=int, default=4)
    ap.add_argument("--load-think", type=float, default=0.05)
    ap.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432/postgres",
                    help="admin URL: the bench database is created and dropped through it")
    ap.add_argument("--redis", default="redis://127.0.0.1:6379")
    ap.add_argument("--keep", action="store_true", help="keep the temporary directory and database")
    a = ap.parse_args()
    if a.quick:
        a.repos, a.fabrics_per_repo, a.resources = 4, 5, 200
    if a.tick < 30 or 60 % a.tick:
        sys.exit("--tick must be 30 or 60")
    if a.workers < 2:
        sys.exit("--workers must be >= 2 (one is killed)")
    hnp = os.path.abspath(a.hnp)
    shared = os.path.abspath(a.shared)
    pid = os.getpid()
    tmp = tempfile.mkdtemp(prefix="hnp-fleet-bench-")
    dbname = f"fleet_bench_{pid}"
    namespace = f"fleet-bench-{pid}"
    admin = Db(a.postgres)
    db = Db(a.postgres.rsplit("/", 1)[0] + "/" + dbname)
    procs = {}
    load = None
    created_db = False
    started = time.time()
    background = busy_cpus()
    loads = {}
    try:
        # ---- the fleet's repositories
        t = time.time()
        with concurrent.futures.ThreadPoolExecutor(max(2, os.cpu_count() or 2)) as pool:
            repos = list(pool.map(lambda r: generate_repo(shared, os.path.join(tmp, "repos", f"r{r:02d}"), r,
                                                          a.fabrics_per_repo, a.resources), range(a.repos)))
        n_fabrics = a.repos * a.fabrics_per_repo
        log(f"generated {a.repos} repositories x {a.fabrics_per_repo} fabrics x "
            f"{repos[0]['resources']} resources in {time.time() - t:.1f} s")
        if repos[0]["servers"] < CHANGED_SERVERS:
            sys.exit(f"--resources too small: {repos[0]['servers']} servers per fabric, "
                     f"{CHANGED_SERVERS} are changed")

        # ---- database, Redis prefix, shared environment
        admin.rows(f"DROP DATABASE IF EXISTS {dbname}")
        admin.rows(f"CREATE DATABASE {dbname}")
        created_db = True
        base_env = {
            "HNP_DATABASE_URL": db.url,
            "HNP_REDIS_URL": a.redis,
            "HNP_JOBS_NAMESPACE": namespace,
            "HNP_SECRET_KEY": base64.b64encode(os.urandom(32)).decode(),
            "HNP_DETECT_SCHEDULE": "0 * * * * *" if a.tick == 60 else f"*/{a.tick} * * * * *",
            "HNP_LOG": "warn",
            "HNP_DIRECTORY_MANAGEMENT_ENABLED": "false",
        }
        api_env = hnp_env(base_env, os.path.join(tmp, "api"))
        run([hnp, "migrate"], env=api_env)

        t = time.time()
        fleet = {"repos": repos, "per_repo": a.fabrics_per_repo, "by_repo_dir": {}, "repo_of": {}}
        names = {}

        def create(rj):
            r, j = rj
            name = f"r{r:02d}-f{j:02d}"
            run([hnp, "fabric", "create", "--name", name, "--repo-url", "file://" + repos[r]["remote"],
                 "--directory", f"fabrics/f{j:02d}", "--branch", "main"], env=api_env)
            names[name] = (r, f"fabrics/f{j:02d}")

        # The first fabric of a repository creates its repository record: those one at a time.
        for r in range(a.repos):
            create((r, 0))
        with concurrent.futures.ThreadPoolExecutor(4) as pool:
            list(pool.map(create, [(r, j) for r in range(a.repos) for j in range(1, a.fabrics_per_repo)]))
        repositories = int(db.one("SELECT count(*) FROM git_repositories")[0])
        log(f"created {n_fabrics} fabrics on {repositories} repositories in {time.time() - t:.1f} s")
        run([hnp, "user", "create", "--username", "bench", "--role", "admin", "--password-stdin"],
            input="bench-password-123\n", env=api_env)
        token = run([hnp, "token", "create", "--username", "bench"], env=api_env).stdout.strip().splitlines()[-1]

        # ---- processes
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        procs["api"] = subprocess.Popen([hnp, "serve", "--no-workers"],
                                        env=dict(api_env, HNP_LISTEN=f"127.0.0.1:{port}"),
                                        stdout=subprocess.DEVNULL,
                                        stderr=open(os.path.join(tmp, "api.log"), "w"))
        wait_healthy(url, procs["api"])
        for f in graphql(url, token, "{ fabrics { id name } }")["fabrics"]:
            r, directory = names[f["name"]]
            fid = int(f["id"])
            fleet["by_repo_dir"][(r, directory)] = fid
            fleet["repo_of"][fid] = r
        assert len(fleet["repo_of"]) == n_fabrics, len(fleet["repo_of"])
        for fid in fleet["repo_of"]:
            graphql(url, token, f'mutation {{ updateFabric(id: "{fid}", input: {{syncIntervalSeconds: {SYNC_INTERVAL_S}}}) '
                                f'{{ id }} }}')
        worker_dirs = {}
        for w in range(1, a.workers + 1):
            data = os.path.join(tmp, f"worker-{w}")
            worker_dirs[f"worker-{w}"] = data
            procs[f"worker-{w}"] = subprocess.Popen(
                [hnp, "worker", "--concurrency", str(a.concurrency)], env=hnp_env(base_env, data),
                stdout=subprocess.DEVNULL, stderr=open(os.path.join(tmp, f"worker-{w}.log"), "w"))
        load = Load(port, token, sorted(fleet["repo_of"]), a.load_clients, a.load_think)
        load.start()

        # ---- 1. first sync of every fabric
        t0 = time.time()
        for fid in fleet["repo_of"]:
            graphql(url, token, f'mutation {{ triggerSync(fabricId: "{fid}", direction: GIT_TO_GUI) {{ id }} }}')
        triggered_s = time.time() - t0

        def first_done():
            missing = int(db.one("SELECT count(*) FROM fabrics WHERE desired_state_commit IS NULL")[0])
            return missing == 0 and open_ops(db) == 0

        wait_for("the first sync of every fabric", first_done, 1800, 0.5)
        first_s = float(db.one("SELECT extract(epoch FROM max(finished_at)) FROM sync_operations")[0]) - t0
        resources = int(db.one("SELECT count(*) FROM resources")[0])
        first_end = time.time()
        log(f"first sync: {n_fabrics} fabrics, {resources} resources in {first_s:.1f} s "
            f"(triggers sent in {triggered_s:.1f} s)")

        # ---- 2. a detection cycle with nothing changed
        tick_at = next_tick(a.tick, 1.0)
        loads["before_idle_cycle"] = round(os.getloadavg()[0], 2)
        log(f"nothing-changed cycle: tick at {time.strftime('%H:%M:%S', time.gmtime(tick_at))} UTC")
        sleep_until(tick_at)
        checked = f"SELECT count(*) FROM fabrics WHERE last_checked_at >= to_timestamp({tick_at})"
        try:
            wait_for("every fabric checked", lambda: int(db.one(checked)[0]) == n_fabrics, a.tick - 1)
            idle_s = float(db.one("SELECT extract(epoch FROM max(last_checked_at)) FROM fabrics")[0]) - tick_at
        except TimeoutError:
            log(f"nothing-changed cycle: only {db.one(checked)[0]} of {n_fabrics} fabrics checked "
                f"within {a.tick - 1} s")
            idle_s = float("inf")
        idle_end = time.time()
        time.sleep(1.0)
        idle_ops = int(db.one(f"SELECT count(*) FROM sync_operations WHERE created_at >= to_timestamp({tick_at})")[0])
        idle = {"tick": tick_at, "end": idle_end}
        log(f"nothing-changed cycle: every fabric checked {idle_s:.2f} s after the tick, {idle_ops} operations")

        # ---- 3. 10% changed
        loads["before_changed_cycle"] = round(os.getloadavg()[0], 2)
        changed = changed_cycle(db, fleet, a.tick, 1, 0)
        log(f"changed cycle: changed fabrics ingested {changed['changed_ingested_s']:.2f} s after the tick, "
            f"every fabric caught up {changed['all_caught_up_s']:.2f} s ({changed['ops']} operations)")

        # ---- 4. 10% changed, a worker killed mid-cycle
        loads["before_kill_cycle"] = round(os.getloadavg()[0], 2)
        reaped = set()

        def victim(tick_at):
            def running():
                return int(db.one("SELECT count(*) FROM sync_operations WHERE status = 'running'")[0])

            def busy():
                # Mid-cycle: the detection pass has queued half the fleet's operations (so every
                # worker holds some) and some run.
                queued, run_now = db.one(
                    f"SELECT count(*), count(*) FILTER (WHERE status = 'running') FROM sync_operations "
                    f"WHERE created_at >= to_timestamp({tick_at})")
                return int(queued) >= n_fabrics // 2 and int(run_now) >= 1

            try:
                wait_for("operations running", busy, 30, 0.05)
            except TimeoutError:
                pass  # killed anyway; the round is repeated when nothing was taken from it
            live = [n for n in procs if n.startswith("worker-") and procs[n].poll() is None]
            before = {n: cpu_ticks(procs[n].pid) for n in live}
            time.sleep(0.1)
            score = {n: (children(procs[n].pid), cpu_ticks(procs[n].pid) - before[n]) for n in live}
            name = max(live, key=lambda n: score[n])
            running_now = running()
            procs[name].send_signal(signal.SIGKILL)
            procs[name].wait()
            log(f"SIGKILL {name} {time.time() - tick_at:.2f} s after the tick ({running_now} operations "
                f"running in the fleet; its git children / CPU ticks: {score[name]})")
            return {"worker": name, "at": time.time(), "running": running_now}

        # Watch for reaped operations while the cycle runs.
        watching = threading.Event()

        def watch():
            while not watching.is_set():
                for (op_id,) in db.rows("SELECT id FROM sync_operations WHERE message LIKE 'worker lost%'"):
                    reaped.add(op_id)
                time.sleep(0.5)

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        # A kill can land between a worker's operations (small fabrics sync fast): then the
        # killed worker is restarted and the round repeated with other fabrics, up to 3 rounds.
        kill_rounds = []
        for attempt in range(3):
            killed = changed_cycle(db, fleet, a.tick, 2 + attempt, (a.fabrics_per_repo // 2 + attempt) % a.fabrics_per_repo,
                                   victim=victim, timeout=600)
            kill_rounds.append(killed)
            # Work the killed worker had taken: operations queued before the kill that started
            # (again) well after it — reaped and re-queued, or re-delivered by the queue once its
            # heartbeat stopped.
            kill_at = killed["kill"]["at"]
            recovered = db.rows(
                f"SELECT fabric_id, id, status, extract(epoch FROM started_at) FROM sync_operations "
                f"WHERE created_at >= to_timestamp({killed['tick']}) AND created_at <= to_timestamp({kill_at}) "
                f"AND started_at >= to_timestamp({kill_at + 5})")
            recovered_s = killed["end"] - kill_at
            log(f"kill cycle: changed fabrics ingested {killed['changed_ingested_s']:.2f} s after the tick, "
                f"all caught up {killed['all_caught_up_s']:.2f} s; {len(recovered)} operations picked up "
                f"after the kill ({len(reaped)} reaped), {recovered_s:.1f} s from the kill to the last ingest")
            if recovered:
                break
            name = killed["kill"]["worker"]
            procs[name] = subprocess.Popen(
                [hnp, "worker", "--concurrency", str(a.concurrency)], env=hnp_env(base_env, worker_dirs[name]),
                stdout=subprocess.DEVNULL, stderr=open(os.path.join(tmp, f"{name}.log"), "a"))
            log(f"the kill landed between operations: {name} restarted, another round")
        watching.set()
        watcher.join()
        load.finish()

        # ---- correctness from the database
        overlaps = db.rows(
            "SELECT a.fabric_id, a.id, b.id FROM sync_operations a JOIN sync_operations b "
            "ON a.fabric_id = b.fabric_id AND a.id < b.id "
            "WHERE a.started_at IS NOT NULL AND b.started_at IS NOT NULL "
            "AND a.started_at < coalesce(b.finished_at, now()) AND b.started_at < coalesce(a.finished_at, now())")
        failed = db.rows("SELECT fabric_id, id, status, message FROM sync_operations "
                         "WHERE status NOT IN ('succeeded', 'partially_succeeded')")
        once_changed, unrecorded_changed = exactly_once(db, changed)
        once_killed, unrecorded = [], []
        for k in kill_rounds:
            problems, lost_rows = exactly_once(db, k)
            once_killed += problems
            unrecorded += lost_rows
        total_ops = int(db.one("SELECT count(*) FROM sync_operations")[0])

        # ---- latency during the cycles
        windows = {"idle": load.window(idle["tick"], idle["end"]),
                   "changed": load.window(changed["tick"], changed["end"]),
                   "kill": load.window(killed["tick"], killed["end"])}
        during = sorted(v for w in windows.values() for v in w)
        first_lat = load.window(t0, first_end)

        # ---- git caches
        caches = {}
        for name, data in worker_dirs.items():
            git_dir = os.path.join(data, "git")
            repos_cached = len(os.listdir(git_dir)) if os.path.isdir(git_dir) else 0
            caches[name] = {"bytes": du(git_dir), "repositories": repos_cached}
        remote_bytes = sum(du(r["remote"]) for r in repos)

        results = {
            "machine": f"{os.cpu_count()} CPUs, {os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB",
            "background_busy_cpus_at_start": round(background, 2),
            "load_average_1m": loads,
            "repositories": a.repos,
            "fabrics": n_fabrics,
            "resources_per_fabric": repos[0]["resources"],
            "resources": resources,
            "workers": f"{a.workers} x --concurrency {a.concurrency}",
            "first_sync_s": round(first_s, 2),
            "idle_cycle_checked_s": round(idle_s, 2),
            "idle_cycle_operations": idle_ops,
            "changed_fabrics": len(changed["changed"]),
            "changed_cycle_ingested_s": round(changed["changed_ingested_s"], 2),
            "changed_cycle_all_caught_up_s": round(changed["all_caught_up_s"], 2),
            "changed_cycle_operations": changed["ops"],
            "kill_cycle_ingested_s": round(killed["changed_ingested_s"], 2),
            "kill_cycle_all_caught_up_s": round(killed["all_caught_up_s"], 2),
            "kill_cycle_operations": killed["ops"],
            "kill_rounds": len(kill_rounds),
            "killed_worker": killed["kill"]["worker"],
            "killed_after_tick_s": round(killed["kill"]["at"] - killed["tick"], 2),
            "reaped_operations": len(reaped),
            "recovered_operations": len(recovered),
            "recovered_started_after_kill_s": sorted(round(float(r[3]) - kill_at, 1) for r in recovered),
            "kill_to_all_ingested_s": round(recovered_s, 1),
            "graphql_requests_during_cycles": len(during),
            "graphql_p50_ms": round(pct(during, 50), 1),
            "graphql_p99_ms": round(pct(during, 99), 1),
            "graphql_p99_ms_by_cycle": {k: round(pct(v, 99), 1) for k, v in windows.items()},
            "graphql_p99_ms_first_sync": round(pct(first_lat, 99), 1),
            "graphql_errors": len(load.errors),
            "operations": total_ops,
            "overlapping_operations": len(overlaps),
            "failed_operations": len(failed),
            "operation_rows_without_their_ingest": len(unrecorded_changed + unrecorded),
            "git_cache_bytes_per_worker": {n: c["bytes"] for n, c in caches.items()},
            "git_cache_repositories_per_worker": {n: c["repositories"] for n, c in caches.items()},
            "remote_repositories_bytes": remote_bytes,
            "total_s": round(time.time() - started, 1),
        }
        for name, w in windows.items():
            results[f"graphql_requests_{name}"] = len(w)
        for o in overlaps[:10]:
            log(f"OVERLAP fabric {o[0]}: operations {o[1]} and {o[2]}")
        for f in failed[:10]:
            log(f"NOT SUCCEEDED fabric {f[0]}: operation {f[1]} {f[2]}: {f[3]}")
        for p in (once_changed + once_killed)[:20]:
            log(f"EXACTLY-ONCE {p}")
        for p in (unrecorded_changed + unrecorded)[:20]:
            log(f"OPERATION ROW {p}")
        for e in load.errors[:5]:
            log(f"GRAPHQL ERROR {e}")
        timing = [
            (f"detection, nothing changed: every fabric checked in {idle_s:.2f} s (target <= {TARGET_IDLE_CYCLE_S:.0f} s)",
             idle_s <= TARGET_IDLE_CYCLE_S),
            (f"detection, 10% changed: every changed fabric ingested in {changed['changed_ingested_s']:.2f} s "
             f"(target <= {TARGET_CHANGED_CYCLE_S:.0f} s; every fabric caught up in {changed['all_caught_up_s']:.2f} s)",
             changed["changed_ingested_s"] <= TARGET_CHANGED_CYCLE_S),
            (f"GraphQL resources(first: 100) p99 during the cycles {results['graphql_p99_ms']:.1f} ms "
             f"(target <= {TARGET_P99_MS:.0f} ms; {len(during)} requests)", results["graphql_p99_ms"] <= TARGET_P99_MS),
        ]
        correctness = [
            ("both changed cycles completed (nothing stuck)", not changed["timed_out"] and not killed["timed_out"]),
            (f"no overlapping operations of one fabric ({total_ops} operations)", not overlaps),
            (f"every operation succeeded ({len(failed)} did not)", not failed),
            ("nothing changed: no operation queued", idle_ops == 0),
            (f"10% changed: each of {len(changed['changed'])} fabrics ingested its commit exactly once",
             not once_changed),
            (f"worker killed: its {len(recovered)} operations picked up by another worker "
             f"({len(reaped)} reaped after the lease expired, the others re-delivered by the queue)",
             len(recovered) > 0 and all(r[2] in DONE_OK for r in recovered)),
            (f"worker killed: each of {len(killed['changed'])} fabrics ingested its commit exactly once, "
             f"nothing lost", not once_killed),
            (f"operation rows record every ingest ({len(unrecorded_changed + unrecorded)} lost their counts: "
             f"ingest committed, worker killed before the row was finished)", not (unrecorded_changed + unrecorded)),
            (f"GraphQL load: no errors ({len(load.errors)})", not load.errors),
        ]
        print("", file=sys.stderr)
        for key, value in results.items():
            print(f"{key:36} {value}", file=sys.stderr)
        print(f"{'first sync of every fabric':36} {first_s:.1f} s (no target)", file=sys.stderr)
        for name, c in caches.items():
            print(f"{'git cache ' + name:36} {c['bytes'] / 2**20:.1f} MiB in {c['repositories']} repository caches",
                  file=sys.stderr)
        for name, ok in timing:
            print(f"{'met   ' if ok else 'MISSED'}  {name}", file=sys.stderr)
        for name, ok in correctness:
            print(f"{'ok    ' if ok else 'FAILED'}  {name}", file=sys.stderr)
        results["targets"] = {name: ok for name, ok in timing}
        results["checks"] = {name: ok for name, ok in correctness}
        print(json.dumps(results))
        status = 0 if all(ok for _, ok in timing + correctness) else 1
    finally:
        if load is not None:
            load.finish()
        for p in procs.values():
            stop(p)
        if a.keep:
            log(f"kept {tmp} and database {dbname}")
        else:
            if created_db:
                subprocess.run(["psql", a.postgres, "-Xqc", f"DROP DATABASE IF EXISTS {dbname} WITH (FORCE)"],
                               capture_output=True)
            shutil.rmtree(tmp, ignore_errors=True)
        keys = subprocess.run(["redis-cli", "-u", a.redis, "--scan", "--pattern", f"{namespace}*"],
                              capture_output=True, text=True).stdout.split()
        for i in range(0, len(keys), 500):
            subprocess.run(["redis-cli", "-u", a.redis, "UNLINK", *keys[i:i + 500]], capture_output=True)
    sys.exit(status)


if __name__ == "__main__":
    main()
