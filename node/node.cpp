#include "node/node.h"

#include <chrono>

#include <spdlog/spdlog.h>

#include "chain/state/state_keys.h"
#include "chain/codec/json_fields.h"
#include "chain/state/participant.h"
#include "node/allocator.h"
#include "node/block_builder.h"

namespace tfl {

int64_t now_unix_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Json TxView::to_json() const {
  static const char* names[] = {"unknown", "pending", "committed", "failed", "rejected"};
  Json j{{"status", names[static_cast<int>(state)]}};
  if (tx) {
    j["id"] = tx->id.hex();
    j["tx"] = tx->to_json();
  }
  if (state == State::kCommitted || state == State::kFailed) {
    j["height"] = height;
    j["index"] = index;
  }
  if (!reason.empty()) j["reason"] = reason;
  return j;
}

Result<std::unique_ptr<Node>> Node::open(const NodeConfig& config) {
  crypto_init();
  std::unique_ptr<Node> node(new Node());
  node->config_ = config;
  TFL_ASSIGN_OR_RETURN(Genesis genesis, load_genesis(config.genesis_path));
  if (!config.validator_key_path.empty()) {
    TFL_ASSIGN_OR_RETURN(KeyFile key, load_key_file(config.validator_key_path));
    const GenesisValidator* v = genesis.validator(key.id);
    if (!v) return Status::invalid("validator key " + config.validator_key_path + " is for \"" + key.id + "\", not a genesis validator");
    if (!(v->public_key == key.public_key))
      return Status::invalid("validator key " + config.validator_key_path + " does not match genesis for \"" + key.id + "\"");
    node->validator_key_ = std::move(key);
  }
  const std::string repair = "; move it aside and restart to re-sync it from the peers (the sign state stays): mv " +
                             config.data_dir + " " + config.data_dir + ".damaged";
  auto store = BlockStore::open(config.data_dir, genesis);
  if (!store) {
    if (store.status().code() == Code::kCorruption || store.status().message().find("Corruption") != std::string::npos)
      return Status::corruption("the store in " + config.data_dir + " is damaged (" + store.status().message() + ")" + repair);
    return store.status();
  }
  node->store_ = std::move(*store);
  Status tip = node->store_->check_tip(genesis);
  if (!tip) return Status::corruption("the store in " + config.data_dir + " is damaged (" + tip.message() + ")" + repair);
  node->executor_ = std::make_unique<Executor>(std::move(genesis), default_handlers());
  node->mempool_ = std::make_unique<Mempool>(*node->executor_, *node->store_, config.mempool_limit);
  return node;
}

Node::~Node() { stop(); }

Status Node::start() {
  if (running_.exchange(true)) return Status::ok();
  transport_ = std::make_unique<PeerTransport>(config_.peers, config_.node_id);
  transport_->start();
  driver_ = std::make_unique<ConsensusDriver>(*this, *transport_, validator_key_ ? &*validator_key_ : nullptr,
                                              config_.timeouts, config_.sign_state_path,
                                              config_.locked_block_path);
  return driver_->start();
}

void Node::stop() {
  if (!running_.exchange(false)) return;
  committed_cv_.notify_all();
  if (driver_) driver_->stop();
  if (transport_) transport_->stop();
}

Status Node::commit_block(const Block& block, const Commit& commit, const BlockExecution& exec) {
  TFL_RETURN_IF_ERROR(store_->commit(block, commit, exec));
  size_t failed = 0;
  for (const auto& o : exec.outcomes) failed += o.ok ? 0 : 1;
  mempool_->on_block_committed(block.txs, failed == 0, now_unix_ms());
  release_freed_memory();
  metrics_.block_committed(exec.outcomes.size() - failed, failed);
  spdlog::info("committed block {} {} txs={} failed={} state_root={}", block.header.height, block.hash().hex().substr(0, 16),
               block.txs.size(), failed, exec.state_root.hex().substr(0, 16));
  {
    std::lock_guard<std::mutex> lock(notify_mu_);
  }
  committed_cv_.notify_all();
  return Status::ok();
}

Result<Hash> Node::submit(Json&& tx_json) {
  std::vector<Json> one;
  one.push_back(std::move(tx_json));
  return std::move(submit_all(std::move(one)).front());
}

std::vector<Result<Hash>> Node::submit_all(std::vector<Json>&& txs) { return admit_all(std::move(txs), true); }

std::vector<Result<Hash>> Node::submit_all_from_peer(std::vector<Json>&& txs) {
  return admit_all(std::move(txs), false);
}

// One mempool lock for the whole batch: taken once per tx, eight submitting
// connections queued on it and woke each other thousands of times a second.
std::vector<Result<Hash>> Node::admit_all(std::vector<Json>&& txs, bool gossip) {
  std::vector<Result<Hash>> out;
  out.reserve(txs.size());
  std::vector<TxPtr> checked;
  std::vector<size_t> slot_of_checked;
  for (auto& tx_json : txs) {
    auto tx = check_for_admission(std::move(tx_json));
    if (tx) {
      checked.push_back(std::move(*tx));
      slot_of_checked.push_back(out.size());
      out.emplace_back(checked.back()->id);
    } else {
      out.emplace_back(tx.status());
    }
  }
  if (checked.empty()) return out;
  const std::vector<Status> added = mempool_->add_all(checked, now_unix_ms());
  bool any = false;
  for (size_t i = 0; i < checked.size(); ++i) {
    if (!added[i]) {
      out[slot_of_checked[i]] = added[i];
      continue;
    }
    any = true;
    if (gossip && transport_ && transport_->has_peers())
      transport_->broadcast("/p2p/v1/txs", std::make_shared<const std::string>(checked[i]->canonical));
  }
  if (any && driver_) driver_->wake();
  return out;
}

Result<TxPtr> Node::check_for_admission(Json&& tx_json) const {
  TFL_ASSIGN_OR_RETURN(TxPtr tx, decode_tx(std::move(tx_json)));
  if (tx->chain_id != genesis().chain_id)
    return Status::unauthorized("tx is for chain \"" + tx->chain_id + "\", this is \"" + genesis().chain_id + "\"");
  // Every committed tx spent its sender's nonce, so one at or past the sender's next
  // committed nonce is not in the tx index: the index (a LevelDB miss for every new tx)
  // is read only for a tx that could be a resubmission.
  if (tx->nonce < next_nonce(*store_, tx->sender) && store_->tx_location(tx->id))
    return Status::already_exists("tx " + tx->id.hex() + " is already committed");
  TFL_RETURN_IF_ERROR(verify_tx_signatures(*tx));
  return tx;
}

Result<BlockExecution> Node::validate_next_block(const Block& block, bool signatures_checked) const {
  const ChainTip tip = store_->tip();
  const int64_t h = block.header.height;
  if (h != tip.height + 1) return Status::invalid("block " + std::to_string(h) + " is not the next (" + std::to_string(tip.height + 1) + ")");
  std::optional<BlockHeader> prev;
  if (tip.height > 0) {
    TFL_ASSIGN_OR_RETURN(BlockHeader p, store_->header_at(tip.height));
    prev = p;
  }
  TFL_RETURN_IF_ERROR(check_block_links(block, genesis(), prev).with_context("block " + std::to_string(h)));
  if (block.header.state_root != tip.state_root)
    return Status::invalid("block " + std::to_string(h) + " state_root differs from ours: " + tip.state_root.hex());
  const Mempool::Traces admitted = signatures_checked ? Mempool::Traces{} : mempool_->pending_among(block.txs);
  return executor_->execute_block(*store_, tip.state_root, block.txs, block_env(block.header),
                                  [&](const Hash& id) { return signatures_checked || admitted.count(id) > 0; },
                                  block.evidence, Mempool::lookup_in(admitted));
}

Result<Node::CheckedBlock> Node::decode_synced_block(Json&& entry) const {
  TFL_RETURN_IF_ERROR(check_fields(entry, {"block", "commit"}, "synced block"));
  TFL_ASSIGN_OR_RETURN(Block block, Block::from_json(std::move(entry["block"])));
  TFL_ASSIGN_OR_RETURN(Commit commit, Commit::from_json(entry["commit"]));
  const std::string at = "block " + std::to_string(block.header.height);
  if (commit.height != block.header.height || commit.block_hash != block.hash())
    return Status::invalid("certificate is not for " + at);
  TFL_RETURN_IF_ERROR(commit.verify(genesis()).with_context("certificate of " + at));
  return CheckedBlock{std::move(block), std::move(commit)};
}

Status Node::apply_checked_block(const CheckedBlock& checked) {
  TFL_ASSIGN_OR_RETURN(BlockExecution exec, validate_next_block(checked.block, true));
  return commit_block(checked.block, checked.commit, exec);
}

TxView Node::tx_view(const Hash& id) const {
  TxView v;
  // The mempool first: a commit stores its block before its txs leave the mempool, so a
  // tx that is not pending when asked here is in the store if it was committed. Asked
  // the other way round, a commit landing between the two lookups hid the tx from both.
  if (TxPtr tx = mempool_->get(id)) {
    v.state = TxView::State::kPending;
    v.tx = tx;
    return v;
  }
  if (auto loc = store_->tx_location(id)) {
    if (auto tx = store_->tx_at(loc->height, loc->index)) v.tx = *tx;
    v.state = loc->ok ? TxView::State::kCommitted : TxView::State::kFailed;
    v.height = loc->height;
    v.index = loc->index;
    v.reason = loc->reason;
    return v;
  }
  if (auto why = mempool_->rejection(id)) {
    v.state = TxView::State::kRejected;
    v.reason = *why;
  }
  return v;
}

TxView Node::wait_for_tx(const Hash& id, int64_t timeout_ms) const {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  std::unique_lock<std::mutex> lock(notify_mu_);
  while (true) {
    TxView v = tx_view(id);
    if (v.state != TxView::State::kPending || stopping_ || std::chrono::steady_clock::now() >= deadline) return v;
    // Wake at least every 200 ms so a shutdown is not held up by a long poll.
    committed_cv_.wait_until(lock, std::min(deadline, std::chrono::steady_clock::now() + std::chrono::milliseconds(200)));
  }
}

Json Node::status_json() const {
  ChainTip tip = store_->tip();
  Json validators = Json::array();
  for (const auto& v : genesis().validators)
    validators.push_back(Json{{"id", v.id}, {"public_key", v.public_key.hex()}, {"address", v.address}});
  return Json{{"chain_id", genesis().chain_id},
              {"node_id", config_.node_id},
              {"height", tip.height},
              {"head_hash", tip.hash.hex()},
              {"head_time", tip.time_ms},
              {"state_root", tip.state_root.hex()},
              {"validators", validators},
              {"peers", peers_json()},
              {"mempool_size", mempool_->size()},
              {"syncing", driver_ && driver_->syncing()},
              {"sync", driver_ ? driver_->sync_json() : Json(nullptr)},
              {"validator", is_validator()},
              {"consensus", driver_ ? driver_->status_json() : Json(nullptr)}};
}

std::string Node::metrics_text() const {
  Metrics::Gauges g;
  g.height = store_->tip().height;
  g.mempool_size = static_cast<int64_t>(mempool_->size());
  const BlockStore::StateCacheStats cache = store_->state_cache_stats();
  g.state_cache_hits = cache.hits;
  g.state_cache_misses = cache.misses;
  g.state_cache_bytes = cache.bytes;
  if (transport_)
    for (const auto& p : transport_->info()) {
      g.peers++;
      g.peers_up += p.up ? 1 : 0;
    }
  if (driver_) {
    ConsensusStats c = driver_->stats();
    g.consensus_heights_started = c.rounds_started;
    g.consensus_timeouts = c.timeouts;
    g.invalid_proposals = c.invalid_proposals;
    g.proposals_pulled = c.proposals_pulled;
    g.blocks_synced = c.blocks_synced;
    Json st = driver_->status_json();
    g.consensus_round = st.value("round", 0);
    Json sync = driver_->sync_json();
    if (sync.value("syncing", false)) g.sync_lag = sync.value("target_height", int64_t{0}) - sync.value("height", int64_t{0});
  }
  return metrics_.render(g);
}

Json Node::peers_json() const {
  Json peers = Json::array();
  if (!transport_) {
    for (const auto& url : config_.peers) peers.push_back(Json{{"url", url}, {"up", false}});
    return peers;
  }
  for (const auto& p : transport_->info())
    peers.push_back(Json{{"url", p.url}, {"up", p.up}, {"last_ok", p.last_ok_ms}, {"queued", p.queued}});
  return peers;
}

std::optional<Json> Node::participant_json(const std::string& id) const {
  auto raw = store_->get(keys::participant(id));
  if (!raw) return std::nullopt;
  Json p = Json::parse(*raw);
  auto pending = mempool_->next_nonce(id);  // counting pending txs (the mempool reads through to the store)
  p["next_nonce"] = pending ? *pending : next_nonce(*store_, id);
  return p;
}

}  // namespace tfl
