#!/usr/bin/env bash
# scripts/bench's meters do the work they claim (the rates they print are figures, never
# asserted here): verify-limit checks 4,096 distinct tx signatures and every check passes,
# so L is not measured on failures; exec decodes, verifies and executes every tx it signed.
# Usage: bench_tools.sh TFNODE TFWALLET   (TFBENCH: tfbench)
TFNODE="$1"; TFWALLET="$2"; BASE_PORT=7680
source "$(dirname "$0")/lib/cluster.bash"
[ -x "${TFBENCH:-}" ] || fail "TFBENCH must name the tfbench tool"

limit="$("$TFBENCH" verify-limit --seconds 0.3)" || fail "verify-limit: $limit"
jq -e '.distinct_signatures == 4096 and .verifies_per_second > 0 and .same_signature_verifies_per_second > 0' \
  <<<"$limit" >/dev/null || fail "verify-limit printed $limit"
pass "verify-limit checks distinct tx signatures, all valid"

make_testnet 1 4
stages="$("$TFBENCH" exec --genesis "$WORK/net/genesis.json" --keys "$WORK/net/keys" --txs 600 --block 200)" ||
  fail "exec: $stages"
jq -e '.txs == 600 and .decode_per_second_one_core > 0 and .verify_per_second_one_core > 0 and
       .execute_per_second_one_core > 0' <<<"$stages" >/dev/null || fail "exec printed $stages"
pass "exec decodes, verifies and executes every tx it signed"
