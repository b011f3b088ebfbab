#!/usr/bin/env bash
# Start a local Redis on 127.0.0.1:6379 if nothing answers there (CI machines may not have one running).
set -euo pipefail
PORT=${REDIS_PORT:-6379}
answers() { redis-cli -h 127.0.0.1 -p "$PORT" ping 2>/dev/null | grep -q PONG; }
if answers; then exit 0; fi
if ! command -v redis-server >/dev/null; then
  echo "redis-server is not installed: scripts/install-test-tools.sh installs it" >&2
  exit 1
fi
mkdir -p /tmp/redis-ci
redis-server --daemonize yes --bind 127.0.0.1 --port "$PORT" --save "" --appendonly no --dir /tmp/redis-ci \
  --logfile /tmp/redis-ci/redis.log
for _ in $(seq 1 50); do answers && exit 0; sleep 0.1; done
echo "redis did not start on port $PORT" >&2
exit 1
