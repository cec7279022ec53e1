// A proof that a tx is in the chain, checkable offline against the genesis file:
//
//   {"tx": {…signed tx…}, "height", "block_hash", "header": {…},
//    "inclusion": {"leaf_index", "tree_size", "path": […]}, "commit": {…certificate…}}
//
// It shows that the tx's canonical bytes are leaf `leaf_index` of the RFC 6962 tree
// whose root is the header's tx_root, that the header hashes to block_hash, and that
// a quorum of the genesis validators signed a precommit for that block. (Whether the
// tx's effect was applied or refused is in the state root of the next block, not in
// this proof.)
// Thread-safety: free functions without shared state.
#pragma once

#include <string>
#include <vector>

#include "chain/block/block.h"

namespace tfl {

// REQUIRES: index < block.txs.size(); commit certifies block.
Json make_tx_proof(const Block& block, size_t index, const Commit& commit);

struct TxProofReport {
  std::string tx_id;
  int64_t height = 0;
  std::string block_hash;
  uint64_t leaf_index = 0, tree_size = 0;
  std::vector<std::string> signers;  // validators whose precommits verified
  size_t validators = 0, quorum = 0;
};

// Checks every link of the proof; the first broken one is the error.
Result<TxProofReport> verify_tx_proof(const Json& proof, const Genesis& genesis);

}  // namespace tfl
