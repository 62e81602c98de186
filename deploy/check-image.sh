#!/usr/bin/env bash
# Build deploy/Dockerfile and run the image without a Docker engine (buildah + podman, as root), then check it:
# it starts, /_stcore/health answers ok, the image's HEALTHCHECK passes, one session's first run and toggles work
# (benchmarks/load_ws.py), the process runs as uid 10001, /app is refused to that user (read-only root file system,
# and by permissions alone on a writable one) and holds no file with a write bit, /data is writable. Prints what it
# measured; exits non-zero on the first check that fails, saying which.
#
#   sudo deploy/check-image.sh                      # stand-in base made from Debian's packages (no Docker Hub needed)
#   sudo deploy/check-image.sh --base docker.io/library/python:3.11-slim-bookworm   # the official base (a registry)
#
# Needs: root, buildah, podman, runc (apt-get install -y buildah podman runc debootstrap), and a Python with the
# project's test requirements for the session check (PYTHON=.venv/bin/python; default python3).
# The stand-in base (localhost/python:3.11-slim-bookworm): `debootstrap --variant=minbase bookworm` with python3,
# python3-venv, python3-pip and ca-certificates, and a venv at /usr/local so `python` and `pip` are
# /usr/local/bin/python and /usr/local/bin/pip as in the official image; docs/deployment.md says what that changes.
set -euo pipefail
cd "$(dirname "$0")/.."

STANDIN=localhost/python:3.11-slim-bookworm
BASE=$STANDIN
TAG=localhost/claims-map:check
NAME=claims-map-check
VOLUME=claims-map-check-data
PORT=18501
WORK=""  # a new private folder (mktemp) unless --work names one
MIRROR=""
CA_BUNDLE=${PIP_CERT:-}
REBUILD_BASE=0
KEEP=0
COMPOSE=0
NGINX=localhost/nginx-standin:bookworm
PROJECT=claims-map-check
RUNTIME=""
PYTHON=${PYTHON:-python3}
SECRET=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')  # STREAMLIT_SERVER_COOKIE_SECRET, one for every replica
# Without CAP_SYS_RESOURCE (some VMs and CI sandboxes) the runtime cannot raise rlimits to podman's defaults
# (nofile 1048576): ask for limits any process may set. 4096 is ample for one check session.
ULIMITS=(--ulimit nofile=4096:4096 --ulimit nproc=4096:4096)

usage() {
  cat <<EOF
usage: deploy/check-image.sh [--base IMAGE] [--rebuild-base] [--mirror URL] [--ca-bundle FILE] [--runtime runc|crun]
                             [--port N] [--work DIR] [--keep] [--compose [--nginx IMAGE]]
  --base IMAGE      the image to build FROM (default: the stand-in $STANDIN, made if absent)
  --rebuild-base    make the stand-in base again
  --mirror URL      Debian mirror for debootstrap (default: the first one in /etc/apt/sources.list*)
  --ca-bundle FILE  a CA bundle mounted over the build's /etc/ssl/certs/ca-certificates.crt while pip runs (a machine
                    whose way out re-signs TLS); not kept in the image. Default: \$PIP_CERT if set
  --runtime NAME    OCI runtime for podman (default: runc if installed; crun refuses hybrid cgroup v1/v2 hosts)
  --port N          loopback port for the running image (default $PORT)
  --work DIR        where the stand-in's root file system and the logs go: a folder root owns, not a symlink
                    (default: a new private folder under /var/tmp, left with the logs afterwards)
  --keep            leave the container and its volume running afterwards
  --compose         then run deploy/compose.yaml (app1, app2, nginx on port 8080) with podman-compose, as project
                    $PROJECT, tagging the image claims-map:latest, and check sessions and uploads through nginx
  --nginx IMAGE     nginx image for --compose (default: the stand-in $NGINX, Debian's nginx, made if absent)
EOF
}

while [ $# -gt 0 ]; do
  case "$1" in
    --base) BASE=$2; shift 2 ;;
    --rebuild-base) REBUILD_BASE=1; shift ;;
    --mirror) MIRROR=$2; shift 2 ;;
    --ca-bundle) CA_BUNDLE=$2; shift 2 ;;
    --runtime) RUNTIME=$2; shift 2 ;;
    --port) PORT=$2; shift 2 ;;
    --work) WORK=$2; shift 2 ;;
    --keep) KEEP=1; shift ;;
    --compose) COMPOSE=1; shift ;;
    --nginx) NGINX=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
done

fail() { echo "FAIL: $*" >&2; exit 1; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
mb() { awk -v b="$1" 'BEGIN { printf "%.0f", b / 1e6 }'; }

[ "$(id -u)" = 0 ] || fail "run as root (buildah --isolation chroot and podman need it here)"
# Root writes logs and a root file system here and chroots into it: never a folder someone else made or can change.
if [ -z "$WORK" ]; then
  WORK=$(mktemp -d /var/tmp/claims-map-image.XXXXXX)
else
  [ ! -L "$WORK" ] || fail "--work $WORK is a symlink"
  mkdir -p "$WORK"
  [ "$(stat -c %u "$WORK")" = 0 ] || fail "--work $WORK is not owned by root"
fi
chmod 700 "$WORK"
echo "work folder: $WORK"
WORKING_CONTAINER=""  # the stand-in's buildah container while it is made, removed on any exit
MADE_PACK=0
cleanup() {
  if [ -n "$WORKING_CONTAINER" ]; then
    buildah "${S[@]}" umount "$WORKING_CONTAINER" >/dev/null 2>&1 || true
    buildah "${S[@]}" rm "$WORKING_CONTAINER" >/dev/null 2>&1 || true
  fi
  rm -rf --one-file-system "$WORK/rootfs"
  if [ "$KEEP" = 0 ]; then
    "${PODMAN[@]}" rm -f "$NAME" >/dev/null 2>&1 || true
    "${PODMAN[@]}" volume rm -f "$VOLUME" >/dev/null 2>&1 || true
    if [ "$COMPOSE" = 1 ]; then
      compose down >/dev/null 2>&1 || true
      "${PODMAN[@]}" volume rm -f "${PROJECT}_claims-data" >/dev/null 2>&1 || true
      "${PODMAN[@]}" network rm -f "${PROJECT}_default" >/dev/null 2>&1 || true
    fi
    # The pack folder this check made for Compose's mount goes with the containers (kept with --keep: nginx serves it).
    if [ "$MADE_PACK" = 1 ]; then rm -rf deploy/pack; fi
  fi
}
for tool in buildah podman; do
  command -v "$tool" >/dev/null || fail "$tool is not installed: apt-get install -y buildah podman runc debootstrap"
done
if [ -z "$RUNTIME" ]; then RUNTIME=$(command -v runc >/dev/null && echo runc || echo crun); fi
S=(--storage-driver vfs)  # no overlay mounts needed; the slowest driver, and the one that works everywhere
PODMAN=(podman "${S[@]}" --runtime "$RUNTIME")
trap cleanup EXIT

# 1. The stand-in base, from Debian's packages.
REPLACED=()  # images a rebuild replaced, removed once nothing is built on them (vfs keeps full copies)
have_image() { buildah "${S[@]}" inspect --type image "$1" >/dev/null 2>&1; }
# standin IMAGE PACKAGES SETUP CONFIG...: debootstrap minbase with PACKAGES, SETUP run in the chroot, imported as IMAGE.
standin() {
  local image=$1 packages=$2 setup=$3 rootfs=$WORK/rootfs t ctr mnt
  shift 3
  command -v debootstrap >/dev/null || fail "debootstrap is not installed: apt-get install -y debootstrap"
  if [ -z "$MIRROR" ]; then
    MIRROR=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list 2>/dev/null \
      | grep -Eo 'https?://[^ ]+/debian/?( |$)' | head -n 1 | tr -d ' ' || true)
    MIRROR=${MIRROR:-http://deb.debian.org/debian}
  fi
  rm -rf --one-file-system "$rootfs"
  REPLACED+=("$(buildah "${S[@]}" inspect --type image --format '{{.FromImageID}}' "$image" 2>/dev/null || true)")
  echo "+ debootstrap --variant=minbase --include=$packages bookworm from $MIRROR (load $(load))"
  t=$(now)
  debootstrap --variant=minbase --include="$packages" bookworm "$rootfs" "$MIRROR" >"$WORK/debootstrap.log" 2>&1 \
    || fail "debootstrap failed: see $WORK/debootstrap.log"
  chroot "$rootfs" sh -c "$setup" || fail "setting up the stand-in $image failed: $setup"
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
  ctr=$(buildah "${S[@]}" from scratch)
  WORKING_CONTAINER=$ctr
  mnt=$(buildah "${S[@]}" mount "$ctr")
  tar -C "$rootfs" -c . | tar -C "$mnt" -x
  buildah "${S[@]}" umount "$ctr" >/dev/null
  buildah "${S[@]}" config "$@" "$ctr"
  buildah "${S[@]}" commit -q --rm "$ctr" "$image" >/dev/null
  WORKING_CONTAINER=""
  rm -rf --one-file-system "$rootfs"
  echo "stand-in $image made in $(since "$t") s, $(mb "$(podman "${S[@]}" image inspect "$image" --format '{{.Size}}')") MB" \
    "(load $(load))"
}
if [ "$BASE" = "$STANDIN" ] && { [ "$REBUILD_BASE" = 1 ] || ! have_image "$STANDIN"; }; then
  # A venv at /usr/local: python and pip are /usr/local/bin/python and /usr/local/bin/pip, as in the official image.
  standin "$STANDIN" python3,python3-venv,python3-pip,ca-certificates \
    'python3 -m venv /usr/local && rm -f /usr/local/bin/activate* /usr/local/bin/Activate.ps1' \
    --env PATH=/usr/local/bin:/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin --env LANG=C.UTF-8 --cmd python3
fi

# 2. The build, with the Dockerfile as it is; only its base differs.
build_args=(--isolation chroot --format docker --build-arg "BASE=$BASE" -f deploy/Dockerfile -t "$TAG")
if [ -n "$CA_BUNDLE" ]; then build_args+=(-v "$CA_BUNDLE:/etc/ssl/certs/ca-certificates.crt:ro"); fi
echo "+ buildah bud ${build_args[*]} . (load $(load))"
previous=$(buildah "${S[@]}" inspect --type image --format '{{.FromImageID}}' "$TAG" 2>/dev/null || true)
t=$(now)
buildah "${S[@]}" bud "${build_args[@]}" . >"$WORK/build.log" 2>&1 \
  || { tail -n 20 "$WORK/build.log" >&2; fail "build failed: $WORK/build.log"; }
current=$(buildah "${S[@]}" inspect --type image --format '{{.FromImageID}}' "$TAG")
# An image a rebuild replaced goes only when no tag points to it any more (another tag, such as the one --compose gives,
# keeps it: never removed by its id here).
for old in "$previous" "${REPLACED[@]}"; do
  if [ -n "$old" ] && [ "$old" != "$current" ] \
    && [ -z "$(podman "${S[@]}" image inspect --format '{{join .RepoTags " "}}' "$old" 2>/dev/null)" ]; then
    buildah "${S[@]}" rmi "$old" >/dev/null 2>&1 || true
  fi
done
echo "built $TAG in $(since "$t") s (load $(load))"
base_size=$(podman "${S[@]}" image inspect "$BASE" --format '{{.Size}}')
size=$(podman "${S[@]}" image inspect "$TAG" --format '{{.Size}}')
echo "image size $(mb "$size") MB (base $(mb "$base_size") MB, the layers over it $(mb $((size - base_size))) MB)"


# 3. Run it as Compose does: read-only root file system, /tmp a tmpfs, /data a volume.
"${PODMAN[@]}" rm -f "$NAME" >/dev/null 2>&1 || true
"${PODMAN[@]}" volume rm -f "$VOLUME" >/dev/null 2>&1 || true
t=$(now)
# podman's stderr goes to a file: without systemd it logs that it cannot schedule the HEALTHCHECK (run by hand below).
"${PODMAN[@]}" run -d --name "$NAME" "${ULIMITS[@]}" --read-only --tmpfs /tmp -v "$VOLUME:/data" \
  -e STREAMLIT_SERVER_COOKIE_SECRET="$SECRET" \
  -p "127.0.0.1:$PORT:8501" "$TAG" >/dev/null 2>"$WORK/run.err" \
  || { cat "$WORK/run.err" >&2; fail "podman run failed (runtime $RUNTIME)"; }
health=""
for _ in $(seq 1 120); do
  health=$(curl -fsS --max-time 2 "http://127.0.0.1:$PORT/_stcore/health" 2>/dev/null || true)
  [ "$health" = ok ] && break
  sleep 0.5
done
[ "$health" = ok ] || { "${PODMAN[@]}" logs "$NAME" | tail -n 20 >&2; fail "/_stcore/health did not answer ok within 60 s"; }
echo "ok: started, /_stcore/health answered ok $(since "$t") s after podman run (load $(load))"
"${PODMAN[@]}" healthcheck run "$NAME" >/dev/null || fail "the image's HEALTHCHECK did not pass"
echo "ok: the image's HEALTHCHECK passes"

pid=$("${PODMAN[@]}" inspect "$NAME" --format '{{.State.Pid}}')
[ "${pid:-0}" != 0 ] || fail "the container is not running any more: $("${PODMAN[@]}" logs "$NAME" 2>&1 | tail -n 5)"
uids=$(awk '/^Uid:/ { print $2, $3, $4, $5 }' "/proc/$pid/status")
[ "$uids" = "10001 10001 10001 10001" ] || fail "the server runs with uids $uids, not 10001"
echo "ok: the server ($(tr '\0' ' ' <"/proc/$pid/cmdline" | cut -c1-40)…) runs as uid 10001, not root"

out=$("${PODMAN[@]}" exec "$NAME" sh -c 'touch /app/probe 2>&1; touch /app/geodata/probe 2>&1; true')
[ "$(grep -c 'Read-only file system' <<<"$out")" = 2 ] || fail "writing into /app was not refused: $out"
"${PODMAN[@]}" exec "$NAME" sh -c 'touch /data/probe && rm /data/probe' || fail "/data is not writable by the server's user"
out=$("${PODMAN[@]}" run --rm "${ULIMITS[@]}" "$TAG" \
  sh -c 'touch /app/probe 2>&1; touch /app/geodata/probe 2>&1; true' 2>"$WORK/run.err")
[ "$(grep -c 'Permission denied' <<<"$out")" = 2 ] || fail "on a writable root file system /app was not refused: $out"
writable=$("${PODMAN[@]}" exec "$NAME" find /app -perm /222 -not -type l)
[ -z "$writable" ] || fail "files under /app keep a write bit (the Dockerfile's chmod -R a-w): $(head -n 3 <<<"$writable")"
echo "ok: /app refused to uid 10001 (read-only root file system, and by permissions alone without it; no write bit" \
  "left under /app); /data writable"

# sessions URL N PID...: N sessions of benchmarks/load_ws.py for 10 s; every one opens, runs and toggles with no error.
sessions() {
  local url=$1 count=$2 report
  shift 2
  report=$("$PYTHON" -m benchmarks.load_ws --sessions "$count" --seconds 10 --url "$url" "${@/#/--pid=}" --json) \
    || fail "benchmarks/load_ws.py failed against $url"
  "$PYTHON" - "$report" "$count" <<'EOF' || fail "$count session(s) through $url did not all work (above)"
import json
import sys

figures = json.loads(sys.argv[1])["results"]
(level,) = next(iter(figures.values()))
print(
    f"{level['sessions']} session(s): opened {level['opened']}, {level['toggles']} toggles, p50 {level['p50_ms']} ms, "
    f"p95 {level['p95_ms']} ms, errors {level['errors_total']}, disconnects {level['disconnects']}, "
    f"server RSS {level['rss_mb']} MB"
)
count = int(sys.argv[2])
sys.exit(0 if level["opened"] == count and level["toggles"] >= count and level["errors_total"] == 0 else 1)
EOF
}
sessions "http://127.0.0.1:$PORT" 1 "$pid"
echo "ok: one session's first run and toggles served by the image (load $(load))"

# 4. (--compose) deploy/compose.yaml as it is, with podman-compose: two app services and nginx in front.
compose() {
  CONTAINERS_CONF=$WORK/containers.conf STORAGE_DRIVER=vfs STREAMLIT_SERVER_COOKIE_SECRET=$SECRET \
    podman-compose -p "$PROJECT" -f deploy/compose.yaml -f "$WORK/override.yaml" "$@"
}
if [ "$COMPOSE" = 1 ]; then
  command -v podman-compose >/dev/null || fail "podman-compose is not installed: apt-get install -y podman-compose"
  if [ "$NGINX" = localhost/nginx-standin:bookworm ] && ! have_image "$NGINX"; then
    standin "$NGINX" nginx 'rm -f /etc/nginx/sites-enabled/default' --cmd '["nginx", "-g", "daemon off;"]' --port 8080
  fi
  ! curl -s --max-time 2 -o /dev/null http://127.0.0.1:8080/ || fail "port 8080 (compose.yaml's) is already in use"
  # What podman-compose cannot be told on its command line: the runtime and limits above, and the nginx image.
  printf '[containers]\ndefault_ulimits = ["nofile=4096:4096", "nproc=4096:4096"]\n[engine]\nruntime = "%s"\n' \
    "$RUNTIME" >"$WORK/containers.conf"
  printf 'services:\n  nginx:\n    image: %s\n' "$NGINX" >"$WORK/override.yaml"
  podman "${S[@]}" tag "$TAG" localhost/claims-map:latest
  if [ ! -e deploy/pack ]; then  # compose.yaml mounts deploy/pack (the briefing pack); podman needs it to exist
    mkdir deploy/pack && echo '<p>pack probe</p>' >deploy/pack/probe.html && MADE_PACK=1
  fi
  t=$(now)
  compose up -d app1 app2 nginx >"$WORK/compose.log" 2>&1 || { tail -n 20 "$WORK/compose.log" >&2; fail "compose up failed"; }
  health=""
  for _ in $(seq 1 120); do
    health=$(curl -fsS --max-time 2 http://127.0.0.1:8080/healthz 2>/dev/null || true)
    [ "$health" = ok ] && break
    sleep 0.5
  done
  [ "$health" = ok ] || { tail -n 20 "$WORK/compose.log" >&2; fail "nginx's /healthz did not answer ok within 60 s"; }
  echo "ok: compose up: nginx's /healthz answered ok $(since "$t") s after podman-compose up (load $(load))"
  curl -fsS -D - -o /dev/null http://127.0.0.1:8080/healthz | grep -qi '^set-cookie: claims_route=' \
    || fail "nginx set no claims_route cookie (affinity)"
  [ "$MADE_PACK" = 0 ] || [ "$(curl -fsS http://127.0.0.1:8080/pack/probe.html)" = '<p>pack probe</p>' ] \
    || fail "nginx did not serve deploy/pack at /pack/"
  pids=()
  for service in app1 app2; do
    pids+=("$(podman "${S[@]}" inspect "${PROJECT}_${service}_1" --format '{{.State.Pid}}')")
    environment=$(podman "${S[@]}" exec "${PROJECT}_${service}_1" env) || fail "could not read $service's environment"
    if grep -q '^CLAIMS_MAP_FETCH_SOURCE=' <<<"$environment"; then
      [ -n "${CLAIMS_MAP_FETCH_SOURCE:-}" ] || fail "$service has CLAIMS_MAP_FETCH_SOURCE set though the shell has none"
    fi
  done
  echo "ok: affinity cookie set, /pack/ served, no fetch source where the shell gives none"
  sessions http://127.0.0.1:8080 10 "${pids[@]}"
  "$PYTHON" - <<'EOF' || fail "uploads through nginx were not all accepted (affinity)"
import asyncio
from pathlib import Path

from benchmarks.load_ws import QUERY
from benchmarks.wsclient import Session


async def uploads(count: int) -> list[int]:
    data = Path("geodata/data/control/2025-11-20.geojson").read_bytes()
    statuses = []
    for _ in range(count):
        session = Session("http://127.0.0.1:8080", QUERY)
        try:
            await session.open()
            statuses.append((await session.upload("line.geojson", data))[0])
        finally:
            await session.close()
    return statuses


statuses = asyncio.run(uploads(6))
print(f"uploads through nginx: {statuses}")
raise SystemExit(0 if statuses == [204] * 6 else 1)
EOF
  echo "ok: 10 sessions and 6 uploads through nginx to two app services (load $(load))"
fi
echo "PASS: $TAG (base $BASE, runtime $RUNTIME$([ "$COMPOSE" = 1 ] && echo ", compose with nginx $NGINX"))"

