#!/usr/bin/env bash
# Bad input at every endpoint of docs/api.md (/api/v1 and /p2p/v1) gets a 4xx with a JSON
# reason — malformed and truncated JSON, wrong types, huge numbers and strings, deep
# nesting, unknown fields, invalid UTF-8, oversized bodies, replayed and out-of-order
# nonces, another chain's tx, a signature by the wrong key, an action by the wrong role —
# the node stays up and the committed chain (height, state root) does not change.
# The cases are tables: one line per case.
# Usage: http_bad_input.sh TFNODE TFWALLET   (TXGEN from ctest)
TFNODE="$1"; TFWALLET="$2"; BASE_PORT=7410
source "$(dirname "$0")/lib/cluster.bash"
: "${TXGEN:?}"

make_testnet 1
start_node 1
U="$(url_of 1)"
chain_id="$(status_of 1 | jq -r .chain_id)"
keys="$WORK/net/keys"
B="$WORK/bodies"; mkdir -p "$B"
pub="$(jq -r .public_key "$keys/corp1.json")"
reg() { printf '{"id":"%s","name":"Co","role":"corporate","keys":["%s"],"threshold":1}' "$1" "$pub"; }
# sign KEY NONCE PAYLOAD [txgen options…]: a signed participant.register
sign() { local key="$1" nonce="$2" payload="$3"; shift 3; "$TXGEN" --key "$keys/$key.json" --chain-id "${CHAIN:-$chain_id}" --type "${TYPE:-participant.register}" --nonce "$nonce" --payload "$payload" "$@"; }

# One committed tx, so that a nonce is spent and a tx can be replayed.
sign bank1 0 "$(reg co-zero)" >"$B/committed"
id="$(curl -sf -X POST -H 'Content-Type: application/json' --data-binary @"$B/committed" "$U/api/v1/txs" | jq -r .id)"
curl -sf "$U/api/v1/txs/$id/wait?timeout_ms=20000" | jq -e '.status == "committed"' >/dev/null || fail "setup tx did not commit"
height_before="$(height_of 1)"; root_before="$(status_of 1 | jq -r .state_root)"

# Bodies that do not fit on a line.
head -c 1100000 /dev/zero | tr '\0' 'a' >"$B/oversized"
head -c 900000 /dev/zero | tr '\0' 'a' | sed 's/^/{"s":"/; s/$/"}/' >"$B/huge_string"
printf '%0.s[' $(seq 1 100000) >"$B/deep_100k"
printf '%0.s{"a":' $(seq 1 70) >"$B/deep_obj"; printf '1' >>"$B/deep_obj"; printf '%0.s}' $(seq 1 70) >>"$B/deep_obj"
printf '{"s":"\xc3\x28"}' >"$B/bad_utf8_value"
printf '{"\xff":1}' >"$B/bad_utf8_key"
printf '{"s":"\xed\xa0\x80"}' >"$B/utf8_surrogate"
printf '\xef\xbb\xbf{}' >"$B/bom"
head -c 200 "$B/committed" >"$B/truncated_tx"
sign bank1 0 "$(reg co-replay)" >"$B/spent_nonce"
sign bank1 7 "$(reg co-future)" >"$B/future_nonce"
CHAIN=other-chain sign bank1 1 "$(reg co-other)" >"$B/other_chain"
sign corp1 1 "$(reg co-wrongkey)" --sender bank1 >"$B/wrong_key"
sign corp1 0 "$(reg co-wrongrole)" >"$B/wrong_role"
sign bank1 1 "$(reg co-tamper)" | sed 's/co-tamper/co-tampeX/' >"$B/tampered"
sign bank1 1 "$(reg co-extra)" | jq -c '. + {"extra": 1}' >"$B/unknown_field"
sign bank1 1 '{"id":"co-x","name":"Co","role":"corporate","keys":["'"$pub"'"],"threshold":1,"colour":"red"}' >"$B/unknown_payload_field"
sign bank1 1 '{"id":"co-x","name":"Co","role":"corporate","keys":["'"$pub"'"],"threshold":"1"}' >"$B/payload_wrong_type"
sign bank1 1 '{"id":"co-x","name":"Co","role":"corporate","keys":["'"$pub"'"],"threshold":9007199254740991}' >"$B/payload_huge_int"
sign bank1 1 "$(reg co-nosig)" | jq -c '.signatures = []' >"$B/no_signature"
sign bank1 1 "$(reg co-type)" | jq -c '.nonce = "1"' >"$B/nonce_string"
sign bank1 1 "$(reg co-neg)" | jq -c '.nonce = -1' >"$B/nonce_negative"
TYPE=participant.unheard_of sign bank1 1 "$(reg co-type)" >"$B/unknown_type"
vote() { jq -nc --arg v "$1" --arg s "$2" '{kind:"vote",type:"prevote",height:2,round:0,block_hash:"",validator:$v,sig:$s}'; }
printf '{"from":"x","items":[%s]}' "$(vote mallory "$(printf '%0128d' 0)")" >"$B/vote_non_validator"
printf '{"from":"x","items":[%s]}' "$(vote node1 "$(printf '%0128d' 0)")" >"$B/vote_forged"
printf '{"from":"x","items":[{"kind":"vote","type":"prevote","height":2,"round":0,"block_hash":"","validator":"node1","sig":"%s","extra":1}]}' "$(printf '%0128d' 0)" >"$B/vote_unknown_field"
printf '{"from":"x","items":[{"kind":"vote","type":"prevote","height":"2","round":0}]}' >"$B/vote_wrong_type"
printf '{"from":"x","items":[{"kind":"gossip"}]}' >"$B/unknown_kind"
printf '{"from":"x","items":[%s]}' "$(cat "$B/other_chain")" >"$B/p2p_other_chain"
printf '{"from":"x","items":[%s]}' "$(cat "$B/wrong_key")" >"$B/p2p_wrong_key"
printf '[%s,%s,%s,%s]' "$(cat "$B/spent_nonce")" "$(cat "$B/other_chain")" "$(cat "$B/wrong_role")" '{"a":1}' >"$B/batch_all_bad"
printf '[%s]' "$(printf '{},%.0s' $(seq 1 1001)){}" >"$B/batch_too_many"
LONG="$(head -c 9000 /dev/zero | tr '\0' a)"
H64="$(printf '%064d' 0)"

# expect METHOD PATH STATUS [BODY | @FILE] — the status and a JSON {"error": {code, message}}.
expect() {
  local method="$1" path="$2" want="$3" body="${4:-}" code args=(-s -m 20 -o "$WORK/reply" -w '%{http_code}' -X "$method")
  if [ -n "$body" ]; then
    args+=(-H 'Content-Type: application/json')
    if [ "${body:0:1}" = @ ]; then args+=(--data-binary "@$B/${body:1}"); else args+=(--data-binary "$body"); fi
  fi
  code="$(curl "${args[@]}" "$U$path")"
  [ "$code" = "$want" ] || fail "$method $path ${body:0:60} → $code, want $want: $(head -c 300 "$WORK/reply")"
  jq -e '.error.code and .error.message' "$WORK/reply" >/dev/null 2>&1 ||
    fail "$method $path ${body:0:60}: no JSON error body: $(head -c 300 "$WORK/reply")"
  echo "ok: $method ${path:0:70} ${body:0:30} → $code $(jq -c .error "$WORK/reply" | head -c 140)"
}
# expect_items PATH @FILE — a batch endpoint answers 2xx and accepts none of the items.
expect_items() {
  local path="$1" body="$2" code
  code="$(curl -s -m 20 -o "$WORK/reply" -w '%{http_code}' -X POST -H 'Content-Type: application/json' --data-binary "@$B/${body:1}" "$U$path")"
  [ "${code:0:1}" = 2 ] || fail "POST $path $body → $code: $(head -c 300 "$WORK/reply")"
  jq -e '.accepted == 0' "$WORK/reply" >/dev/null || fail "POST $path $body accepted an item: $(head -c 300 "$WORK/reply")"
  jq -e '(.results // []) | all(.status >= 400 and .status < 500 and .error.message)' "$WORK/reply" >/dev/null ||
    fail "POST $path $body: an item without a 4xx and a reason: $(head -c 300 "$WORK/reply")"
  echo "ok: POST $path $body → $code $(jq -c '.results // .refused' "$WORK/reply" | head -c 160)"
}

while read -r method path want body; do
  [ -z "$method" ] || [ "${method:0:1}" = "#" ] && continue
  expect "$method" "$path" "$want" "$body"
done <<EOF
# --- POST /api/v1/txs: the body
POST /api/v1/txs 400 {"chain_id":
POST /api/v1/txs 400 @truncated_tx
POST /api/v1/txs 400 [1,2,3]
POST /api/v1/txs 400 "a string"
POST /api/v1/txs 400 {"type":"participant.register"}
POST /api/v1/txs 400 {"amount": 1.5}
POST /api/v1/txs 400 {"amount": 1e400}
POST /api/v1/txs 400 {"amount": 18446744073709551616}
POST /api/v1/txs 400 {"amount": 9007199254740992}
POST /api/v1/txs 400 {"amount": -9223372036854775809}
POST /api/v1/txs 400 {"a":1,"a":2}
POST /api/v1/txs 400 @bad_utf8_value
POST /api/v1/txs 400 @bad_utf8_key
POST /api/v1/txs 400 @utf8_surrogate
POST /api/v1/txs 400 @bom
POST /api/v1/txs 400 @deep_100k
POST /api/v1/txs 400 @deep_obj
POST /api/v1/txs 413 @oversized
POST /api/v1/txs 400 @huge_string
POST /api/v1/txs 400 @unknown_field
POST /api/v1/txs 400 @unknown_type
POST /api/v1/txs 400 @nonce_string
POST /api/v1/txs 400 @nonce_negative
POST /api/v1/txs 400 @payload_wrong_type
POST /api/v1/txs 400 @payload_huge_int
POST /api/v1/txs 400 @unknown_payload_field
POST /api/v1/txs 401 @no_signature
POST /api/v1/txs 401 @tampered
POST /api/v1/txs 401 @other_chain
POST /api/v1/txs 401 @wrong_key
POST /api/v1/txs 409 @wrong_role
POST /api/v1/txs 409 @committed
POST /api/v1/txs 409 @spent_nonce
POST /api/v1/txs 409 @future_nonce
# --- POST /api/v1/txs/batch: the batch itself
POST /api/v1/txs/batch 400 {"not":"an array"}
POST /api/v1/txs/batch 400 [
POST /api/v1/txs/batch 400 @batch_too_many
POST /api/v1/txs/batch 413 @oversized
POST /api/v1/txs/batch 400 @deep_100k
# --- GET /api/v1/txs/{id}, …/wait, …/proof
GET /api/v1/txs/xyz 400
GET /api/v1/txs/${H64}0 400
GET /api/v1/txs/%C3%28 400
GET /api/v1/txs/$LONG 414
GET /api/v1/txs/$H64 404
GET /api/v1/txs/$H64/wait?timeout_ms=abc 400
GET /api/v1/txs/$H64/wait?timeout_ms=999999999 400
GET /api/v1/txs/$H64/wait?timeout_ms=-1 400
GET /api/v1/txs/$H64/wait?timeout_ms=1e400 400
GET /api/v1/txs/$H64/wait?timeout_ms=18446744073709551616 400
GET /api/v1/txs/xyz/wait 400
GET /api/v1/txs/$H64/proof 404
GET /api/v1/txs/zz/proof 400
# --- blocks
GET /api/v1/blocks/abc 400
GET /api/v1/blocks/0 400
GET /api/v1/blocks/-1 400
GET /api/v1/blocks/99999 404
GET /api/v1/blocks/18446744073709551616 400
GET /api/v1/blocks/$H64 404
GET /api/v1/blocks?limit=100000 400
GET /api/v1/blocks?limit=0 400
GET /api/v1/blocks?limit=1.5 400
GET /api/v1/blocks?from=-1 400
GET /api/v1/blocks?view=txs 400
GET /api/v1/blocks?from=%C3%28 400
# --- participants
GET /api/v1/participants/nobody 404
GET /api/v1/participants/Not_An_Id 400
GET /api/v1/participants/%C3%28 400
GET /api/v1/participants?limit=0 400
GET /api/v1/participants?limit=99999999999999999999 400
GET /api/v1/participants?role=%C3%28 400
GET /api/v1/participants?after=%FF 400
GET /api/v1/participants?after=$LONG 414
# --- documents, financings, fingerprints, LCs, presentations
GET /api/v1/documents?limit=0 400
GET /api/v1/documents?party=NOT%20AN%20ID 400
GET /api/v1/documents?after=bad%20id 400
GET /api/v1/documents?type=%C3%28 400
GET /api/v1/documents/bad%20id 400
GET /api/v1/documents/%C3%28 400
GET /api/v1/documents/NO-SUCH-DOC 404
GET /api/v1/financings/NO-SUCH-FIN 404
GET /api/v1/financings/bad%20id 400
GET /api/v1/financings?limit=100000 400
GET /api/v1/financings?status=%FF 400
GET /api/v1/fingerprints/xyz 400
GET /api/v1/fingerprints/${H64}00 400
GET /api/v1/fingerprints?seller=corp1 400
GET /api/v1/fingerprints?seller=%C3%28&buyer=corp2&number=1 400
GET /api/v1/fingerprints?seller=corp1&buyer=corp2&currency=USD&amount=1.234&issue_date=2026-01-01 400
GET /api/v1/fingerprints?seller=corp1&buyer=corp2&currency=USD&amount=1e400&issue_date=2026-01-01 400
GET /api/v1/fingerprints?seller=corp1&buyer=corp2&currency=USD&amount=99999999999999999999.00&issue_date=2026-01-01 400
GET /api/v1/fingerprints?seller=corp1&buyer=corp2&currency=USD&amount=1.00&issue_date=2026-02-30 400
GET /api/v1/fingerprints?carrier=corp1 400
GET /api/v1/fingerprints?carrier=NOT%20ID&bl_number=1 400
GET /api/v1/lcs/NO-SUCH-LC 404
GET /api/v1/lcs/bad%20id 400
GET /api/v1/lcs?party=%C3%28 400
GET /api/v1/presentations/NO-SUCH 404
GET /api/v1/presentations/bad%20id 400
# --- routes, methods and media types
GET /api/v1/nothing-here 404
DELETE /api/v1/status 404
PUT /api/v1/txs 404 {}
POST /api/v1/status 404 {}
POST /api/v1/evidence 404 {}
# --- peer endpoints
GET /p2p/v1/consensus?height=0 400
GET /p2p/v1/consensus?height=abc 400
GET /p2p/v1/consensus?height=1&round=-1 400
GET /p2p/v1/consensus?height=1&round=1e400 400
GET /p2p/v1/blocks?from=0 400
GET /p2p/v1/blocks?from=abc 400
GET /p2p/v1/blocks?limit=0 400
GET /p2p/v1/blocks?from=18446744073709551616 400
POST /p2p/v1/consensus 400 {"from":"x"}
POST /p2p/v1/consensus 400 {"from":"x","items":{}}
POST /p2p/v1/consensus 400 {"from":"x","items":[],"extra":1}
POST /p2p/v1/consensus 400 {"from":"x","items":[
POST /p2p/v1/consensus 400 @deep_100k
POST /p2p/v1/consensus 400 @bad_utf8_value
POST /p2p/v1/txs 400 garbage
POST /p2p/v1/txs 400 {"from":"x","items":"no"}
POST /p2p/v1/txs 400 @deep_100k
EOF

# A POST body must be JSON and say so.
code="$(curl -s -o "$WORK/reply" -w '%{http_code}' -X POST --data-binary @"$B/committed" "$U/api/v1/txs")"
[ "$code" = 415 ] && jq -e '.error.code == "unsupported_media_type"' "$WORK/reply" >/dev/null || fail "form-encoded POST → $code"
pass "POST without Content-Type: application/json → 415"

# Batch endpoints answer per item: every item refused, each with a 4xx and a reason.
while read -r path body; do
  [ -z "$path" ] || [ "${path:0:1}" = "#" ] && continue
  expect_items "$path" "$body"
done <<EOF
/api/v1/txs/batch @batch_all_bad
/p2p/v1/consensus @vote_non_validator
/p2p/v1/consensus @vote_forged
/p2p/v1/consensus @vote_unknown_field
/p2p/v1/consensus @vote_wrong_type
/p2p/v1/consensus @unknown_kind
/p2p/v1/txs @p2p_other_chain
/p2p/v1/txs @p2p_wrong_key
EOF

kill -0 "${NODE_PIDS[1]}" || fail "node died"
[ "$(height_of 1)" = "$height_before" ] || fail "a block was committed from bad input ($height_before → $(height_of 1))"
[ "$(status_of 1 | jq -r .state_root)" = "$root_before" ] || fail "state root changed"
[ "$(status_of 1 | jq -r .mempool_size)" = 0 ] || fail "a bad tx reached the mempool"
pass "node up; height $height_before and state root unchanged; mempool empty"
