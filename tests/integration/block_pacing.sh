#!/usr/bin/env bash
# How heights start (node/consensus_driver.h): block_interval_ms gathers txs that trickle
# in, but a full block's worth of waiting txs starts a height at once, and so does a full
# block just committed: what is left waiting then goes into the next block without the
# interval's pause. With a 20 s interval and blocks of 10 txs, 14 txs sent together commit
# in two blocks within seconds.
# Usage: block_pacing.sh TFNODE TFWALLET   (TFBENCH: tfbench)
TFNODE="$1"; TFWALLET="$2"; BASE_PORT=7490
source "$(dirname "$0")/lib/cluster.bash"
[ -x "${TFBENCH:-}" ] || fail "TFBENCH must name the tfbench tool"

make_testnet 1 2
configure_node 1 '.block_interval_ms = 20000 | .max_block_txs = 10'
start_node 1

load() {  # load N: N txs in one batch; fails unless all commit within 10 s
  "$TFBENCH" load --node "$(url_of 1)" --keys "$WORK/net/keys" --txs "$1" --connections 1 --batch "$1" --timeout 10
}

# The first block starts at once (no block before it to wait after); the next height may
# not start before 20 s have passed, unless a rule below starts it.
out="$(load 1)" || fail "the first tx did not commit: $out"
[ "$(height_of 1)" = 1 ] || fail "expected one block, at height $(height_of 1)"

out="$(load 14)" || fail "14 txs did not commit within 10 s (a height waited for the interval): $out"
sizes="$(for h in 2 3; do curl -sf "$(url_of 1)/api/v1/blocks/$h" | jq '.txs | length'; done | paste -sd' ')"
[ "$sizes" = "10 4" ] || fail "expected blocks of 10 and 4 txs at heights 2 and 3, got: $sizes"
pass "a full block started at once, and the 4 txs left after it did not wait the 20 s interval"

# A trickle still waits: one more tx stays pending until the interval has passed.
"$TFBENCH" load --node "$(url_of 1)" --keys "$WORK/net/keys" --txs 1 --connections 1 --batch 1 --timeout 3 >/dev/null &&
  fail "a lone tx committed before the interval passed"
[ "$(height_of 1)" = 3 ] || fail "a block started before the interval passed (height $(height_of 1))"
pass "a lone tx after a partial block waits for the interval"
