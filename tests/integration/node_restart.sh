#!/usr/bin/env bash
# One validator: a tx sent with the real wallet commits; after kill -9 and a restart
# the node resumes at its tip with the tx and the same state root.
# Usage: node_restart.sh TFNODE TFWALLET
TFNODE="$1"; TFWALLET="$2"; BASE_PORT=7400
source "$(dirname "$0")/lib/cluster.bash"

make_testnet 1
start_node 1
import_keys

new_key_pub="$(wallet 1 key new acme-officer --id acme --json | jq -r .public_key)"
cat >"$WORK/register.json" <<JSON
{"id": "acme", "name": "Acme Exports", "role": "corporate", "keys": ["$new_key_pub"], "threshold": 1,
 "credit_limit": {"currency": "USD", "amount": 50000000}}
JSON
sent="$(wallet 1 --json tx send --key bank1 --type participant.register --payload "$WORK/register.json")" \
  || fail "tx send failed: $sent"
tx_id="$(jq -r .id <<<"$sent")"
[ "$(wallet 1 --json tx status "$tx_id" | jq -r .status)" = committed ] || fail "tx $tx_id not committed"
pass "participant.register committed through tfwallet ($tx_id)"

# The tx's inclusion proof verifies offline against the genesis; a tampered one fails.
out="$(wallet 1 proof verify "$tx_id" --genesis "$WORK/net/genesis.json" --save "$WORK/proof.json")" || fail "proof verify failed: $out"
grep -q "certified  by node1: 1 of 1 genesis validators" <<<"$out" || fail "proof report lacks the certificate: $out"
pass "proof verified: $(head -n 2 <<<"$out" | tail -n 1)"
jq '.tx.payload.name = "Mallory Exports"' "$WORK/proof.json" >"$WORK/bad-proof.json"
out="$(wallet 1 proof verify "$tx_id" --genesis "$WORK/net/genesis.json" --proof "$WORK/bad-proof.json" 2>&1)" && fail "tampered proof verified"
grep -q "Merkle path" <<<"$out" || fail "tampered proof refused without the reason: $out"
pass "tampered proof refused: $out"

# Metrics in Prometheus text format.
metrics="$(curl -sf "$(url_of 1)/metrics")" || fail "no /metrics"
for m in 'tfl_height 1' 'tfl_txs_committed_total 1' 'tfl_mempool_size 0' 'tfl_consensus_timeouts_total' \
         'tfl_http_requests_total{route="/api/v1/txs/{id}"' 'tfl_http_request_duration_seconds_bucket{route="/api/v1/status"'; do
  grep -qF "$m" <<<"$metrics" || fail "metrics lack $m"
done
# The register above read state: the store's cache answered those reads or sent them on.
cache_reads="$(awk '/^tfl_state_cache_(hits|misses)_total / {n += $2} END {print n + 0}' <<<"$metrics")"
[ "$cache_reads" -gt 0 ] || fail "metrics count no state reads: $(grep tfl_state_cache <<<"$metrics")"
grep -q '^tfl_state_cache_bytes [0-9]' <<<"$metrics" || fail "metrics lack tfl_state_cache_bytes"
pass "metrics served"

before="$(status_of 1)"
root_before="$(jq -r .state_root <<<"$before")"; height_before="$(jq -r .height <<<"$before")"

kill_node 1
start_node 1
after="$(status_of 1)"
[ "$(jq -r .state_root <<<"$after")" = "$root_before" ] || fail "state root changed across kill -9: $root_before → $(jq -r .state_root <<<"$after")"
[ "$(jq -r .height <<<"$after")" = "$height_before" ] || fail "height changed across kill -9"
[ "$(wallet 1 --json tx status "$tx_id" | jq -r .status)" = committed ] || fail "tx lost after restart"
[ "$(curl -sf "$(url_of 1)/api/v1/participants/acme" | jq -r .onboarded_by)" = bank1 ] || fail "acme lost after restart"
pass "after kill -9 and restart: height $height_before, state root $root_before, tx still committed"

# The same tx again (a replay), and another tx reusing the spent nonce, are refused
# with the reason in one line; the node stays up.
out="$(wallet 1 tx send --key bank1 --type participant.register --payload "$WORK/register.json" --nonce 0 2>&1)" && fail "replayed tx accepted"
[ "$(wc -l <<<"$out")" -eq 1 ] || fail "wallet error is not one line: $out"
grep -q "already committed" <<<"$out" || fail "replay refused without the reason: $out"
pass "replayed tx refused: $out"
sed 's/"acme"/"acme2"/' "$WORK/register.json" >"$WORK/register2.json"
out="$(wallet 1 tx send --key bank1 --type participant.register --payload "$WORK/register2.json" --nonce 0 2>&1)" && fail "spent nonce accepted"
grep -q "nonce 0 already spent" <<<"$out" || fail "spent nonce refused without the reason: $out"
pass "spent nonce refused: $out"
out="$(wallet 1 tx send --key bank1 --type participant.register --payload "$WORK/register2.json" --nonce 7 2>&1)" && fail "skipped nonce accepted"
grep -q "nonce 7 skips ahead" <<<"$out" || fail "skipped nonce refused without the reason: $out"
pass "skipped nonce refused: $out"
out="$(TFWALLET_HOME="$WORK/wallet" TFWALLET_PASSPHRASE=x "$TFWALLET" --node http://127.0.0.1:1 tx status "$tx_id" 2>&1)" && fail "unreachable node gave success"
[ "$(wc -l <<<"$out")" -eq 1 ] || fail "unreachable-node error is not one line: $out"
pass "unreachable node: $out"
kill -0 "${NODE_PIDS[1]}" || fail "node died"
