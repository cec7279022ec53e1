#!/usr/bin/env bash
# scripts/cluster, as the README's tour uses it: up, a committed tx, status showing each
# node's real height and head, down --wipe.
# Usage: cluster_script.sh TFNODE TFWALLET
TFNODE="$1"; TFWALLET="$2"; BASE_PORT=7670
source "$(dirname "$0")/lib/cluster.bash"
root="$(cd "$(dirname "$0")/../.." && pwd)"
export TFL_VAR="$WORK/var" TFL_BASE_PORT="$BASE_PORT" TFL_BUILD="$(dirname "$(dirname "$TFNODE")")"
cluster() { "$root/scripts/cluster" "$@"; }
trap 'cluster down --wipe >/dev/null 2>&1 || true; cleanup' EXIT

cluster up 2 >/dev/null || fail "cluster up 2 failed"
pass "cluster up 2"
u="$(url_of 1)"
wallet 1 key import bank1 "$TFL_VAR/testnet/keys/bank1.json" >/dev/null || fail "wallet key import"
pub="$(jq -r .public_key "$TFL_VAR/testnet/keys/corp1.json")"
printf '{"id":"tour-co","name":"Tour Co","role":"corporate","keys":["%s"],"threshold":1}' "$pub" >"$WORK/p.json"
wallet 1 tx send --key bank1 --type participant.register --payload "$WORK/p.json" >/dev/null ||
  fail "a tx through the cluster was not committed"
height="$(curl -sf "$u/api/v1/status" | jq .height)"
head="$(curl -sf "$u/api/v1/status" | jq -r '.head_hash[0:16]')"
status="$(cluster status)"
echo "$status"
grep -Eq "^node1 +[0-9]+ +$u +$height +$head +0" <<<"$status" || fail "status does not show node1 at height $height, head $head"
pass "status shows each node's height ($height) and head"
cluster down --wipe >/dev/null
[ ! -d "$TFL_VAR" ] || fail "down --wipe left $TFL_VAR"
pass "down --wipe"
