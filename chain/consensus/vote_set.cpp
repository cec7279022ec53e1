#include "chain/consensus/vote_set.h"

#include <cassert>

namespace tfl::consensus {

VoteSet::VoteSet(int64_t height, int32_t round, VoteType type, int quorum)
    : height_(height), round_(round), type_(type), quorum_(quorum) {
  assert(quorum > 0);
}

VoteSet::AddResult VoteSet::add(const Vote& vote) {
  if (vote.height != height_ || vote.round != round_ || vote.type != type_) {
    return {AddOutcome::kWrongSlot, std::nullopt};
  }
  auto blocks = blocks_by_validator_.find(vote.validator);
  if (blocks == blocks_by_validator_.end()) {
    first_vote_.emplace(vote.validator, votes_.size());
    count(vote);
    return {AddOutcome::kAdded, std::nullopt};
  }
  if (blocks->second.count(vote.block_id)) return {AddOutcome::kDuplicate, std::nullopt};
  if (!reported_equivocators_.insert(vote.validator).second) {
    return {AddOutcome::kConflict, std::nullopt};
  }
  return {AddOutcome::kConflict, Equivocation{votes_[first_vote_.at(vote.validator)], vote}};
}

bool VoteSet::count_conflicting(const Vote& vote) {
  auto blocks = blocks_by_validator_.find(vote.validator);
  assert(blocks != blocks_by_validator_.end());
  if (blocks->second.count(vote.block_id)) return false;
  count(vote);
  return true;
}

void VoteSet::count(const Vote& vote) {
  blocks_by_validator_[vote.validator].insert(vote.block_id);
  ++count_by_block_[vote.block_id];
  votes_.push_back(vote);
}

int VoteSet::count_for(const BlockId& block_id) const {
  auto it = count_by_block_.find(block_id);
  return it == count_by_block_.end() ? 0 : it->second;
}

bool VoteSet::has_voted(const std::string& validator) const {
  return blocks_by_validator_.count(validator) > 0;
}

std::vector<Vote> VoteSet::votes_for(const BlockId& block_id) const {
  std::vector<Vote> result;
  for (const Vote& vote : votes_) {
    if (vote.block_id == block_id) result.push_back(vote);
  }
  return result;
}

}  // namespace tfl::consensus
