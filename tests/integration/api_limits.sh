#!/usr/bin/env bash
# Limits of the public API (docs/operations.md): a full mempool answers 429 "mempool is
# full"; a client over its rate gets 429 with Retry-After and a JSON reason while other
# clients and the peer endpoints go on; a client holding more connections than the per-IP
# cap gets 429 for the extra ones; slow clients (a byte a second, never reading) are cut
# after the request deadline, and meanwhile the node answers everyone else.
# The limits apply to loopback here because the config says so (api_limit_loopback).
# Usage: api_limits.sh TFNODE TFWALLET   (TXGEN from ctest)
TFNODE="$1"; TFWALLET="$2"; BASE_PORT=7600
source "$(dirname "$0")/lib/cluster.bash"
: "${TXGEN:?}"
SLOW=30

# Two validators with only node1 running: no quorum, so txs stay in the mempool.
make_testnet 2
configure_node 1 '.mempool_limit = 2 | .api_rate_per_second = 5 | .api_burst = 10 | .api_limit_loopback = true
                  | .max_connections_per_ip = 8 | .http_threads = 16'
start_node 1
U="$(url_of 1)"
chain_id="$(status_of 1 | jq -r .chain_id)"
pub="$(jq -r .public_key "$WORK/net/keys/corp1.json")"
post_tx() {  # post_tx NONCE → HTTP status; the answer in $WORK/reply
  "$TXGEN" --key "$WORK/net/keys/bank1.json" --chain-id "$chain_id" --type participant.register --nonce "$1" \
    --payload "{\"id\":\"c$1\",\"name\":\"C\",\"role\":\"corporate\",\"keys\":[\"$pub\"],\"threshold\":1}" >"$WORK/tx"
  curl -s -m 10 -o "$WORK/reply" -w '%{http_code}' -X POST -H 'Content-Type: application/json' --data-binary @"$WORK/tx" "$U/api/v1/txs"
}
settle() { sleep 2.5; }  # a full bucket again (10 tokens at 5/s)

# --- mempool full
[ "$(post_tx 0)" = 202 ] || fail "tx 0 refused: $(cat "$WORK/reply")"
[ "$(post_tx 1)" = 202 ] || fail "tx 1 refused: $(cat "$WORK/reply")"
code="$(post_tx 2)"
[ "$code" = 429 ] && jq -e '.error.code == "resource_exhausted" and (.error.message | test("mempool is full"))' "$WORK/reply" >/dev/null ||
  fail "third tx into a mempool of 2 → $code $(cat "$WORK/reply")"
[ "$(status_of 1 | jq -r .mempool_size)" = 2 ] || fail "mempool size is not 2"
pass "mempool full → 429 $(jq -c .error "$WORK/reply")"
settle

# --- rate limit: 30 quick requests from 127.0.0.1 at 5/s with a burst of 10
ok=0; limited=0
for _ in $(seq 1 30); do
  code="$(curl -s -m 10 -D "$WORK/headers" -o "$WORK/reply" -w '%{http_code}' "$U/api/v1/status")"
  case "$code" in
    200) ok=$((ok + 1)) ;;
    429) limited=$((limited + 1))
         grep -qi '^Retry-After: [1-9]' "$WORK/headers" || fail "429 without Retry-After: $(cat "$WORK/headers")"
         jq -e '.error.code == "resource_exhausted" and (.error.message | test("rate limit"))' "$WORK/reply" >/dev/null ||
           fail "429 without a JSON reason: $(cat "$WORK/reply")" ;;
    *) fail "status under load → $code" ;;
  esac
done
[ "$ok" -ge 10 ] && [ "$limited" -ge 1 ] || fail "rate limit: $ok answered, $limited limited"
pass "rate limit: $ok answered, $limited got 429 with Retry-After ($(jq -c .error "$WORK/reply"))"
# Meanwhile another client (127.0.0.2) and the peer endpoints are served.
[ "$(curl -s -m 10 --interface 127.0.0.2 -o /dev/null -w '%{http_code}' "$U/api/v1/status")" = 200 ] || fail "127.0.0.2 was limited too"
for _ in $(seq 1 20); do
  [ "$(curl -s -m 10 -o /dev/null -w '%{http_code}' "$U/p2p/v1/blocks?from=1")" = 200 ] || fail "peer endpoint rate-limited"
done
pass "another client and the peer endpoints are not limited"
settle

# --- slow clients: $SLOW connections from 127.0.0.1 sending a byte a second, one that never reads
slowloris() {
  trap '' PIPE
  exec 3<>"/dev/tcp/127.0.0.1/$((BASE_PORT + 1))" || exit 0
  local line="GET /api/v1/status HTTP/1.1"$'\r\n'"X-Slow: " i
  for ((i = 0; i < 120; i++)); do
    printf '%s' "${line:i % ${#line}:1}" >&3 2>/dev/null || { echo cut >>"$WORK/slow_done"; exit 0; }
    sleep 1
  done
}
never_reads() {
  exec 3<>"/dev/tcp/127.0.0.1/$((BASE_PORT + 1))" || exit 0
  printf 'GET /api/v1/blocks?limit=100 HTTP/1.1\r\nHost: x\r\n\r\n' >&3
  exec sleep 120
}
: >"$WORK/slow_done"
for i in $(seq 1 "$SLOW"); do slowloris >/dev/null 2>&1 & NODE_PIDS[slow$i]=$!; done
never_reads >/dev/null 2>&1 & NODE_PIDS[never_reads]=$!
sleep 2
code="$(curl -s -m 20 -o "$WORK/reply" -w '%{http_code}' "$U/api/v1/status")"
[ "$code" = 429 ] && jq -e '.error.message | test("too many connections")' "$WORK/reply" >/dev/null ||
  fail "a connection over the per-IP cap → $code $(cat "$WORK/reply")"
pass "over the per-IP connection cap → 429 $(jq -c .error "$WORK/reply")"
for i in 1 2 3; do
  code="$(curl -s -m 20 --interface 127.0.0.2 -o "$WORK/reply" -w '%{http_code}' "$U/api/v1/status")"
  [ "$code" = 200 ] || fail "with slow clients connected, another client got $code (attempt $i)"
  sleep 1
done
pass "with $SLOW slow clients on 127.0.0.1 the node answers 127.0.0.2"
# The slow connections are all cut: the refused ones at once, the admitted ones at the header deadline.
for _ in $(seq 1 40); do [ "$(wc -l <"$WORK/slow_done")" -ge "$SLOW" ] && break; sleep 1; done
[ "$(wc -l <"$WORK/slow_done")" -ge "$SLOW" ] || fail "only $(wc -l <"$WORK/slow_done") of $SLOW slow connections were cut"
pass "all $SLOW byte-a-second connections were cut"
[ "$(curl -s -m 20 -o /dev/null -w '%{http_code}' "$U/api/v1/status")" = 200 ] || fail "127.0.0.1 not served after the slow clients"
kill -0 "${NODE_PIDS[1]}" || fail "node died"
[ "$(status_of 1 | jq -r .height)" = 0 ] || fail "a block was committed without quorum"
pass "node up, 127.0.0.1 served again"
