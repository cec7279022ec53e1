#!/usr/bin/env bash
# Byzantine-fault-tolerant consensus with real processes (n = 4, f = 1):
# txs sent to different nodes commit on all; one validator killed, the rest go on;
# two killed, the chain halts without forking and resumes when one returns; every
# node ends with the same block at every height and the same state root.
# Usage: consensus_cluster.sh TFNODE TFWALLET
TFNODE="$1"; TFWALLET="$2"; BASE_PORT=7420
source "$(dirname "$0")/lib/cluster.bash"

make_testnet 4
for i in 1 2 3 4; do start_node "$i"; done
import_keys

# Txs to different nodes (the sender's nonces are assigned by the node it talks to,
# so send them one node at a time, waiting for each batch).
for i in 1 2 3 4; do
  ids="$(register_corporates "$i" "$i" "$i")"
  for id in $ids; do wallet "$i" --json tx wait "$id" --timeout-ms 20000 | jq -e '.status == "committed"' >/dev/null || fail "tx $id via node$i not committed"; done
done
h="$(height_of 1)"
for i in 1 2 3 4; do wait_height "$i" "$h" 20; done
pass "txs sent to each of 4 nodes committed on all (height $h)"

kill_node 4
ids="$(register_corporates 1 10 12)"
for id in $ids; do wallet 1 --json tx wait "$id" --timeout-ms 30000 | jq -e '.status == "committed"' >/dev/null || fail "no commit with one node down"; done
pass "one validator down: chain goes on (height $(height_of 1))"

kill_node 3
halted_at="$(height_of 1)"
ids="$(register_corporates 1 20 20)"
sleep 4
[ "$(height_of 1)" = "$halted_at" ] || fail "chain advanced with only 2 of 4 validators"
[ "$(height_of 2)" = "$halted_at" ] || fail "node2 advanced with only 2 of 4 validators"
pass "two validators down: chain halted at $halted_at"

start_node 3
for id in $ids; do wallet 1 --json tx wait "$id" --timeout-ms 30000 | jq -e '.status == "committed"' >/dev/null || fail "no commit after node3 returned"; done
pass "node3 back: chain resumed (height $(height_of 1))"

start_node 4
top="$(height_of 1)"
for i in 2 3 4; do wait_height "$i" "$top" 30; done
lowest="$(same_chain 1 2 3 4)"
roots="$(for i in 1 2 3 4; do status_of "$i" | jq -r '"\(.height) \(.state_root)"'; done | sort -u | wc -l)"
[ "$roots" = 1 ] || fail "nodes disagree on the state root at the tip"
pass "4 nodes agree on every block up to $lowest and on the state root"

# Equivocation: node4's key signs two prevotes for different blocks at the next height;
# the nodes keep them as evidence and a block commits it once.
[ -x "${EQUIVOCATOR:-}" ] || fail "EQUIVOCATOR must name the equivocator tool"
next=$(( $(height_of 1) + 1 ))
"$EQUIVOCATOR" --key "$WORK/net/node4/validator_key.json" --chain-id tfledger-testnet --height "$next" --round 0 \
  --node "$(url_of 1)" --node "$(url_of 2)" --node "$(url_of 3)" >/dev/null || fail "equivocator failed"
for n in 30 31; do
  for id in $(register_corporates 1 "$n" "$n"); do wallet 1 --json tx wait "$id" --timeout-ms 20000 >/dev/null; done
done
deadline=$((SECONDS + 20)); extra=40
until curl -sf "$(url_of 2)/api/v1/evidence" | jq -e '.committed | length == 1' >/dev/null; do
  [ $SECONDS -lt $deadline ] || fail "evidence not committed: $(curl -sf "$(url_of 2)/api/v1/evidence")"
  extra=$((extra + 1))
  for id in $(register_corporates 1 "$extra" "$extra"); do wallet 1 --json tx wait "$id" --timeout-ms 20000 >/dev/null; done
  sleep 0.5
done
ev="$(curl -sf "$(url_of 3)/api/v1/evidence" | jq -c '.committed[0] | {validator, type, height, round, committed_height}')"
jq -e '.validator == "node4" and .type == "prevote"' <<<"$ev" >/dev/null || fail "wrong evidence: $ev"
same_chain 1 2 3 4 >/dev/null
pass "equivocation by node4 kept as evidence and committed: $ev"
