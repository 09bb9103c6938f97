#!/usr/bin/env bash
# Makes sure the services the test suite talks to are reachable on this machine:
# PostgreSQL on 127.0.0.1:5432 (trust auth for local TCP, database `test`) and Redis on
# 127.0.0.1:6379. Starts them when installed but stopped; installs them with apt-get when missing.
set -euo pipefail

SUDO=""
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null; then SUDO="sudo"; fi

log() { echo "[services] $*" >&2; }

apt_install() {
  log "installing $*"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@" >/dev/null
}

pg_ok() {
  command -v psql >/dev/null &&
    psql -h 127.0.0.1 -p 5432 -U postgres -d test -tAc 'SELECT 1' >/dev/null 2>&1
}

pg_start() {
  local version
  version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)
  [ -n "$version" ] || return 1
  $SUDO pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null || true
  for _ in $(seq 1 30); do
    pg_isready -h 127.0.0.1 -p 5432 -q && return 0
    sleep 1
  done
  return 1
}

pg_configure() {
  # Trust local TCP connections (test machines only) and create the `test` database.
  local version hba
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  hba="/etc/postgresql/$version/main/pg_hba.conf"
  if ! grep -Eq '^host\s+all\s+all\s+127\.0\.0\.1/32\s+trust' "$hba"; then
    log "enabling trust auth for 127.0.0.1 in $hba"
    $SUDO sed -i '1i host all all 127.0.0.1/32 trust' "$hba"
    $SUDO pg_ctlcluster --skip-systemctl-redirect "$version" main reload
  fi
  if ! psql -h 127.0.0.1 -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'test'" | grep -q 1; then
    psql -h 127.0.0.1 -U postgres -d postgres -c 'CREATE DATABASE test' >/dev/null
  fi
}

if ! pg_ok; then
  if ! command -v pg_ctlcluster >/dev/null; then apt_install postgresql postgresql-client; fi
  pg_start || { log "PostgreSQL did not start"; exit 1; }
  pg_ok || pg_configure
  pg_ok || { log "PostgreSQL is running but postgres@127.0.0.1/test is not reachable"; exit 1; }
fi
log "PostgreSQL ready on 127.0.0.1:5432"

redis_ok() { command -v redis-cli >/dev/null && [ "$(redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null)" = "PONG" ]; }
if ! redis_ok; then
  if ! command -v redis-server >/dev/null; then apt_install redis-server redis-tools; fi
  $SUDO mkdir -p /var/lib/redis /var/log/redis
  $SUDO redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log
  for _ in $(seq 1 30); do redis_ok && break; sleep 0.5; done
  redis_ok || { log "Redis did not start"; exit 1; }
fi
log "Redis ready on 127.0.0.1:6379"

# Tools the git tests drive: sshd (SSH-key auth), git-http-backend (git), openssl (TLS refusal).
missing=()
[ -x /usr/sbin/sshd ] || missing+=(openssh-server)
command -v ssh-keygen >/dev/null || missing+=(openssh-client)
command -v git >/dev/null || missing+=(git)
command -v openssl >/dev/null || missing+=(openssl)
# kubectl checks the fidelity of the Kubernetes test API server.
command -v kubectl >/dev/null || missing+=(kubernetes-client)
if [ ${#missing[@]} -gt 0 ]; then apt_install "${missing[@]}"; fi
log "test tools ready (sshd, git, openssl, kubectl)"

# The SPA: Node.js/npm to build it, Debian's Chromium for its end-to-end test (playwright-core
# drives it; no browser download).
missing=()
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v wrk >/dev/null || missing+=(wrk)
if [ ${#missing[@]} -gt 0 ]; then apt_install "${missing[@]}"; fi
log "frontend tools ready (node $(node --version 2>/dev/null), chromium)"
