// Fuzz target: commit certificates and the tx proofs that carry them
// (chain/block/block.h, chain/block/tx_proof.h) against the fixed 4-validator set.
// Input: strict JSON text of a commit {height, round, block_hash, signatures} or of a
// tx proof (GET /api/v1/txs/{id}/proof). A decoded commit must re-encode to the same
// commit and hash; Commit::verify judges its signatures and quorum; the same JSON is
// also judged as a tx proof, and an accepted proof must name a quorum of signers.
#include "chain/block/block.h"
#include "chain/block/tx_proof.h"
#include "fuzz/fuzz_chain.h"

using namespace tfl;
using tfl::fuzz::require;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const fuzz::FuzzChain& chain = fuzz::chain4();
  auto parsed = parse_strict_json(fuzz::as_text(data, size));
  if (!parsed) return 0;
  if (auto commit = Commit::from_json(*parsed)) {
    const Json encoded = commit->to_json();
    auto again = Commit::from_json(encoded);
    require(again.is_ok(), "an encoded commit decodes");
    require(again->hash() == commit->hash() && again->to_json() == encoded, "re-decoding keeps the commit");
    if (commit->verify(chain.genesis))
      require(commit->signatures.size() >= quorum(chain.genesis.validators.size()), "a verified commit has a quorum");
  }
  if (auto report = verify_tx_proof(*parsed, chain.genesis))
    require(report->signers.size() >= report->quorum && report->leaf_index < report->tree_size,
            "an accepted proof has a quorum and its leaf is in the tree");
  return 0;
}
