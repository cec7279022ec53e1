// A small ledger for tests: a genesis with deterministic keys, its state, an
// executor and helpers to sign and apply txs.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "chain/block/block.h"
#include "chain/crypto/ed25519.h"
#include "chain/state/executor.h"
#include "chain/state/genesis.h"
#include "chain/state/state_view.h"
#include "chain/tx/transaction.h"

namespace tfl::testing {

struct LedgerFixture {
  // Participants: bank1, bank2 (banks), corp1 (bank1's), corp2 (bank2's), carrier1,
  // insurer1; validators node1..nodeN. Keys are KeyPair::from_seed(id).
  explicit LedgerFixture(int validators = 1, const std::string& chain_id = "test-chain");

  static KeyPair key(const std::string& id) { return KeyPair::from_seed(id); }

  // A tx from `sender` signed by `signers` (default: the sender's own key) with the
  // sender's next nonce in `state` unless `nonce` is given.
  TxPtr tx(const std::string& sender, const std::string& type, const Json& payload,
           std::vector<std::string> signers = {}, std::optional<int64_t> nonce = std::nullopt) const;

  // Applies tx to `state` as a block at `env` would.
  Result<TxOutcome> apply(const TxPtr& tx);

  Genesis genesis;
  EmptyState empty;
  StateOverlay state{empty};
  std::unique_ptr<Executor> executor;
  BlockEnv env{1, 1795000000000, "2026-11-18"};
};

Json genesis_json(int validators, const std::string& chain_id);

}  // namespace tfl::testing
