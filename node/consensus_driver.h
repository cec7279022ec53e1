// ConsensusDriver: runs the pure Tendermint machine (chain/consensus) for this node:
// feeds it verified messages and timeouts on one thread, carries out its actions —
// builds and validates blocks, signs (after the SignGuard agrees and its state is
// fsynced), broadcasts, commits decided blocks — and catches up from peers when
// the node is behind.
//
// Heights start lazily, paced by HeightPacing (node/height_pacing.h): once the node has
// a tx to order or a peer has sent a message for h, and not before block_interval_ms
// after height h-1 started unless a full block of txs is waiting or block h-1 was full —
// so an idle chain makes no empty blocks and a busy one no idle pauses. The loop wakes
// when the interval ends with txs waiting.
//
// Thread-safety: receive(), messages_at(), wake() and status_json() may be called
// from any thread; everything else runs on the driver's own thread.
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <queue>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include "chain/consensus/sign_guard.h"
#include "chain/consensus/tendermint.h"
#include "chain/state/executor.h"
#include "node/config.h"
#include "node/block_sync.h"
#include "node/consensus_wire.h"
#include "node/height_pacing.h"
#include "node/peer_transport.h"

namespace tfl {

class Node;

struct ConsensusStats {
  uint64_t rounds_started = 0;
  uint64_t timeouts = 0;
  uint64_t invalid_proposals = 0;
  uint64_t proposals_pulled = 0;  // compact proposals naming txs this node lacked
  uint64_t refused_messages = 0;
  uint64_t blocks_synced = 0;
};

class ConsensusDriver {
 public:
  // REQUIRES: node and transport outlive the driver. key: nullptr for an observer.
  // sign_state_path, locked_block_path: where a validator keeps its SignGuard and the
  // block of its lock (locked_block.h).
  ConsensusDriver(Node& node, PeerTransport& transport, const KeyFile* key, consensus::TimeoutConfig timeouts,
                  std::string sign_state_path, std::string locked_block_path);
  ~ConsensusDriver();

  Status start();
  void stop();

  // Verifies and queues consensus messages from a peer. Returns how many were
  // accepted and the reasons for the others.
  Json receive(const Json& items);
  // The messages this node holds for (height, round), for a peer that pulls them.
  std::string messages_at(int64_t height, int32_t round) const;
  // New txs arrived: a height may start. Does nothing while a height is under way
  // (nothing waits for a tx then: a proposal's missing txs are looked for on a timer),
  // so a loaded node does not wake its driver once per tx.
  void wake();

  Json status_json() const;
  ConsensusStats stats() const;
  // Conflicting signed messages seen from one validator.
  Json evidence_json() const;
  Json sync_json() const { return sync_.progress_json(); }
  bool syncing() const { return sync_.syncing(); }

 private:
  struct TimeoutEvent {
    consensus::TimeoutKind kind;
    int64_t height;
    int32_t round;
  };
  using Event = std::variant<WireMessage, TimeoutEvent>;
  struct Timer {
    int64_t due_ms;
    TimeoutEvent event;
    bool operator>(const Timer& o) const { return due_ms > o.due_ms; }
  };
  struct Candidate {
    Block block;
    std::optional<BlockExecution> execution;
    bool valid = false;
  };

  void loop();
  void handle(const Event& event);
  void handle_message(const WireMessage& message);
  void note_ahead(const std::string& validator, int64_t height);
  void maybe_start_height();
  void run(std::vector<consensus::Action> actions);
  void resend_last_round();
  void carry_out(const consensus::Action& action, std::vector<consensus::Action>& follow_up);
  bool sign_guarded(const consensus::SignedMessage& message);
  // Writes the block `message` locks on, unless it is a nil or no precommit or the lock
  // on that block is held already. False (do not sign) when the block is not here or the
  // write fails.
  bool keep_block_of_lock(const consensus::SignedMessage& message);
  // At start: the block of the lock the SignGuard holds at height_, back from its file, as
  // a candidate of the height. REQUIRES: state_mu_ held.
  void take_back_locked_block();
  // Sends a message this validator signed to every peer and keeps it for re-sending;
  // encode() runs only when there is a peer to send to.
  void send_own(int32_t round, const std::function<std::string()>& encode);
  void commit_decision(const consensus::Decide& decide);
  // REQUIRES: state_mu_ held. start_at_once: without waiting out block_interval_ms,
  // because block height-1 held max_block_txs txs or this node has just synced it.
  void enter_height(int64_t height, bool start_at_once);
  bool judge_block(const Block& block, const std::string& proposer, Candidate& out);
  void catch_up(int64_t target);
  void pull_loop();
  // Asks the pull thread to fetch (height, round)'s messages from peers now: a compact
  // proposal named txs this node lacks. REQUIRES: state_mu_ held.
  void want_full_proposal(int64_t height, int32_t round);
  struct AwaitedProposal {
    WireProposal message;  // `lacking` set
    int64_t arrived_ms;
    size_t ids_held = 0;   // its first tx ids that were found here (the next check starts after them)
  };
  // The awaited proposals whose txs have all arrived are judged; those awaited longer
  // than the gossip wait are pulled in full. REQUIRES: state_mu_ held.
  void complete_awaited_proposals();
  // Whether the txs `awaited` lacks can still come by gossip; counts those that came.
  // REQUIRES: state_mu_ held.
  bool may_arrive_by_gossip(AwaitedProposal& awaited) const;
  // Pulls (height, round)'s messages from each peer in turn; with until_block, stops at
  // the first peer whose answer holds a proposal with its block. Returns whether one did.
  bool pull_messages(int64_t height, int32_t round, bool until_block);
  void record_evidence(Json evidence);
  // Copies what status_json() and stats() show, so readers never wait on state_mu_
  // while the driver executes a block. REQUIRES: state_mu_ held.
  void publish_status();

  Node& node_;
  PeerTransport& transport_;
  const KeyFile* key_;
  const consensus::TimeoutConfig timeouts_;
  const std::string sign_state_path_;
  const std::string locked_block_path_;
  consensus::ValidatorSet validators_;

  // Driver-thread state, guarded by state_mu_ for the readers on other threads.
  mutable std::mutex state_mu_;
  std::unique_ptr<consensus::Tendermint> machine_;
  consensus::SignGuard guard_;
  int64_t height_ = 0;
  // Written by the driver only; atomic because wake() reads it on any thread. It is
  // cleared before the driver next reads the mempool's size, so a tx added before wake()
  // saw it set is seen by the driver.
  std::atomic<bool> started_{false};
  int64_t height_started_ms_ = 0;                      // when this node started the current height
  HeightPacing pacing_;                                // when the current height may start
  int64_t last_progress_ms_ = 0;
  std::map<std::string, Candidate> candidates_;       // by block hash hex, current height
  // Compact proposals of the current height whose txs are not all here yet, by block hash
  // hex: completed from the mempool as gossip brings them, pulled in full after a wait.
  std::map<std::string, AwaitedProposal> awaiting_txs_;
  int64_t awaiting_checked_ms_ = 0;
  std::map<int64_t, std::vector<WireMessage>> future_;  // messages for later heights
  size_t future_count_ = 0;
  struct OwnMessage {
    int32_t round;
    std::shared_ptr<const std::string> text;
  };
  std::vector<OwnMessage> own_messages_;               // signed at the current height, re-sent periodically
  int64_t last_resend_ms_ = 0;
  std::priority_queue<Timer, std::vector<Timer>, std::greater<Timer>> timers_;
  std::deque<Json> evidence_;                          // seen here (votes and proposals), newest last
  std::map<std::string, DuplicateVote> pending_evidence_;  // duplicate votes to commit, by id
  ConsensusStats stats_;
  int64_t behind_target_ = 0;                          // a peer's height seen above ours
  std::map<std::string, int64_t> ahead_of_us_;         // validator → highest height it signed for (beyond ours + 1)

  std::atomic<int64_t> current_height_{0};  // for receive()'s stale filter
  std::atomic<int32_t> current_round_{0};
  mutable std::mutex snapshot_mu_;
  Json status_snapshot_ = Json::object();
  ConsensusStats stats_snapshot_;

  std::mutex queue_mu_;
  std::condition_variable queue_cv_;
  std::deque<Event> queue_;
  bool woken_ = false;

  // What the pull thread is asked to fetch at once, beside its checks for a stalled height.
  std::mutex pull_mu_;
  std::condition_variable pull_cv_;
  std::optional<std::pair<int64_t, int32_t>> wanted_proposal_;  // (height, round)

  std::atomic<bool> running_{false};
  BlockSync sync_;
  std::thread thread_;
  std::thread puller_;
};

}  // namespace tfl
