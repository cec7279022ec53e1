#!/usr/bin/env bash
# Crash safety under load: while two senders submit txs, one validator at a time is
# killed with -9 at random moments (also mid-commit) and restarted. At the end no tx
# that was reported committed is lost, none is applied twice, and every node has the
# same blocks and state root.
# Usage: crash_loop.sh TFNODE TFWALLET   (CRASH_LOOP_SECONDS, default 25; TFBENCH: tfbench)
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

cat "$WORK"/committed-bank* | sort -u >"$WORK/committed.ids"
count="$(grep -c . "$WORK/committed.ids" || true)"
[ "$count" -gt 0 ] || fail "no tx committed under the crash loop"
# The soak's audit: the 4 nodes converge with no fork and one state root, and every tx the
# wallet saw committed is committed exactly once on every node.
nodes=(); for i in 1 2 3 4; do nodes+=(--node "$(url_of "$i")"); done
audit="$("$TFBENCH" audit "${nodes[@]}" --ids "$WORK/committed.ids" --wait 30)" || fail "audit: $audit"
pass "$kills kill -9 restarts under load: $count txs reported committed; audit $audit"
