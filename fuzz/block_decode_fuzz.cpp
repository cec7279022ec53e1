// Fuzz target: the block decoder and the stateless block checks (chain/block/block.h)
// and block execution (chain/state/executor.h) on the fixed 4-validator chain.
// Input: strict JSON text of a block. A decoded block must re-encode to the same
// block (hash, txs, evidence, certificate); its links are checked against genesis
// (height 1) or the fixture's block 1 (later heights); its txs are executed on the
// genesis state as if their signatures were verified, with its evidence when the
// links hold (execute_block requires verified evidence); every value the block writes
// must be canonical JSON (or an index entry, "").
#include "chain/block/block.h"
#include "fuzz/fuzz_chain.h"
#include "node/block_builder.h"

using namespace tfl;
using tfl::fuzz::require;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const fuzz::FuzzChain& chain = fuzz::chain4();
  auto parsed = parse_strict_json(fuzz::as_text(data, size));
  if (!parsed) return 0;
  auto block = Block::from_json(*parsed);
  if (!block) return 0;
  const Json encoded = block->to_json();
  require(check_profile(encoded).is_ok(), "an encoded block is inside the JSON profile");
  auto again = Block::from_json(encoded);
  require(again.is_ok(), "an encoded block decodes");
  require(again->hash() == block->hash(), "re-decoding keeps the block hash");
  require(again->to_json() == encoded, "re-decoding keeps the block");

  std::optional<BlockHeader> prev;
  if (block->header.height != 1) prev = chain.block1.header;
  const Status links = check_block_links(*block, chain.genesis, prev);
  const auto all_verified = [](const Hash&) { return true; };
  const std::vector<DuplicateVote> no_evidence;
  auto exec = chain.executor.execute_block(chain.state, chain.block1.header.state_root, block->txs,
                                           block_env(block->header), all_verified,
                                           links.is_ok() ? block->evidence : no_evidence);
  if (!exec) return 0;
  require(exec->outcomes.size() == block->txs.size(), "one outcome per tx");
  fuzz::require_canonical_values(exec->writes);
  return 0;
}
