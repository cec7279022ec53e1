// The ledger's state machine: deterministic, no I/O. Given a state and a tx (or a
// block of txs) it decides what happens and returns the writes (DESIGN §5).
//
// Two kinds of "no":
//  - the tx may not be executed at all (malformed, unknown type, bad signature, wrong
//    chain, unknown sender, wrong nonce, threshold not met): apply_tx returns that
//    Status; at submission it is refused, and a block holding it is invalid;
//  - a rule of the ledger refuses its effect (another bank already finances the
//    invoice): the tx is committed as `failed` with the reason, its nonce is spent,
//    and nothing else it would have written is kept.
//
// Thread-safety: an Executor is immutable after construction and may be shared; each
// call works on the overlay it is given.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "chain/block/evidence.h"
#include "chain/state/genesis.h"
#include "chain/state/state_view.h"
#include "chain/tx/transaction.h"

namespace tfl {

// What a block's txs see of their block.
struct BlockEnv {
  int64_t height = 0;
  int64_t time_ms = 0;
  std::string date;  // UTC "YYYY-MM-DD" of time_ms: expiry and due dates are judged against it
};

struct TxOutcome {
  Hash id;
  bool ok = true;
  std::string reason;  // why it failed; empty when ok
  Code code = Code::kOk;  // the refusal's kind (not hashed: only ok and reason are consensus)
  Json to_json() const;
};

// Hash over the outcomes, in order: id ‖ ok byte ‖ 4-byte length ‖ reason.
Hash hash_outcomes(const std::vector<TxOutcome>& outcomes);

// What one execution of a tx read and wrote, so that the same tx can be applied again
// without running its handler (Executor::replay). A validator executes each tx when it
// admits it to its mempool, on the state as it will be after the txs pending before it,
// then again in a block. A handler is a pure function of the tx, the values it reads
// and, when it reads it, the block's env: so when the trace did not read the env and
// every key it read holds the same value in the block's state, executing it in the
// block would write the same and end the same. Values are kept and compared whole, not
// by digest: a crafted collision must not make a validator skip an execution.
struct TxTrace {
  // The value each key had in the state before the tx when the tx first read it
  // (nullopt: absent).
  std::vector<std::pair<std::string, std::optional<std::string>>> reads;
  WriteSet writes;        // what the tx left in the state, its nonce included
  TxOutcome outcome;
  // False when the handler read the block's env, or failed on an internal error (which
  // another run need not meet): then the tx must run again in its block.
  bool replayable = true;

  size_t bytes() const;  // about what it holds in memory
};
// The trace of a tx admitted to this node's mempool (its signatures verified), or nullptr.
using TraceLookup = std::function<const TxTrace*(const Hash& tx_id)>;

// What one tx handler sees. A handler returns ok to keep its writes, or a Status
// whose message is the reason the tx failed.
class TxContext {
 public:
  TxContext(const Transaction& tx, const BlockEnv& env, const Genesis& genesis, StateOverlay& state)
      : tx(tx), genesis(genesis), state(state), env_(env) {}

  const Transaction& tx;
  const Genesis& genesis;
  StateOverlay& state;
  const Json& payload() const { return tx.payload; }
  // The block's height, time and date. What a handler does without reading them is the
  // same in any block, so its execution at admission can stand for the block's.
  const BlockEnv& env() const {
    env_read_ = true;
    return env_;
  }
  bool env_read() const { return env_read_; }

 private:
  const BlockEnv& env_;
  mutable bool env_read_ = false;  // set through a const context too: reading is what counts
};

using TxHandler = std::function<Status(TxContext&)>;
using HandlerTable = std::map<std::string, TxHandler>;

// Every tx type of DESIGN §5 that this build knows.
HandlerTable default_handlers();
// Per-module registration, called by default_handlers.
void add_participant_handlers(HandlerTable& table);
void add_trade_handlers(HandlerTable& table);

struct BlockExecution {
  std::vector<TxOutcome> outcomes;
  WriteSet writes;
  Hash state_root;  // after the block
};

class Executor {
 public:
  Executor(Genesis genesis, HandlerTable handlers);

  const Genesis& genesis() const { return genesis_; }
  bool knows_type(const std::string& type) const { return handlers_.count(type) > 0; }

  // Checks that `tx` may execute on `state` (type, chain, sender, nonce, threshold)
  // and, when verify_signatures, the signature bytes.
  Status admit(const StateReader& state, const Transaction& tx, bool verify_signatures) const;

  // Admits tx (signatures already verified by the caller), spends its nonce and runs
  // its handler on `state`. A non-ok Status means nothing was written. When `trace` is
  // given, it receives what the execution read and wrote.
  Result<TxOutcome> apply_tx(StateOverlay& state, const Transaction& tx, const BlockEnv& env,
                             TxTrace* trace = nullptr) const;
  // Applies a traced execution to `state` without running the handler, when that gives
  // what apply_tx would (see TxTrace): the outcome; nullopt (nothing written) otherwise.
  std::optional<TxOutcome> replay(StateOverlay& state, const TxTrace& trace) const;
  // replay when `traces` has a trace of tx that replays, else apply_tx.
  Result<TxOutcome> apply_or_replay(StateOverlay& state, const Transaction& tx, const BlockEnv& env,
                                    const TraceLookup& traces) const;

  // Runs a block's txs in order over `base`, then records its evidence.
  // `verified(id)` says whose signatures were already checked (nullptr: check all);
  // `traces` gives the executions at admission that may stand for the block's.
  // Fails when any tx may not execute or evidence was committed before: such a block
  // is invalid. REQUIRES: each evidence item verified (check_block_links).
  Result<BlockExecution> execute_block(const StateReader& base, const Hash& previous_root,
                                       const std::vector<TxPtr>& txs, const BlockEnv& env,
                                       const std::function<bool(const Hash&)>& verified = nullptr,
                                       const std::vector<DuplicateVote>& evidence = {},
                                       const TraceLookup& traces = nullptr) const;

  // Records evidence of equivocation at keys::evidence(id); refuses evidence already
  // committed.
  Status record_evidence(StateOverlay& state, const std::vector<DuplicateVote>& evidence, const BlockEnv& env) const;

 private:
  // admit() without the signature bytes.
  Status authenticate(const StateReader& state, const Transaction& tx) const;

  Genesis genesis_;
  HandlerTable handlers_;
};

}  // namespace tfl
