#!/usr/bin/env bash
# Replays docker/Dockerfile without a Docker daemon, so a build that only works from the full checkout
# (a COPY left out, a dev-only import) fails CI instead of the next `docker compose build`.
#
# It reads the Dockerfile itself: the build stage's COPY lines are mirrored from the checkout into a
# scratch folder under the system temp dir and its RUN lines run there as written (npm ci from the
# lockfile: see reuse_node_modules); the runtime stage's COPY --from=build lines then make the tree the
# image would ship, which is started as its CMD (NODE_ENV=production, with its ENV) against a throwaway
# database on DATABASE_URL's server, until /api/health and /admin/login answer 200. Prints the sizes.
# Not replayed: the base image's contents (Node 20 on Debian bookworm), USER and file ownership.
#
# Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres docker/replay-build.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dockerfile="$root/docker/Dockerfile"
admin_url=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}
scratch=$(mktemp -d "${TMPDIR:-/tmp}/sb-image-replay.XXXXXX")
build="$scratch/build" # the build stage's /app
image="$scratch/image" # the runtime stage's /app
mkdir -p "$build" "$image"
db="sb_replay_$$"
app_pid=""
started=$SECONDS

fail() { echo "replay-build: $*" >&2; exit 1; }
db_query() { # runs one statement on the admin database, through the checkout's pg
  (cd "$root" && node -e '
    const pg = require("pg"); const c = new pg.Client({ connectionString: process.argv[1] });
    c.connect().then(() => c.query(process.argv[2])).then(() => c.end(), (e) => { console.error(e.message); process.exit(1); });
  ' "$admin_url" "$1")
}
cleanup() {
  if [ -n "$app_pid" ] && kill -0 "$app_pid" 2>/dev/null; then kill "$app_pid" 2>/dev/null || true; fi
  db_query "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$scratch"
}
trap cleanup EXIT

# `npm ci` takes minutes on a busy CI machine, for the tree the checkout already has when .ci/run has
# just run `npm ci` from the same lockfile: npm's own record of what it installed (the hidden lockfile)
# must list exactly the lockfile's packages. Hard links make the copy take seconds; npm rewrites that
# record in place (prune does), so the copy gets its own. REPLAY_NPM_CI=1 runs npm ci as written.
reuse_node_modules() {
  local installed="$root/node_modules/.package-lock.json"
  [ -f "$installed" ] && [ "$installed" -nt "$root/package-lock.json" ] && [ "$installed" -nt "$root/package.json" ] || return 1
  (cd "$root" && node -e '
    const fs = require("fs");
    const locked = JSON.parse(fs.readFileSync("package-lock.json", "utf8")).packages;
    const installed = JSON.parse(fs.readFileSync("node_modules/.package-lock.json", "utf8")).packages;
    delete locked[""];
    const ok = Object.entries(locked).every(([k, p]) => (installed[k] ? installed[k].version === p.version : p.optional))
      && Object.keys(installed).every((k) => k in locked);
    process.exit(ok ? 0 : 1);
  ') || return 1
  cp -al "$root/node_modules" "$build/node_modules" 2>/dev/null || { rm -rf "$build/node_modules"; return 1; }
  cp --remove-destination "$installed" "$build/node_modules/.package-lock.json"
}

# COPY [--from=build] [--chown=...] <src>... <dest>, with Docker's rules: a folder's contents go into
# <dest>; files go into <dest> when it ends in / or there are several, else become <dest>.
copy() {
  local from="" words=() w
  for w in "$@"; do
    case "$w" in
      --from=*) from=${w#--from=} ;;
      --*) ;;
      *) words+=("$w") ;;
    esac
  done
  [ ${#words[@]} -ge 2 ] || fail "COPY needs a source and a destination: COPY $*"
  local dest=${words[-1]} into dir
  unset 'words[-1]'
  if [ -n "$from" ]; then
    [ "$from" = build ] || fail "only COPY --from=build is understood: COPY $*"
    dir="$image"
  else
    dir="$build"
  fi
  into=0
  [[ "$dest" == */ || ${#words[@]} -gt 1 ]] && into=1
  dest="$dir/${dest#./}"
  for w in "${words[@]}"; do
    [[ "$w" == *[*?[]* ]] && fail "wildcards in COPY are not replayed: $w"
    local src
    if [ -n "$from" ]; then
      [[ "$w" == /app/* ]] || fail "COPY --from=build sources must be under /app: $w"
      src="$build/${w#/app/}"
    else
      src="$root/$w"
    fi
    [ -e "$src" ] || fail "COPY source missing: $w"
    # Hard links inside the scratch folder (same file system); the checkout is copied for real.
    local cp_flags=(-a)
    [ -n "$from" ] && cp_flags=(-al)
    if [ -d "$src" ]; then
      mkdir -p "$dest" && cp "${cp_flags[@]}" "$src/." "$dest/"
    elif [ $into = 1 ]; then
      mkdir -p "$dest" && cp "${cp_flags[@]}" "$src" "$dest/"
    else
      mkdir -p "$(dirname "$dest")" && cp "${cp_flags[@]}" "$src" "$dest"
    fi
  done
}

# One instruction a line: continuations joined, comments and blank lines dropped.
stage=0
run_env=()
cmd_json=""
while IFS= read -r line; do
  read -r instr rest <<<"$line"
  case "${instr^^}" in
    FROM) stage=$((stage + 1)); [ $stage -le 2 ] || fail "more than two stages are not replayed" ;;
    WORKDIR) [ "$rest" = /app ] || fail "only WORKDIR /app is replayed, not $rest" ;;
    COPY) read -ra args <<<"$rest"; copy "${args[@]}" ;;
    RUN)
      [ $stage = 1 ] || fail "RUN in the runtime stage is not replayed: $rest"
      if [[ "$rest" == "npm ci "* && -z "${REPLAY_NPM_CI:-}" ]] && reuse_node_modules; then
        echo "replay-build: RUN $rest: the checkout's node_modules, installed from this very lockfile, hard-linked instead"
      else
        echo "replay-build: RUN $rest"
        (cd "$build" && bash -euo pipefail -c "$rest") || fail "build stage failed at: RUN $rest"
      fi
      ;;
    ENV) if [ $stage = 2 ]; then read -ra words <<<"$rest"; run_env+=("${words[@]}"); fi ;;
    CMD) cmd_json=$rest ;;
    USER | EXPOSE | HEALTHCHECK | ARG | LABEL) ;;
    *) fail "instruction not replayed: $instr" ;;
  esac
done < <(sed -e ':a' -e '/\\$/{N;s/\\\n//;ba' -e '}' "$dockerfile" | grep -Ev '^\s*(#|$)')
[ $stage = 2 ] || fail "expected a build stage and a runtime stage"
[ -n "$cmd_json" ] || fail "no CMD in the runtime stage"
mapfile -t cmd < <(node -e 'for (const a of JSON.parse(process.argv[1])) console.log(a)' "$cmd_json")
build_secs=$((SECONDS - started))

mb() { du -s --apparent-size --block-size=1M "$1" | cut -f1; }
sizes() {
  echo "replay-build: runtime stage ships node_modules $(mb "$image/node_modules") MB, dist $(mb "$image/dist") MB," \
    "$(mb "$image") MB in all (on top of the node:20-bookworm-slim base); build replayed in ${build_secs} s, $((SECONDS - started)) s in all"
}

# The tests run on an embedded PostgreSQL when no server is there; the image never does. Without a
# server the build is still checked, only the start is not (said so, not hidden).
if ! db_query "SELECT 1" >/dev/null 2>&1; then
  echo "replay-build: WARNING no PostgreSQL answers at DATABASE_URL's server: the image was built, its app not started" >&2
  sizes
  exit 0
fi

# Start the image's tree as its CMD, on a throwaway database, with the production settings it needs.
db_query "CREATE DATABASE \"$db\""
port=$(node -e 's=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
db_url=$(node -e 'const u=new URL(process.argv[1]); u.pathname="/"+process.argv[2]; console.log(u.toString())' "$admin_url" "$db")
log="$scratch/app.log"
(cd "$image" && exec env -i PATH="$PATH" HOME="$scratch" "${run_env[@]}" HOST=127.0.0.1 PORT="$port" \
  DATABASE_URL="$db_url" ENCRYPTION_KEY="$(openssl rand -base64 32)" API_TOKEN="$(openssl rand -hex 24)" \
  SESSION_SECRET="$(openssl rand -hex 32)" ADMIN_EMAIL=replay@example.com ADMIN_PASSWORD="$(openssl rand -hex 12)" \
  PUBLIC_URL="http://127.0.0.1:$port" SYNC_ENABLED=false ALERTS_ENABLED=false \
  "${cmd[@]}" >"$log" 2>&1) &
app_pid=$!
status() { node -e 'fetch(process.argv[1]).then(r=>console.log(r.status),()=>console.log(0))' "$1"; }
for ((i = 0; i < 120; i++)); do
  kill -0 "$app_pid" 2>/dev/null || { cat "$log" >&2; fail "the image's app exited while starting"; }
  [ "$(status "http://127.0.0.1:$port/api/health")" = 200 ] && break
  sleep 0.5
done
[ "$(status "http://127.0.0.1:$port/api/health")" = 200 ] || { cat "$log" >&2; fail "/api/health never answered 200"; }
login=$(status "http://127.0.0.1:$port/admin/login")
[ "$login" = 200 ] || { cat "$log" >&2; fail "/admin/login answered $login, not 200"; }
kill "$app_pid"
wait "$app_pid" || true
app_pid=""

# Without DATABASE_URL, asking for the embedded database must name DATABASE_URL, not crash on an import.
absent=$(cd "$image" && env -i PATH="$PATH" HOME="$scratch" "${run_env[@]}" HOST=127.0.0.1 PORT="$port" EMBEDDED_DATABASE=true \
  DATA_DIR="$scratch/data" ENCRYPTION_KEY="$(openssl rand -base64 32)" API_TOKEN="$(openssl rand -hex 24)" \
  SESSION_SECRET="$(openssl rand -hex 32)" SYNC_ENABLED=false ALERTS_ENABLED=false ADMIN_ENABLED=false \
  timeout 60 "${cmd[@]}" 2>&1) && fail "the image started without DATABASE_URL: $absent"
[[ "$absent" == *"set DATABASE_URL; the embedded PostgreSQL is not installed in this image"* ]] ||
  fail "without DATABASE_URL the image's app did not say to set it: $absent"

echo "replay-build: the image's app started from its own files (health and login 200); without DATABASE_URL it asks for it"
sizes
