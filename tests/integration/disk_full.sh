#!/usr/bin/env bash
# A validator whose disk refuses a write (here a file-size limit, as a full disk would)
# halts consensus without losing or changing what it stored, still stops cleanly on
# SIGTERM (it used to abort: its halted consensus thread was never joined), restarts
# at its last stored block with its chain intact, and commits again: it had precommitted
# the block it failed to store, and takes that block back from <home>/locked_block (a
# lone validator locked on a block it no longer had used to stay at that height).
# Usage: disk_full.sh TFNODE TFWALLET   (TFBENCH: tfbench)
TFNODE="$1"; TFWALLET="$2"; BASE_PORT=7690
source "$(dirname "$0")/lib/cluster.bash"
[ -x "${TFBENCH:-}" ] || fail "TFBENCH must name the tfbench tool"

make_testnet 1 8
load() {  # load N TIMEOUT: N txs on 8 connections
  "$TFBENCH" load --node "$(url_of 1)" --keys "$WORK/net/keys" --txs "$1" --connections 8 --batch 250 --timeout "$2"
}

# Files the node writes may grow to 2 MiB; past that a write fails with EFBIG (the
# signal the kernel would send instead is ignored, and ignoring survives exec).
start_node 1 bash -c 'trap "" XFSZ; ulimit -f 2048; exec "$@"' limited

out="$(load 200 30)" || fail "200 txs did not commit under the limit: $out"
stored_height="$(height_of 1)"
stored_hash="$(block_hash 1 "$stored_height")"
stored_root="$(status_of 1 | jq -r .state_root)"
pass "200 txs committed, height $stored_height"

# ~2 KB per tx goes to LevelDB's log: 4,000 txs cannot fit under the limit.
load 4000 20 >/dev/null 2>&1 || true
for _ in $(seq 1 100); do grep -q "cannot store decided block" "$WORK/node1.log" && break; sleep 0.2; done
grep -q "cannot store decided block" "$WORK/node1.log" || fail "no block failed to store under the limit"
halted_height="$(height_of 1)" || fail "node1 stopped answering after a failed write"
[ "$(block_hash 1 "$stored_height")" = "$stored_hash" ] || fail "block $stored_height changed after a failed write"
pass "a block failed to store; consensus halted at height $halted_height, the API still answers"

kill -TERM "${NODE_PIDS[1]}"
reap_node 1 10 "node1 still runs 10 s after SIGTERM after the failed write"
[ "$NODE_EXIT" = 0 ] || fail "node1 exited with $NODE_EXIT on SIGTERM after the failed write (134: aborted)"
pass "SIGTERM after the failed write: a clean exit"

start_node 1
[ "$(height_of 1)" = "$halted_height" ] || fail "restarted at height $(height_of 1), not $halted_height"
for h in $(seq 1 "$stored_height"); do
  [ -n "$(block_hash 1 "$h")" ] || fail "block $h is missing after the restart"
done
[ "$(block_hash 1 "$stored_height")" = "$stored_hash" ] || fail "block $stored_height changed across the restart"
if [ "$halted_height" = "$stored_height" ]; then
  [ "$(status_of 1 | jq -r .state_root)" = "$stored_root" ] || fail "state root changed across the restart"
fi
pass "restarted at height $halted_height with its blocks intact"

grep -q "taken back from" "$WORK/node1.log" || fail "the restarted node did not take back the block it was locked on"
for _ in $(seq 1 100); do [ "$(height_of 1)" -gt "$halted_height" ] && break; sleep 0.1; done
[ "$(height_of 1)" -gt "$halted_height" ] || fail "the block it was locked on did not commit after the restart"
out="$(load 100 30)" || fail "100 txs did not commit after the restart: $out"
pass "the block it was locked on committed after the restart; 100 more txs too, height $(height_of 1)"
