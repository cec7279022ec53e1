#include "node/node.h"

#include <chrono>

#include <spdlog/spdlog.h>

#include "chain/state/state_keys.h"
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
  TFL_ASSIGN_OR_RETURN(node->store_, BlockStore::open(config.data_dir, genesis));
  Status tip = node->store_->check_tip(genesis);
  if (!tip)
    return Status::corruption("the store in " + config.data_dir + " is damaged (" + tip.message() +
                              "); move it aside and let the node re-sync: mv " + config.data_dir + " " +
                              config.data_dir + ".damaged");
  node->executor_ = std::make_unique<Executor>(std::move(genesis), default_handlers());
  node->mempool_ = std::make_unique<Mempool>(*node->executor_, *node->store_, config.mempool_limit);
  return node;
}

Node::~Node() { stop(); }

void Node::start() {
  if (!is_validator() || running_.exchange(true)) return;
  producer_ = std::thread([this] { production_loop(); });
}

void Node::stop() {
  running_ = false;
  committed_cv_.notify_all();
  if (producer_.joinable()) producer_.join();
}

void Node::production_loop() {
  while (running_) {
    std::this_thread::sleep_for(std::chrono::milliseconds(config_.block_interval_ms));
    if (mempool_->size() == 0) continue;
    auto h = produce_block();
    if (!h) spdlog::error("block production failed: {}", h.status().to_string());
  }
}

Result<int64_t> Node::produce_block() {
  if (!validator_key_) return Status::invalid("an observer does not produce blocks");
  if (genesis().validators.size() != 1)
    return Status::invalid("single-validator block production needs a genesis with one validator");
  std::lock_guard<std::mutex> lock(commit_mu_);
  std::vector<TxPtr> candidates = mempool_->first(config_.max_block_txs);
  if (candidates.empty()) return int64_t{0};
  BuiltBlock built = build_block(*executor_, *store_, candidates, validator_key_->id, now_unix_ms());
  for (const auto& [id, reason] : built.left_out) mempool_->reject(id, reason);
  if (built.block.txs.empty()) return int64_t{0};
  Commit commit;
  commit.height = built.block.header.height;
  commit.round = 0;
  commit.block_hash = built.block.hash();
  commit.signatures.push_back(
      {validator_key_->id, sign(validator_key_->secret_key,
                                vote_sign_bytes(genesis().chain_id, "precommit", commit.height, 0, commit.block_hash.hex()))});
  TFL_RETURN_IF_ERROR(commit_block(built.block, commit, built.execution));
  return built.block.header.height;
}

Status Node::commit_block(const Block& block, const Commit& commit, const BlockExecution& exec) {
  TFL_RETURN_IF_ERROR(store_->commit(block, commit, exec));
  mempool_->on_block_committed(block.txs, now_unix_ms());
  size_t failed = 0;
  for (const auto& o : exec.outcomes) failed += o.ok ? 0 : 1;
  spdlog::info("committed block {} {} txs={} failed={} state_root={}", block.header.height, block.hash().hex().substr(0, 16),
               block.txs.size(), failed, exec.state_root.hex().substr(0, 16));
  {
    std::lock_guard<std::mutex> lock(notify_mu_);
  }
  committed_cv_.notify_all();
  return Status::ok();
}

Result<Hash> Node::submit(const Json& tx_json) {
  TFL_ASSIGN_OR_RETURN(TxPtr tx, decode_tx(tx_json));
  if (tx->chain_id != genesis().chain_id)
    return Status::unauthorized("tx is for chain \"" + tx->chain_id + "\", this is \"" + genesis().chain_id + "\"");
  if (store_->tx_location(tx->id)) return Status::already_exists("tx " + tx->id.hex() + " is already committed");
  TFL_RETURN_IF_ERROR(verify_tx_signatures(*tx));
  TFL_RETURN_IF_ERROR(mempool_->add(tx, now_unix_ms()));
  return tx->id;
}

TxView Node::tx_view(const Hash& id) const {
  TxView v;
  if (auto loc = store_->tx_location(id)) {
    auto block = store_->block_at(loc->height);
    if (block && loc->index < static_cast<int64_t>(block->txs.size())) v.tx = block->txs[loc->index];
    v.state = loc->ok ? TxView::State::kCommitted : TxView::State::kFailed;
    v.height = loc->height;
    v.index = loc->index;
    v.reason = loc->reason;
    return v;
  }
  if (TxPtr tx = mempool_->get(id)) {
    v.state = TxView::State::kPending;
    v.tx = tx;
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
    if (v.state != TxView::State::kPending || !running_) return v;
    if (committed_cv_.wait_until(lock, deadline) == std::cv_status::timeout) return tx_view(id);
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
              {"peers", config_.peers},
              {"mempool_size", mempool_->size()},
              {"syncing", false},
              {"validator", is_validator()}};
}

std::optional<Json> Node::participant_json(const std::string& id) const {
  auto raw = store_->get(keys::participant(id));
  if (!raw) return std::nullopt;
  Json p = Json::parse(*raw);
  if (auto next = mempool_->next_nonce(id)) p["next_nonce"] = *next;
  return p;
}

}  // namespace tfl
