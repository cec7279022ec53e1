#!/usr/bin/env bash
# Crash safety under load: while two senders submit txs, one validator at a time is
# killed with -9 at random moments (also mid-commit) and restarted. At the end no tx
# that was reported committed is lost, none is applied twice, and every node has the
# same blocks and state root.
# Usage: crash_loop.sh TFNODE TFWALLET   (CRASH_LOOP_SECONDS, default 25)
TFNODE="$1"; TFWALLET="$2"; BASE_PORT=7520
source "$(dirname "$0")/lib/cluster.bash"
duration="${CRASH_LOOP_SECONDS:-25}"

make_testnet 4
for i in 1 2 3 4; do start_node "$i"; done
import_keys
pub="$(jq -r .public_key "$WORK/net/keys/corp1.json")"

# sender BANK: registers corporates through a random live node until time is up,
# recording the ids the wallet saw committed.
sender() {
  local bank="$1" n=0 node out
  while [ $SECONDS -lt "$end" ]; do
    n=$((n + 1)); node=$((RANDOM % 4 + 1))
    printf '{"id":"%s-c%d","name":"Load %d","role":"corporate","keys":["%s"],"threshold":1}' "$bank" "$n" "$n" "$pub" >"$WORK/$bank-$n.json"
    if out="$(wallet "$node" --json tx send --key "$bank" --type participant.register --payload "$WORK/$bank-$n.json" --timeout-ms 5000 2>/dev/null)"; then
      jq -r 'select(.status == "committed") | .id' <<<"$out" >>"$WORK/committed-$bank"
    fi
  done
}

end=$((SECONDS + duration))
: >"$WORK/committed-bank1"; : >"$WORK/committed-bank2"
sender bank1 & s1=$!
sender bank2 & s2=$!
kills=0
while [ $SECONDS -lt "$end" ]; do
  sleep "0.$((RANDOM % 9 + 1))"
  victim=$((RANDOM % 4 + 1))
  kill_node "$victim"; kills=$((kills + 1))
  sleep "0.$((RANDOM % 9 + 1))"
  start_node "$victim"
done
wait "$s1" "$s2" || true

committed="$(cat "$WORK"/committed-bank* | sort -u)"
count="$(grep -c . <<<"$committed" || true)"
[ "$count" -gt 0 ] || fail "no tx committed under the crash loop"
top="$(height_of 1)"
for i in 2 3 4; do wait_height "$i" "$top" 30; done
lowest="$(same_chain 1 2 3 4)"
roots="$(for i in 1 2 3 4; do status_of "$i" | jq -r '"\(.height) \(.state_root)"'; done | sort -u | wc -l)"
[ "$roots" = 1 ] || fail "nodes disagree on the state root"

lost=0
for id in $committed; do
  for i in 1 2 3 4; do
    st="$(curl -sf "$(url_of "$i")/api/v1/txs/$id" | jq -r .status)"
    [ "$st" = committed ] || { echo "lost: $id on node$i ($st)" >&2; lost=$((lost + 1)); }
  done
done
[ "$lost" = 0 ] || fail "$lost committed tx(s) lost"

# No tx applied twice: every tx id appears once in the chain.
all_ids="$(for h in $(seq 1 "$lowest"); do curl -sf "$(url_of 1)/api/v1/blocks/$h" | jq -r '.results[].id'; done)"
dupes="$(sort <<<"$all_ids" | uniq -d | grep -c . || true)"
[ "$dupes" = 0 ] || fail "$dupes tx(s) appear twice in the chain"
pass "$kills kill -9 restarts under load: $count txs reported committed, 0 lost, 0 applied twice, $lowest blocks and the state root agree on 4 nodes"
