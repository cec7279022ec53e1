#!/usr/bin/env bash
# The real tfwallet against a real tfnode on 127.0.0.1 (DESIGN §9).
#
#   wallet_cli_test.sh TFNODE TFWALLET BASE_PORT
#
# Makes a one-validator testnet in a temp dir (validator on BASE_PORT+1), starts tfnode
# in the background (killed on exit), imports the testnet keys into an encrypted
# keystore and checks: a participant.register commits and `tx status` says so; a
# threshold-2 participant acts only with both officers' keys (repeated --key); bad
# arguments, an unreachable node, a replayed nonce and a wrong passphrase each give one
# line on stderr and a non-zero exit; decimal amounts reach the ledger as exact minor
# units; a sealed attachment opens for a party and not for anyone else; a second
# financing of one invoice is refused with the reason. Every step is bounded by a timeout.
set -u -o pipefail

TFNODE=${1:?usage: wallet_cli_test.sh TFNODE TFWALLET BASE_PORT}
TFWALLET=${2:?usage: wallet_cli_test.sh TFNODE TFWALLET BASE_PORT}
BASE_PORT=${3:?usage: wallet_cli_test.sh TFNODE TFWALLET BASE_PORT}
NODE="http://127.0.0.1:$((BASE_PORT + 1))"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/tfwallet-cli.XXXXXX")
NODE_PID=""
cleanup() {
  if [[ -n "$NODE_PID" ]]; then
    kill "$NODE_PID" 2>/dev/null
    wait "$NODE_PID" 2>/dev/null
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

export TFWALLET_HOME="$WORK/wallet"
export TFWALLET_PASSPHRASE="integration passphrase"
unset TFLEDGER_NODE

fail() {
  echo "FAIL: $*" >&2
  if [[ -f "$WORK/node.log" ]]; then
    echo "--- node log (last 20 lines) ---" >&2
    tail -n 20 "$WORK/node.log" >&2
  fi
  exit 1
}

# tfwallet against the test node, bounded in time; stdout in $OUT, stderr in $ERR, exit in $RC.
wallet() {
  timeout 60 "$TFWALLET" --node "$NODE" "$@" >"$WORK/out" 2>"$WORK/err"
  RC=$?
  OUT=$(cat "$WORK/out")
  ERR=$(cat "$WORK/err")
}

expect_ok() {
  wallet "$@"
  [[ $RC -eq 0 ]] || fail "tfwallet $* exited $RC: $ERR"
}

# expect_error EXIT PATTERN ARGS...: exit status EXIT and exactly one stderr line
# "tfwallet: ..." containing PATTERN.
expect_error() {
  local want=$1 pattern=$2
  shift 2
  wallet "$@"
  [[ $RC -eq $want ]] || fail "tfwallet $* exited $RC, want $want (stderr: $ERR)"
  [[ $(wc -l <"$WORK/err") -eq 1 ]] || fail "tfwallet $* wrote $(wc -l <"$WORK/err") lines to stderr: $ERR"
  [[ $ERR == "tfwallet: "* ]] || fail "tfwallet $* stderr does not start with 'tfwallet: ': $ERR"
  [[ $ERR == *"$pattern"* ]] || fail "tfwallet $* stderr lacks '$pattern': $ERR"
}

expect_out() {
  [[ $OUT == *"$1"* ]] || fail "output lacks '$1': $OUT"
}

# The 64-hex tx id in a --json tx view.
tx_id_of() {
  grep -oE '"id": "[0-9a-f]{64}"' <<<"$1" | head -n 1 | cut -d'"' -f4
}

echo "== testnet and node on $NODE"
timeout 30 "$TFNODE" testnet --validators 1 --corporates 2 --out "$WORK/net" --base-port "$BASE_PORT" \
  >"$WORK/testnet.log" 2>&1 || fail "tfnode testnet: $(cat "$WORK/testnet.log")"
"$TFNODE" run --home "$WORK/net/node1" >"$WORK/node.log" 2>&1 &
NODE_PID=$!
ready=0
for _ in $(seq 1 100); do
  kill -0 "$NODE_PID" 2>/dev/null || fail "tfnode exited during start-up"
  if timeout 5 "$TFWALLET" --node "$NODE" status >/dev/null 2>&1; then
    ready=1
    break
  fi
  sleep 0.1
done
[[ $ready -eq 1 ]] || fail "tfnode did not answer on $NODE within 10 s"

echo "== keys"
for id in bank1 bank2 corp1 corp2; do
  expect_ok key import "$id" "$WORK/net/keys/$id.json"
done
expect_ok key list
expect_out "corp2"
[[ $(stat -c %a "$TFWALLET_HOME/keys/bank1.json") == 600 ]] || fail "key file is not mode 0600"
expect_ok --json key new newco --id newco-a --role corporate
NEWCO_KEY=$(grep -oE '"public_key": "[0-9a-f]{64}"' <<<"$OUT" | cut -d'"' -f4)
[[ -n $NEWCO_KEY ]] || fail "key new printed no public key: $OUT"
expect_ok key show newco
expect_out "$NEWCO_KEY"
grep -q secret_key <<<"$OUT" && fail "key show printed a secret: $OUT"

echo "== participant.register commits"
expect_ok --json participant register --key bank1 --id newco-a --name "New Co Ltd" --role corporate \
  --pubkey "$NEWCO_KEY" --credit-limit 250000.00 --currency USD --timeout-ms 20000
REGISTER_TX=$(tx_id_of "$OUT")
[[ -n $REGISTER_TX ]] || fail "no tx id in: $OUT"
expect_out '"status": "committed"'
expect_ok tx status "$REGISTER_TX"
expect_out "committed newco-a in block"
expect_ok tx wait "$REGISTER_TX" --timeout-ms 1000
expect_ok --json participant show newco-a
expect_out '"amount": 25000000'
expect_out '"onboarded_by": "bank1"'

echo "== tx send with a payload file"
cat >"$WORK/register.json" <<EOF
{"id": "other-co", "name": "Other Co", "role": "corporate", "keys": ["$NEWCO_KEY"], "threshold": 1}
EOF
expect_ok tx send --key bank1 --type participant.register --payload "$WORK/register.json" --timeout-ms 20000
expect_out "committed other-co in block"

echo "== maker-checker: a threshold of 2 needs both officers' keys"
expect_ok --json key new officer1 --id twokey-co
OFFICER1=$(grep -oE '"public_key": "[0-9a-f]{64}"' <<<"$OUT" | cut -d'"' -f4)
expect_ok --json key new officer2 --id twokey-co
OFFICER2=$(grep -oE '"public_key": "[0-9a-f]{64}"' <<<"$OUT" | cut -d'"' -f4)
expect_ok participant register --key bank1 --id twokey-co --name "Two Key Co" --role corporate \
  --pubkey "$OFFICER1" --pubkey "$OFFICER2" --threshold 2
expect_error 1 "needs 2 signatures" participant update-keys --key officer1 --pubkey "$OFFICER1" --pubkey "$OFFICER2" \
  --threshold 2
expect_ok participant update-keys --key officer1 --key officer2 --pubkey "$OFFICER1" --pubkey "$OFFICER2" \
  --threshold 2
expect_out "committed participant.update_keys in block"

echo "== refusals: one line, non-zero, the reason"
cat >"$WORK/replay.json" <<EOF
{"id": "third-co", "name": "Third Co", "role": "corporate", "keys": ["$NEWCO_KEY"], "threshold": 1}
EOF
expect_error 1 "nonce" tx send --key bank1 --type participant.register --payload "$WORK/replay.json" --nonce 0
TFWALLET_PASSPHRASE=wrong expect_error 1 "wrong passphrase for key bank1" \
  tx send --key bank1 --type participant.register --payload "$WORK/replay.json"
expect_error 1 "cannot read" tx send --key bank1 --type participant.register --payload "$WORK/missing.json"
expect_error 1 "no tx" tx status "$(printf 'ab%.0s' $(seq 1 32))"

echo "== bad arguments: one line, exit 2"
expect_error 2 "--key is required" tx send --type participant.register --payload "$WORK/replay.json"
expect_error 2 "" --no-such-flag status
expect_error 2 "doc needs a verb" doc
expect_error 2 "must be 64 lowercase hex digits" tx status 1234
expect_error 2 '--amount "12,500.00"' doc issue --key corp2 --type commercial_invoice --id INV-9 --number 9 \
  --issue-date 2026-03-01 --buyer corp1 --seller corp2 --currency USD --amount 12,500.00
expect_error 2 "--issue-date" doc issue --key corp2 --type commercial_invoice --id INV-9 --number 9 \
  --issue-date 2026-02-30 --buyer corp1 --seller corp2 --currency USD --amount 1.00

echo "== unreachable node: one line, exit 1"
timeout 30 "$TFWALLET" --node http://127.0.0.1:1 tx status "$REGISTER_TX" >"$WORK/out" 2>"$WORK/err"
RC=$?
[[ $RC -eq 1 ]] || fail "unreachable node: exit $RC, want 1"
[[ $(wc -l <"$WORK/err") -eq 1 ]] || fail "unreachable node: more than one line: $(cat "$WORK/err")"
grep -q "^tfwallet: cannot reach node at http://127.0.0.1:1: " "$WORK/err" ||
  fail "unreachable node: $(cat "$WORK/err")"

echo "== trade: decimal amounts, sealed attachment, duplicate financing"
expect_ok doc issue --key corp1 --type purchase_order --id PO-1 --number PO-2026-1 --issue-date 2026-03-01 \
  --buyer corp1 --seller corp2 --currency USD --amount 20000.00
expect_ok doc accept --key corp2 --id PO-1
printf 'Commercial invoice INV-2026-1: 500 cartons of tea, FOB Shanghai\n' >"$WORK/invoice.txt"
expect_ok doc issue --key corp2 --type commercial_invoice --id INV-1 --number INV-2026-1 --issue-date 2026-03-05 \
  --buyer corp1 --seller corp2 --currency USD --amount 12500.00 --ref PO-1 --field incoterms=FOB \
  --attach "$WORK/invoice.txt"
expect_out "committed INV-1 in block"
inv_height="$(grep -oE 'committed INV-1 in block [0-9]+' <<<"$OUT" | grep -oE '[0-9]+$')"
expect_ok --json doc show INV-1
expect_out '"amount": 1250000'
# The history says when: the height and time of the block of each entry's tx.
jq -e --argjson h "$inv_height" '.history[0] | .event == "issued" and .height == $h and (.time | test("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z$"))' \
  <<<"$OUT" >/dev/null || fail "INV-1's history lacks the block's height $inv_height and time: $OUT"
expect_ok doc show INV-1
expect_out "12500.00 USD"
expect_ok doc accept --key corp1 --id INV-1
expect_ok doc open --key corp1 --id INV-1 --out "$WORK/opened.txt"
cmp -s "$WORK/invoice.txt" "$WORK/opened.txt" || fail "doc open returned other bytes than were attached"
expect_error 1 "not sealed to bank1" doc open --key bank1 --id INV-1
expect_ok finance request --key corp2 --id FIN-1 --doc INV-1 --bank bank1 --amount 10000.00 --currency USD
expect_error 1 "FIN-1" finance request --key corp2 --id FIN-2 --doc INV-1 --bank bank2 --amount 10000.00 --currency USD
expect_ok finance approve --key bank1 --id FIN-1 --amount 9500.00 --rate-bps 450 --due-date 2027-06-30
expect_ok --json finance show FIN-1
expect_out '"rate_bps": 450'
expect_out '"amount": 950000'

kill -0 "$NODE_PID" 2>/dev/null || fail "tfnode died during the test"
echo "PASS: wallet_cli"
