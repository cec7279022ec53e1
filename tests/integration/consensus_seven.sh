#!/usr/bin/env bash
# n = 7 validators (f = 2): with 2 killed the other 5 keep committing, the killed ones
# catch up when they return, and all agree on every block and the state root.
# Usage: consensus_seven.sh TFNODE TFWALLET
TFNODE="$1"; TFWALLET="$2"; BASE_PORT=7440
source "$(dirname "$0")/lib/cluster.bash"

make_testnet 7
for i in $(seq 1 7); do start_node "$i"; done
import_keys

kill_node 6
kill_node 7
ids="$(register_corporates 1 1 4)"
for id in $ids; do wallet 1 --json tx wait "$id" --timeout-ms 30000 | jq -e '.status == "committed"' >/dev/null || fail "no commit with 2 of 7 down"; done
pass "2 of 7 validators down: chain goes on (height $(height_of 1))"

start_node 6
start_node 7
top="$(height_of 1)"
for i in $(seq 2 7); do wait_height "$i" "$top" 30; done
lowest="$(same_chain 1 2 3 4 5 6 7)"
roots="$(for i in $(seq 1 7); do status_of "$i" | jq -r '"\(.height) \(.state_root)"'; done | sort -u | wc -l)"
[ "$roots" = 1 ] || fail "nodes disagree on the state root"
pass "7 nodes agree on every block up to $lowest and on the state root"
