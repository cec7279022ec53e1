// Mempool: txs admitted by this node and not yet committed, in arrival order, with
// the speculative state they make (committed state + pending txs applied in order).
//
// A tx is admitted when its signatures verify and it applies to the speculative
// state: so a sender may have nonce n+1 in flight while n waits, and a tx that
// depends on a pending one (accepting a document issued a moment ago) is admitted.
// After a block whose txs were all pending here and all succeeded, the speculative
// state keeps the effects of the txs still pending and forgets the keys that only
// committed txs wrote: the committed state now holds those (with the block's time in
// them). Otherwise (a tx this node never saw, or one that failed on chain) it is
// rebuilt from the remaining txs, and a tx that can no longer execute (its nonce was
// spent) is dropped and remembered as rejected with the reason. Either way the
// speculative state holds only what pending txs wrote.
//
// Each admission's execution is kept as a TxTrace (up to kMaxTraceBytes in all), which
// a block built or checked here replays instead of running the tx's handler again.
//
// Thread-safety: all methods are thread-safe (one internal mutex).
#pragma once

#include <cstring>
#include <deque>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "chain/state/executor.h"
#include "chain/state/state_view.h"
#include "chain/tx/transaction.h"
#include "node/recent_ids.h"

namespace tfl {

class Mempool {
 public:
  // REQUIRES: executor and committed outlive the mempool.
  Mempool(const Executor& executor, const StateReader& committed, size_t limit);

  // Admits tx: kAlreadyExists when known, kResourceExhausted when full, the
  // executor's refusal otherwise. Signatures must be verified by the caller.
  Status add(const TxPtr& tx, int64_t now_ms);
  // add() of each tx in order, under one lock; each one's answer. The lock is held for the
  // whole batch: ~10 µs a tx, so ~10 ms for the 1,000 txs the routes take at most.
  std::vector<Status> add_all(const std::vector<TxPtr>& txs, int64_t now_ms);

  // Traces of admission kept for replay in blocks, in bytes: past this, a tx is admitted
  // without one (and executed again in its block).
  static constexpr size_t kMaxTraceBytes = 32 << 20;

  // Up to `max` txs in arrival order.
  std::vector<TxPtr> first(size_t max) const;

  // Forgets the committed txs and brings the speculative state onto the new tip.
  // all_succeeded: no tx of the block failed on chain.
  void on_block_committed(const std::vector<TxPtr>& committed, bool all_succeeded, int64_t now_ms);
  // The number of keys the speculative state holds (for tests).
  size_t speculative_entries() const;

  // Removes txs a block proposer found unexecutable, remembering the reason.
  void reject(const Hash& id, const std::string& reason);

  bool contains(const Hash& id) const;
  // The txs among `txs` that are pending here (their signatures were verified on
  // admission), with the trace of their execution at admission, in one lock: a block
  // of thousands of txs must not queue behind submissions once per tx. A tx counts only
  // as the very tx admitted, signatures included: a tx id covers the unsigned tx, so a
  // proposer may put the same id in a block with other signatures, which must be checked.
  using Traces = std::unordered_map<Hash, std::shared_ptr<const TxTrace>, HashHasher>;
  Traces pending_among(const std::vector<TxPtr>& txs) const;
  // The lookup an executor takes. REQUIRES: traces outlives it.
  static TraceLookup lookup_in(const Traces& traces);
  TxPtr get(const Hash& id) const;
  std::optional<std::string> rejection(const Hash& id) const;
  // Whether add() refused this tx lately (the mempool was full, or it did not apply):
  // gossip brings a tx once, so it will not be here unless submitted again.
  bool turned_away(const Hash& id) const;
  size_t size() const;
  // The sender's next nonce counting pending txs; nullopt for an unknown sender.
  std::optional<int64_t> next_nonce(const std::string& sender) const;
  // A key's value in the speculative state (for tests).
  std::optional<Json> speculative_get(const std::string& key) const;

 private:
  struct Pending {
    TxPtr tx;
    std::vector<std::string> keys;  // what it wrote in the speculative state
    std::shared_ptr<const TxTrace> trace;  // its execution on the speculative state, or nullptr
    size_t trace_bytes = 0;                // trace->bytes(), counted once
  };
  // add() without taking the lock. REQUIRES: mu_ held.
  Status add_locked(const TxPtr& tx, const BlockEnv& env);
  // Applies tx on the speculative state and counts the keys it writes; the executor's
  // answer. A tx that may not execute writes nothing; one that fails keeps its nonce write
  // and is kept only when keep_failed.
  Result<TxOutcome> apply_locked(const TxPtr& tx, const BlockEnv& env, bool keep_failed);
  // The tx leaves the mempool (committed or rejected): keys no other pending tx wrote
  // are dropped from the speculative state, and its trace is let go.
  void forget_locked(const Pending& gone);
  void rebuild_locked(int64_t now_ms);
  BlockEnv env_for(int64_t now_ms) const;

  const Executor& executor_;
  const StateReader& committed_;
  const size_t limit_;

  mutable std::mutex mu_;
  std::list<Pending> order_;
  std::unordered_map<Hash, std::list<Pending>::iterator, HashHasher> by_id_;
  std::unique_ptr<StateOverlay> speculative_;
  std::unordered_map<std::string, size_t> writers_;  // key → pending txs that wrote it
  size_t trace_bytes_ = 0;  // held by the pending txs' traces, at most kMaxTraceBytes
  static constexpr size_t kRemembered = 10000;  // rejected and turned-away ids, each
  RecentIds rejected_{kRemembered};     // dropped after admission, with the reason
  RecentIds turned_away_{kRemembered};  // refused at admission (full, or not applying), with the reason
};

}  // namespace tfl
