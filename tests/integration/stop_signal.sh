#!/usr/bin/env bash
# SIGTERM stops a node whenever it comes, also while the node is still starting: a
# signal that came after the handler was set but before the HTTP server listened was
# lost (stopping a server that does not listen yet did nothing), and the node ran on.
# Each start is sent SIGTERM after a different delay; the node must be gone within
# 10 s, with exit 0 (or 143 when the signal beat the start of `tfnode run` itself).
# Usage: stop_signal.sh TFNODE TFWALLET
TFNODE="$1"; TFWALLET="$2"; BASE_PORT=7650
source "$(dirname "$0")/lib/cluster.bash"

make_testnet 1
for delay in 0 0.005 0.01 0.02 0.03 0.05 0.08 0.12 0.2 0.5; do
  "$TFNODE" run --home "$WORK/net/node1" >>"$WORK/node1.log" 2>&1 &
  NODE_PIDS[1]=$!
  sleep "$delay"
  kill -TERM "${NODE_PIDS[1]}"
  for _ in $(seq 1 100); do kill -0 "${NODE_PIDS[1]}" 2>/dev/null || break; sleep 0.1; done
  kill -0 "${NODE_PIDS[1]}" 2>/dev/null && fail "SIGTERM ${delay} s after the start was lost: the node still runs 10 s later"
  rc=0; wait "${NODE_PIDS[1]}" || rc=$?
  unset "NODE_PIDS[1]"
  case "$rc" in 0|143) ;; *) fail "exit $rc on SIGTERM ${delay} s after the start" ;; esac
done
pass "SIGTERM at 10 moments of the start: the node exited each time"

start_node 1
curl -sf "$(url_of 1)/api/v1/status" >/dev/null || fail "node1 does not answer after the starts"
kill -TERM "${NODE_PIDS[1]}"
rc=0; wait "${NODE_PIDS[1]}" || rc=$?
unset "NODE_PIDS[1]"
[ "$rc" = 0 ] || fail "exit $rc on SIGTERM while serving"
pass "SIGTERM while serving: exit 0"
