// VoteSet: the tally of the votes of one (height, round, type). As in the paper, "2f+1
// ⟨PREVOTE, h, r, id⟩" counts the distinct validators that signed a vote for id, so each
// validator counts at most once per block, and once towards "2f+1 ⟨PREVOTE, h, r, ∗⟩".
// A validator's first vote is counted; a later vote of the same validator for another block is
// an equivocation, counted only when the owner asks (count_conflicting), which bounds what a
// Byzantine validator can make the set store.
//
// Thread-safety: not thread-safe; the owner serializes calls.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "chain/consensus/types.h"

namespace tfl::consensus {

// Two votes of one validator for the same (height, round, type) and different blocks.
struct Equivocation {
  Vote first;   // the vote the set counts
  Vote second;  // the conflicting vote, not counted
};

class VoteSet {
 public:
  enum class AddOutcome {
    kAdded,      // the validator's first vote: counted
    kDuplicate,  // the validator already has this vote here
    kConflict,   // the validator voted for another block here; not counted (count_conflicting)
    kWrongSlot,  // another height, round or type
  };

  struct AddResult {
    AddOutcome outcome;
    // Set on the first conflicting vote of a validator only, so a re-delivered
    // conflict is reported once.
    std::optional<Equivocation> equivocation;
  };

  // REQUIRES: quorum > 0.
  VoteSet(int64_t height, int32_t round, VoteType type, int quorum);

  // REQUIRES: vote.validator belongs to the validator set of this height (the caller checks;
  // the set counts distinct ids).
  AddResult add(const Vote& vote);

  // Counts a vote that add() reported as kConflict towards its block (not towards size()).
  // Returns false if it was counted already.
  // REQUIRES: add(vote) returned kConflict.
  bool count_conflicting(const Vote& vote);

  int64_t height() const { return height_; }
  int32_t round() const { return round_; }
  VoteType type() const { return type_; }

  // Number of distinct validators counted.
  int size() const { return static_cast<int>(blocks_by_validator_.size()); }
  int count_for(const BlockId& block_id) const;
  bool has_voted(const std::string& validator) const;

  // "2f+1 ⟨type, h, r, ∗⟩"
  bool has_quorum_any() const { return size() >= quorum_; }
  // "2f+1 ⟨type, h, r, id⟩"; block_id may be nil.
  bool has_quorum_for(const BlockId& block_id) const { return count_for(block_id) >= quorum_; }

  // The counted votes, in arrival order: one per validator and block.
  const std::vector<Vote>& votes() const { return votes_; }
  std::vector<Vote> votes_for(const BlockId& block_id) const;

 private:
  void count(const Vote& vote);

  const int64_t height_;
  const int32_t round_;
  const VoteType type_;
  const int quorum_;
  std::vector<Vote> votes_;
  std::map<std::string, std::set<BlockId>> blocks_by_validator_;
  std::map<std::string, size_t> first_vote_;  // index into votes_
  std::map<BlockId, int> count_by_block_;
  std::set<std::string> reported_equivocators_;
};

}  // namespace tfl::consensus
