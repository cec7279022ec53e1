// The fixed chain every fuzz target and the seed-corpus generator share: a genesis
// with deterministic keys (KeyPair::from_seed("tfl-fuzz/<id>")), its state, an
// executor and the consensus validator set. Because the keys are fixed, the signed
// txs, blocks, commits and votes in fuzz/corpus/ stay valid for these targets.
//
// Participants: bank1, bank2 (banks), corp1 (bank1's), corp2 (bank2's), carrier1,
// insurer1; validators node1..nodeN.
// Thread-safety: immutable after construction.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "chain/block/block.h"
#include "chain/consensus/types.h"
#include "chain/crypto/ed25519.h"
#include "chain/state/executor.h"
#include "chain/state/genesis.h"
#include "chain/state/state_view.h"
#include "chain/tx/transaction.h"

namespace tfl::fuzz {

constexpr const char* kChainId = "tfl-fuzz";

struct FuzzChain {
  explicit FuzzChain(int validators);

  static KeyPair key(const std::string& id);
  // The genesis file's JSON for `validators` validators.
  static Json genesis_json(int validators);

  Genesis genesis;
  EmptyState empty;
  StateOverlay state{empty};  // after genesis
  Executor executor;
  consensus::ValidatorSet validators;
  // The day the fuzzed txs execute on: after the seeds' issue dates, before their expiries.
  BlockEnv env;
  // Block 1: empty, proposed by node1 at 2026-03-01T00:00:01Z; the predecessor the
  // block target checks blocks of height 2 against.
  Block block1;
};


// A short trade, signed, in order (nonces counted per sender from 0): corp2 issues
// PO-1, corp1 accepts it and issues INV-1, corp2 accepts that, corp1 asks bank1 to
// finance it (FIN-1) and bank1 approves; bank1 issues LC-1, bank2 advises it, carrier1
// issues BL-1, corp1 presents INV-2 and BL-1 under LC-1; bank1 onboards corp3.
std::vector<TxPtr> trade_scenario();

// The 4-validator chain the chain-level targets use (built once).
const FuzzChain& chain4();

// The input as text.
inline std::string_view as_text(const uint8_t* data, size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// Aborts (a crash libFuzzer reports) with `what` when `ok` is false: the targets'
// invariants must hold for every input.
void require(bool ok, const char* what);

// Requires every value in `writes` to be canonical JSON, or "" (an index entry).
void require_canonical_values(const WriteSet& writes);

}  // namespace tfl::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);
