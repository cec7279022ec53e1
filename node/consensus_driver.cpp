#include "node/consensus_driver.h"

#include <algorithm>
#include <chrono>
#include <functional>
#include <fstream>

#include <spdlog/spdlog.h>

#include "chain/codec/hex.h"
#include "node/block_builder.h"
#include "node/config.h"
#include "node/locked_block.h"
#include "node/node.h"

namespace tfl {

using consensus::Action;
using consensus::SignedMessage;

namespace {

constexpr int64_t kResendEveryMs = 1000;
constexpr int64_t kMaxClockSkewMs = 10000;
constexpr size_t kMaxFutureMessages = 20000;
constexpr int64_t kFutureHeights = 2;
constexpr int64_t kStallBeforePullMs = 1500;
// A compact proposal's missing txs are usually on their way by gossip (the proposer took
// them from its mempool as they arrived there): the receiver looks for them this often,
// and pulls the full proposal only after a wait, instead of verifying them twice.
constexpr int64_t kCheckAwaitedEveryMs = 10;
constexpr int64_t kMaxGossipWaitMs = 1000;
// Bounds what an equivocating proposer's compact proposals can hold here.
constexpr size_t kMaxAwaitedProposals = 16;
constexpr int32_t kMaxRoundsAhead = 200;
constexpr size_t kMaxQueuedMessages = 5000;

std::vector<std::string> validator_ids(const Genesis& g) {
  std::vector<std::string> ids;
  for (const auto& v : g.validators) ids.push_back(v.id);
  return ids;
}

int64_t message_height(const WireMessage& m) {
  if (auto* p = std::get_if<WireProposal>(&m)) return p->proposal.height;
  return std::get<consensus::Vote>(m).height;
}

const std::string& message_author(const WireMessage& m) {
  if (auto* p = std::get_if<WireProposal>(&m)) return p->proposal.proposer;
  return std::get<consensus::Vote>(m).validator;
}

int32_t message_round(const WireMessage& m) {
  if (auto* p = std::get_if<WireProposal>(&m)) return p->proposal.round;
  return std::get<consensus::Vote>(m).round;
}

}  // namespace

ConsensusDriver::ConsensusDriver(Node& node, PeerTransport& transport, const KeyFile* key,
                                 consensus::TimeoutConfig timeouts, std::string sign_state_path,
                                 std::string locked_block_path)
    : node_(node),
      transport_(transport),
      key_(key),
      timeouts_(timeouts),
      sign_state_path_(std::move(sign_state_path)),
      locked_block_path_(std::move(locked_block_path)),
      validators_(validator_ids(node.genesis())),
      sync_(node, transport) {}

ConsensusDriver::~ConsensusDriver() { stop(); }

Status ConsensusDriver::start() {
  if (key_) {
    auto text = read_file(sign_state_path_, 4096);
    if (text) {
      auto guard = consensus::SignGuard::parse(*text);
      if (!guard) return guard.status().with_context(sign_state_path_);
      guard_ = *guard;
    } else if (std::ifstream(sign_state_path_).good()) {
      return text.status();
    }
  }
  machine_ = std::make_unique<consensus::Tendermint>(validators_, key_ ? key_->id : "", timeouts_);
  {
    std::lock_guard<std::mutex> lock(state_mu_);
    height_ = node_.store().tip().height + 1;
    // As if stalled already: a node that starts asks its peers at once whether it is behind.
    last_progress_ms_ = now_unix_ms() - kStallBeforePullMs;
    if (key_) take_back_locked_block();
  }
  running_ = true;
  thread_ = std::thread([this] { loop(); });
  puller_ = std::thread([this] { pull_loop(); });
  return Status::ok();
}

// Joins the threads even when running_ is false already: the driver clears it itself
// when it cannot store a decided block, and a std::thread destroyed unjoined aborts.
void ConsensusDriver::stop() {
  running_ = false;
  queue_cv_.notify_all();
  {
    std::lock_guard<std::mutex> lock(pull_mu_);  // the pull thread checks running_ under it
    pull_cv_.notify_all();
  }
  if (thread_.joinable()) thread_.join();
  if (puller_.joinable()) puller_.join();
}

void ConsensusDriver::wake() {
  if (started_) return;
  std::lock_guard<std::mutex> lock(queue_mu_);
  woken_ = true;
  queue_cv_.notify_one();
}

Json ConsensusDriver::receive(const Json& items) {
  size_t accepted = 0, stale = 0;
  Json refused = Json::array();
  const int64_t current_height = current_height_.load();
  const int32_t current_round = current_round_.load();
  for (const auto& item : items) {
    // Skip what cannot matter before paying for its signature and block: messages of
    // past heights, and of rounds this node has left behind.
    if (item.is_object() && item.contains("height") && item["height"].is_number_integer() &&
        item.contains("round") && item["round"].is_number_integer()) {
      const int64_t h = item["height"].get<int64_t>();
      const int64_t r = item["round"].get<int64_t>();
      if (h < current_height || (h == current_height && r < current_round - 1)) {
        ++stale;
        continue;
      }
    }
    auto m = decode_message(item, node_.genesis(), validators_,
                            [this](const Hash& id) { return node_.mempool().get(id); });
    if (!m) {
      if (refused.size() < 10) refused.push_back(m.status().message());
      std::lock_guard<std::mutex> lock(state_mu_);
      stats_.refused_messages++;
      continue;
    }
    ++accepted;
    std::lock_guard<std::mutex> lock(queue_mu_);
    if (queue_.size() < kMaxQueuedMessages) queue_.push_back(std::move(*m));
  }
  queue_cv_.notify_one();
  return Json{{"accepted", accepted}, {"stale", stale}, {"refused", refused}};
}

void ConsensusDriver::loop() {
  while (running_) {
    std::deque<Event> events;
    {
      std::unique_lock<std::mutex> lock(queue_mu_);
      int64_t wait_ms = 100;
      {
        std::lock_guard<std::mutex> s(state_mu_);
        if (!timers_.empty()) wait_ms = std::clamp<int64_t>(timers_.top().due_ms - now_unix_ms(), 0, 100);
        if (!awaiting_txs_.empty()) wait_ms = std::min(wait_ms, kCheckAwaitedEveryMs);
        // Txs waiting out the interval: wake when it ends, not at the next poll.
        if (!started_)
          if (auto due = pacing_.due_in_ms(now_unix_ms(), node_.mempool().size())) wait_ms = std::min(wait_ms, *due);
      }
      queue_cv_.wait_for(lock, std::chrono::milliseconds(wait_ms), [&] { return !queue_.empty() || woken_ || !running_; });
      events.swap(queue_);
      woken_ = false;
    }
    if (!running_) return;
    int64_t sync_target = 0;
    {
      std::lock_guard<std::mutex> lock(state_mu_);
      const int64_t now = now_unix_ms();
      while (!timers_.empty() && timers_.top().due_ms <= now) {
        TimeoutEvent t = timers_.top().event;
        timers_.pop();
        handle(t);
      }
      for (const auto& e : events) handle(e);
      complete_awaited_proposals();
      if (behind_target_ >= height_) sync_target = behind_target_;
      behind_target_ = 0;
    }
    if (sync_target > 0) catch_up(sync_target);  // without state_mu_: status stays readable
    std::lock_guard<std::mutex> lock(state_mu_);
    maybe_start_height();
    const int64_t now = now_unix_ms();
    if (started_ && now - last_resend_ms_ >= kResendEveryMs) {
      // Only the current round's: older rounds' messages cannot change a decision any
      // more, and a proposal carries a whole block.
      for (const auto& m : own_messages_)
        if (m.round == machine_->round()) transport_.broadcast("/p2p/v1/consensus", m.text);
      last_resend_ms_ = now;
    }
    publish_status();
  }
}

void ConsensusDriver::handle(const Event& event) {
  if (auto* t = std::get_if<TimeoutEvent>(&event)) {
    if (!started_ || t->height != height_) return;
    stats_.timeouts++;
    run(machine_->on_timeout(t->kind, t->height, t->round));
    return;
  }
  handle_message(std::get<WireMessage>(event));
}

// A validator signing at height h has committed h-1. Sync starts only when f+1
// validators (so at least one honest) are that far ahead: a Byzantine one flooding
// messages for far heights cannot keep this node searching its peers.
void ConsensusDriver::note_ahead(const std::string& validator, int64_t h) {
  int64_t& highest = ahead_of_us_[validator];
  highest = std::max(highest, h);
  std::vector<int64_t> heights;
  for (const auto& [v, at] : ahead_of_us_)
    if (at > height_ + 1) heights.push_back(at);
  const size_t needed = static_cast<size_t>(validators_.f_plus_one());
  if (heights.size() < needed) return;
  std::nth_element(heights.begin(), heights.begin() + static_cast<std::ptrdiff_t>(needed - 1), heights.end(),
                   std::greater<int64_t>());
  behind_target_ = std::max(behind_target_, heights[needed - 1] - 1);
}

void ConsensusDriver::handle_message(const WireMessage& message) {
  const int64_t h = message_height(message);
  if (h < height_) return;
  if (h > height_ + 1) note_ahead(message_author(message), h);
  if (h > height_ || !started_) {
    if (h <= height_ + kFutureHeights && future_count_ < kMaxFutureMessages) {
      future_[h].push_back(message);
      ++future_count_;
    }
    return;
  }
  if (message_round(message) > machine_->round() + kMaxRoundsAhead) return;  // bounds the machine's memory
  if (auto* v = std::get_if<consensus::Vote>(&message)) {
    run(machine_->on_vote(*v));
    return;
  }
  const WireProposal& wp = std::get<WireProposal>(message);
  auto known = candidates_.find(wp.proposal.block_id);
  bool valid = false;
  if (known != candidates_.end()) {
    valid = known->second.valid;
  } else if (wp.block) {
    Candidate c;
    valid = judge_block(*wp.block, wp.proposal.proposer, c);
    candidates_.emplace(wp.proposal.block_id, std::move(c));
    awaiting_txs_.erase(wp.proposal.block_id);  // pulled in full while its txs were awaited
    // The height moves: pulling its messages now would fetch this block again.
    last_progress_ms_ = now_unix_ms();
  } else {
    // A proposal without its block cannot be judged; a compact one whose txs are not
    // all here waits for them (complete_awaited_proposals).
    if (!wp.lacking || awaiting_txs_.count(wp.proposal.block_id)) return;
    AwaitedProposal awaited{wp, now_unix_ms()};
    if (awaiting_txs_.size() < kMaxAwaitedProposals && may_arrive_by_gossip(awaited))
      awaiting_txs_.emplace(wp.proposal.block_id, std::move(awaited));
    else
      want_full_proposal(wp.proposal.height, wp.proposal.round);
    return;
  }
  run(machine_->on_proposal(wp.proposal, valid));
}

bool ConsensusDriver::judge_block(const Block& block, const std::string& proposer, Candidate& out) {
  out.block = block;
  out.valid = false;
  std::string why;
  if (block.header.proposer != proposer) why = "header names another proposer";
  else if (block.header.time_ms > now_unix_ms() + kMaxClockSkewMs) why = "block time is too far in the future";
  else {
    auto exec = node_.validate_next_block(block);
    if (!exec) why = exec.status().message();
    else out.execution = std::move(*exec);
  }
  if (!why.empty()) {
    stats_.invalid_proposals++;
    spdlog::warn("invalid proposal {} at height {} from {}: {}", block.hash().hex().substr(0, 16), block.header.height,
                 proposer, why);
    return false;
  }
  out.valid = true;
  return true;
}

void ConsensusDriver::maybe_start_height() {
  if (started_) return;
  const int64_t now = now_unix_ms();
  const auto signed_last = guard_.last_signed();
  const bool begun = future_.count(height_) > 0 || (key_ && signed_last && signed_last->height == height_);
  if (!pacing_.may_start(now, node_.mempool().size(), begun)) return;
  started_ = true;
  stats_.rounds_started++;
  height_started_ms_ = now;
  last_progress_ms_ = now;
  run(machine_->start(height_, key_ ? guard_.recovery_at(height_) : consensus::Recovery{}));
  if (key_) resend_last_round();
  auto buffered = future_.find(height_);
  if (buffered != future_.end()) {
    std::vector<WireMessage> messages = std::move(buffered->second);
    future_count_ -= messages.size();
    future_.erase(buffered);
    for (const auto& m : messages) handle_message(m);
  }
}

void ConsensusDriver::take_back_locked_block() {
  const consensus::Lock lock = guard_.lock_at(height_);
  if (consensus::is_nil(lock.block_id)) return;
  auto kept = load_locked_block(locked_block_path_, lock.block_id);
  if (!kept || !*kept) {
    spdlog::warn("locked on block {} at height {}, which {}; it must come from a peer", lock.block_id.substr(0, 16),
                 height_, kept ? "is not in " + locked_block_path_ : "cannot be read: " + kept.status().message());
    return;
  }
  Candidate c;
  if (!judge_block(**kept, (*kept)->header.proposer, c)) return;
  candidates_.emplace(lock.block_id, std::move(c));
  spdlog::info("locked on block {} at height {}: taken back from {}", lock.block_id.substr(0, 16), height_,
               locked_block_path_);
}

// After a restart: the messages signed in the last round before the crash may have
// reached no peer; the SignGuard lets this validator sign exactly those again. A proposal
// is re-sent only when its block is at hand: the block of the lock is (take_back_locked_block).
void ConsensusDriver::resend_last_round() {
  // A copy: re-signing assigns guard_.
  const std::vector<SignedMessage> last_round = guard_.last_round_messages();
  for (const SignedMessage& m : last_round) {
    if (m.height != height_) continue;
    if (m.step != consensus::SignStep::kProposal) run({consensus::BroadcastVote{m.to_vote(key_->id)}});
    else if (candidates_.count(m.block_id)) run({consensus::BroadcastProposal{m.to_proposal(key_->id)}});
  }
}

void ConsensusDriver::run(std::vector<Action> actions) {
  while (!actions.empty()) {
    std::vector<Action> follow_up;
    for (const auto& a : actions) carry_out(a, follow_up);
    actions.swap(follow_up);
  }
}

bool ConsensusDriver::sign_guarded(const SignedMessage& message) {
  if (!key_ || !guard_.may_sign(message)) return false;
  consensus::SignGuard next = guard_;
  if (!next.record(message) || !keep_block_of_lock(message)) return false;
  Status st = write_file_atomic(sign_state_path_, next.serialize() + "\n", 0600);
  if (!st) {
    spdlog::error("cannot persist sign state, not signing: {}", st.message());
    return false;
  }
  guard_ = next;
  return true;
}

bool ConsensusDriver::keep_block_of_lock(const SignedMessage& message) {
  // Locked on it already: its block was written then (or the lock predates the file).
  if (message.step != consensus::SignStep::kPrecommit || consensus::is_nil(message.block_id) ||
      guard_.lock_at(message.height).block_id == message.block_id)
    return true;
  auto c = candidates_.find(message.block_id);
  if (c == candidates_.end()) {
    spdlog::error("not precommitting block {}: it is not here", message.block_id.substr(0, 16));
    return false;
  }
  if (Status st = save_locked_block(locked_block_path_, c->second.block); !st) {
    spdlog::error("cannot keep the block to lock on, not precommitting it: {}", st.message());
    return false;
  }
  return true;
}

void ConsensusDriver::send_own(int32_t round, const std::function<std::string()>& encode) {
  if (!transport_.has_peers()) return;  // a lone validator writes its messages for nobody
  auto text = std::make_shared<const std::string>(encode());
  transport_.broadcast("/p2p/v1/consensus", text);
  own_messages_.push_back(OwnMessage{round, std::move(text)});
}

void ConsensusDriver::carry_out(const Action& action, std::vector<Action>& follow_up) {
  const std::string& chain_id = node_.genesis().chain_id;
  if (auto* bp = std::get_if<consensus::BroadcastProposal>(&action)) {
    consensus::Proposal p = bp->proposal;
    if (!sign_guarded(SignedMessage::of(p))) return;
    p.signature = sign(key_->secret_key, proposal_sign_bytes(chain_id, p));
    auto c = candidates_.find(p.block_id);
    const Block* block = c != candidates_.end() ? &c->second.block : nullptr;
    send_own(p.round, [&] { return encode_proposal_text(p, block, BlockForm::kCompact); });
    auto more = machine_->on_proposal(p, c != candidates_.end() && c->second.valid);
    follow_up.insert(follow_up.end(), more.begin(), more.end());
  } else if (auto* bv = std::get_if<consensus::BroadcastVote>(&action)) {
    consensus::Vote v = bv->vote;
    if (!sign_guarded(SignedMessage::of(v))) return;
    v.signature = sign(key_->secret_key, vote_sign_bytes(chain_id, v));
    send_own(v.round, [&] { return encode_vote(v).dump(); });
    auto more = machine_->on_vote(v);
    follow_up.insert(follow_up.end(), more.begin(), more.end());
  } else if (auto* st = std::get_if<consensus::ScheduleTimeout>(&action)) {
    timers_.push(Timer{now_unix_ms() + st->duration_ms, TimeoutEvent{st->kind, st->height, st->round}});
  } else if (auto* bb = std::get_if<consensus::BuildBlock>(&action)) {
    std::vector<DuplicateVote> evidence;
    for (const auto& [id, e] : pending_evidence_) evidence.push_back(e);
    const std::vector<TxPtr> candidates = node_.mempool().first(node_.config().max_block_txs);
    const Mempool::Traces admitted = node_.mempool().pending_among(candidates);
    auto built = build_block(node_.executor(), node_.store(), candidates, key_->id, now_unix_ms(), evidence,
                             Mempool::lookup_in(admitted));
    if (!built) {  // proposes nothing: the round's propose timeout moves on
      spdlog::error("cannot build block {}: {}", bb->height, built.status().message());
      return;
    }
    for (const auto& [id, reason] : built->left_out) node_.mempool_reject(id, reason);
    std::string id = built->block.hash().hex();
    candidates_[id] = Candidate{std::move(built->block), std::move(built->execution), true};
    auto more = machine_->on_proposal_value(bb->height, bb->round, id);
    follow_up.insert(follow_up.end(), more.begin(), more.end());
  } else if (auto* d = std::get_if<consensus::Decide>(&action)) {
    commit_decision(*d);
  } else if (auto* ev = std::get_if<consensus::Evidence>(&action)) {
    DuplicateVote e = DuplicateVote::make(ev->a.validator, consensus::vote_type_name(ev->a.type), ev->a.height,
                                          ev->a.round, {ev->a.block_id, ev->a.signature}, {ev->b.block_id, ev->b.signature});
    if (e.a.block_hash != e.b.block_hash && e.verify(node_.genesis()).is_ok()) pending_evidence_.emplace(e.id(), e);
    record_evidence(Json{{"kind", "duplicate_vote"}, {"validator", ev->a.validator}, {"height", ev->a.height},
                         {"round", ev->a.round}, {"a", encode_vote(ev->a)}, {"b", encode_vote(ev->b)}});
  } else if (auto* pe = std::get_if<consensus::ProposalEvidence>(&action)) {
    record_evidence(Json{{"kind", "duplicate_proposal"}, {"validator", pe->a.proposer}, {"height", pe->a.height},
                         {"round", pe->a.round}, {"a", encode_proposal(pe->a, nullptr)},
                         {"b", encode_proposal(pe->b, nullptr)}});
  }
}

void ConsensusDriver::record_evidence(Json evidence) {
  spdlog::warn("equivocation by {} at height {} round {}", evidence["validator"].get<std::string>(),
               evidence["height"].get<int64_t>(), evidence["round"].get<int>());
  evidence_.push_back(std::move(evidence));
  while (evidence_.size() > 1000) evidence_.pop_front();
}

void ConsensusDriver::commit_decision(const consensus::Decide& d) {
  auto c = candidates_.find(d.block_id);
  if (c == candidates_.end() || !c->second.valid || !c->second.execution) {
    // Decided on a block we never received: the others have stored it; sync it.
    spdlog::warn("decided block {} at height {} is not here; syncing it", d.block_id.substr(0, 16), d.height);
    behind_target_ = std::max(behind_target_, d.height);
    return;
  }
  Commit commit;
  commit.height = d.height;
  commit.round = d.round;
  commit.block_hash = Hash::from_hex(d.block_id).value();
  for (const auto& v : d.precommits) commit.signatures.push_back({v.validator, v.signature});
  Status st = node_.commit_block(c->second.block, commit, *c->second.execution);
  for (const auto& e : c->second.block.evidence) pending_evidence_.erase(e.id());
  if (!st) {
    spdlog::critical("cannot store decided block {}: {}", d.height, st.message());
    running_ = false;
    return;
  }
  enter_height(d.height + 1, c->second.block.txs.size() >= node_.config().max_block_txs);
}

void ConsensusDriver::enter_height(int64_t height, bool start_at_once) {
  height_ = height;
  started_ = false;
  candidates_.clear();
  awaiting_txs_.clear();
  own_messages_.clear();
  while (!timers_.empty()) timers_.pop();
  for (auto it = future_.begin(); it != future_.end() && it->first < height_;) {
    future_count_ -= it->second.size();
    it = future_.erase(it);
  }
  pacing_ = HeightPacing::after(height_started_ms_, start_at_once, node_.config().block_interval_ms,
                                node_.config().max_block_txs);
  last_progress_ms_ = now_unix_ms();
}

void ConsensusDriver::catch_up(int64_t target) {
  const int64_t applied = sync_.sync_to(target);
  std::lock_guard<std::mutex> lock(state_mu_);
  stats_.blocks_synced += static_cast<uint64_t>(applied);
  if (node_.store().tip().height + 1 != height_) enter_height(node_.store().tip().height + 1, /*start_at_once=*/true);
}

bool ConsensusDriver::may_arrive_by_gossip(AwaitedProposal& awaited) const {
  const std::vector<Hash>& ids = awaited.message.lacking->tx_ids;
  const Mempool& mempool = node_.mempool();
  // A lookup per newly arrived tx, not per tx of the block, on each check.
  while (awaited.ids_held < ids.size() && mempool.get(ids[awaited.ids_held])) ++awaited.ids_held;
  // All held, yet the block did not complete: one is held with other signatures than the
  // proposer's (the tx root differs), which no wait mends. A full mempool admits nothing
  // more, and a tx it turned away or dropped does not come again.
  if (awaited.ids_held == ids.size()) return false;
  const Hash& missing = ids[awaited.ids_held];
  return mempool.size() < node_.config().mempool_limit && !mempool.turned_away(missing) && !mempool.rejection(missing);
}

void ConsensusDriver::complete_awaited_proposals() {
  const int64_t now = now_unix_ms();
  if (awaiting_txs_.empty() || now - awaiting_checked_ms_ < kCheckAwaitedEveryMs) return;
  awaiting_checked_ms_ = now;
  const int64_t gossip_wait_ms = std::min(kMaxGossipWaitMs, timeouts_.propose_ms / 2);
  const KnownTx pending = [this](const Hash& id) { return node_.mempool().get(id); };
  std::vector<WireProposal> complete;
  for (auto it = awaiting_txs_.begin(); it != awaiting_txs_.end();) {
    AwaitedProposal& awaited = it->second;
    const bool may_arrive = may_arrive_by_gossip(awaited);
    std::optional<Block> block;
    if (awaited.ids_held == awaited.message.lacking->tx_ids.size())
      block = complete_compact_block(*awaited.message.lacking, pending);
    if (block) {
      awaited.message.block = std::move(*block);
      awaited.message.lacking.reset();
      complete.push_back(std::move(awaited.message));
    } else if (!may_arrive || now - awaited.arrived_ms >= gossip_wait_ms) {
      want_full_proposal(awaited.message.proposal.height, awaited.message.proposal.round);
    } else {
      ++it;
      continue;
    }
    it = awaiting_txs_.erase(it);
  }
  for (const auto& wp : complete) handle_message(wp);
}

void ConsensusDriver::want_full_proposal(int64_t height, int32_t round) {
  stats_.proposals_pulled++;
  std::lock_guard<std::mutex> lock(pull_mu_);
  wanted_proposal_ = std::make_pair(height, round);
  pull_cv_.notify_one();
}

void ConsensusDriver::pull_loop() {
  // Fetches a proposal's block when asked to; and when a height makes no progress, asks
  // each peer for its messages of our height and round, and learns whether a peer is
  // ahead of us.
  for (bool first = true; running_; first = false) {
    std::optional<std::pair<int64_t, int32_t>> wanted;
    {
      std::unique_lock<std::mutex> lock(pull_mu_);
      if (!first)
        pull_cv_.wait_for(lock, std::chrono::milliseconds(500), [&] { return wanted_proposal_ || !running_; });
      wanted.swap(wanted_proposal_);
    }
    if (!running_) return;
    if (wanted) {
      if (!pull_messages(wanted->first, wanted->second, /*until_block=*/true) &&
          sync_.best_peer_height() >= wanted->first) {
        // No peer holds that proposal any more: they decided the height without this
        // node and moved on, so its block comes by sync, now rather than once f+1
        // validators are two heights ahead.
        {
          std::lock_guard<std::mutex> lock(state_mu_);
          if (wanted->first == height_) behind_target_ = std::max(behind_target_, wanted->first);
        }
        wake();
      }
      continue;
    }
    int64_t h, stalled_for;
    int32_t r;
    {
      std::lock_guard<std::mutex> lock(state_mu_);
      h = height_;
      r = machine_ ? machine_->round() : 0;
      stalled_for = now_unix_ms() - last_progress_ms_;
    }
    if (stalled_for < kStallBeforePullMs) continue;
    const int64_t best = sync_.best_peer_height();
    if (best >= h) {
      {
        std::lock_guard<std::mutex> lock(state_mu_);
        behind_target_ = std::max(behind_target_, best);
      }
      wake();
      continue;
    }
    pull_messages(h, r, /*until_block=*/false);
  }
}

bool ConsensusDriver::pull_messages(int64_t height, int32_t round, bool until_block) {
  auto holds_block = [](const Json& items) {
    return std::any_of(items.begin(), items.end(),
                       [](const Json& m) { return proposal_block_form(m) == BlockForm::kFull; });
  };
  bool got_block = false;
  for (const auto& url : transport_.peer_urls()) {
    if (!running_) break;
    auto msgs = transport_.get(url, "/p2p/v1/consensus?height=" + std::to_string(height) + "&round=" + std::to_string(round), 1000);
    if (!msgs || !msgs->contains("items") || !(*msgs)["items"].is_array()) continue;
    const Json& items = (*msgs)["items"];
    got_block = got_block || holds_block(items);
    receive(items);
    if (until_block && got_block) break;
  }
  return got_block;
}

std::string ConsensusDriver::messages_at(int64_t height, int32_t round) const {
  std::lock_guard<std::mutex> lock(state_mu_);
  std::string items;
  if (machine_ && height == height_) {
    for (const auto& p : machine_->proposals(height, round)) {
      auto c = candidates_.find(p.block_id);
      items += (items.empty() ? "" : ",") + encode_proposal_text(p, c != candidates_.end() ? &c->second.block : nullptr);
    }
    for (const auto& v : machine_->votes(height, round)) items += (items.empty() ? "" : ",") + encode_vote(v).dump();
  }
  return "{\"items\":[" + items + "]}";
}

void ConsensusDriver::publish_status() {
  current_height_ = height_;
  current_round_ = machine_ ? machine_->round() : 0;
  Json j{{"height", height_}, {"started", started_.load()}};
  if (machine_) {
    j["round"] = machine_->round();
    j["step"] = consensus::step_name(machine_->step());
    j["locked_round"] = machine_->locked_round();
    j["valid_round"] = machine_->valid_round();
  }
  std::lock_guard<std::mutex> lock(snapshot_mu_);
  status_snapshot_ = std::move(j);
  stats_snapshot_ = stats_;
}

Json ConsensusDriver::status_json() const {
  std::lock_guard<std::mutex> lock(snapshot_mu_);
  return status_snapshot_;
}

ConsensusStats ConsensusDriver::stats() const {
  std::lock_guard<std::mutex> lock(snapshot_mu_);
  return stats_snapshot_;
}

Json ConsensusDriver::evidence_json() const {
  std::lock_guard<std::mutex> lock(state_mu_);
  Json out = Json::array();
  for (const auto& e : evidence_) out.push_back(e);
  return out;
}

}  // namespace tfl
