#!/usr/bin/env bash
# SIGTERM stops a node whenever it comes, also while the node is still starting: a
# signal that came after the handler was set but before the HTTP server listened was
# lost (stopping a server that does not listen yet did nothing), and the node ran on.
# Each start is sent SIGTERM after a different delay; the node must be gone within
# 10 s, with exit 0 (or 143 when the signal beat the start of `tfnode run` itself).
# Then: a second SIGTERM while a stop waits (here for a request whose body never comes)
# ends the node at once, by the signal.
# Usage: stop_signal.sh TFNODE TFWALLET
TFNODE="$1"; TFWALLET="$2"; BASE_PORT=7650
source "$(dirname "$0")/lib/cluster.bash"

make_testnet 1
for delay in 0 0.005 0.01 0.02 0.03 0.05 0.08 0.12 0.2 0.5; do
  "$TFNODE" run --home "$WORK/net/node1" >>"$WORK/node1.log" 2>&1 &
  NODE_PIDS[1]=$!
  sleep "$delay"
  kill -TERM "${NODE_PIDS[1]}"
  reap_node 1 10 "SIGTERM ${delay} s after the start was lost: the node still runs 10 s later"
  case "$NODE_EXIT" in 0|143) ;; *) fail "exit $NODE_EXIT on SIGTERM ${delay} s after the start" ;; esac
done
pass "SIGTERM at 10 moments of the start: the node exited each time"

start_node 1
curl -sf "$(url_of 1)/api/v1/status" >/dev/null || fail "node1 does not answer after the starts"
kill -TERM "${NODE_PIDS[1]}"
reap_node 1 10 "SIGTERM while serving: the node still runs 10 s later"
[ "$NODE_EXIT" = 0 ] || fail "exit $NODE_EXIT on SIGTERM while serving"
pass "SIGTERM while serving: exit 0"

# A request that sent its headers and one byte of its 100-byte body holds an HTTP worker
# until its read deadline (10 s), and the stop waits for the workers.
start_node 1
exec 3<>"/dev/tcp/127.0.0.1/$((BASE_PORT + 1))"
printf 'POST /api/v1/txs HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{' >&3
sleep 0.3
kill -TERM "${NODE_PIDS[1]}"
sleep 1
kill -0 "${NODE_PIDS[1]}" 2>/dev/null || fail "the node stopped without waiting for the stalled request: nothing to test"
kill -TERM "${NODE_PIDS[1]}"
reap_node 1 2 "a second SIGTERM did not end the stopping node within 2 s"
exec 3>&-
[ "$NODE_EXIT" = 143 ] || fail "exit $NODE_EXIT on a second SIGTERM (want 143: ended by the signal)"
grep -q "SIGTERM again: exiting at once" "$WORK/node1.log" || fail "no log line for the second SIGTERM"
start_node 1
curl -sf "$(url_of 1)/api/v1/status" >/dev/null || fail "node1 does not start again after the second SIGTERM"
pass "a second SIGTERM while the node stops ends it at once (143), and it starts again"
