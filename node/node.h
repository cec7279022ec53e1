// Node: one validator's (or observer's) ledger process state: store, executor,
// mempool and block production, plus the read queries the HTTP API answers.
//
// Thread-safety: every public method is thread-safe. Blocks are committed by one
// thread at a time (commit_mu_); queries run concurrently with commits and see
// whole blocks.
#pragma once

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "chain/block/block.h"
#include "chain/state/executor.h"
#include "chain/storage/block_store.h"
#include "node/config.h"
#include "node/mempool.h"

namespace tfl {

int64_t now_unix_ms();

struct TxView {
  enum class State { kUnknown, kPending, kCommitted, kFailed, kRejected } state = State::kUnknown;
  TxPtr tx;
  int64_t height = 0;
  int64_t index = 0;
  std::string reason;
  Json to_json() const;
};

class Node {
 public:
  static Result<std::unique_ptr<Node>> open(const NodeConfig& config);
  ~Node();

  // Starts block production (a validator) in a background thread.
  void start();
  void stop();

  const NodeConfig& config() const { return config_; }
  const Genesis& genesis() const { return executor_->genesis(); }
  const Executor& executor() const { return *executor_; }
  const BlockStore& store() const { return *store_; }
  const Mempool& mempool() const { return *mempool_; }
  bool is_validator() const { return validator_key_.has_value(); }

  // Decodes, verifies and admits a tx; returns its id.
  Result<Hash> submit(const Json& tx_json);
  TxView tx_view(const Hash& id) const;
  // Blocks until the tx is no longer pending or timeout_ms passes.
  TxView wait_for_tx(const Hash& id, int64_t timeout_ms) const;

  // Builds, certifies and commits one block from the mempool (single validator).
  // Returns the new height, or 0 when there was nothing to commit.
  Result<int64_t> produce_block();

  Json status_json() const;
  std::optional<Json> participant_json(const std::string& id) const;

 private:
  Node() = default;
  void production_loop();
  Status commit_block(const Block& block, const Commit& commit, const BlockExecution& exec);

  NodeConfig config_;
  std::unique_ptr<BlockStore> store_;
  std::unique_ptr<Executor> executor_;
  std::unique_ptr<Mempool> mempool_;
  std::optional<KeyFile> validator_key_;

  std::mutex commit_mu_;
  mutable std::mutex notify_mu_;
  mutable std::condition_variable committed_cv_;
  std::atomic<bool> running_{false};
  std::thread producer_;
};

}  // namespace tfl
