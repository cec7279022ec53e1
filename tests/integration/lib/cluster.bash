# Helpers for multi-process tests: real tfnode processes on 127.0.0.1, stopped by pid.
# Source it after setting TFNODE, TFWALLET and BASE_PORT. Every wait is bounded.
set -euo pipefail

WORK="$(mktemp -d /tmp/tfl-it.XXXXXX)"
declare -A NODE_PIDS=()

cleanup() {
  local pid
  for pid in "${NODE_PIDS[@]}"; do kill -9 "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  if [ "${KEEP_WORK:-0}" = "1" ]; then echo "work dir kept: $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

fail() { echo "FAIL: $*" >&2; for f in "$WORK"/*.log; do [ -f "$f" ] && { echo "--- $f" >&2; tail -n 20 "$f" >&2; }; done; exit 1; }
pass() { echo "ok: $*"; }

# make_testnet N [CORPORATES]
make_testnet() {
  "$TFNODE" testnet --validators "$1" --corporates "${2:-2}" --out "$WORK/net" --base-port "$BASE_PORT" >/dev/null
  # Short timeouts so round changes in tests take fractions of a second.
  for cfg in "$WORK"/net/node*/config.json; do
    jq '.timeouts = {"propose_ms":400,"propose_delta_ms":200,"prevote_ms":200,"prevote_delta_ms":100,"precommit_ms":200,"precommit_delta_ms":100} | .block_interval_ms = 50' \
      "$cfg" >"$cfg.new" && mv "$cfg.new" "$cfg"
  done
}

url_of() { echo "http://127.0.0.1:$((BASE_PORT + $1))"; }

# configure_node I JQ_FILTER: rewrites node I's config.json through the jq filter.
configure_node() {
  local cfg="$WORK/net/node$1/config.json"
  jq "$2" "$cfg" >"$cfg.new" && mv "$cfg.new" "$cfg"
}

# start_node I [LAUNCHER…]: node I, run through LAUNCHER (a command that takes the node's
# command line as its arguments) when one is given.
start_node() {
  local i="$1"; shift
  "$@" "$TFNODE" run --home "$WORK/net/node$i" >>"$WORK/node$i.log" 2>&1 &
  NODE_PIDS[$i]=$!
  for _ in $(seq 1 100); do
    curl -sf "$(url_of "$i")/api/v1/status" >/dev/null 2>&1 && return 0
    kill -0 "${NODE_PIDS[$i]}" 2>/dev/null || fail "node$i exited at start"
    sleep 0.1
  done
  fail "node$i did not answer within 10 s"
}

# start_home NAME HOME PORT: a node from any home (an observer), tracked like the validators.
start_home() {
  local name="$1" home="$2" port="$3"
  "$TFNODE" run --home "$home" >>"$WORK/$name.log" 2>&1 &
  NODE_PIDS[$name]=$!
  for _ in $(seq 1 100); do
    curl -sf "http://127.0.0.1:$port/api/v1/status" >/dev/null 2>&1 && return 0
    kill -0 "${NODE_PIDS[$name]}" 2>/dev/null || fail "$name exited at start"
    sleep 0.1
  done
  fail "$name did not answer within 10 s"
}

# wait_port_height PORT HEIGHT [SECONDS]
wait_port_height() {
  local deadline=$((SECONDS + ${3:-30})) h
  while [ $SECONDS -lt $deadline ]; do
    h="$(curl -sf --max-time 2 "http://127.0.0.1:$1/api/v1/status" | jq -r .height 2>/dev/null || echo 0)"
    [ "${h:-0}" -ge "$2" ] && return 0
    sleep 0.2
  done
  fail "node on port $1 did not reach height $2 within ${3:-30} s (at ${h:-?})"
}

kill_node() {  # kill -9, as a crash
  local i="$1"
  kill -9 "${NODE_PIDS[$i]}" 2>/dev/null || true
  wait "${NODE_PIDS[$i]}" 2>/dev/null || true
  unset "NODE_PIDS[$i]"
}

# reap_node I SECONDS WHY: waits up to SECONDS for node I to exit, forgets it and sets
# NODE_EXIT to its exit status; fails with WHY if it still runs by then.
reap_node() {
  local i="$1" pid="${NODE_PIDS[$1]}"
  for _ in $(seq 1 $(($2 * 10))); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && fail "$3"
  NODE_EXIT=0
  wait "$pid" || NODE_EXIT=$?
  unset "NODE_PIDS[$i]"
}

status_of() { curl -sf --max-time 2 "$(url_of "$1")/api/v1/status"; }
height_of() { status_of "$1" | jq -r .height; }

# wait_height NODE HEIGHT [SECONDS]
wait_height() {
  local deadline=$((SECONDS + ${3:-30})) h
  while [ $SECONDS -lt $deadline ]; do
    h="$(height_of "$1" 2>/dev/null || echo 0)"
    [ "${h:-0}" -ge "$2" ] && return 0
    sleep 0.2
  done
  fail "node$1 did not reach height $2 within ${3:-30} s (at ${h:-?})"
}

# The wallet against node I, with a keystore in the work dir.
wallet() {
  local node="$1"; shift
  TFWALLET_HOME="$WORK/wallet" TFWALLET_PASSPHRASE="it-pass" "$TFWALLET" --node "$(url_of "$node")" "$@"
}

import_keys() {
  local f
  for f in "$WORK"/net/keys/*.json; do wallet 1 key import "$(basename "$f" .json)" "$f" >/dev/null; done
}

# block_hash NODE HEIGHT
block_hash() { curl -sf --max-time 2 "$(url_of "$1")/api/v1/blocks/$2" | jq -r .hash; }

# register_corporates NODE FROM TO: bank1 onboards corporates c<FROM>..c<TO> through node NODE
# without waiting; prints the tx ids.
register_corporates() {
  local node="$1" from="$2" to="$3" i pub
  pub="$(jq -r .public_key "$WORK/net/keys/corp1.json")"
  for i in $(seq "$from" "$to"); do
    printf '{"id":"c%d","name":"Corporate %d","role":"corporate","keys":["%s"],"threshold":1}' "$i" "$i" "$pub" >"$WORK/reg$i.json"
    wallet "$node" --json tx send --key bank1 --type participant.register --payload "$WORK/reg$i.json" --no-wait | jq -r .id
  done
}

# same_chain N1 N2 … : every listed node has the same block hash at every height up to the
# lowest tip, and the same state root at that tip.
same_chain() {
  local lowest=999999999 n h ref
  for n in "$@"; do h="$(height_of "$n")"; [ "$h" -lt "$lowest" ] && lowest="$h"; done
  for h in $(seq 1 "$lowest"); do
    ref="$(block_hash "$1" "$h")"
    for n in "${@:2}"; do
      [ "$(block_hash "$n" "$h")" = "$ref" ] || fail "fork: node$1 and node$n differ at height $h"
    done
  done
  echo "$lowest"
}
