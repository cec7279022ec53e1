#include "chain/state/executor.h"

#include <algorithm>

#include "chain/state/participant.h"
#include "chain/state/state_keys.h"

namespace tfl {
namespace {

// Passes reads through to `state`, noting in `trace` (when given) the first value read
// of each key. A tx reads a handful of keys, some several times: a scan beats a set.
class TraceRecorder : public StateReader {
 public:
  TraceRecorder(const StateReader& state, TxTrace* trace) : state_(state), trace_(trace) {}
  std::optional<std::string> get(const std::string& key) const override {
    std::optional<std::string> value = state_.get(key);
    if (trace_ && std::none_of(trace_->reads.begin(), trace_->reads.end(), [&](const auto& r) { return r.first == key; }))
      trace_->reads.emplace_back(key, value);
    return value;
  }

 private:
  const StateReader& state_;
  TxTrace* trace_;
};

}  // namespace

Json TxOutcome::to_json() const {
  Json j{{"id", id.hex()}, {"status", ok ? "committed" : "failed"}};
  if (!ok) j["reason"] = reason;
  return j;
}

Hash hash_outcomes(const std::vector<TxOutcome>& outcomes) {
  Sha256 h;
  for (const auto& o : outcomes) {
    h.update(o.id.view());
    const char ok = o.ok ? 1 : 0;
    h.update({&ok, 1});
    size_t n = o.reason.size();
    const char len[4] = {static_cast<char>(n >> 24), static_cast<char>(n >> 16), static_cast<char>(n >> 8),
                         static_cast<char>(n)};
    h.update({len, 4}).update(o.reason);
  }
  return h.finish();
}

HandlerTable default_handlers() {
  HandlerTable table;
  add_participant_handlers(table);
  add_trade_handlers(table);
  return table;
}

Executor::Executor(Genesis genesis, HandlerTable handlers)
    : genesis_(std::move(genesis)), handlers_(std::move(handlers)) {}

Status Executor::authenticate(const StateReader& state, const Transaction& tx) const {
  if (!knows_type(tx.type)) return Status::invalid("unknown tx type \"" + tx.type + "\"");
  return authenticate_tx(load_participant(state, tx.sender), next_nonce(state, tx.sender), tx, genesis_.chain_id);
}

Status Executor::admit(const StateReader& state, const Transaction& tx, bool verify_signatures) const {
  TFL_RETURN_IF_ERROR(authenticate(state, tx));
  if (verify_signatures) TFL_RETURN_IF_ERROR(verify_tx_signatures(tx));
  return Status::ok();
}

Result<TxOutcome> Executor::apply_tx(StateOverlay& state, const Transaction& tx, const BlockEnv& env,
                                     TxTrace* trace) const {
  const TraceRecorder before(state, trace);  // the state before the tx, as the tx read it
  TFL_RETURN_IF_ERROR(authenticate(before, tx));
  StateOverlay tx_writes(before);
  store_next_nonce(tx_writes, tx.sender, tx.nonce + 1);

  StateOverlay handler_writes(tx_writes.as_parent());
  TxContext ctx(tx, env, genesis_, handler_writes);
  Status st;
  try {
    st = handlers_.at(tx.type)(ctx);
  } catch (const std::exception& e) {  // a handler bug must not take the node down
    st = Status::internal(std::string("handler error: ") + e.what());
  }
  TxOutcome outcome{tx.id, st.is_ok(), st.is_ok() ? "" : st.message(), st.code()};
  if (st.is_ok()) handler_writes.merge_into(tx_writes);
  if (trace) {
    trace->writes = tx_writes.sorted_writes();
    trace->outcome = outcome;
    trace->replayable = !ctx.env_read() && outcome.code != Code::kInternal;
  }
  tx_writes.merge_into(state);
  return outcome;
}

size_t TxTrace::bytes() const {
  constexpr size_t kEntry = 96;  // per key: the strings' and the containers' own overhead
  size_t n = sizeof(TxTrace) + outcome.reason.size();
  for (const auto& [key, value] : reads) n += kEntry + key.size() + (value ? value->size() : 0);
  for (const auto& [key, value] : writes) n += kEntry + key.size() + (value ? value->size() : 0);
  return n;
}

std::optional<TxOutcome> Executor::replay(StateOverlay& state, const TxTrace& trace) const {
  if (!trace.replayable) return std::nullopt;
  for (const auto& [key, value] : trace.reads)
    if (state.get(key) != value) return std::nullopt;
  for (const auto& [key, value] : trace.writes) {
    if (value) state.put(key, *value);
    else state.erase(key);
  }
  return trace.outcome;
}

Result<TxOutcome> Executor::apply_or_replay(StateOverlay& state, const Transaction& tx, const BlockEnv& env,
                                            const TraceLookup& traces) const {
  if (traces)
    if (const TxTrace* trace = traces(tx.id))
      if (auto outcome = replay(state, *trace)) return *outcome;
  return apply_tx(state, tx, env);
}

Result<BlockExecution> Executor::execute_block(const StateReader& base, const Hash& previous_root,
                                               const std::vector<TxPtr>& txs, const BlockEnv& env,
                                               const std::function<bool(const Hash&)>& verified,
                                               const std::vector<DuplicateVote>& evidence,
                                               const TraceLookup& traces) const {
  StateOverlay block_state(base);
  BlockExecution exec;
  for (size_t i = 0; i < txs.size(); ++i) {
    const Transaction& tx = *txs[i];
    if (!verified || !verified(tx.id)) {
      Status sig = verify_tx_signatures(tx);
      if (!sig.is_ok()) return sig.with_context("tx " + std::to_string(i) + " (" + tx.id.hex() + ")");
    }
    auto outcome = apply_or_replay(block_state, tx, env, traces);
    if (!outcome) return outcome.status().with_context("tx " + std::to_string(i) + " (" + tx.id.hex() + ")");
    exec.outcomes.push_back(std::move(*outcome));
  }
  TFL_RETURN_IF_ERROR(record_evidence(block_state, evidence, env));
  exec.writes = block_state.take_sorted_writes();
  exec.state_root = next_state_root(previous_root, hash_write_set(exec.writes), hash_outcomes(exec.outcomes));
  return exec;
}

}  // namespace tfl

namespace tfl {

Status Executor::record_evidence(StateOverlay& state, const std::vector<DuplicateVote>& evidence,
                                 const BlockEnv& env) const {
  for (const auto& e : evidence) {
    const std::string key = keys::evidence(e.id());
    if (state.get(key)) return Status::invalid("evidence " + e.id() + " is already committed");
    Json record = e.to_json();
    record["committed_height"] = env.height;
    state.put_json(key, record);
  }
  return Status::ok();
}

}  // namespace tfl
