#!/usr/bin/env bash
# Packs every publishable workspace (all but the private simulator) with `npm pack`, as
# `npm publish` would, into DEST. Used by the install test, the README and the Dockerfile.
# usage: bash scripts/pack-packages.sh DEST
set -euo pipefail
dest="${1:?usage: pack-packages.sh DEST}"
cd "$(dirname "$0")/.."
mkdir -p "$dest"
npm run build --silent
npm pack --silent --pack-destination "$dest" \
  --workspace packages/core --workspace packages/adapter-postgres --workspace packages/adapter-vertex \
  --workspace packages/adapter-discord --workspace packages/cli >/dev/null
ls "$dest"/veo-bot-*.tgz
