#include "chain/consensus/tendermint.h"

#include <algorithm>
#include <cassert>
#include <set>
#include <utility>

namespace tfl::consensus {

const char* step_name(Step step) {
  switch (step) {
    case Step::kNewHeight: return "new-height";
    case Step::kPropose: return "propose";
    case Step::kPrevote: return "prevote";
    case Step::kPrecommit: return "precommit";
    case Step::kCommit: return "commit";
  }
  return "unknown";
}

Tendermint::RoundMessages::RoundMessages(int64_t height, int32_t round, int quorum)
    : prevotes(height, round, VoteType::kPrevote, quorum),
      precommits(height, round, VoteType::kPrecommit, quorum) {}

Tendermint::Tendermint(ValidatorSet validators, std::string self, TimeoutConfig timeouts)
    : validators_(std::move(validators)), self_(std::move(self)), timeouts_(timeouts) {
  assert(validators_.n() > 0);
}

// ---------------------------------------------------------------------------------------
// Inputs

std::vector<Action> Tendermint::start(int64_t height, const Recovery& recovery) {
  assert(height >= 0 && recovery.round >= 0);
  assert((recovery.lock.round == -1) == is_nil(recovery.lock.block_id));
  assert(recovery.lock.round <= recovery.round);
  // Lines 52-53: a new height starts unlocked with an empty message log. A recovered lock is
  // also the best valid value known (lines 38-43 set both together; later updates are lost).
  height_ = height;
  lock_ = recovery.lock;
  valid_value_ = recovery.lock.block_id;
  valid_round_ = recovery.lock.round;
  rounds_.clear();
  Actions out;
  start_round(recovery.round, out);  // line 10
  run_rules(out);
  return out;
}

std::vector<Action> Tendermint::on_proposal(const Proposal& proposal, bool block_valid) {
  if (!accepts(proposal.height, proposal.round, proposal.proposer)) return {};
  if (proposal.proposer != validators_.proposer(proposal.height, proposal.round)) return {};
  if (is_nil(proposal.block_id)) return {};
  if (proposal.valid_round < -1 || proposal.valid_round >= proposal.round) return {};
  Actions out;
  if (record_proposal(proposal, block_valid, out)) run_rules(out);
  return out;
}

std::vector<Action> Tendermint::on_vote(const Vote& vote) {
  if (!accepts(vote.height, vote.round, vote.validator)) return {};
  Actions out;
  VoteSet& set = messages(vote.round).votes(vote.type);
  VoteSet::AddResult added = set.add(vote);
  if (added.equivocation) {
    out.push_back(Evidence{added.equivocation->first, added.equivocation->second});
  }
  bool counted = added.outcome == VoteSet::AddOutcome::kAdded ||
                 (added.outcome == VoteSet::AddOutcome::kConflict &&
                  can_enable_rule(vote.round, vote.block_id) && set.count_conflicting(vote));
  if (counted) run_rules(out);
  return out;
}

std::vector<Action> Tendermint::on_timeout(TimeoutKind kind, int64_t height, int32_t round) {
  if (!running() || height != height_ || round != round_) return {};
  Actions out;
  switch (kind) {
    case TimeoutKind::kPropose:  // lines 57-60
      if (step_ != Step::kPropose) return {};
      broadcast_vote(VoteType::kPrevote, BlockId(), out);
      step_ = Step::kPrevote;
      break;
    case TimeoutKind::kPrevote:  // lines 61-64
      if (step_ != Step::kPrevote) return {};
      broadcast_vote(VoteType::kPrecommit, BlockId(), out);
      step_ = Step::kPrecommit;
      break;
    case TimeoutKind::kPrecommit:  // lines 65-67
      start_round(round_ + 1, out);
      break;
  }
  run_rules(out);
  return out;
}

std::vector<Action> Tendermint::on_proposal_value(int64_t height, int32_t round,
                                                  const BlockId& block_id) {
  if (!awaiting_value_ || step_ != Step::kPropose || height != height_ || round != round_ ||
      is_nil(block_id)) {
    return {};
  }
  awaiting_value_ = false;
  Actions out;
  broadcast_proposal(block_id, valid_round_, out);  // line 19, validRound_p = -1 here
  return out;
}

// ---------------------------------------------------------------------------------------
// Accessors

std::vector<Vote> Tendermint::votes(int64_t height, int32_t round) const {
  const RoundMessages* m = height == height_ ? find_messages(round) : nullptr;
  if (m == nullptr) return {};
  std::vector<Vote> result = m->prevotes.votes();
  result.insert(result.end(), m->precommits.votes().begin(), m->precommits.votes().end());
  return result;
}

std::vector<Proposal> Tendermint::proposals(int64_t height, int32_t round) const {
  const RoundMessages* m = height == height_ ? find_messages(round) : nullptr;
  if (m == nullptr) return {};
  std::vector<Proposal> result;
  for (const ProposalRecord& record : m->proposals) result.push_back(record.proposal);
  return result;
}

// ---------------------------------------------------------------------------------------
// Message log

bool Tendermint::is_proposer() const {
  return is_validator() && validators_.proposer(height_, round_) == self_;
}

bool Tendermint::accepts(int64_t height, int32_t round, const std::string& sender) const {
  return running() && height == height_ && round >= 0 && validators_.contains(sender);
}

Tendermint::RoundMessages& Tendermint::messages(int32_t round) {
  auto it = rounds_.find(round);
  if (it == rounds_.end()) {
    it = rounds_.emplace(round, RoundMessages(height_, round, validators_.quorum())).first;
  }
  return it->second;
}

const Tendermint::RoundMessages* Tendermint::find_messages(int32_t round) const {
  auto it = rounds_.find(round);
  return it == rounds_.end() ? nullptr : &it->second;
}

// Whether a quorum of votes for block_id in round could enable a rule: only nil (line 44)
// and proposed blocks (lines 28, 36, 49) can. An equivocator's vote for another block is not
// counted; gossip delivers it again if its block is proposed later.
bool Tendermint::can_enable_rule(int32_t round, const BlockId& block_id) {
  if (is_nil(block_id)) return true;
  const std::vector<ProposalRecord>& proposals = messages(round).proposals;
  return std::any_of(proposals.begin(), proposals.end(), [&block_id](const ProposalRecord& r) {
    return r.proposal.block_id == block_id;
  });
}

// Keeps a proposal unless it repeats one already kept. A second, different proposal of the
// round proves that its proposer equivocated; it is kept too, since either may gather a
// quorum, up to n per round.
bool Tendermint::record_proposal(const Proposal& proposal, bool block_valid, Actions& out) {
  RoundMessages& m = messages(proposal.round);
  auto same_content = [&proposal](const ProposalRecord& kept) {
    return kept.proposal.block_id == proposal.block_id &&
           kept.proposal.valid_round == proposal.valid_round;
  };
  if (std::any_of(m.proposals.begin(), m.proposals.end(), same_content)) return false;
  if (!m.proposals.empty() && !m.proposal_equivocation_reported) {
    m.proposal_equivocation_reported = true;
    out.push_back(ProposalEvidence{m.proposals.front().proposal, proposal});
  }
  if (static_cast<int>(m.proposals.size()) >= validators_.n()) return false;
  m.proposals.push_back(ProposalRecord{proposal, block_valid});
  return true;
}

// ---------------------------------------------------------------------------------------
// Outputs

// StartRound(round), lines 11-21. See the header for why the proposer also schedules
// timeoutPropose.
void Tendermint::start_round(int32_t round, Actions& out) {
  round_ = round;
  step_ = Step::kPropose;
  awaiting_value_ = false;
  prevote_timeout_scheduled_ = false;
  prevote_quorum_handled_ = false;
  precommit_timeout_scheduled_ = false;
  if (is_proposer()) {
    if (is_nil(valid_value_)) {
      awaiting_value_ = true;  // line 18: getValue(); line 19 runs in on_proposal_value
      out.push_back(BuildBlock{height_, round_});
    } else if (valid_round_ < round_) {
      broadcast_proposal(valid_value_, valid_round_, out);  // lines 15-16, 19
    }
    // Otherwise the machine was recovered in the round it locked in, and any proposal of
    // this round was signed before the crash: the driver sends that one again.
  }
  schedule_timeout(TimeoutKind::kPropose, out);
}

void Tendermint::broadcast_proposal(const BlockId& block_id, int32_t valid_round, Actions& out) {
  out.push_back(BroadcastProposal{Proposal{height_, round_, block_id, valid_round, self_, ""}});
}

void Tendermint::broadcast_vote(VoteType type, const BlockId& block_id, Actions& out) {
  if (!is_validator()) return;
  out.push_back(BroadcastVote{Vote{type, height_, round_, block_id, self_, ""}});
}

void Tendermint::schedule_timeout(TimeoutKind kind, Actions& out) {
  out.push_back(ScheduleTimeout{kind, height_, round_, timeouts_.duration(kind, round_)});
}

// Lines 50-51; the driver performs lines 52-54 by calling start(height + 1).
void Tendermint::decide(int32_t round, const BlockId& block_id, Actions& out) {
  step_ = Step::kCommit;
  out.push_back(Decide{height_, round, block_id, certificate(rounds_.at(round), block_id)});
}

std::vector<Vote> Tendermint::certificate(const RoundMessages& m, const BlockId& block_id) const {
  std::vector<Vote> precommits = m.precommits.votes_for(block_id);
  std::sort(precommits.begin(), precommits.end(), [this](const Vote& a, const Vote& b) {
    return validators_.index_of(a.validator) < validators_.index_of(b.validator);
  });
  return precommits;
}

// ---------------------------------------------------------------------------------------
// Upon rules

void Tendermint::run_rules(Actions& out) {
  while (running() && fire_one_rule(out)) {
  }
}

// Each rule returns whether it fired. Every firing advances (height, round, step) or sets a
// "first time" guard, so the loop in run_rules ends. Where the paper leaves the order open,
// the rule that moves the step forward goes before the one that schedules a timeout for the
// current step, which would then be useless.
bool Tendermint::fire_one_rule(Actions& out) {
  return try_decide(out) || try_skip_round(out) || try_prevote_on_proposal(out) ||
         try_lock_on_prevote_quorum(out) || try_precommit_nil(out) ||
         try_schedule_prevote_timeout(out) || try_schedule_precommit_timeout(out);
}

// upon ⟨PROPOSAL, h_p, r, v, ∗⟩ from proposer(h_p, r) AND 2f+1 ⟨PRECOMMIT, h_p, r, id(v)⟩
// while decision_p[h_p] = nil, if valid(v) (lines 49-51). Any round r.
bool Tendermint::try_decide(Actions& out) {
  for (const auto& [round, m] : rounds_) {
    for (const ProposalRecord& record : m.proposals) {
      const BlockId& id = record.proposal.block_id;
      if (record.block_valid && m.precommits.has_quorum_for(id)) {
        decide(round, id, out);
        return true;
      }
    }
  }
  return false;
}

// upon f+1 ⟨∗, h_p, round, ∗, ∗⟩ with round > round_p: StartRound(round) (lines 55-56).
// Jumps straight to the highest such round.
bool Tendermint::try_skip_round(Actions& out) {
  for (auto it = rounds_.rbegin(); it != rounds_.rend() && it->first > round_; ++it) {
    if (distinct_senders(it->second) >= validators_.f_plus_one()) {
      start_round(it->first, out);
      return true;
    }
  }
  return false;
}

int Tendermint::distinct_senders(const RoundMessages& m) const {
  std::set<std::string> senders;
  for (const ProposalRecord& record : m.proposals) senders.insert(record.proposal.proposer);
  for (const Vote& vote : m.prevotes.votes()) senders.insert(vote.validator);
  for (const Vote& vote : m.precommits.votes()) senders.insert(vote.validator);
  return static_cast<int>(senders.size());
}

// upon ⟨PROPOSAL, h_p, round_p, v, −1⟩ while step_p = propose (lines 22-27), and
// upon ⟨PROPOSAL, h_p, round_p, v, vr⟩ AND 2f+1 ⟨PREVOTE, h_p, vr, id(v)⟩
// while step_p = propose ∧ 0 ≤ vr < round_p (lines 28-33).
bool Tendermint::try_prevote_on_proposal(Actions& out) {
  if (step_ != Step::kPropose) return false;
  for (const ProposalRecord& record : messages(round_).proposals) {
    const Proposal& proposal = record.proposal;
    if (!has_proof_of_lock(proposal)) continue;
    bool accept = record.block_valid && lock_admits(proposal);
    broadcast_vote(VoteType::kPrevote, accept ? proposal.block_id : BlockId(), out);
    step_ = Step::kPrevote;
    return true;
  }
  return false;
}

// True for a fresh proposal (vr = −1), or when 2f+1 ⟨PREVOTE, h_p, vr, id(v)⟩ were received.
bool Tendermint::has_proof_of_lock(const Proposal& proposal) {
  if (proposal.valid_round == -1) return true;
  return messages(proposal.valid_round).prevotes.has_quorum_for(proposal.block_id);
}

// lockedRound_p ≤ vr ∨ lockedValue_p = v (line 29). With vr = −1 this is line 23's
// lockedRound_p = −1 ∨ lockedValue_p = v.
bool Tendermint::lock_admits(const Proposal& proposal) const {
  return lock_.round <= proposal.valid_round || lock_.block_id == proposal.block_id;
}

// upon ⟨PROPOSAL, h_p, round_p, v, ∗⟩ AND 2f+1 ⟨PREVOTE, h_p, round_p, id(v)⟩
// while valid(v) ∧ step_p ≥ prevote for the first time (lines 36-43).
bool Tendermint::try_lock_on_prevote_quorum(Actions& out) {
  if (step_ < Step::kPrevote || prevote_quorum_handled_) return false;
  RoundMessages& m = messages(round_);
  for (const ProposalRecord& record : m.proposals) {
    const BlockId& id = record.proposal.block_id;
    if (!record.block_valid || !m.prevotes.has_quorum_for(id)) continue;
    prevote_quorum_handled_ = true;
    if (step_ == Step::kPrevote) {
      lock_ = Lock{round_, id};
      broadcast_vote(VoteType::kPrecommit, id, out);
      step_ = Step::kPrecommit;
    }
    valid_value_ = id;
    valid_round_ = round_;
    return true;
  }
  return false;
}

// upon 2f+1 ⟨PREVOTE, h_p, round_p, nil⟩ while step_p = prevote (lines 44-46).
bool Tendermint::try_precommit_nil(Actions& out) {
  if (step_ != Step::kPrevote || !messages(round_).prevotes.has_quorum_for(BlockId())) {
    return false;
  }
  broadcast_vote(VoteType::kPrecommit, BlockId(), out);
  step_ = Step::kPrecommit;
  return true;
}

// upon 2f+1 ⟨PREVOTE, h_p, round_p, ∗⟩ while step_p = prevote for the first time (34-35).
bool Tendermint::try_schedule_prevote_timeout(Actions& out) {
  if (step_ != Step::kPrevote || prevote_timeout_scheduled_ ||
      !messages(round_).prevotes.has_quorum_any()) {
    return false;
  }
  prevote_timeout_scheduled_ = true;
  schedule_timeout(TimeoutKind::kPrevote, out);
  return true;
}

// upon 2f+1 ⟨PRECOMMIT, h_p, round_p, ∗⟩ for the first time (lines 47-48).
bool Tendermint::try_schedule_precommit_timeout(Actions& out) {
  if (precommit_timeout_scheduled_ || !messages(round_).precommits.has_quorum_any()) {
    return false;
  }
  precommit_timeout_scheduled_ = true;
  schedule_timeout(TimeoutKind::kPrecommit, out);
  return true;
}

}  // namespace tfl::consensus
