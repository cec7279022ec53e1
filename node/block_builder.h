// Builds the next block from mempool candidates: executes them in order over the
// committed state, leaving out any tx that may no longer execute.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "chain/block/block.h"
#include "chain/state/executor.h"
#include "chain/storage/block_store.h"

namespace tfl {

struct BuiltBlock {
  Block block;
  BlockExecution execution;
  std::vector<std::pair<Hash, std::string>> left_out;  // tx id, why it may not execute
};

// REQUIRES: candidates' signatures were verified (they came through the mempool).
// time_ms is raised above the tip's time when the clock is behind it.
// `evidence`: equivocations to commit; those already committed are left out.
// `traces`: the candidates' executions at admission, replayed where they stand.
// Fails only when the store cannot give the tip's certificate (an I/O error).
Result<BuiltBlock> build_block(const Executor& executor, const BlockStore& store, const std::vector<TxPtr>& candidates,
                       const std::string& proposer, int64_t time_ms,
                       const std::vector<DuplicateVote>& evidence = {}, const TraceLookup& traces = nullptr);

// The BlockEnv a block gives its txs.
BlockEnv block_env(const BlockHeader& header);

}  // namespace tfl
