#!/usr/bin/env bash
# Bad input at every endpoint gets a 4xx with a JSON reason; the node stays up and
# nothing committed changes.
# Usage: http_bad_input.sh TFNODE TFWALLET
TFNODE="$1"; TFWALLET="$2"; BASE_PORT=7410
source "$(dirname "$0")/lib/cluster.bash"

make_testnet 1
start_node 1
U="$(url_of 1)"
root_before="$(status_of 1 | jq -r .state_root)"

# expect METHOD PATH STATUS [BODY|@FILE] — checks the status and a JSON error body.
expect() {
  local method="$1" path="$2" want="$3" body="${4:-}" out code
  if [ -n "$body" ]; then
    out="$(curl -s -o "$WORK/body" -w '%{http_code}' -X "$method" -H 'Content-Type: application/json' --data-binary "$body" "$U$path")"
  else
    out="$(curl -s -o "$WORK/body" -w '%{http_code}' -X "$method" "$U$path")"
  fi
  code="$out"
  [ "$code" = "$want" ] || fail "$method $path → $code, want $want: $(head -c 300 "$WORK/body")"
  jq -e '.error.code and .error.message' "$WORK/body" >/dev/null || fail "$method $path: no JSON error body: $(head -c 300 "$WORK/body")"
  echo "ok: $method $path → $code $(jq -c .error "$WORK/body" | head -c 160)"
}

head -c 1100000 /dev/zero | tr '\0' 'a' >"$WORK/big"
expect POST /api/v1/txs 400 '{"chain_id": '
expect POST /api/v1/txs 400 '[1,2,3]'
expect POST /api/v1/txs 400 '{"chain_id":"x","type":"participant.register","sender":"bank1","nonce":"zero","payload":{},"signatures":[]}'
expect POST /api/v1/txs 400 '{"type":"participant.register"}'
expect POST /api/v1/txs 400 '{"amount": 1.5}'
expect POST /api/v1/txs 400 '{"a":1,"a":2}'
expect POST /api/v1/txs 400 "$(printf '{"s":"\xc3\x28"}')"
expect POST /api/v1/txs 400 "$(printf '%0.s[' $(seq 1 200))"
expect POST /api/v1/txs 400 ''
expect POST /api/v1/txs 413 "@$WORK/big"
expect POST /api/v1/txs/batch 400 '{"not":"an array"}'
expect GET /api/v1/txs/xyz 400
expect GET /api/v1/txs/0000000000000000000000000000000000000000000000000000000000000000 404
expect GET "/api/v1/txs/0000000000000000000000000000000000000000000000000000000000000000/wait?timeout_ms=abc" 400
expect GET "/api/v1/txs/0000000000000000000000000000000000000000000000000000000000000000/wait?timeout_ms=999999999" 400
expect GET /api/v1/blocks/abc 400
expect GET /api/v1/blocks/99999 404
expect GET "/api/v1/blocks?limit=100000" 400
expect GET "/api/v1/blocks?from=-1" 400
expect GET /api/v1/participants/nobody 404
expect GET /api/v1/nothing-here 404
expect DELETE /api/v1/status 404
expect GET /api/v1/participants/Not_An_Id 400
expect GET "/api/v1/documents?limit=0" 400
expect GET "/api/v1/documents?party=NOT%20AN%20ID" 400
expect GET "/api/v1/documents/bad%20id" 400
expect GET /api/v1/documents/NO-SUCH-DOC 404
expect GET /api/v1/financings/NO-SUCH-FIN 404
expect GET "/api/v1/financings?limit=100000" 400
expect GET /api/v1/fingerprints/xyz 400
expect GET "/api/v1/fingerprints?seller=corp1" 400
expect GET "/api/v1/fingerprints?seller=corp1&buyer=corp2&currency=USD&amount=1.234&issue_date=2026-01-01" 400
expect GET "/api/v1/fingerprints?seller=corp1&buyer=corp2&currency=USD&amount=1.00&issue_date=2026-02-30" 400
expect GET /api/v1/lcs/NO-SUCH-LC 404
expect GET /api/v1/presentations/NO-SUCH 404
expect GET /api/v1/txs/0000000000000000000000000000000000000000000000000000000000000000/proof 404
expect GET "/p2p/v1/consensus?height=0" 400
expect POST /p2p/v1/consensus 400 '{"from":"x"}'
expect POST /p2p/v1/txs 400 'garbage'

# A signed tx for another chain, and one with a forged signature.
tx_other="$(jq -c '.chain_id = "other"' <<<'{"chain_id":"tfledger-testnet","type":"participant.register","sender":"bank1","nonce":0,"payload":{},"signatures":[{"key":"'$(printf '%064d' 0)'","sig":"'$(printf '%0128d' 0)'"}]}')"
expect POST /api/v1/txs 401 "$tx_other"

kill -0 "${NODE_PIDS[1]}" || fail "node died"
[ "$(status_of 1 | jq -r .state_root)" = "$root_before" ] || fail "state root changed"
[ "$(height_of 1)" = 0 ] || fail "a block was committed from bad input"
pass "node up, nothing committed"
