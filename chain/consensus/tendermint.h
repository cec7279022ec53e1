// Tendermint: the consensus state machine of one validator (Algorithm 1 of Buchman, Kwon,
// Milosevic, "The latest gossip on BFT consensus", 2018), pure and deterministic: no I/O,
// clocks, threads or randomness. The driver feeds it events and carries out the actions each
// call returns, in order.
//
// Contract with the driver:
//  - Before an event reaches the machine the driver has checked its signature, and for a
//    proposal that its block is available and whether it is valid (valid(v) of the paper).
//  - BroadcastProposal / BroadcastVote carry no signature: the driver signs (after its
//    SignGuard agrees and is persisted), sends the message to every other validator AND feeds
//    it back to this machine with on_proposal / on_vote. The machine counts its own messages
//    only through that loop-back, so a message the SignGuard refused is never counted.
//  - ScheduleTimeout asks for on_timeout(kind, height, round) after duration_ms; the machine
//    ignores stale timeouts, so the driver never needs to cancel one.
//  - BuildBlock asks for a new block (getValue() of the paper, line 18), answered with
//    on_proposal_value. The driver stores the proposal's block before broadcasting it.
//  - After Decide the machine ignores every event until start(height + 1), which the driver
//    calls once the block and its certificate are stored.
//  - Messages for other heights are ignored: the driver buffers the next height's messages
//    and replays them after start(). Messages from non-validators are ignored.
//  - The machine keeps the messages of the current height: per round and type, one vote per
//    validator, plus an equivocating validator's votes for nil or a proposed block (those are
//    counted too: "2f+1 ⟨PREVOTE, h, r, id(v)⟩" counts the validators that signed id(v));
//    at most n proposals per round. Memory grows with the rounds a height takes.
//
// One deviation from the paper: line 21 schedules timeoutPropose only on non-proposers; the
// machine schedules it on the proposer too, so a round whose BuildBlock is never answered,
// or whose proposal the SignGuard refused after a restart, still ends. This changes no
// decision: onTimeoutPropose (line 57) only acts while the step is still propose.
//
// Thread-safety: not thread-safe; the driver serializes all calls.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <variant>
#include <vector>

#include "chain/consensus/types.h"
#include "chain/consensus/vote_set.h"

namespace tfl::consensus {

struct BroadcastProposal {
  Proposal proposal;
};

struct BroadcastVote {
  Vote vote;
};

struct ScheduleTimeout {
  TimeoutKind kind;
  int64_t height;
  int32_t round;
  int64_t duration_ms;
};

// getValue() (line 18): the driver builds a block for (height, round) and answers with
// on_proposal_value.
struct BuildBlock {
  int64_t height;
  int32_t round;
};

// decision_p[h_p] = v (line 51). precommits is the commit certificate: the precommits of
// at least quorum() distinct validators for block_id in round, in validator-set order.
struct Decide {
  int64_t height;
  int32_t round;
  BlockId block_id;
  std::vector<Vote> precommits;
};

// A validator signed two votes for one (height, round, type) with different blocks.
struct Evidence {
  Vote a;
  Vote b;
};

// A proposer signed two different proposals for one (height, round).
struct ProposalEvidence {
  Proposal a;
  Proposal b;
};

using Action = std::variant<BroadcastProposal, BroadcastVote, ScheduleTimeout, BuildBlock, Decide,
                            Evidence, ProposalEvidence>;

// step_p of the paper, plus the two states in which the machine waits for start().
enum class Step {
  kNewHeight,  // constructed, start() not called yet
  kPropose,
  kPrevote,
  kPrecommit,
  kCommit,     // decided the current height; waiting for start(height + 1)
};

const char* step_name(Step step);

class Tendermint {
 public:
  // self: this validator's id; empty (or not in validators) for an observer that follows
  // the protocol and decides but never proposes or votes.
  // REQUIRES: validators.n() > 0.
  Tendermint(ValidatorSet validators, std::string self, TimeoutConfig timeouts = {});

  // "upon start" (line 10) at `height`: forgets the previous height and runs StartRound(0).
  // After a crash in the middle of `height`, pass what SignGuard::recovery_at(height) gives:
  // the machine keeps that lock (also as its valid value) and runs StartRound(recovery.round)
  // instead, like a round skip (line 56).
  // REQUIRES: height >= 0, recovery.round >= 0; recovery.lock is empty or has
  // 0 <= round <= recovery.round and a non-nil block.
  std::vector<Action> start(int64_t height, const Recovery& recovery = Recovery{});

  // A proposal from proposer(height, round), whose block the driver has judged.
  std::vector<Action> on_proposal(const Proposal& proposal, bool block_valid);

  std::vector<Action> on_vote(const Vote& vote);

  // OnTimeoutPropose / OnTimeoutPrevote / OnTimeoutPrecommit (lines 57-67).
  std::vector<Action> on_timeout(TimeoutKind kind, int64_t height, int32_t round);

  // The answer to BuildBlock{height, round}. Ignored when stale or when block_id is nil.
  std::vector<Action> on_proposal_value(int64_t height, int32_t round, const BlockId& block_id);

  int64_t height() const { return height_; }
  int32_t round() const { return round_; }
  Step step() const { return step_; }
  int32_t locked_round() const { return lock_.round; }
  const BlockId& locked_value() const { return lock_.block_id; }
  int32_t valid_round() const { return valid_round_; }
  const BlockId& valid_value() const { return valid_value_; }
  const std::string& self() const { return self_; }
  const ValidatorSet& validators() const { return validators_; }

  // The messages kept for (height, round), so that a lagging peer can pull them: votes are
  // the prevotes then the precommits, each in arrival order. Empty for another height.
  std::vector<Vote> votes(int64_t height, int32_t round) const;
  // Usually one proposal; more only if the proposer equivocated.
  std::vector<Proposal> proposals(int64_t height, int32_t round) const;

 private:
  struct ProposalRecord {
    Proposal proposal;
    bool block_valid;
  };

  // The message log of one round of the current height.
  struct RoundMessages {
    RoundMessages(int64_t height, int32_t round, int quorum);
    VoteSet& votes(VoteType type) { return type == VoteType::kPrevote ? prevotes : precommits; }

    std::vector<ProposalRecord> proposals;  // distinct, in arrival order
    bool proposal_equivocation_reported = false;
    VoteSet prevotes;
    VoteSet precommits;
  };

  using Actions = std::vector<Action>;

  bool running() const { return step_ >= Step::kPropose && step_ <= Step::kPrecommit; }
  bool is_validator() const { return validators_.contains(self_); }
  bool is_proposer() const;
  bool accepts(int64_t height, int32_t round, const std::string& sender) const;
  RoundMessages& messages(int32_t round);
  const RoundMessages* find_messages(int32_t round) const;
  bool record_proposal(const Proposal& proposal, bool block_valid, Actions& out);
  bool can_enable_rule(int32_t round, const BlockId& block_id);

  // StartRound (lines 11-21).
  void start_round(int32_t round, Actions& out);
  void broadcast_proposal(const BlockId& block_id, int32_t valid_round, Actions& out);
  void broadcast_vote(VoteType type, const BlockId& block_id, Actions& out);
  void schedule_timeout(TimeoutKind kind, Actions& out);
  void decide(int32_t round, const BlockId& block_id, Actions& out);

  // Fires "upon" rules until none is enabled: messages may arrive in any order, and a rule
  // that fires (a new round, a new step) can enable another on messages already received.
  void run_rules(Actions& out);
  bool fire_one_rule(Actions& out);
  bool try_decide(Actions& out);
  bool try_skip_round(Actions& out);
  bool try_prevote_on_proposal(Actions& out);
  bool try_lock_on_prevote_quorum(Actions& out);
  bool try_precommit_nil(Actions& out);
  bool try_schedule_prevote_timeout(Actions& out);
  bool try_schedule_precommit_timeout(Actions& out);

  bool has_proof_of_lock(const Proposal& proposal);
  bool lock_admits(const Proposal& proposal) const;
  int distinct_senders(const RoundMessages& messages) const;
  std::vector<Vote> certificate(const RoundMessages& messages, const BlockId& block_id) const;

  const ValidatorSet validators_;
  const std::string self_;
  const TimeoutConfig timeouts_;

  int64_t height_ = 0;
  int32_t round_ = 0;
  Step step_ = Step::kNewHeight;
  Lock lock_;
  BlockId valid_value_;
  int32_t valid_round_ = -1;
  bool awaiting_value_ = false;  // BuildBlock{height_, round_} is unanswered

  // "for the first time" guards of the current round (lines 34, 36, 47).
  bool prevote_timeout_scheduled_ = false;
  bool prevote_quorum_handled_ = false;
  bool precommit_timeout_scheduled_ = false;

  std::map<int32_t, RoundMessages> rounds_;
};

}  // namespace tfl::consensus
