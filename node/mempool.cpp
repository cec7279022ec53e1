#include "node/mempool.h"

#include "chain/state/genesis.h"
#include "chain/state/participant.h"
#include "chain/state/state_keys.h"

namespace tfl {
Mempool::Mempool(const Executor& executor, const StateReader& committed, size_t limit)
    : executor_(executor), committed_(committed), limit_(limit), speculative_(std::make_unique<StateOverlay>(committed)) {}

BlockEnv Mempool::env_for(int64_t now_ms) const { return BlockEnv{0, now_ms, utc_date(now_ms)}; }

Status Mempool::add(const TxPtr& tx, int64_t now_ms) {
  std::lock_guard<std::mutex> lock(mu_);
  return add_locked(tx, env_for(now_ms));
}

std::vector<Status> Mempool::add_all(const std::vector<TxPtr>& txs, int64_t now_ms) {
  std::vector<Status> out;
  out.reserve(txs.size());
  const BlockEnv env = env_for(now_ms);
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& tx : txs) out.push_back(add_locked(tx, env));
  return out;
}

Status Mempool::add_locked(const TxPtr& tx, const BlockEnv& env) {
  if (by_id_.count(tx->id)) return Status::already_exists("tx " + tx->id.hex() + " is already pending");
  auto refuse = [&](Status why) {
    turned_away_.remember(tx->id, why.message());
    return why;
  };
  if (order_.size() >= limit_)
    return refuse(Status::exhausted("mempool is full (" + std::to_string(limit_) + " txs); retry later"));
  auto outcome = apply_locked(tx, env, false);
  if (!outcome) return refuse(outcome.status());
  if (!outcome->ok) return refuse(Status(outcome->code, outcome->reason));
  rejected_.forget(tx->id);
  turned_away_.forget(tx->id);
  return Status::ok();
}

Result<TxOutcome> Mempool::apply_locked(const TxPtr& tx, const BlockEnv& env, bool keep_failed) {
  StateOverlay trial(speculative_->as_parent());
  // Past the budget nothing is recorded: no trace would be kept.
  auto trace = trace_bytes_ < kMaxTraceBytes ? std::make_shared<TxTrace>() : nullptr;
  auto outcome = executor_.apply_tx(trial, *tx, env, trace.get());
  if (!outcome || (!outcome->ok && !keep_failed)) return outcome;
  Pending pending{tx, {}, nullptr, 0};
  const size_t bytes = trace ? trace->bytes() : 0;
  if (trace && trace_bytes_ + bytes <= kMaxTraceBytes) {
    trace_bytes_ += bytes;
    pending.trace = std::move(trace);
    pending.trace_bytes = bytes;
  }
  pending.keys = trial.written_keys();
  for (const auto& key : pending.keys) ++writers_[key];
  trial.merge_into(*speculative_);
  order_.push_back(std::move(pending));
  by_id_[tx->id] = std::prev(order_.end());
  return outcome;
}

void Mempool::forget_locked(const Pending& gone) {
  trace_bytes_ -= gone.trace_bytes;
  for (const auto& key : gone.keys) {
    auto it = writers_.find(key);
    if (it == writers_.end() || --it->second > 0) continue;
    writers_.erase(it);
    speculative_->forget(key);
  }
}

std::vector<TxPtr> Mempool::first(size_t max) const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<TxPtr> out;
  for (auto it = order_.begin(); it != order_.end() && out.size() < max; ++it) out.push_back(it->tx);
  return out;
}

void Mempool::on_block_committed(const std::vector<TxPtr>& committed, bool all_succeeded, int64_t now_ms) {
  std::lock_guard<std::mutex> lock(mu_);
  bool all_were_pending = true;
  for (const auto& tx : committed) {
    auto it = by_id_.find(tx->id);
    if (it == by_id_.end()) {
      all_were_pending = false;
      continue;
    }
    forget_locked(*it->second);
    order_.erase(it->second);
    by_id_.erase(it);
  }
  if (!all_were_pending || !all_succeeded) rebuild_locked(now_ms);
}

void Mempool::rebuild_locked(int64_t now_ms) {
  std::list<Pending> pending;
  pending.swap(order_);
  by_id_.clear();
  writers_.clear();
  trace_bytes_ = 0;
  speculative_ = std::make_unique<StateOverlay>(committed_);
  const BlockEnv env = env_for(now_ms);
  for (const auto& p : pending) {
    auto outcome = apply_locked(p.tx, env, true);
    if (!outcome) rejected_.remember(p.tx->id, outcome.status().message());
  }
}

size_t Mempool::speculative_entries() const {
  std::lock_guard<std::mutex> lock(mu_);
  return speculative_->size();
}

void Mempool::reject(const Hash& id, const std::string& reason) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = by_id_.find(id);
  if (it == by_id_.end()) return;
  forget_locked(*it->second);  // what only it wrote leaves the speculative state
  order_.erase(it->second);
  by_id_.erase(it);
  rejected_.remember(id, reason);
}

bool Mempool::contains(const Hash& id) const {
  std::lock_guard<std::mutex> lock(mu_);
  return by_id_.count(id) > 0;
}

Mempool::Traces Mempool::pending_among(const std::vector<TxPtr>& txs) const {
  Traces out;
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& tx : txs)
    if (auto it = by_id_.find(tx->id); it != by_id_.end() && it->second->tx->leaf_hash == tx->leaf_hash)
      out.emplace(tx->id, it->second->trace);
  return out;
}

TraceLookup Mempool::lookup_in(const Traces& traces) {
  return [&traces](const Hash& id) -> const TxTrace* {
    auto it = traces.find(id);
    return it == traces.end() ? nullptr : it->second.get();
  };
}

TxPtr Mempool::get(const Hash& id) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : it->second->tx;
}

std::optional<std::string> Mempool::rejection(const Hash& id) const {
  std::lock_guard<std::mutex> lock(mu_);
  const std::string* why = rejected_.find(id);
  if (!why) return std::nullopt;
  return *why;
}

bool Mempool::turned_away(const Hash& id) const {
  std::lock_guard<std::mutex> lock(mu_);
  return turned_away_.find(id) != nullptr;
}

size_t Mempool::size() const {
  std::lock_guard<std::mutex> lock(mu_);
  return order_.size();
}

std::optional<Json> Mempool::speculative_get(const std::string& key) const {
  std::lock_guard<std::mutex> lock(mu_);
  return speculative_->get_json(key);
}

std::optional<int64_t> Mempool::next_nonce(const std::string& sender) const {
  std::lock_guard<std::mutex> lock(mu_);
  if (!speculative_->get(keys::participant(sender))) return std::nullopt;
  return tfl::next_nonce(*speculative_, sender);
}

}  // namespace tfl
