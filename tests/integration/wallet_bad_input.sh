#!/usr/bin/env bash
# Bad input at every tfwallet verb (DESIGN §9): missing and malformed flags, huge numbers
# and strings, invalid UTF-8, bad files, unknown records, replayed and out-of-order nonces,
# a key that is not the sender's, an action by the wrong role. Each gives one line on
# stderr ("tfwallet: …") and a non-zero exit (2: bad arguments, 1: refused or failed), and
# the committed chain does not change. One line per case: EXIT|PATTERN|ARGS.
# Usage: wallet_bad_input.sh TFNODE TFWALLET
TFNODE="$1"; TFWALLET="$2"; BASE_PORT=7610
source "$(dirname "$0")/lib/cluster.bash"

make_testnet 1
start_node 1
import_keys
PUB="$(jq -r .public_key "$WORK/net/keys/corp1.json")"
H64="$(printf '%064d' 0)"
BAD_UTF8=$'\xc3\x28'
HUGE="$(head -c 100000 /dev/zero | tr '\0' a)"
printf '{"id": ' >"$WORK/truncated.json"
printf '[1,2]' >"$WORK/array.json"
printf '%0.s[' $(seq 1 100000) >"$WORK/deep.json"
printf '{"s":"\xc3\x28"}' >"$WORK/bad_utf8.json"
printf '{"a":1e400}' >"$WORK/huge_number.json"
printf 'not a key' >"$WORK/garbage.json"; chmod 600 "$WORK/garbage.json"
printf '{"id":"corp1","name":"x","role":"corporate","keys":["%s"],"threshold":1,"colour":"red"}' "$PUB" >"$WORK/unknown_field.json"
printf 'hello' >"$WORK/attachment.txt"

# One committed tx: bank1's nonce 0 is spent.
wallet 1 participant register --key bank1 --id acme --name "Acme" --role corporate --pubkey "$PUB" >/dev/null ||
  fail "setup: participant register failed"
height_before="$(height_of 1)"; root_before="$(status_of 1 | jq -r .state_root)"

DOC="--type commercial_invoice --id INV-9 --number 9 --issue-date 2026-03-01 --buyer corp1 --seller corp2 --currency USD"
cases=0
while IFS='|' read -r want pattern args; do
  [ -z "$want" ] || [ "${want:0:1}" = "#" ] && continue
  eval "set -- $args"
  rc=0
  TFWALLET_HOME="$WORK/wallet" TFWALLET_PASSPHRASE="it-pass" timeout 60 "$TFWALLET" --node "$(url_of 1)" "$@" \
    >"$WORK/out" 2>"$WORK/err" || rc=$?
  err="$(cat "$WORK/err")"
  [ "$rc" = "$want" ] || fail "tfwallet $args: exit $rc, want $want; stderr: ${err:0:300}"
  [ "$(wc -l <"$WORK/err")" = 1 ] || fail "tfwallet $args: $(wc -l <"$WORK/err") lines on stderr: ${err:0:300}"
  [[ $err == "tfwallet: "* ]] || fail "tfwallet $args: stderr does not start with 'tfwallet: ': ${err:0:300}"
  [[ $err == *"$pattern"* ]] || fail "tfwallet $args: stderr lacks '$pattern': ${err:0:300}"
  echo "ok: ${args:0:90} → $rc ${err:0:110}"
  cases=$((cases + 1))
done <<'EOF'
# --- key
2|--id is required|key new k1
2|participant id|key new k1 --id BAD_ID
2|role|key new k1 --id x1 --role pirate
1|cannot read|key import k1 /nonexistent.json
1||key import k1 "$WORK/garbage.json"
1|no key|key show nosuch
# --- participant
2|--key is required|participant register --id newco --name N --role corporate --pubkey "$PUB"
2||participant register --key bank1 --id BAD_ID --name N --role corporate --pubkey "$PUB"
2|role|participant register --key bank1 --id newco --name N --role pirate --pubkey "$PUB"
2|pubkey|participant register --key bank1 --id newco --name N --role corporate --pubkey zz
2|threshold|participant register --key bank1 --id newco --name N --role corporate --pubkey "$PUB" --threshold 99999999999999999999
2||participant register --key bank1 --id newco --name N --role corporate --pubkey "$PUB" --credit-limit 1e400 --currency USD
2|longer than|participant register --key bank1 --id newco --name "$HUGE" --role corporate --pubkey "$PUB"
2|UTF-8|participant register --key bank1 --id newco --name "$BAD_UTF8" --role corporate --pubkey "$PUB"
1|nonce|participant register --key bank1 --id newco --name N --role corporate --pubkey "$PUB" --nonce 0
1|nonce|participant register --key bank1 --id newco --name N --role corporate --pubkey "$PUB" --nonce 7
2|--nonce|participant register --key bank1 --id newco --name N --role corporate --pubkey "$PUB" --nonce 18446744073709551616
1||participant register --key corp1 --id newco --name N --role corporate --pubkey "$PUB" --sender bank1
1||participant register --key corp1 --id newco --name N --role corporate --pubkey "$PUB"
1|already|participant register --key bank1 --id acme --name N --role corporate --pubkey "$PUB"
2|pubkey|participant update-keys --key corp1 --pubkey zz
2|--threshold|participant update-keys --key corp1 --pubkey "$PUB" --threshold 5
1|no participant|participant show nobody
2||participant show NOT_AN_ID
# --- doc
2|--amount|doc issue --key corp2 $DOC --amount 1e400
2|--amount|doc issue --key corp2 $DOC --amount 99999999999999999999.00
2|--amount|doc issue --key corp2 $DOC --amount -5.00
2|--issue-date|doc issue --key corp2 --type commercial_invoice --id INV-9 --number 9 --issue-date 2026-13-01 --buyer corp1 --seller corp2
2|--field|doc issue --key corp2 $DOC --amount 1.00 --field noequals
2|type|doc issue --key corp2 --type pirate_map --id INV-9 --number 9 --issue-date 2026-03-01 --buyer corp1 --seller corp2
1|cannot read|doc issue --key corp2 $DOC --amount 1.00 --attach /nonexistent
1||doc issue --key corp2 --type commercial_invoice --id INV-9 --number 9 --issue-date 2026-03-01 --buyer nobody --seller corp2 --currency USD --amount 1.00
2|--id|doc issue --key corp2 --type commercial_invoice --id "bad id" --number 9 --issue-date 2026-03-01 --buyer corp1 --seller corp2 --currency USD --amount 1.00
2|UTF-8|doc issue --key corp2 $DOC --amount 1.00 --field "note=$BAD_UTF8"
1||doc accept --key corp1 --id NO-SUCH
1||doc reject --key corp1 --id NO-SUCH
1||doc surrender --key corp1 --id NO-SUCH
1||doc amend --key corp1 --id NO-SUCH --number 2
1||doc transfer --key corp1 --id NO-SUCH --to corp2
1||doc open --key corp1 --id NO-SUCH
1|no document|doc show NO-SUCH
1|participant id|doc list --party NOT_AN_ID
# --- finance
1||finance request --key corp2 --id FIN-9 --doc NO-SUCH --bank bank1 --amount 1.00 --currency USD
2|--amount|finance request --key corp2 --id FIN-9 --doc INV-1 --bank bank1 --amount 1,00 --currency USD
1||finance approve --key corp1 --id NO-SUCH --amount 1.00 --currency USD --rate-bps 450 --due-date 2027-01-01
2|--rate-bps|finance approve --key bank1 --id NO-SUCH --amount 1.00 --currency USD --rate-bps abc --due-date 2027-01-01
2|--due-date|finance approve --key bank1 --id NO-SUCH --amount 1.00 --currency USD --rate-bps 450 --due-date 2027-02-30
1||finance reject --key bank1 --id NO-SUCH
1||finance disburse --key bank1 --id NO-SUCH
1||finance repay --key corp1 --id NO-SUCH
1||finance cancel --key corp1 --id NO-SUCH
1|no financing|finance show NO-SUCH
# --- lc
1||lc issue --key corp1 --id LC-9 --applicant corp1 --beneficiary corp2 --advising-bank bank1 --currency USD --amount 1.00 --expiry-date 2027-01-01 --latest-shipment-date 2026-12-01 --required-doc commercial_invoice --goods tea
2|--expiry-date|lc issue --key bank1 --id LC-9 --applicant corp1 --beneficiary corp2 --advising-bank bank1 --currency USD --amount 1.00 --expiry-date 2027-99-01 --latest-shipment-date 2026-12-01 --required-doc commercial_invoice --goods tea
2|--amount|lc issue --key bank1 --id LC-9 --applicant corp1 --beneficiary corp2 --advising-bank bank1 --currency USD --amount 1e400 --expiry-date 2027-01-01 --latest-shipment-date 2026-12-01 --required-doc commercial_invoice --goods tea
1||lc amend --key bank1 --id NO-SUCH --amendment-id AM-1 --amount 1.00 --currency USD
1||lc accept-amendment --key corp2 --id NO-SUCH --amendment-id AM-1
1||lc advise --key bank1 --id NO-SUCH
1||lc present --key corp2 --id PRES-9 --lc NO-SUCH --doc INV-1 --amount 1.00 --currency USD
1||lc honour --key bank1 --id NO-SUCH
1||lc refuse --key bank1 --id NO-SUCH
1||lc waive --key corp1 --id NO-SUCH
1||lc show NO-SUCH
1||lc presentation NO-SUCH
# --- tx
1|cannot read|tx send --key bank1 --type participant.register --payload /nonexistent.json
1||tx send --key bank1 --type participant.register --payload "$WORK/truncated.json"
1||tx send --key bank1 --type participant.register --payload "$WORK/array.json"
1||tx send --key bank1 --type participant.register --payload "$WORK/deep.json"
1||tx send --key bank1 --type participant.register --payload "$WORK/bad_utf8.json"
1||tx send --key bank1 --type participant.register --payload "$WORK/huge_number.json"
1||tx send --key bank1 --type participant.register --payload "$WORK/unknown_field.json"
1||tx send --key bank1 --type no.such.type --payload "$WORK/unknown_field.json"
2|64 lowercase hex|tx status zz
2|64 lowercase hex|tx wait zz
1|no tx|tx status $H64
2||tx wait $H64 --timeout-ms -1
# --- proof, node URL
2||proof verify zz
1||proof verify $H64 --genesis "$WORK/net/genesis.json"
1||proof verify $H64 --genesis /nonexistent.json
1||proof verify $H64 --genesis "$WORK/net/genesis.json" --proof "$WORK/garbage.json"
2|--timeout-ms|participant register --key bank1 --id newco --name N --role corporate --pubkey "$PUB" --timeout-ms -5
EOF

kill -0 "${NODE_PIDS[1]}" || fail "node died"
[ "$(height_of 1)" = "$height_before" ] || fail "a block was committed ($height_before → $(height_of 1))"
[ "$(status_of 1 | jq -r .state_root)" = "$root_before" ] || fail "state root changed"
pass "$cases wallet cases refused with one line and a non-zero exit; height $height_before and state root unchanged"
