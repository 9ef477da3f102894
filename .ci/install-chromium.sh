#!/usr/bin/env bash
# Installs Debian's Chromium when it is absent, for the GraphiQL browser test (test/http/graphiql.test.ts).
# The browser comes from apt, never from npm: playwright-core downloads nothing.
set -euo pipefail

for candidate in "${CHROMIUM_PATH:-}" /usr/bin/chromium /usr/bin/chromium-browser; do
  if [ -n "$candidate" ] && [ -x "$candidate" ]; then
    echo "== chromium: $candidate"
    exit 0
  fi
done

echo "== apt-get install chromium"
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium
/usr/bin/chromium --version
