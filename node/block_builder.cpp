#include "node/block_builder.h"

#include <algorithm>

#include "chain/state/state_keys.h"

namespace tfl {

BlockEnv block_env(const BlockHeader& header) { return BlockEnv{header.height, header.time_ms, utc_date(header.time_ms)}; }

Result<BuiltBlock> build_block(const Executor& executor, const BlockStore& store, const std::vector<TxPtr>& candidates,
                       const std::string& proposer, int64_t time_ms,
                       const std::vector<DuplicateVote>& evidence, const TraceLookup& traces) {
  const ChainTip tip = store.tip();
  BuiltBlock out;
  BlockHeader& h = out.block.header;
  h.chain_id = executor.genesis().chain_id;
  h.height = tip.height + 1;
  h.time_ms = std::max(time_ms, tip.time_ms + 1);
  h.prev_hash = tip.hash;
  h.state_root = tip.state_root;
  h.proposer = proposer;
  if (tip.height > 0) {
    TFL_ASSIGN_OR_RETURN(out.block.last_commit, store.commit_at(tip.height));
    h.last_commit_hash = out.block.last_commit->hash();
  }
  const BlockEnv env = block_env(h);
  StateOverlay state(store);
  size_t bytes = 0;
  for (const TxPtr& tx : candidates) {
    if (bytes + tx->canonical.size() > kMaxBlockTxBytes) break;  // the rest waits for the next block
    auto outcome = executor.apply_or_replay(state, *tx, env, traces);
    if (!outcome) {
      out.left_out.emplace_back(tx->id, outcome.status().message());
      continue;
    }
    out.block.txs.push_back(tx);
    bytes += tx->canonical.size();
    out.execution.outcomes.push_back(std::move(*outcome));
  }
  for (const auto& e : evidence)
    if (!store.get(keys::evidence(e.id())) && out.block.evidence.size() < kMaxBlockEvidence) out.block.evidence.push_back(e);
  (void)executor.record_evidence(state, out.block.evidence, env);  // cannot fail: filtered above
  h.tx_root = tx_root(out.block.txs);
  h.evidence_hash = evidence_hash(out.block.evidence);
  out.execution.writes = state.take_sorted_writes();
  out.execution.state_root =
      next_state_root(tip.state_root, hash_write_set(out.execution.writes), hash_outcomes(out.execution.outcomes));
  return out;
}

}  // namespace tfl
