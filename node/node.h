// Node: one validator's (or observer's) ledger process state: store, executor,
// mempool and block production, plus the read queries the HTTP API answers.
//
// Thread-safety: every public method is thread-safe except commit_block and
// apply_checked_block, which only the consensus driver's thread calls. Queries run
// concurrently with commits and see whole blocks.
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
#include "node/consensus_driver.h"
#include "node/mempool.h"
#include "node/metrics.h"
#include "node/peer_transport.h"

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

  // Starts the peer transport and the consensus driver (a validator votes; an
  // observer follows).
  Status start();
  void stop();
  // Async-signal-safe: makes long polls return so the HTTP server can stop.
  void request_stop() { stopping_ = true; }

  const NodeConfig& config() const { return config_; }
  const Genesis& genesis() const { return executor_->genesis(); }
  const Executor& executor() const { return *executor_; }
  const BlockStore& store() const { return *store_; }
  const Mempool& mempool() const { return *mempool_; }
  bool is_validator() const { return validator_key_.has_value(); }

  // Decodes, verifies and admits each tx, in order, and gossips those admitted to the
  // peers; each tx's id or the reason it was refused. The txs enter the mempool under
  // one lock, after all their signatures are checked.
  std::vector<Result<Hash>> submit_all(std::vector<Json>&& txs);
  // The same for txs gossiped by a peer (not gossiped again).
  std::vector<Result<Hash>> submit_all_from_peer(std::vector<Json>&& txs);
  // submit_all of one tx.
  Result<Hash> submit(Json&& tx_json);
  TxView tx_view(const Hash& id) const;
  // Blocks until the tx is no longer pending or timeout_ms passes.
  TxView wait_for_tx(const Hash& id, int64_t timeout_ms) const;

  // Stores a certified, executed block and tells the mempool and waiters.
  // REQUIRES: called by one thread at a time (the consensus driver).
  Status commit_block(const Block& block, const Commit& commit, const BlockExecution& exec);
  // Checks that `block` may follow the tip — links, certificate of the tip, evidence,
  // state root — and executes it (every tx re-executed). Signatures are checked for
  // every tx except those in the mempool (verified when admitted), or for none when
  // signatures_checked. Returns the execution to commit.
  Result<BlockExecution> validate_next_block(const Block& block, bool signatures_checked = false) const;

  // A block fetched from a peer, with the certificate that commits it.
  struct CheckedBlock {
    Block block;
    Commit commit;
  };
  // Decodes a synced {"block", "commit"} and checks its certificate: a quorum of
  // genesis validators signed this block. Thread-safe: block sync runs it on its
  // fetch threads.
  Result<CheckedBlock> decode_synced_block(Json&& entry) const;
  // Executes a checked block as the next block — links, state root, every tx
  // re-executed — and commits it.
  // REQUIRES: checked came from decode_synced_block, and every tx's signatures were
  // verified (verify_signatures_in_parallel).
  Status apply_checked_block(const CheckedBlock& checked);
  void mempool_reject(const Hash& id, const std::string& reason) { mempool_->reject(id, reason); }

  Json status_json() const;
  std::optional<Json> participant_json(const std::string& id) const;
  ConsensusDriver* consensus() { return driver_.get(); }
  Metrics& metrics() { return metrics_; }
  // Prometheus text of the node's metrics (GET /metrics).
  std::string metrics_text() const;
  const PeerTransport* transport() const { return transport_.get(); }

 private:
  Node() = default;
  std::vector<Result<Hash>> admit_all(std::vector<Json>&& txs, bool gossip);
  // A tx decoded, for this chain, not committed already, its signatures verified.
  Result<TxPtr> check_for_admission(Json&& tx_json) const;
  Json peers_json() const;

  NodeConfig config_;
  std::unique_ptr<BlockStore> store_;
  std::unique_ptr<Executor> executor_;
  std::unique_ptr<Mempool> mempool_;
  std::optional<KeyFile> validator_key_;

  Metrics metrics_;
  std::unique_ptr<PeerTransport> transport_;
  std::unique_ptr<ConsensusDriver> driver_;

  mutable std::mutex notify_mu_;
  mutable std::condition_variable committed_cv_;
  std::atomic<bool> running_{false};
  std::atomic<bool> stopping_{false};
};

}  // namespace tfl
