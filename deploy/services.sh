#!/usr/bin/env bash
# Installs (Debian packages) and starts the services of the scale-out set-up on loopback:
# PostgreSQL on 127.0.0.1:5432 (user postgres, trust on loopback only) and Redis on
# 127.0.0.1:6379. Idempotent: what is installed is not installed again, what runs is left
# running. `make services` and .ci/run call it; SQLite set-ups need none of this.
set -euo pipefail

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

missing=()
command -v pg_ctlcluster >/dev/null && ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 \
    || missing+=(postgresql)
command -v redis-server >/dev/null || missing+=(redis-server)
if [ ${#missing[@]} -gt 0 ]; then
    echo "Installation : ${missing[*]}"
    as_root apt-get update -qq
    # Debian's policy-rc.d may forbid starting services at install time: we start them below.
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# PostgreSQL: the packaged cluster (created by the package), trusted on loopback so that
# postgresql://postgres@127.0.0.1:5432/NAME works without a password. Nothing else listens.
version=$(ls /etc/postgresql | sort -V | tail -n 1)
if [ -z "$version" ]; then
    as_root pg_createcluster "$(ls /usr/lib/postgresql | sort -V | tail -n 1)" main
    version=$(ls /etc/postgresql | sort -V | tail -n 1)
fi
hba=/etc/postgresql/$version/main/pg_hba.conf
marker="# atlaas: loopback trusted (deploy/services.sh)"
if ! as_root grep -qF "$marker" "$hba"; then
    as_root sed -i "1i $marker\nhost all all 127.0.0.1/32 trust\nhost all all ::1/128 trust" "$hba"
    as_root pg_ctlcluster --skip-systemctl-redirect "$version" main reload 2>/dev/null || true
fi
if ! pg_isready -h 127.0.0.1 -p 5432 -q; then
    as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start
fi
for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done
pg_isready -h 127.0.0.1 -p 5432 || { echo "PostgreSQL ne répond pas sur 127.0.0.1:5432" >&2; exit 1; }

# Redis: a cache, so nothing is persisted to disk.
if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
    redis-server --bind 127.0.0.1 --port 6379 --daemonize yes --save "" --appendonly no \
        --logfile /tmp/atlaas-redis.log
fi
for _ in $(seq 1 30); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 0.5; done
redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null || { echo "Redis ne répond pas sur 127.0.0.1:6379" >&2; exit 1; }
echo "PostgreSQL $version : postgresql://postgres@127.0.0.1:5432/  ·  Redis : redis://127.0.0.1:6379/0"
