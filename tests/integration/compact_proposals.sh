#!/usr/bin/env bash
# Compact proposals (node/consensus_wire.h): a proposal carries its block without the txs,
# only their ids; a validator that lacks some of them waits a moment for gossip to bring
# them, then pulls the full proposal from a peer, judges it and votes in the same round.
# Here node4's mempool holds one tx, so it refuses most of the txs gossiped to it and lacks
# them for good when another validator proposes them; node3 is not started, so no block
# is decided without node4's votes (3 of 4): node4 must take part, not catch up by sync.
# Usage: compact_proposals.sh TFNODE TFWALLET   (TFBENCH: tfbench)
TFNODE="$1"; TFWALLET="$2"; BASE_PORT=7500
source "$(dirname "$0")/lib/cluster.bash"
[ -x "${TFBENCH:-}" ] || fail "TFBENCH must name the tfbench tool"

make_testnet 4 4
configure_node 4 '.mempool_limit = 1'
for i in 1 2 4; do start_node "$i"; done

metric() { curl -sf --max-time 2 "$(url_of "$1")/metrics" | awk -v m="$2" '$1 == m {print $2}'; }

# 400 txs in batches of 50 to node1 alone: the blocks hold many txs each.
load="$("$TFBENCH" load --node "$(url_of 1)" --keys "$WORK/net/keys" --txs 400 --connections 2 --batch 50 \
  --timeout 60)" || fail "load: $load"
jq -e '.committed == 400' <<<"$load" >/dev/null || fail "not all txs committed: $load"
top="$(height_of 1)"
for i in 2 4; do wait_height "$i" "$top" 20; done

pulled="$(metric 4 tfl_consensus_proposals_pulled_total)"
[ "${pulled:-0}" -ge 1 ] || fail "node4 lacked no proposal's txs (pulled ${pulled:-none}): the test proves nothing"
synced="$(metric 4 tfl_blocks_synced_total)"
[ "${synced:-1}" = 0 ] || fail "node4 fell behind and synced $synced blocks instead of pulling proposals"
pass "node4 pulled $pulled proposals whose txs it lacked and voted them (nodes 1/2 pulled $(for i in 1 2; do metric "$i" tfl_consensus_proposals_pulled_total; done | paste -sd/))"

lowest="$(same_chain 1 2 4)"
roots="$(for i in 1 2 4; do status_of "$i" | jq -r '"\(.height) \(.state_root)"'; done | sort -u | wc -l)"
[ "$roots" = 1 ] || fail "nodes disagree on the state root at the tip"
pass "3 nodes agree on every block up to $lowest and on the state root"
