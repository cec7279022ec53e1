#include <catch2/catch.hpp>

#include "chain/consensus/vote_set.h"

namespace tfl::consensus {
namespace {

Vote prevote(const BlockId& id, const std::string& validator, int32_t round = 2) {
  return Vote{VoteType::kPrevote, 5, round, id, validator, "sig-" + validator};
}

TEST_CASE("a vote set counts each validator once per block", "[vote_set]") {
  VoteSet set(5, 2, VoteType::kPrevote, /*quorum=*/3);
  CHECK(set.add(prevote("aa", "v0")).outcome == VoteSet::AddOutcome::kAdded);
  CHECK(set.add(prevote("aa", "v0")).outcome == VoteSet::AddOutcome::kDuplicate);
  CHECK(set.add(prevote("", "v1")).outcome == VoteSet::AddOutcome::kAdded);
  CHECK(set.size() == 2);
  CHECK(set.count_for("aa") == 1);
  CHECK(set.count_for("") == 1);
  CHECK_FALSE(set.has_quorum_any());
  CHECK(set.add(prevote("aa", "v2")).outcome == VoteSet::AddOutcome::kAdded);
  CHECK(set.has_quorum_any());
  CHECK_FALSE(set.has_quorum_for("aa"));
  CHECK(set.add(prevote("aa", "v3")).outcome == VoteSet::AddOutcome::kAdded);
  CHECK(set.has_quorum_for("aa"));
  CHECK_FALSE(set.has_quorum_for(""));
  CHECK(set.has_voted("v3"));
  CHECK_FALSE(set.has_voted("v4"));
  std::vector<Vote> for_a = set.votes_for("aa");
  REQUIRE(for_a.size() == 3);
  CHECK(for_a[0].validator == "v0");
  CHECK(for_a[2].validator == "v3");
  CHECK(set.votes().size() == 4);
}

TEST_CASE("a vote set rejects votes of another slot", "[vote_set]") {
  VoteSet set(5, 2, VoteType::kPrevote, 3);
  CHECK(set.add(prevote("aa", "v0", /*round=*/3)).outcome == VoteSet::AddOutcome::kWrongSlot);
  Vote precommit = prevote("aa", "v0");
  precommit.type = VoteType::kPrecommit;
  CHECK(set.add(precommit).outcome == VoteSet::AddOutcome::kWrongSlot);
  Vote other_height = prevote("aa", "v0");
  other_height.height = 6;
  CHECK(set.add(other_height).outcome == VoteSet::AddOutcome::kWrongSlot);
  CHECK(set.size() == 0);
}

TEST_CASE("a vote set reports an equivocation once and keeps the first vote", "[vote_set]") {
  VoteSet set(5, 2, VoteType::kPrevote, 3);
  set.add(prevote("aa", "v0"));
  VoteSet::AddResult conflict = set.add(prevote("bb", "v0"));
  CHECK(conflict.outcome == VoteSet::AddOutcome::kConflict);
  REQUIRE(conflict.equivocation.has_value());
  CHECK(conflict.equivocation->first.block_id == "aa");
  CHECK(conflict.equivocation->second.block_id == "bb");
  CHECK(conflict.equivocation->second.validator == "v0");

  VoteSet::AddResult again = set.add(prevote("bb", "v0"));
  CHECK(again.outcome == VoteSet::AddOutcome::kConflict);
  CHECK_FALSE(again.equivocation.has_value());
  VoteSet::AddResult nil = set.add(prevote("", "v0"));
  CHECK(nil.outcome == VoteSet::AddOutcome::kConflict);
  CHECK_FALSE(nil.equivocation.has_value());

  CHECK(set.size() == 1);
  CHECK(set.count_for("aa") == 1);
  CHECK(set.count_for("bb") == 0);
  CHECK(set.votes().size() == 1);
}

TEST_CASE("a vote set counts a conflicting vote towards its block on request", "[vote_set]") {
  VoteSet set(5, 2, VoteType::kPrevote, 3);
  set.add(prevote("aa", "v0"));
  REQUIRE(set.add(prevote("bb", "v0")).outcome == VoteSet::AddOutcome::kConflict);
  CHECK(set.count_conflicting(prevote("bb", "v0")));
  CHECK_FALSE(set.count_conflicting(prevote("bb", "v0")));  // once per block
  CHECK(set.add(prevote("bb", "v0")).outcome == VoteSet::AddOutcome::kDuplicate);
  CHECK(set.count_for("aa") == 1);
  CHECK(set.count_for("bb") == 1);
  CHECK(set.size() == 1);  // still one validator towards "any"
  set.add(prevote("bb", "v1"));
  set.add(prevote("aa", "v2"));
  CHECK_FALSE(set.has_quorum_for("bb"));
  set.add(prevote("bb", "v3"));
  CHECK(set.has_quorum_for("bb"));
  CHECK(set.votes_for("bb").size() == 3);
  CHECK(set.votes().size() == 5);
}

}  // namespace
}  // namespace tfl::consensus
