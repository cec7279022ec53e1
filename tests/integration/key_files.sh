#!/usr/bin/env bash
# Node key files: `tfnode testnet` writes every key 0600 in a 0700 keys/ directory;
# `tfnode run` refuses a validator key that group or others may read, naming the chmod
# that fixes it, and starts once it is 0600. No secret key and no passphrase reaches the
# node's log or the wallet's output, also when the passphrase is wrong.
# Usage: key_files.sh TFNODE TFWALLET
TFNODE="$1"; TFWALLET="$2"; BASE_PORT=7640
source "$(dirname "$0")/lib/cluster.bash"

make_testnet 1
key="$WORK/net/node1/validator_key.json"
[ "$(stat -c %a "$WORK/net/keys")" = 700 ] || fail "keys/ is not mode 0700"
for f in "$key" "$WORK"/net/keys/*.json; do
  [ "$(stat -c %a "$f")" = 600 ] || fail "$f is mode $(stat -c %a "$f"), not 0600"
done

for mode in 644 640 604; do
  chmod "$mode" "$key"
  if out="$(timeout 20 "$TFNODE" run --home "$WORK/net/node1" 2>&1)"; then fail "tfnode ran with a $mode key file"; fi
  [ "$out" = "tfnode: key file $key is readable by others; run: chmod 600 $key" ] || fail "refusal of a $mode key file: $out"
done
curl -sf --max-time 2 "$(url_of 1)/api/v1/status" >/dev/null && fail "a node answers although its key was refused"
[ -e "$WORK/net/node1/data" ] && fail "the refused node created its data directory"
chmod 600 "$key"
start_node 1

# A tx signed through the wallet under a distinctive passphrase, then a wrong one.
pass="kf-Passphrase-$$-$RANDOM"
w() { TFWALLET_HOME="$WORK/wallet" TFWALLET_PASSPHRASE="$1" "$TFWALLET" --node "$(url_of 1)" "${@:2}"; }
w "$pass" key import bank1 "$WORK/net/keys/bank1.json" >"$WORK/wallet-import.out" 2>&1 || fail "key import: $(cat "$WORK/wallet-import.out")"
pub="$(jq -r .public_key "$WORK/net/keys/corp1.json")"
printf '{"id":"kf-c1","name":"Key File Co","role":"corporate","keys":["%s"],"threshold":1}' "$pub" >"$WORK/reg.json"
w "$pass" --json tx send --key bank1 --type participant.register --payload "$WORK/reg.json" >"$WORK/wallet-send.out" 2>&1 \
  || fail "tx send: $(cat "$WORK/wallet-send.out")"
[ "$(jq -r .status "$WORK/wallet-send.out")" = committed ] || fail "tx not committed: $(cat "$WORK/wallet-send.out")"
if w "wrong-$pass" tx send --key bank1 --type participant.register --payload "$WORK/reg.json" >"$WORK/wallet-wrong.out" 2>&1; then
  fail "a wrong passphrase unlocked the key"
fi
grep -q "wrong passphrase" "$WORK/wallet-wrong.out" || fail "wrong passphrase not reported: $(cat "$WORK/wallet-wrong.out")"

secrets=("$pass" "$(jq -r .secret_key "$key")" "$(jq -r .secret_key "$key" | cut -c1-64)"
         "$(jq -r .secret_key "$WORK/net/keys/bank1.json" | cut -c1-64)")
for s in "${secrets[@]}"; do
  for f in "$WORK/node1.log" "$WORK"/wallet-*.out; do
    grep -qF -- "$s" "$f" && fail "a secret (${s:0:6}…) appears in $f"
  done
  grep -rqF -- "$s" "$WORK/wallet" && fail "a secret (${s:0:6}…) appears in clear in the wallet's keystore"
done
pass "0644/0640/0604 validator keys refused with the chmod, 0600 accepted; no secret or passphrase in the log, the wallet's output or its keystore"
