#!/usr/bin/env bash
# Lying and failing peers (n = 4, f = 1). While txs keep arriving, node1 is flooded with
# consensus messages: votes from a key that is no validator, votes with forged
# signatures, and — with node4's real key, as a Byzantine validator would — thousands of
# votes for blocks no one proposed and for heights and rounds far ahead. Every node's
# peer list also holds a peer that accepts connections and never answers and one that
# answers a byte every 500 ms. The honest majority keeps committing, node1 included,
# node1's memory stays bounded, the nodes agree on every block, and a new observer whose
# peers are mostly those two syncs past them.
# (Equivocation and lying sync peers: consensus_cluster.sh and block_sync.sh.)
# Usage: hostile_peers.sh TFNODE TFWALLET   (FLOODER, SILENT_PEER, TXGEN from ctest)
TFNODE="$1"; TFWALLET="$2"; BASE_PORT=7570
source "$(dirname "$0")/lib/cluster.bash"
: "${FLOODER:?}" "${SILENT_PEER:?}" "${TXGEN:?}"
MUTE=$((BASE_PORT + 20)); DRIBBLE=$((BASE_PORT + 21)); OBSERVER=$((BASE_PORT + 30))
MAX_RSS_KB=$((500 * 1024))

"$SILENT_PEER" --listen "$MUTE" & NODE_PIDS[mute]=$!
"$SILENT_PEER" --listen "$DRIBBLE" --dribble & NODE_PIDS[dribble]=$!
make_testnet 4
for cfg in "$WORK"/net/node*/config.json; do
  jq --arg m "http://127.0.0.1:$MUTE" --arg d "http://127.0.0.1:$DRIBBLE" '.peers += [$m, $d]' "$cfg" >"$cfg.new" && mv "$cfg.new" "$cfg"
done
for i in 1 2 3 4; do start_node "$i"; done
chain_id="$(status_of 1 | jq -r .chain_id)"
genesis="$WORK/net/genesis.json"

# A steady trickle of txs (bank1 onboards c0, c1, …) so that heights keep starting.
pub="$(jq -r .public_key "$WORK/net/keys/corp1.json")"
(
  for n in $(seq 0 100000); do
    tx="$("$TXGEN" --key "$WORK/net/keys/bank1.json" --chain-id "$chain_id" --type participant.register --nonce "$n" \
      --payload "{\"id\":\"c$n\",\"name\":\"C $n\",\"role\":\"corporate\",\"keys\":[\"$pub\"],\"threshold\":1}")"
    curl -s -m 5 -o /dev/null -X POST -H 'Content-Type: application/json' --data-binary "$tx" "$(url_of $(( n % 3 + 1 )))/api/v1/txs"
    sleep 0.1
  done
) &
NODE_PIDS[trickle]=$!
wait_height 1 3 30
pass "4 validators commit with a mute and a dribbling peer in every peer list (height $(height_of 1))"

flood() {  # flood MODE [KEY] → the flooder's JSON answer
  "$FLOODER" --node "$(url_of 1)" --genesis "$genesis" --mode "$1" ${2:+--key "$2"} --seconds 8 --batch 500
}
start_height="$(height_of 1)"
flood non-validator >"$WORK/f1.json" & f1=$!
flood forged >"$WORK/f2.json" & f2=$!
flood unknown-block "$WORK/net/node4/validator_key.json" >"$WORK/f3.json" & f3=$!
flood future "$WORK/net/node4/validator_key.json" >"$WORK/f4.json" & f4=$!
wait "$f1" "$f2" "$f3" "$f4" || fail "a flooder failed"
for f in f1 f2 f3 f4; do echo "flood $f: $(cat "$WORK/$f.json")"; done
# None is accepted: each is refused for its signer (the answer names the first 10 of a
# batch), or dropped unread as stale when the node has moved past the flood's height and
# round (a slow, sanitized build).
jq -e '.accepted == 0 and .stale + .refused > 0 and (.refused == 0 or (.first_refusal | test("not a validator")))' "$WORK/f1.json" >/dev/null ||
  fail "votes from a non-validator were not refused: $(cat "$WORK/f1.json")"
jq -e '.accepted == 0 and .stale + .refused > 0 and (.refused == 0 or (.first_refusal | test("bad vote signature")))' "$WORK/f2.json" >/dev/null ||
  fail "votes with forged signatures were not refused: $(cat "$WORK/f2.json")"
jq -e '.sent > 0 and .errors == 0' "$WORK/f3.json" "$WORK/f4.json" >/dev/null || fail "node1 failed to answer the flood"
kill -0 "${NODE_PIDS[1]}" || fail "node1 died under the flood"
rss_kb="$(awk '/VmRSS/ {print $2}' "/proc/${NODE_PIDS[1]}/status")"
[ "$rss_kb" -lt "$MAX_RSS_KB" ] || fail "node1 RSS ${rss_kb} kB after the flood, bound ${MAX_RSS_KB} kB"
pass "flood answered: non-validator and forged votes refused; node1 RSS $((rss_kb / 1024)) MB"

# The honest majority, node1 included, keeps committing after the flood.
for i in 1 2 3 4; do wait_height "$i" $((start_height + 5)) 40; done
rss_kb="$(awk '/VmRSS/ {print $2}' "/proc/${NODE_PIDS[1]}/status")"
[ "$rss_kb" -lt "$MAX_RSS_KB" ] || fail "node1 RSS ${rss_kb} kB, bound ${MAX_RSS_KB} kB"
lowest="$(same_chain 1 2 3 4)"
pass "all 4 nodes went on committing from height $start_height and agree on every block up to $lowest"

# One validator's votes for far heights do not send node1 syncing towards them: a sync
# starts only when f+1 validators are ahead.
real_top="$(height_of 2)"
far="$(grep -o 'fetching blocks [0-9]*\.\.[0-9]*' "$WORK/node1.log" | awk -F'[. ]' -v top="$real_top" '$NF > top + 1' | head -1 || true)"
[ -z "$far" ] || fail "node1 chased one validator's far-future votes: $far"
pass "one validator's far-future votes started no sync on node1"

# An observer whose peers are the mute one, the dribbling one and node2: sync skips the two.
"$TFNODE" init --home "$WORK/observer" --genesis "$genesis" --peer "http://127.0.0.1:$MUTE" \
  --peer "http://127.0.0.1:$DRIBBLE" --peer "$(url_of 2)" --listen "127.0.0.1:$OBSERVER" >/dev/null
start_home observer "$WORK/observer" "$OBSERVER"
target="$(height_of 2)"
wait_port_height "$OBSERVER" "$target" 45
pass "an observer synced to $target past a mute and a dribbling peer"
kill "${NODE_PIDS[trickle]}" 2>/dev/null || true
