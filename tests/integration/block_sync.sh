#!/usr/bin/env bash
# Block sync with real processes: a validator whose data was wiped catches up with a
# running 4-node cluster; an observer joins with only the genesis and a peer list and
# follows without voting; nodes whose peer list starts with a lying peer (tampered
# txs, short or forged certificates, nonsense) refuse it, name it in the log, and
# sync from the honest peer.
# Usage: block_sync.sh TFNODE TFWALLET   (LYING_PEER in the environment)
TFNODE="$1"; TFWALLET="$2"; BASE_PORT=7480
source "$(dirname "$0")/lib/cluster.bash"
[ -x "${LYING_PEER:-}" ] || fail "LYING_PEER must name the lying_peer tool"

make_testnet 4
for i in 1 2 3 4; do start_node "$i"; done
import_keys
ids="$(register_corporates 1 1 12)"
for id in $ids; do wallet 1 --json tx wait "$id" --timeout-ms 20000 | jq -e '.status == "committed"' >/dev/null || fail "tx $id not committed"; done
top="$(height_of 1)"
pass "cluster at height $top"

kill_node 4
rm -rf "$WORK/net/node4/data"
start_node 4
wait_height 4 "$top" 30
same_chain 1 2 3 4 >/dev/null
[ "$(status_of 4 | jq -r .state_root)" = "$(status_of 1 | jq -r .state_root)" ] || fail "wiped node has another state root"
grep -q "sync: height" "$WORK/node4.log" || fail "node4 log shows no sync progress"
pass "wiped validator caught up to $top with the same blocks and state root"

obs_port=$((BASE_PORT + 9))
"$TFNODE" init --home "$WORK/observer" --genesis "$WORK/net/genesis.json" --peer "$(url_of 1)" --peer "$(url_of 2)" \
  --listen "127.0.0.1:$obs_port" --node-id auditor >/dev/null
start_home observer "$WORK/observer" "$obs_port"
wait_port_height "$obs_port" "$top" 30
curl -sf "http://127.0.0.1:$obs_port/api/v1/status" | jq -e '.validator == false' >/dev/null || fail "observer claims to be a validator"
ids="$(register_corporates 2 20 22)"
for id in $ids; do wallet 2 --json tx wait "$id" --timeout-ms 20000 >/dev/null; done
top="$(height_of 1)"
wait_port_height "$obs_port" "$top" 20
[ "$(curl -sf "http://127.0.0.1:$obs_port/api/v1/status" | jq -r .state_root)" = "$(status_of 1 | jq -r .state_root)" ] \
  || fail "observer has another state root"
pass "observer followed the chain to $top without voting"

k=0
for mode in tx certificate forged nonsense; do
  k=$((k + 1))
  liar_port=$((BASE_PORT + 20 + k)); node_port=$((BASE_PORT + 30 + k))
  "$LYING_PEER" --listen "$liar_port" --upstream "$(url_of 1)" --mode "$mode" >>"$WORK/liar-$mode.log" 2>&1 &
  NODE_PIDS[liar$k]=$!
  "$TFNODE" init --home "$WORK/n-$mode" --genesis "$WORK/net/genesis.json" --peer "http://127.0.0.1:$liar_port" \
    --peer "$(url_of 2)" --listen "127.0.0.1:$node_port" --node-id "joiner-$k" >/dev/null
  start_home "joiner-$mode" "$WORK/n-$mode" "$node_port"
  wait_port_height "$node_port" "$top" 30
  [ "$(curl -sf "http://127.0.0.1:$node_port/api/v1/status" | jq -r .state_root)" = "$(status_of 1 | jq -r .state_root)" ] \
    || fail "node next to a '$mode' liar has another state root"
  grep -q "peer http://127.0.0.1:$liar_port served a bad block" "$WORK/joiner-$mode.log" \
    || fail "the '$mode' liar is not named in the log"
  pass "lying peer ($mode) refused and named: $(grep -m1 "served a bad block" "$WORK/joiner-$mode.log" | sed 's/.*ignored for [0-9]* s: //' | head -c 140)"
done

# An honest peer whose pages hold one block each (as pages of big blocks do): the rest of
# every batch is asked again, in order, and the peer is not taken for a liar.
short_port=$((BASE_PORT + 26)); node_port=$((BASE_PORT + 36))
"$LYING_PEER" --listen "$short_port" --upstream "$(url_of 1)" --mode short >>"$WORK/short.log" 2>&1 &
NODE_PIDS[short]=$!
"$TFNODE" init --home "$WORK/n-short" --genesis "$WORK/net/genesis.json" --peer "http://127.0.0.1:$short_port" \
  --listen "127.0.0.1:$node_port" --node-id joiner-short >/dev/null
start_home joiner-short "$WORK/n-short" "$node_port"
wait_port_height "$node_port" "$top" 30
[ "$(curl -sf "http://127.0.0.1:$node_port/api/v1/status" | jq -r .state_root)" = "$(status_of 1 | jq -r .state_root)" ] \
  || fail "node syncing through one-block pages has another state root"
if grep -q "served a bad block\|did not answer" "$WORK/joiner-short.log"; then fail "the one-block-page peer was refused: $(grep -m1 "served a bad block\|did not answer" "$WORK/joiner-short.log")"; fi
pass "synced $top blocks through pages of one block each"

# A damaged store: the node refuses to start, says what is wrong and how to repair;
# following the advice, it re-syncs.
kill_node 3
for f in "$WORK"/net/node3/data/*.ldb "$WORK"/net/node3/data/MANIFEST-*; do
  [ -f "$f" ] && printf 'garbage garbage garbage garbage' | dd of="$f" bs=1 seek=0 conv=notrunc 2>/dev/null
done
if out="$("$TFNODE" run --home "$WORK/net/node3" 2>&1)"; then fail "node started on a damaged store"; fi
grep -q "is damaged" <<<"$out" && grep -q "mv .*data .*data.damaged" <<<"$out" || fail "no clear damage message: $out"
pass "damaged store refused: $(head -c 200 <<<"$out")"
mv "$WORK/net/node3/data" "$WORK/net/node3/data.damaged"
start_node 3
wait_height 3 "$top" 30
[ "$(status_of 3 | jq -r .state_root)" = "$(status_of 1 | jq -r .state_root)" ] || fail "repaired node has another state root"
pass "after the advised repair the node re-synced to $top"
