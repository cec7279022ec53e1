#include "tests/consensus/simulator.h"

#include <algorithm>
#include <cassert>
#include <cstdio>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <tuple>
#include <utility>
#include <variant>

#include "chain/consensus/sign_guard.h"
#include "chain/consensus/tendermint.h"

namespace tfl::consensus::sim {

uint64_t Rng::next() {
  uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

uint64_t Rng::below(uint64_t bound) {
  assert(bound > 0);
  // Rejection sampling: no modulo bias.
  const uint64_t limit = UINT64_MAX - UINT64_MAX % bound;
  uint64_t x;
  do {
    x = next();
  } while (x >= limit);
  return x % bound;
}

int64_t Rng::between(int64_t lo, int64_t hi) {
  assert(lo <= hi);
  return lo + static_cast<int64_t>(below(static_cast<uint64_t>(hi - lo) + 1));
}

bool Rng::chance(double p) { return static_cast<double>(next() >> 11) * 0x1.0p-53 < p; }

namespace {

// ---------------------------------------------------------------------------------------
// Blocks, messages, events

struct SimBlock {
  BlockId id;
  int64_t height;
  std::string proposer;
  std::vector<int> txs;
  bool marked_invalid;
};

struct CommittedBlock {
  BlockId id;
  int32_t round;
  std::vector<Vote> certificate;
};

// The messages of the sender's current height, pushed to one peer per gossip interval.
struct Gossip {
  int64_t height;
  std::vector<Proposal> proposals;
  std::vector<Vote> votes;
};
// "Send me your committed blocks from this height on."
struct SyncRequest {
  int64_t from_height;
};
struct SyncReply {
  int64_t first_height;
  std::vector<CommittedBlock> blocks;
};
using Message = std::variant<Proposal, Vote, Gossip, SyncRequest, SyncReply>;

struct Delivery {
  int from;
  Message message;
};
struct TimerFired {
  TimeoutKind kind;
  int64_t height;
  int32_t round;
};
struct GossipTick {};
struct Crash {
  bool forever;
};
struct Restart {};
using EventBody = std::variant<Delivery, TimerFired, GossipTick, Crash, Restart>;

struct Event {
  int64_t time;
  uint64_t seq;         // ties in time run in the order scheduled
  int node;
  uint64_t incarnation;  // timers: the node's incarnation that armed it
  EventBody body;
};

struct LaterFirst {
  bool operator()(const Event& a, const Event& b) const {
    return std::tie(a.time, a.seq) > std::tie(b.time, b.seq);
  }
};

// What a validator keeps across a crash: chain and the SignGuard file. Everything else
// (machine, buffered messages, in-memory guard) is rebuilt on restart.
struct Node {
  std::string id;
  bool byzantine = false;
  bool up = true;
  bool crashed_for_good = false;
  uint64_t incarnation = 0;
  std::unique_ptr<Tendermint> machine;
  SignGuard guard;
  std::string guard_file;  // the persisted SignGuard record
  std::vector<CommittedBlock> chain;
  std::set<int> committed_txs;
  std::vector<Message> buffered;  // proposals and votes of later heights

  int64_t next_height() const { return static_cast<int64_t>(chain.size()) + 1; }
};

constexpr size_t kMaxBuffered = 4096;
constexpr size_t kMaxSyncBlocks = 16;

std::string hex64(uint64_t x) {
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(x));
  return text;
}

uint64_t fnv1a(const std::string& s) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : s) h = (h ^ c) * 0x100000001b3ULL;
  return h;
}

int64_t message_height(const Message& m) {
  if (const auto* p = std::get_if<Proposal>(&m)) return p->height;
  return std::get<Vote>(m).height;
}

// ---------------------------------------------------------------------------------------

class Simulation {
 public:
  explicit Simulation(const SimConfig& config);
  SimResult run();

 private:
  // Setup.
  void assign_roles();
  void schedule_faults();

  // Event loop.
  void push(int64_t time, int node, EventBody body);
  void handle(Event& event);
  bool all_reached_target() const;

  // Network.
  void send(int from, int to, Message message);
  void send_to_peers(int from, const Message& message);
  bool link_open(int from, int to) const;

  // The driver of one validator.
  void deliver(int node, int from, const Message& message);
  void deliver_consensus(int node, const Message& message);
  void drive(int node, const std::vector<Action>& actions);
  void start_next_height(int node);
  void build_block(int node, const BuildBlock& request);
  bool sign(int node, const SignedMessage& message);
  void broadcast_proposal(int node, Proposal proposal);
  void broadcast_vote(int node, Vote vote);
  void equivocate_proposal(int node, const Proposal& proposal);
  void equivocate_vote(int node, const Vote& vote);
  void commit(int node, const CommittedBlock& block);
  void gossip(int node);
  void answer_sync_request(int node, int from, int64_t from_height);
  void apply_sync_reply(int node, const SyncReply& reply);
  void crash(int node, bool forever);
  void restart(int node);
  void resend_last_round(int node);

  // Blocks.
  const SimBlock& register_block(SimBlock block, int variant);
  std::vector<int> pick_txs(const Node& node);
  bool block_valid_for(const Node& node, const BlockId& id, int64_t height) const;
  BlockId some_block_at(int64_t height);

  // Checks.
  std::string certificate_error(const CommittedBlock& block, int64_t height) const;
  void check_evidence(int node, const Evidence& evidence);
  void check_evidence(int node, const ProposalEvidence& evidence);
  void fail(int node, const std::string& what);
  void trace(int node, const std::string& what);

  const SimConfig config_;
  const ValidatorSet validators_;
  Rng rng_;
  int64_t now_ = 0;
  uint64_t next_seq_ = 0;
  std::vector<Event> queue_;  // a heap under LaterFirst
  std::vector<Node> nodes_;
  std::vector<int> partition_side_;
  std::vector<std::vector<int64_t>> last_arrival_;  // [from][to], for FIFO links
  std::map<BlockId, SimBlock> blocks_;
  std::map<int64_t, std::vector<BlockId>> blocks_by_height_;
  std::map<int64_t, BlockId> decided_;  // by honest validators
  std::map<std::tuple<std::string, int64_t, int32_t, int>, SignedMessage> signed_;  // honest
  SimResult result_;
};

std::vector<std::string> validator_ids(int n) {
  std::vector<std::string> ids;
  for (int i = 0; i < n; ++i) ids.push_back("val" + std::to_string(i));
  return ids;
}

Simulation::Simulation(const SimConfig& config)
    : config_(config), validators_(validator_ids(config.n)), rng_(config.seed) {
  nodes_.resize(config.n);
  for (int i = 0; i < config.n; ++i) nodes_[i].id = validators_.ids()[i];
  last_arrival_.assign(config.n, std::vector<int64_t>(config.n, 0));
  result_.committed.assign(config.n, 0);
}

SimResult Simulation::run() {
  assign_roles();
  schedule_faults();
  for (int i = 0; i < config_.n; ++i) {
    Node& node = nodes_[i];
    node.machine = std::make_unique<Tendermint>(validators_, node.id, config_.timeouts);
    push(rng_.between(0, config_.gossip_interval_ms), i, GossipTick{});
  }
  for (int i = 0; i < config_.n; ++i) drive(i, nodes_[i].machine->start(1));

  while (result_.ok && !queue_.empty() && !all_reached_target()) {
    std::pop_heap(queue_.begin(), queue_.end(), LaterFirst());
    Event event = std::move(queue_.back());
    queue_.pop_back();
    if (event.time > config_.deadline_ms) break;
    now_ = event.time;
    handle(event);
  }
  result_.end_time_ms = now_;
  result_.reached_target = all_reached_target();
  for (int i = 0; i < config_.n; ++i) {
    const Node& node = nodes_[i];
    result_.committed[i] = static_cast<int64_t>(node.chain.size());
    if (result_.ok && config_.check_liveness && !node.byzantine && !node.crashed_for_good &&
        static_cast<int64_t>(node.chain.size()) < config_.target_height) {
      fail(i, "liveness: committed " + std::to_string(node.chain.size()) + " of " +
                  std::to_string(config_.target_height) + " blocks by the deadline " +
                  std::to_string(config_.deadline_ms) + " ms");
    }
  }
  return result_;
}

void Simulation::assign_roles() {
  std::vector<int> order(config_.n);
  for (int i = 0; i < config_.n; ++i) order[i] = i;
  for (int i = config_.n - 1; i > 0; --i) std::swap(order[i], order[rng_.below(i + 1)]);
  for (int k = 0; k < config_.byzantine; ++k) nodes_[order[k]].byzantine = true;

  partition_side_.assign(config_.n, 0);
  if (config_.partition_heal_ms > 0) {
    // Two non-empty groups.
    for (int i = 0; i < config_.n; ++i) partition_side_[i] = static_cast<int>(rng_.below(2));
    partition_side_[order[0]] = 0;
    partition_side_[order[config_.n - 1]] = 1;
  }
}

void Simulation::schedule_faults() {
  std::vector<int> honest;
  for (int i = 0; i < config_.n; ++i) {
    if (!nodes_[i].byzantine) honest.push_back(i);
  }
  for (int k = 0; k < config_.crash_forever && !honest.empty(); ++k) {
    size_t pick = rng_.below(honest.size());
    int victim = honest[pick];
    honest.erase(honest.begin() + static_cast<long>(pick));
    nodes_[victim].crashed_for_good = true;  // counted out of liveness from the start
    push(rng_.between(0, config_.fault_window_ms), victim, Crash{true});
  }
  for (int k = 0; k < config_.crash_restarts && !honest.empty(); ++k) {
    int victim = honest[rng_.below(honest.size())];
    push(rng_.between(0, config_.fault_window_ms), victim, Crash{false});
  }
}

// ---------------------------------------------------------------------------------------
// Event loop

void Simulation::push(int64_t time, int node, EventBody body) {
  queue_.push_back(Event{time, next_seq_++, node, nodes_[node].incarnation, std::move(body)});
  std::push_heap(queue_.begin(), queue_.end(), LaterFirst());
}

void Simulation::handle(Event& event) {
  const int i = event.node;
  Node& node = nodes_[i];
  if (auto* delivery = std::get_if<Delivery>(&event.body)) {
    if (node.up) deliver(i, delivery->from, delivery->message);
  } else if (auto* timer = std::get_if<TimerFired>(&event.body)) {
    if (node.up && event.incarnation == node.incarnation) {
      drive(i, node.machine->on_timeout(timer->kind, timer->height, timer->round));
    }
  } else if (std::holds_alternative<GossipTick>(event.body)) {
    if (node.up) gossip(i);
    push(now_ + config_.gossip_interval_ms + rng_.between(0, config_.gossip_interval_ms / 4), i,
         GossipTick{});
  } else if (auto* crash_event = std::get_if<Crash>(&event.body)) {
    if (node.up) crash(i, crash_event->forever);
  } else if (std::holds_alternative<Restart>(event.body)) {
    restart(i);
  }
}

bool Simulation::all_reached_target() const {
  for (const Node& node : nodes_) {
    if (node.byzantine || node.crashed_for_good) continue;
    if (static_cast<int64_t>(node.chain.size()) < config_.target_height) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------
// Network

bool Simulation::link_open(int from, int to) const {
  return now_ >= config_.partition_heal_ms || partition_side_[from] == partition_side_[to];
}

void Simulation::send(int from, int to, Message message) {
  if (from == to) {  // the driver's loop-back: immediate and reliable
    push(now_, to, Delivery{from, std::move(message)});
    return;
  }
  ++result_.messages_sent;
  if (!link_open(from, to) || rng_.chance(config_.loss)) {
    ++result_.messages_lost;
    return;
  }
  int64_t arrival = now_ + rng_.between(config_.min_delay_ms, config_.max_delay_ms);
  if (!config_.reorder) arrival = std::max(arrival, last_arrival_[from][to]);
  last_arrival_[from][to] = arrival;
  push(arrival, to, Delivery{from, std::move(message)});
}

void Simulation::send_to_peers(int from, const Message& message) {
  for (int to = 0; to < config_.n; ++to) {
    if (to != from) send(from, to, message);
  }
}

// ---------------------------------------------------------------------------------------
// Driver

void Simulation::deliver(int i, int from, const Message& message) {
  Node& node = nodes_[i];
  if (std::holds_alternative<Proposal>(message) || std::holds_alternative<Vote>(message)) {
    deliver_consensus(i, message);
  } else if (const auto* g = std::get_if<Gossip>(&message)) {
    if (g->height > node.next_height()) send(i, from, SyncRequest{node.next_height()});
    if (g->height < node.next_height()) answer_sync_request(i, from, g->height);
    for (const Proposal& p : g->proposals) deliver_consensus(i, p);
    for (const Vote& v : g->votes) deliver_consensus(i, v);
  } else if (const auto* request = std::get_if<SyncRequest>(&message)) {
    answer_sync_request(i, from, request->from_height);
  } else if (const auto* reply = std::get_if<SyncReply>(&message)) {
    apply_sync_reply(i, *reply);
  }
}

// What tfnode does with a signed proposal or vote: the current height goes to the machine
// (a proposal with the driver's verdict on its block), the next heights wait in a buffer.
void Simulation::deliver_consensus(int i, const Message& message) {
  Node& node = nodes_[i];
  int64_t height = message_height(message);
  if (height < node.next_height()) return;
  if (height > node.next_height()) {
    if (node.buffered.size() < kMaxBuffered) node.buffered.push_back(message);
    return;
  }
  if (const auto* p = std::get_if<Proposal>(&message)) {
    drive(i, node.machine->on_proposal(*p, block_valid_for(node, p->block_id, height)));
  } else {
    drive(i, node.machine->on_vote(std::get<Vote>(message)));
  }
}

void Simulation::drive(int i, const std::vector<Action>& actions) {
  for (const Action& action : actions) {
    if (!result_.ok) return;
    Node& node = nodes_[i];
    if (const auto* p = std::get_if<BroadcastProposal>(&action)) {
      if (node.byzantine) {
        equivocate_proposal(i, p->proposal);
      } else {
        broadcast_proposal(i, p->proposal);
      }
    } else if (const auto* v = std::get_if<BroadcastVote>(&action)) {
      if (node.byzantine) {
        equivocate_vote(i, v->vote);
      } else {
        broadcast_vote(i, v->vote);
      }
    } else if (const auto* t = std::get_if<ScheduleTimeout>(&action)) {
      if (!node.byzantine) result_.max_round = std::max(result_.max_round, t->round);
      push(now_ + t->duration_ms, i, TimerFired{t->kind, t->height, t->round});
    } else if (const auto* b = std::get_if<BuildBlock>(&action)) {
      build_block(i, *b);
    } else if (const auto* d = std::get_if<Decide>(&action)) {
      if (d->height != node.next_height()) {
        fail(i, "decided height " + std::to_string(d->height) + " while at " +
                    std::to_string(node.next_height()));
        return;
      }
      trace(i, "decide h=" + std::to_string(d->height) + " r=" + std::to_string(d->round) +
                   " block=" + d->block_id);
      commit(i, CommittedBlock{d->block_id, d->round, d->precommits});
    } else if (const auto* e = std::get_if<Evidence>(&action)) {
      check_evidence(i, *e);
    } else if (const auto* pe = std::get_if<ProposalEvidence>(&action)) {
      check_evidence(i, *pe);
    }
  }
  Node& node = nodes_[i];
  if (result_.ok && node.up && node.machine->height() < node.next_height()) start_next_height(i);
}

void Simulation::start_next_height(int i) {
  Node& node = nodes_[i];
  drive(i, node.machine->start(node.next_height()));
  std::vector<Message> buffered;
  buffered.swap(node.buffered);
  for (const Message& message : buffered) {
    if (!result_.ok || !nodes_[i].up) return;
    deliver_consensus(i, message);
  }
}

void Simulation::build_block(int i, const BuildBlock& request) {
  Node& node = nodes_[i];
  SimBlock block{"", request.height, node.id, pick_txs(node), false};
  const SimBlock& built = register_block(std::move(block), 0);
  drive(i, node.machine->on_proposal_value(request.height, request.round, built.id));
}

// The SignGuard check, then the global double-sign check the simulation exists for.
bool Simulation::sign(int i, const SignedMessage& message) {
  Node& node = nodes_[i];
  if (!config_.use_sign_guard) node.guard = SignGuard();
  if (!node.guard.may_sign(message)) {
    ++result_.refused_signatures;
    trace(i, std::string("guard refused ") + sign_step_name(message.step) + " h=" +
                 std::to_string(message.height) + " r=" + std::to_string(message.round));
    return false;
  }
  Status recorded = node.guard.record(message);
  if (!recorded.is_ok()) {
    fail(i, "sign guard: may_sign accepted what record refused: " + recorded.message());
    return false;
  }
  node.guard_file = node.guard.serialize();  // fsync before the signature leaves
  auto key =
      std::make_tuple(node.id, message.height, message.round, static_cast<int>(message.step));
  auto [it, first] = signed_.emplace(key, message);
  if (!first && it->second != message) {
    fail(i, std::string("double sign: ") + sign_step_name(message.step) + " h=" +
                std::to_string(message.height) + " r=" + std::to_string(message.round) +
                " for " + (it->second.block_id.empty() ? "nil" : it->second.block_id) +
                " and then " + (message.block_id.empty() ? "nil" : message.block_id));
    return false;
  }
  return true;
}

void Simulation::broadcast_proposal(int i, Proposal proposal) {
  if (!sign(i, SignedMessage::of(proposal))) return;
  proposal.signature = "sig:" + proposal.proposer;
  trace(i, "propose h=" + std::to_string(proposal.height) + " r=" +
               std::to_string(proposal.round) + " block=" + proposal.block_id +
               " vr=" + std::to_string(proposal.valid_round));
  send(i, i, proposal);
  send_to_peers(i, proposal);
}

void Simulation::broadcast_vote(int i, Vote vote) {
  if (!sign(i, SignedMessage::of(vote))) return;
  vote.signature = "sig:" + vote.validator;
  send(i, i, vote);
  send_to_peers(i, vote);
}

// A Byzantine proposer: the honest proposal to some peers, and to the others a different
// valid block, a block marked invalid, a block re-committing old txs, or nothing.
void Simulation::equivocate_proposal(int i, const Proposal& unsigned_proposal) {
  Node& node = nodes_[i];
  Proposal proposal = unsigned_proposal;
  proposal.signature = "sig:" + proposal.proposer;
  send(i, i, proposal);
  SimBlock alternative{"", proposal.height, node.id, pick_txs(node), false};
  switch (rng_.below(5)) {
    case 0: send_to_peers(i, proposal); return;
    case 1: return;  // silent
    case 2: alternative.marked_invalid = true; break;
    case 3:
      if (!node.chain.empty()) alternative.txs = blocks_.at(node.chain.back().id).txs;
      break;
    default: break;  // another valid block
  }
  Proposal other = proposal;
  const int variant = 1 + static_cast<int>(rng_.below(1000));
  other.block_id = register_block(std::move(alternative), variant).id;
  other.valid_round = -1;
  trace(i, "byzantine proposals " + proposal.block_id + " / " + other.block_id);
  for (int to = 0; to < config_.n; ++to) {
    if (to != i) send(i, to, rng_.chance(0.5) ? proposal : other);
  }
}

// A Byzantine voter: per peer, its machine's vote, a nil vote, a vote for another block, or
// nothing; sometimes also votes for rounds ahead.
void Simulation::equivocate_vote(int i, const Vote& unsigned_vote) {
  Vote vote = unsigned_vote;
  vote.signature = "sig:" + vote.validator;
  send(i, i, vote);
  for (int to = 0; to < config_.n; ++to) {
    if (to == i) continue;
    Vote variant = vote;
    switch (rng_.below(4)) {
      case 0: break;
      case 1: variant.block_id.clear(); break;
      case 2: variant.block_id = some_block_at(vote.height); break;
      default: continue;
    }
    send(i, to, variant);
  }
  if (rng_.chance(0.2)) {
    Vote ahead = vote;
    ahead.round = vote.round + 1 + static_cast<int32_t>(rng_.below(3));
    ahead.type = rng_.chance(0.5) ? VoteType::kPrevote : VoteType::kPrecommit;
    ahead.block_id = rng_.chance(0.5) ? BlockId() : some_block_at(vote.height);
    send_to_peers(i, ahead);
  }
}

void Simulation::commit(int i, const CommittedBlock& committed) {
  Node& node = nodes_[i];
  const int64_t height = node.next_height();
  if (!node.byzantine) {
    std::string bad_certificate = certificate_error(committed, height);
    if (!bad_certificate.empty()) return fail(i, "validity: " + bad_certificate);
    if (!block_valid_for(node, committed.id, height)) {
      return fail(i, "validity: committed invalid block " + committed.id + " at height " +
                         std::to_string(height));
    }
    auto [it, first] = decided_.emplace(height, committed.id);
    if (!first && it->second != committed.id) {
      return fail(i, "agreement: height " + std::to_string(height) + " committed as " +
                         committed.id + " but another honest validator committed " + it->second);
    }
  }
  for (int tx : blocks_.at(committed.id).txs) {
    if (!node.committed_txs.insert(tx).second && !node.byzantine) {
      return fail(i, "tx " + std::to_string(tx) + " committed twice");
    }
  }
  node.chain.push_back(committed);
}

void Simulation::gossip(int i) {
  const Node& node = nodes_[i];
  const Tendermint& machine = *node.machine;
  if (machine.height() != node.next_height()) return;
  Gossip g{machine.height(), {}, {}};
  for (int32_t r = 0; r <= machine.round(); ++r) {
    for (Proposal& p : machine.proposals(g.height, r)) g.proposals.push_back(std::move(p));
    for (Vote& v : machine.votes(g.height, r)) g.votes.push_back(std::move(v));
  }
  int to = static_cast<int>(rng_.below(config_.n - 1));
  if (to >= i) ++to;
  send(i, to, std::move(g));
}

void Simulation::answer_sync_request(int i, int from, int64_t from_height) {
  const Node& node = nodes_[i];
  if (node.byzantine || from_height < 1 || from_height >= node.next_height()) return;
  SyncReply reply{from_height, {}};
  for (int64_t h = from_height; h < node.next_height() && reply.blocks.size() < kMaxSyncBlocks;
       ++h) {
    reply.blocks.push_back(node.chain[static_cast<size_t>(h - 1)]);
  }
  send(i, from, std::move(reply));
}

// Block sync: commits the blocks that extend this validator's chain, each only after its
// certificate checks out, then moves the machine to the new height.
void Simulation::apply_sync_reply(int i, const SyncReply& reply) {
  Node& node = nodes_[i];
  const int64_t before = node.next_height();
  for (size_t k = 0; k < reply.blocks.size() && result_.ok; ++k) {
    if (reply.first_height + static_cast<int64_t>(k) != node.next_height()) continue;
    const CommittedBlock& block = reply.blocks[k];
    if (!certificate_error(block, node.next_height()).empty()) return;  // a forged reply
    trace(i, "sync h=" + std::to_string(node.next_height()) + " block=" + block.id);
    commit(i, block);
    ++result_.synced_blocks;
  }
  if (result_.ok && node.next_height() > before) start_next_height(i);
}

void Simulation::crash(int i, bool forever) {
  Node& node = nodes_[i];
  trace(i, forever ? "crash for good" : "crash");
  node.up = false;
  node.machine.reset();
  node.buffered.clear();
  node.guard = SignGuard();  // the in-memory copy is lost; guard_file survives
  ++node.incarnation;
  if (!forever) push(now_ + rng_.between(1, config_.max_downtime_ms), i, Restart{});
}

void Simulation::restart(int i) {
  Node& node = nodes_[i];
  Result<SignGuard> guard = SignGuard::parse(node.guard_file.empty() ? SignGuard().serialize()
                                                                     : node.guard_file);
  if (!guard.is_ok()) return fail(i, "unreadable sign guard record: " + guard.status().message());
  node.guard = std::move(guard).value();
  node.machine = std::make_unique<Tendermint>(validators_, node.id, config_.timeouts);
  node.up = true;
  ++node.incarnation;
  ++result_.restarts;
  const int64_t height = node.next_height();
  const Recovery recovery = node.guard.recovery_at(height);
  if (recovery.lock.round >= 0) ++result_.locked_restarts;
  trace(i, "restart at h=" + std::to_string(height) + " r=" + std::to_string(recovery.round) +
               " lock_r=" + std::to_string(recovery.lock.round));
  drive(i, node.machine->start(height, recovery));
  resend_last_round(i);
}

// The messages signed in the last round before the crash may have reached no peer, and
// the SignGuard lets the validator sign them again, and only them.
void Simulation::resend_last_round(int i) {
  const Node& node = nodes_[i];
  const std::vector<SignedMessage> messages = node.guard.last_round_messages();
  for (const SignedMessage& m : messages) {
    if (!result_.ok || !nodes_[i].up || m.height != nodes_[i].next_height()) return;
    if (m.step == SignStep::kProposal) {
      broadcast_proposal(i, m.to_proposal(node.id));
    } else {
      broadcast_vote(i, m.to_vote(node.id));
    }
  }
}

// ---------------------------------------------------------------------------------------
// Blocks

const SimBlock& Simulation::register_block(SimBlock block, int variant) {
  std::ostringstream content;
  content << "h=" << block.height << ";p=" << block.proposer << ";invalid=" << block.marked_invalid
          << ";variant=" << variant << ";txs=";
  for (int tx : block.txs) content << tx << ",";
  block.id = hex64(fnv1a(content.str()));
  auto [it, inserted] = blocks_.emplace(block.id, block);
  if (inserted) {
    blocks_by_height_[block.height].push_back(block.id);
  } else if (it->second.txs != block.txs || it->second.marked_invalid != block.marked_invalid) {
    fail(-1, "block id collision in the simulator: " + block.id);
  }
  return it->second;
}

std::vector<int> Simulation::pick_txs(const Node& node) {
  std::vector<int> txs;
  const int want = static_cast<int>(rng_.between(1, config_.max_txs_per_block));
  const int offset = static_cast<int>(rng_.below(config_.tx_pool_size));
  for (int k = 0; k < config_.tx_pool_size && static_cast<int>(txs.size()) < want; ++k) {
    int tx = (offset + k) % config_.tx_pool_size;
    if (!node.committed_txs.count(tx)) txs.push_back(tx);
  }
  return txs;
}

// valid(v) as tfnode judges it against its own chain.
bool Simulation::block_valid_for(const Node& node, const BlockId& id, int64_t height) const {
  auto it = blocks_.find(id);
  if (it == blocks_.end()) return false;
  const SimBlock& block = it->second;
  if (block.height != height || block.marked_invalid) return false;
  std::set<int> seen;
  for (int tx : block.txs) {
    if (node.committed_txs.count(tx) || !seen.insert(tx).second) return false;
  }
  return true;
}

BlockId Simulation::some_block_at(int64_t height) {
  auto it = blocks_by_height_.find(height);
  if (it == blocks_by_height_.end() || it->second.empty()) return hex64(rng_.next());
  return it->second[rng_.below(it->second.size())];
}

// ---------------------------------------------------------------------------------------
// Checks

std::string Simulation::certificate_error(const CommittedBlock& block, int64_t height) const {
  std::set<std::string> signers;
  for (const Vote& v : block.certificate) {
    if (v.type != VoteType::kPrecommit || v.height != height || v.round != block.round ||
        v.block_id != block.id) {
      return "certificate of " + block.id + " holds a vote for another slot or block";
    }
    if (!validators_.contains(v.validator) || v.signature != "sig:" + v.validator) {
      return "certificate of " + block.id + " holds a vote not signed by a validator";
    }
    signers.insert(v.validator);
  }
  if (static_cast<int>(signers.size()) < validators_.quorum()) {
    return "certificate of " + block.id + " has " + std::to_string(signers.size()) +
           " distinct precommits, quorum is " + std::to_string(validators_.quorum());
  }
  return "";
}

void Simulation::check_evidence(int i, const Evidence& e) {
  if (nodes_[i].byzantine) return;
  ++result_.evidence;
  bool conflicting = e.a.validator == e.b.validator && e.a.type == e.b.type &&
                     e.a.height == e.b.height && e.a.round == e.b.round &&
                     e.a.block_id != e.b.block_id;
  int accused = validators_.index_of(e.a.validator);
  if (!conflicting) return fail(i, "evidence of votes that do not conflict");
  if (accused < 0 || !nodes_[accused].byzantine) {
    fail(i, "evidence accuses honest validator " + e.a.validator);
  }
}

void Simulation::check_evidence(int i, const ProposalEvidence& e) {
  if (nodes_[i].byzantine) return;
  ++result_.evidence;
  bool conflicting = e.a.proposer == e.b.proposer && e.a.height == e.b.height &&
                     e.a.round == e.b.round &&
                     (e.a.block_id != e.b.block_id || e.a.valid_round != e.b.valid_round);
  int accused = validators_.index_of(e.a.proposer);
  if (!conflicting) return fail(i, "evidence of proposals that do not conflict");
  if (accused < 0 || !nodes_[accused].byzantine) {
    fail(i, "proposal evidence accuses honest validator " + e.a.proposer);
  }
}

void Simulation::fail(int i, const std::string& what) {
  if (!result_.ok) return;
  result_.ok = false;
  result_.failure = "t=" + std::to_string(now_) + "ms " +
                    (i >= 0 ? nodes_[i].id + (nodes_[i].byzantine ? " (byzantine)" : "") + ": "
                            : std::string()) +
                    what;
  if (config_.trace) *config_.trace << "FAIL " << result_.failure << "\n";
}

void Simulation::trace(int i, const std::string& what) {
  if (!config_.trace) return;
  const Node& node = nodes_[i];
  *config_.trace << "t=" << now_ << " " << node.id << (node.byzantine ? "*" : "");
  if (node.machine) {
    *config_.trace << " [h=" << node.machine->height() << " r=" << node.machine->round() << " "
                   << step_name(node.machine->step()) << "]";
  }
  *config_.trace << " " << what << "\n";
}

uint64_t mix_seed(const std::string& scenario, int n, uint64_t seed) {
  return fnv1a(scenario) ^ (static_cast<uint64_t>(n) << 56) ^ (seed * 0x9e3779b97f4a7c15ULL);
}

}  // namespace

SimResult run_simulation(const SimConfig& config) {
  SimConfig seeded = config;
  seeded.seed = mix_seed(config.scenario, config.n, config.seed);
  return Simulation(seeded).run();
}

// ---------------------------------------------------------------------------------------
// Scenarios

const std::vector<std::string>& scenario_names() {
  static const std::vector<std::string> names = {"happy",   "lossy",     "async", "partition",
                                                 "crash",   "restart",   "byzantine", "chaos",
                                                 "amnesia"};
  return names;
}

SimConfig scenario(const std::string& name, int n, uint64_t seed) {
  SimConfig c;
  c.scenario = name;
  c.n = n;
  c.seed = seed;
  const int f = n - ValidatorSet(validator_ids(n)).quorum();
  // Scenario parameters that vary by seed come from their own generator, so that they do
  // not shift the simulation's random stream.
  Rng knobs(mix_seed("knobs:" + name, n, seed));
  if (name == "happy") {
    c.reorder = false;
    c.target_height = 10;
    c.deadline_ms = 20'000;
  } else if (name == "lossy") {
    c.loss = 0.3;
    c.max_delay_ms = 80;
    c.deadline_ms = 120'000;
  } else if (name == "async") {
    // Messages slower than the first timeouts: rounds fail until timeouts have grown.
    c.min_delay_ms = 50;
    c.max_delay_ms = 1'500;
    c.target_height = 3;
    c.deadline_ms = 300'000;
  } else if (name == "partition") {
    c.partition_heal_ms = knobs.between(200, 4'000);
    c.loss = 0.05;
    c.target_height = 8;
    c.deadline_ms = c.partition_heal_ms + 60'000;
  } else if (name == "crash") {
    c.crash_forever = f;
    c.fault_window_ms = 800;
    c.loss = 0.05;
    c.target_height = 8;
    c.deadline_ms = 120'000;
  } else if (name == "restart") {
    c.crash_restarts = static_cast<int>(knobs.between(2, 6));
    c.fault_window_ms = 1'500;
    c.max_downtime_ms = 1'500;
    c.loss = 0.05;
    c.target_height = 12;
    c.deadline_ms = 120'000;
  } else if (name == "byzantine") {
    c.byzantine = f;
    c.loss = 0.05;
    c.target_height = 8;
    c.deadline_ms = 120'000;
  } else if (name == "chaos") {
    c.byzantine = f;
    c.partition_heal_ms = knobs.between(200, 3'000);
    c.loss = 0.1;
    c.max_delay_ms = 100;
    c.target_height = 10;
    c.deadline_ms = c.partition_heal_ms + 120'000;
  } else if (name == "amnesia") {
    // Byzantine validators and restarts: more than f faulty, so safety only (see above).
    c.byzantine = f;
    c.crash_restarts = static_cast<int>(knobs.between(1, 4));
    c.fault_window_ms = 2'000;
    c.max_downtime_ms = 1'500;
    c.loss = 0.1;
    c.max_delay_ms = 100;
    c.target_height = 10;
    c.deadline_ms = 60'000;
    c.check_liveness = false;
  } else {
    assert(false && "unknown scenario");
  }
  return c;
}

std::string replay_command(const SimConfig& config) {
  return "TFL_SIM_SEED=" + std::to_string(config.seed) + " TFL_SIM_SCENARIO=" + config.scenario +
         " TFL_SIM_N=" + std::to_string(config.n) +
         " TFL_SIM_TRACE=1 ./tests/consensus/test_consensus_sim \"sim: " + config.scenario + "\"";
}

std::string describe(const SimConfig& config, const SimResult& result) {
  std::ostringstream out;
  out << "scenario=" << config.scenario << " n=" << config.n << " seed=" << config.seed
      << " byzantine=" << config.byzantine << " crash_forever=" << config.crash_forever
      << " crash_restarts=" << config.crash_restarts << " loss=" << config.loss
      << " partition_heal_ms=" << config.partition_heal_ms << " | end=" << result.end_time_ms
      << "ms max_round=" << result.max_round << " sent=" << result.messages_sent
      << " lost=" << result.messages_lost << " evidence=" << result.evidence
      << " refused=" << result.refused_signatures << " restarts=" << result.restarts
      << " locked_restarts=" << result.locked_restarts
      << " synced=" << result.synced_blocks << " committed=[";
  for (size_t i = 0; i < result.committed.size(); ++i) {
    out << (i ? "," : "") << result.committed[i];
  }
  out << "]";
  if (!result.ok) out << " FAILURE: " << result.failure;
  return out.str();
}

}  // namespace tfl::consensus::sim
