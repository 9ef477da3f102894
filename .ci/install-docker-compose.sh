#!/usr/bin/env bash
# Installs Debian's docker-compose (if absent) for test/deploy/compose-config.test.ts: `docker-compose
# config` validates docker-compose.yml without a Docker engine.
command -v docker-compose >/dev/null && exit 0
echo "== installing docker-compose"
if [ "$(id -u)" != 0 ]; then
  echo "not root: cannot apt-get install docker-compose"
  exit 1
fi
apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker-compose >/dev/null
