// Unit tests of the Tendermint state machine, rule by rule (line numbers: Algorithm 1 of
// "The latest gossip on BFT consensus").
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "chain/consensus/tendermint.h"

namespace tfl::consensus {
namespace {

using Actions = std::vector<Action>;

// Validators v0..v3: n = 4, quorum 3, f+1 = 2; proposer(1, r) = v[(1 + r) % 4], so at
// height 1 rounds 0, 1, 2, 3 are proposed by v1, v2, v3, v0.
ValidatorSet four_validators() { return ValidatorSet({"v0", "v1", "v2", "v3"}); }

const BlockId kA = "aa";
const BlockId kB = "bb";
const BlockId kNil = "";

template <typename T>
std::vector<T> all_of(const Actions& actions) {
  std::vector<T> result;
  for (const Action& action : actions) {
    if (const T* item = std::get_if<T>(&action)) result.push_back(*item);
  }
  return result;
}

std::vector<Vote> votes_cast(const Actions& actions) {
  std::vector<Vote> result;
  for (const BroadcastVote& b : all_of<BroadcastVote>(actions)) result.push_back(b.vote);
  return result;
}

std::vector<ScheduleTimeout> timeouts_of(const Actions& actions, TimeoutKind kind) {
  std::vector<ScheduleTimeout> result;
  for (const ScheduleTimeout& t : all_of<ScheduleTimeout>(actions)) {
    if (t.kind == kind) result.push_back(t);
  }
  return result;
}

// One machine plus the driver's loop-back of its own broadcasts (see tendermint.h).
class Harness {
 public:
  explicit Harness(std::string self, int64_t height = 1)
      : machine(four_validators(), std::move(self)), height_(height) {}

  Actions start(const Recovery& recovery = Recovery{}) {
    return loop_back(machine.start(height_, recovery));
  }

  Actions proposal(int32_t round, const BlockId& id, int32_t valid_round = -1, bool valid = true) {
    Proposal p{height_, round, id, valid_round, four_validators().proposer(height_, round), "sig"};
    return loop_back(machine.on_proposal(p, valid));
  }

  Actions vote(VoteType type, int32_t round, const BlockId& id, const std::string& validator) {
    return loop_back(machine.on_vote(Vote{type, height_, round, id, validator, "sig"}));
  }
  Actions prevote(int32_t round, const BlockId& id, const std::string& validator) {
    return vote(VoteType::kPrevote, round, id, validator);
  }
  Actions precommit(int32_t round, const BlockId& id, const std::string& validator) {
    return vote(VoteType::kPrecommit, round, id, validator);
  }

  Actions timeout(TimeoutKind kind, int32_t round) {
    return loop_back(machine.on_timeout(kind, height_, round));
  }

  Actions value(int32_t round, const BlockId& id) {
    return loop_back(machine.on_proposal_value(height_, round, id));
  }

  // Brings a non-proposer of `round` to a lock on `id` at `round`: two other validators'
  // prevotes (f+1, so the machine skips to `round` if behind), the proposal, its own prevote.
  // REQUIRES: the machine is at a round <= `round`, and its lock admits `id`.
  void lock_on(int32_t round, const BlockId& id, const std::string& voter1,
               const std::string& voter2) {
    prevote(round, id, voter1);
    prevote(round, id, voter2);
    proposal(round, id);
    REQUIRE(machine.locked_round() == round);
    REQUIRE(machine.locked_value() == id);
  }

  Tendermint machine;

 private:
  // Returns `actions` followed by what feeding each own broadcast back produced.
  Actions loop_back(Actions actions) {
    Actions all;
    for (const Action& action : actions) {
      all.push_back(action);
      Actions more;
      if (auto* v = std::get_if<BroadcastVote>(&action)) more = loop_back(machine.on_vote(v->vote));
      if (auto* p = std::get_if<BroadcastProposal>(&action)) {
        more = loop_back(machine.on_proposal(p->proposal, true));
      }
      all.insert(all.end(), more.begin(), more.end());
    }
    return all;
  }

  int64_t height_;
};

TEST_CASE("validator set thresholds and proposer rotation", "[tendermint]") {
  ValidatorSet four = four_validators();
  CHECK(four.quorum() == 3);
  CHECK(four.f_plus_one() == 2);
  CHECK(four.proposer(1, 0) == "v1");
  CHECK(four.proposer(1, 3) == "v0");
  CHECK(four.proposer(6, 1) == "v3");
  CHECK(four.contains("v2"));
  CHECK_FALSE(four.contains("mallory"));
  CHECK(four.index_of("v3") == 3);

  ValidatorSet seven({"a", "b", "c", "d", "e", "f", "g"});
  CHECK(seven.quorum() == 5);
  CHECK(seven.f_plus_one() == 3);
  ValidatorSet one({"solo"});
  CHECK(one.quorum() == 1);
  CHECK(one.f_plus_one() == 1);
  ValidatorSet three({"a", "b", "c"});
  CHECK(three.quorum() == 3);  // n = 3 tolerates no fault
  CHECK(three.f_plus_one() == 1);
}

TEST_CASE("timeouts grow linearly with the round", "[tendermint]") {
  TimeoutConfig t;
  CHECK(t.duration(TimeoutKind::kPropose, 0) == 1000);
  CHECK(t.duration(TimeoutKind::kPropose, 3) == 2500);
  CHECK(t.duration(TimeoutKind::kPrevote, 2) == 1000);
  CHECK(t.duration(TimeoutKind::kPrecommit, 1) == 750);
}

TEST_CASE("happy path: the proposer builds and everyone locks and decides",
          "[tendermint]") {
  Harness h("v1");
  Actions started = h.start();
  // Lines 14-19: the proposer asks for a value; it also arms timeoutPropose (see header).
  REQUIRE(all_of<BuildBlock>(started).size() == 1);
  CHECK(all_of<BuildBlock>(started)[0].height == 1);
  CHECK(all_of<BuildBlock>(started)[0].round == 0);
  REQUIRE(timeouts_of(started, TimeoutKind::kPropose).size() == 1);
  CHECK(timeouts_of(started, TimeoutKind::kPropose)[0].duration_ms == 1000);
  CHECK(h.machine.step() == Step::kPropose);

  Actions proposed = h.value(0, kA);
  std::vector<BroadcastProposal> broadcast = all_of<BroadcastProposal>(proposed);
  REQUIRE(broadcast.size() == 1);
  const Proposal& p = broadcast[0].proposal;
  CHECK(p.height == 1);
  CHECK(p.round == 0);
  CHECK(p.block_id == kA);
  CHECK(p.valid_round == -1);
  CHECK(p.proposer == "v1");
  CHECK(p.signature.empty());
  // Line 22: its own proposal, looped back, makes it prevote the block.
  REQUIRE(votes_cast(proposed).size() == 1);
  CHECK(votes_cast(proposed)[0].type == VoteType::kPrevote);
  CHECK(votes_cast(proposed)[0].block_id == kA);
  CHECK(h.machine.step() == Step::kPrevote);
  CHECK(h.value(0, kB).empty());  // a second answer to BuildBlock is stale

  CHECK(votes_cast(h.prevote(0, kA, "v0")).empty());
  Actions locked = h.prevote(0, kA, "v2");
  // Lines 36-43: 2f+1 prevotes for the proposal: lock, precommit, and remember as valid.
  REQUIRE(votes_cast(locked).size() == 1);
  CHECK(votes_cast(locked)[0].type == VoteType::kPrecommit);
  CHECK(votes_cast(locked)[0].block_id == kA);
  CHECK(timeouts_of(locked, TimeoutKind::kPrevote).empty());  // step moved past prevote
  CHECK(h.machine.step() == Step::kPrecommit);
  CHECK(h.machine.locked_round() == 0);
  CHECK(h.machine.locked_value() == kA);
  CHECK(h.machine.valid_round() == 0);
  CHECK(h.machine.valid_value() == kA);

  CHECK(all_of<Decide>(h.precommit(0, kA, "v3")).empty());
  Actions decided = h.precommit(0, kA, "v0");
  // Lines 49-51: decided with a certificate of 2f+1 distinct precommits.
  std::vector<Decide> decisions = all_of<Decide>(decided);
  REQUIRE(decisions.size() == 1);
  const Decide& d = decisions[0];
  CHECK(d.height == 1);
  CHECK(d.round == 0);
  CHECK(d.block_id == kA);
  REQUIRE(d.precommits.size() == 3);
  CHECK(d.precommits[0].validator == "v0");  // validator-set order
  CHECK(d.precommits[1].validator == "v1");
  CHECK(d.precommits[2].validator == "v3");
  for (const Vote& v : d.precommits) {
    CHECK(v.type == VoteType::kPrecommit);
    CHECK(v.block_id == kA);
  }
  CHECK(h.machine.step() == Step::kCommit);
  // After Decide the machine waits for start(height + 1).
  CHECK(h.precommit(0, kA, "v2").empty());
  CHECK(h.timeout(TimeoutKind::kPrecommit, 0).empty());
}

TEST_CASE("start of the next height forgets the lock and valid value and the message log",
          "[tendermint]") {
  Harness h("v2");
  h.start();
  h.lock_on(0, kA, "v0", "v1");
  h.precommit(0, kA, "v0");
  REQUIRE(all_of<Decide>(h.precommit(0, kA, "v1")).size() == 1);
  REQUIRE_FALSE(h.machine.votes(1, 0).empty());

  Actions next = h.machine.start(2);
  CHECK(h.machine.height() == 2);
  CHECK(h.machine.round() == 0);
  CHECK(h.machine.step() == Step::kPropose);
  CHECK(h.machine.locked_round() == -1);
  CHECK(h.machine.locked_value().empty());
  CHECK(h.machine.valid_round() == -1);
  CHECK(h.machine.votes(1, 0).empty());
  CHECK(h.machine.votes(2, 0).empty());
  // proposer(2, 0) = v2: this machine is asked for a block.
  CHECK(all_of<BuildBlock>(next).size() == 1);
}

TEST_CASE("a non-proposer prevotes a valid proposal and nil for an invalid one",
          "[tendermint]") {
  Harness valid("v2");
  Actions started = valid.start();
  CHECK(all_of<BuildBlock>(started).empty());
  CHECK(all_of<BroadcastProposal>(started).empty());
  CHECK(timeouts_of(started, TimeoutKind::kPropose).size() == 1);  // line 21
  std::vector<Vote> cast = votes_cast(valid.proposal(0, kA));
  REQUIRE(cast.size() == 1);
  CHECK(cast[0].block_id == kA);
  CHECK(cast[0].validator == "v2");
  CHECK(cast[0].round == 0);

  Harness invalid("v2");
  invalid.start();
  cast = votes_cast(invalid.proposal(0, kA, -1, /*valid=*/false));
  REQUIRE(cast.size() == 1);  // line 26
  CHECK(cast[0].type == VoteType::kPrevote);
  CHECK(cast[0].block_id == kNil);
  CHECK(invalid.machine.step() == Step::kPrevote);
}

TEST_CASE("an invalid block is never locked or decided even with a quorum", "[tendermint]") {
  Harness h("v2");
  h.start();
  h.proposal(0, kA, -1, /*valid=*/false);
  h.prevote(0, kA, "v0");
  h.prevote(0, kA, "v1");
  Actions after = h.prevote(0, kA, "v3");
  CHECK(h.machine.locked_round() == -1);   // line 36 requires valid(v)
  CHECK(votes_cast(after).empty());
  h.precommit(0, kA, "v0");
  h.precommit(0, kA, "v1");
  CHECK(all_of<Decide>(h.precommit(0, kA, "v3")).empty());  // line 50 requires valid(v)
  CHECK(h.machine.step() != Step::kCommit);
}

TEST_CASE("messages of other heights or wrong proposers or non-validators are ignored",
          "[tendermint]") {
  Tendermint m(four_validators(), "v2");
  // Before start() the machine ignores everything.
  CHECK(m.on_vote(Vote{VoteType::kPrevote, 1, 0, kA, "v0", ""}).empty());
  m.start(1);
  CHECK(m.on_proposal(Proposal{2, 0, kA, -1, "v2", ""}, true).empty());   // other height
  CHECK(m.on_proposal(Proposal{1, 0, kA, -1, "v3", ""}, true).empty());   // not proposer(1, 0)
  CHECK(m.on_proposal(Proposal{1, 0, "", -1, "v1", ""}, true).empty());   // nil block
  CHECK(m.on_proposal(Proposal{1, 0, kA, 0, "v1", ""}, true).empty());    // valid_round >= round
  CHECK(m.step() == Step::kPropose);
  for (const char* outsider : {"mallory", "trudy"}) {
    m.on_vote(Vote{VoteType::kPrevote, 1, 3, kA, outsider, ""});
  }
  CHECK(m.round() == 0);  // two non-validators are not f+1
  CHECK(m.votes(1, 3).empty());
  m.on_vote(Vote{VoteType::kPrevote, 0, 3, kA, "v0", ""});
  m.on_vote(Vote{VoteType::kPrevote, 2, 3, kA, "v1", ""});
  CHECK(m.round() == 0);  // other heights are not counted either
  CHECK(m.on_vote(Vote{VoteType::kPrevote, 1, -1, kA, "v0", ""}).empty());
}

TEST_CASE("timeoutPropose prevotes nil and stale timeouts do nothing", "[tendermint]") {
  Harness h("v2");
  h.start();
  CHECK(h.timeout(TimeoutKind::kPropose, 1).empty());   // another round
  CHECK(h.timeout(TimeoutKind::kPrevote, 0).empty());   // not in step prevote
  CHECK(h.machine.on_timeout(TimeoutKind::kPropose, 2, 0).empty());  // another height
  std::vector<Vote> cast = votes_cast(h.timeout(TimeoutKind::kPropose, 0));  // lines 57-60
  REQUIRE(cast.size() == 1);
  CHECK(cast[0].type == VoteType::kPrevote);
  CHECK(cast[0].block_id == kNil);
  CHECK(h.machine.step() == Step::kPrevote);
  CHECK(h.timeout(TimeoutKind::kPropose, 0).empty());
  // A proposal that arrives after the prevote changes nothing (line 22 needs step propose).
  CHECK(votes_cast(h.proposal(0, kA)).empty());
}

TEST_CASE("2f+1 mixed prevotes arm timeoutPrevote whose expiry precommits nil",
          "[tendermint]") {
  Harness h("v2");
  h.start();
  h.timeout(TimeoutKind::kPropose, 0);  // own prevote: nil
  CHECK(h.prevote(0, kA, "v0").empty());
  Actions third = h.prevote(0, kB, "v1");
  std::vector<ScheduleTimeout> armed = timeouts_of(third, TimeoutKind::kPrevote);  // line 34
  REQUIRE(armed.size() == 1);
  CHECK(armed[0].height == 1);
  CHECK(armed[0].round == 0);
  CHECK(armed[0].duration_ms == 500);
  CHECK(timeouts_of(h.prevote(0, kA, "v3"), TimeoutKind::kPrevote).empty());  // first time only
  CHECK(h.machine.step() == Step::kPrevote);

  std::vector<Vote> cast = votes_cast(h.timeout(TimeoutKind::kPrevote, 0));  // lines 61-64
  REQUIRE(cast.size() == 1);
  CHECK(cast[0].type == VoteType::kPrecommit);
  CHECK(cast[0].block_id == kNil);
  CHECK(h.machine.step() == Step::kPrecommit);
  CHECK(h.machine.locked_round() == -1);
}

TEST_CASE("2f+1 nil prevotes precommit nil at once", "[tendermint]") {
  Harness h("v2");
  h.start();
  h.timeout(TimeoutKind::kPropose, 0);
  h.prevote(0, kNil, "v0");
  std::vector<Vote> cast = votes_cast(h.prevote(0, kNil, "v3"));  // lines 44-46
  REQUIRE(cast.size() == 1);
  CHECK(cast[0].type == VoteType::kPrecommit);
  CHECK(cast[0].block_id == kNil);
  CHECK(h.machine.step() == Step::kPrecommit);
}

TEST_CASE("2f+1 precommits arm timeoutPrecommit whose expiry starts the next round",
          "[tendermint]") {
  Harness h("v1");  // proposer of round 0; v2 proposes round 1
  h.start();
  h.precommit(0, kNil, "v0");
  h.precommit(0, kA, "v2");
  Actions third = h.precommit(0, kNil, "v3");  // lines 47-48, in any step
  std::vector<ScheduleTimeout> armed = timeouts_of(third, TimeoutKind::kPrecommit);
  REQUIRE(armed.size() == 1);
  CHECK(armed[0].round == 0);
  CHECK(armed[0].duration_ms == 500);
  CHECK(h.machine.step() == Step::kPropose);

  Actions next = h.timeout(TimeoutKind::kPrecommit, 0);  // lines 65-67
  CHECK(h.machine.round() == 1);
  CHECK(h.machine.step() == Step::kPropose);
  CHECK(all_of<BuildBlock>(next).empty());  // not the proposer of round 1
  std::vector<ScheduleTimeout> propose = timeouts_of(next, TimeoutKind::kPropose);
  REQUIRE(propose.size() == 1);
  CHECK(propose[0].round == 1);
  CHECK(propose[0].duration_ms == 1500);
  // The answer to round 0's BuildBlock is now stale.
  CHECK(h.value(0, kA).empty());
}

TEST_CASE("a locked validator prevotes nil for another block and re-proposes its valid value",
          "[tendermint]") {
  Harness h("v2");
  h.start();
  h.lock_on(0, kA, "v0", "v1");
  // Round 0 ends without a decision.
  h.precommit(0, kNil, "v0");
  h.precommit(0, kNil, "v3");
  Actions round1 = h.timeout(TimeoutKind::kPrecommit, 0);
  REQUIRE(h.machine.round() == 1);
  // Lines 15-16, 19: v2 proposes round 1 with its valid value and valid round; no BuildBlock.
  CHECK(all_of<BuildBlock>(round1).empty());
  std::vector<BroadcastProposal> broadcast = all_of<BroadcastProposal>(round1);
  REQUIRE(broadcast.size() == 1);
  const Proposal& p = broadcast[0].proposal;
  CHECK(p.block_id == kA);
  CHECK(p.valid_round == 0);
  // Line 28: the proof of lock for round 0 is known, so it prevotes its own proposal.
  REQUIRE(votes_cast(round1).size() == 1);
  CHECK(votes_cast(round1)[0].block_id == kA);

  // Round 2 (proposer v3) proposes a fresh block B: lines 22-26, locked on A, prevote nil.
  h.precommit(2, kNil, "v0");
  h.precommit(2, kNil, "v1");
  REQUIRE(h.machine.round() == 2);
  std::vector<Vote> cast = votes_cast(h.proposal(2, kB));
  REQUIRE(cast.size() == 1);
  CHECK(cast[0].block_id == kNil);

  // Round 3 (proposer v0) proposes the locked block A afresh: lockedValue = v, prevote A.
  h.precommit(3, kNil, "v0");
  h.precommit(3, kNil, "v1");
  REQUIRE(h.machine.round() == 3);
  cast = votes_cast(h.proposal(3, kA));
  REQUIRE(cast.size() == 1);
  CHECK(cast[0].block_id == kA);
  CHECK(h.machine.locked_round() == 0);
}

TEST_CASE("a proof of lock newer than the lock unlocks but an older one does not",
          "[tendermint]") {
  SECTION("POL round 1 > lock round 0: prevote the new block once the POL arrives") {
    Harness h("v2");
    h.start();
    h.lock_on(0, kA, "v0", "v1");
    h.precommit(2, kNil, "v0");
    h.precommit(2, kNil, "v1");
    REQUIRE(h.machine.round() == 2);
    // Line 28 waits for 2f+1 prevotes for B at round 1: the proposal came first.
    CHECK(votes_cast(h.proposal(2, kB, /*valid_round=*/1)).empty());
    CHECK(h.machine.step() == Step::kPropose);
    h.prevote(1, kB, "v0");
    h.prevote(1, kB, "v1");
    std::vector<Vote> cast = votes_cast(h.prevote(1, kB, "v3"));
    REQUIRE(cast.size() == 1);  // line 29: lockedRound 0 <= vr 1
    CHECK(cast[0].round == 2);
    CHECK(cast[0].block_id == kB);
  }
  SECTION("POL round 0 < lock round 1: prevote nil") {
    Harness h("v2");
    h.start();
    h.lock_on(1, kA, "v0", "v1");
    h.prevote(0, kB, "v0");
    h.prevote(0, kB, "v1");
    h.prevote(0, kB, "v3");
    h.precommit(3, kNil, "v1");
    h.precommit(3, kNil, "v3");
    REQUIRE(h.machine.round() == 3);
    std::vector<Vote> cast = votes_cast(h.proposal(3, kB, /*valid_round=*/0));
    REQUIRE(cast.size() == 1);  // line 32
    CHECK(cast[0].block_id == kNil);
    CHECK(h.machine.locked_value() == kA);
  }
  SECTION("a proposal with a POL round but no POL times out to nil") {
    Harness h("v2");
    h.start();
    h.precommit(2, kNil, "v0");
    h.precommit(2, kNil, "v1");
    CHECK(votes_cast(h.proposal(2, kB, /*valid_round=*/1)).empty());
    std::vector<Vote> cast = votes_cast(h.timeout(TimeoutKind::kPropose, 2));
    REQUIRE(cast.size() == 1);
    CHECK(cast[0].block_id == kNil);
  }
}

TEST_CASE("f+1 messages of a higher round skip to it but f do not", "[tendermint]") {
  Harness h("v2");
  h.start();
  h.prevote(4, kA, "v0");
  h.precommit(4, kA, "v0");  // the same validator again: still one sender
  CHECK(h.machine.round() == 0);
  // proposer(1, 4) = v1: its proposal is the second distinct sender of round 4.
  Actions skipped = h.proposal(4, kA);
  CHECK(h.machine.round() == 4);  // lines 55-56
  std::vector<ScheduleTimeout> propose = timeouts_of(skipped, TimeoutKind::kPropose);
  REQUIRE(propose.size() == 1);
  CHECK(propose[0].round == 4);
  CHECK(propose[0].duration_ms == 3000);
  // The proposal already received for round 4 is acted on at once (line 22).
  REQUIRE(votes_cast(skipped).size() == 1);
  CHECK(votes_cast(skipped)[0].round == 4);
  CHECK(votes_cast(skipped)[0].block_id == kA);

  // Jumps straight to the highest round with f+1 senders, never back.
  h.prevote(9, kNil, "v0");
  h.prevote(7, kNil, "v1");
  h.prevote(7, kNil, "v3");
  CHECK(h.machine.round() == 7);
  h.prevote(9, kNil, "v3");
  CHECK(h.machine.round() == 9);
  h.prevote(5, kNil, "v0");
  h.prevote(5, kNil, "v1");
  CHECK(h.machine.round() == 9);
}

TEST_CASE("votes that arrive before the proposal are acted on when it comes", "[tendermint]") {
  SECTION("2f+1 prevotes first: the proposal is prevoted and locked in one step") {
    Harness h("v2");
    h.start();
    h.prevote(0, kA, "v0");
    h.prevote(0, kA, "v1");
    h.prevote(0, kA, "v3");
    Actions on_proposal = h.proposal(0, kA);
    std::vector<Vote> cast = votes_cast(on_proposal);
    REQUIRE(cast.size() == 2);
    CHECK(cast[0].type == VoteType::kPrevote);
    CHECK(cast[1].type == VoteType::kPrecommit);
    CHECK(cast[1].block_id == kA);
    CHECK(timeouts_of(on_proposal, TimeoutKind::kPrevote).empty());
    CHECK(h.machine.locked_value() == kA);
  }
  SECTION("2f+1 precommits first: the proposal decides at once") {
    Harness h("v2");
    h.start();
    h.precommit(0, kA, "v0");
    h.precommit(0, kA, "v1");
    h.precommit(0, kA, "v3");
    Actions on_proposal = h.proposal(0, kA);
    REQUIRE(all_of<Decide>(on_proposal).size() == 1);
    CHECK(all_of<Decide>(on_proposal)[0].block_id == kA);
    CHECK(all_of<Decide>(on_proposal)[0].precommits.size() == 3);
    CHECK(votes_cast(on_proposal).empty());  // decided before prevoting
  }
  SECTION("a decision from an earlier round reached while in a later one") {
    Harness h("v2");
    h.start();
    h.precommit(2, kNil, "v0");
    h.precommit(2, kNil, "v1");
    REQUIRE(h.machine.round() == 2);
    h.proposal(0, kB);
    h.precommit(0, kB, "v0");
    h.precommit(0, kB, "v1");
    Actions decided = h.precommit(0, kB, "v3");  // line 49 holds for any round r
    REQUIRE(all_of<Decide>(decided).size() == 1);
    CHECK(all_of<Decide>(decided)[0].round == 0);
    CHECK(all_of<Decide>(decided)[0].block_id == kB);
  }
}

TEST_CASE("a prevote quorum seen after precommitting nil sets the valid value but not the lock",
          "[tendermint]") {
  Harness h("v2");
  h.start();
  h.proposal(0, kA);  // own prevote: A
  h.prevote(0, kNil, "v0");
  h.prevote(0, kA, "v1");  // 2 for A, 1 nil: 2f+1 of any kind
  h.timeout(TimeoutKind::kPrevote, 0);
  REQUIRE(h.machine.step() == Step::kPrecommit);
  REQUIRE(h.machine.valid_round() == -1);
  // The third prevote for A: lines 42-43 run, lines 37-41 do not (step is precommit).
  Actions late = h.prevote(0, kA, "v3");
  CHECK(votes_cast(late).empty());
  CHECK(h.machine.locked_round() == -1);
  CHECK(h.machine.valid_value() == kA);
  CHECK(h.machine.valid_round() == 0);
}

TEST_CASE("equivocating votes yield evidence once and each block counts its own signers",
          "[tendermint]") {
  Harness h("v2");
  h.start();
  h.proposal(0, kB);  // own prevote: B
  CHECK(all_of<Evidence>(h.prevote(0, kA, "v0")).empty());
  Actions second = h.prevote(0, kB, "v0");
  std::vector<Evidence> evidence = all_of<Evidence>(second);
  REQUIRE(evidence.size() == 1);
  CHECK(evidence[0].a.validator == "v0");
  CHECK(evidence[0].b.validator == "v0");
  CHECK(evidence[0].a.block_id == kA);
  CHECK(evidence[0].b.block_id == kB);
  CHECK(evidence[0].a.type == VoteType::kPrevote);
  CHECK(h.prevote(0, kB, "v0").empty());                     // a repeat: nothing new
  CHECK(all_of<Evidence>(h.prevote(0, "cc", "v0")).empty());  // reported once per validator
  // v0 signed a prevote for the proposed block B, so it counts towards B (line 36): with v2
  // and v1 that makes 2f+1 signers of B. Its vote for the unproposed "cc" is not kept.
  std::vector<Vote> cast = votes_cast(h.prevote(0, kB, "v1"));
  REQUIRE(cast.size() == 1);
  CHECK(cast[0].type == VoteType::kPrecommit);
  CHECK(cast[0].block_id == kB);
  CHECK(h.machine.votes(1, 0).size() == 5);  // prevotes v2 B, v0 A, v0 B, v1 B; precommit v2 B
  // Precommits are a separate slot: a precommit is no equivocation of a prevote.
  CHECK(all_of<Evidence>(h.precommit(0, kB, "v0")).empty());
}

TEST_CASE("an equivocator counts once towards 2f+1 votes of any kind", "[tendermint]") {
  Harness h("v2");
  h.start();
  h.timeout(TimeoutKind::kPropose, 0);  // own prevote: nil
  h.prevote(0, kA, "v0");
  Actions conflicting = h.prevote(0, kNil, "v0");
  CHECK(all_of<Evidence>(conflicting).size() == 1);
  CHECK(timeouts_of(conflicting, TimeoutKind::kPrevote).empty());  // 2 validators, not 3
  CHECK(h.machine.step() == Step::kPrevote);
  // v0's nil vote does count towards nil: with v3, 2f+1 signers of nil (line 44).
  std::vector<Vote> cast = votes_cast(h.prevote(0, kNil, "v3"));
  REQUIRE(cast.size() == 1);
  CHECK(cast[0].type == VoteType::kPrecommit);
  CHECK(cast[0].block_id == kNil);
}

TEST_CASE("conflicting proposals of one proposer yield proposal evidence", "[tendermint]") {
  Harness h("v2");
  h.start();
  CHECK(all_of<ProposalEvidence>(h.proposal(0, kA)).empty());
  CHECK(h.proposal(0, kA).empty());  // a repeat is ignored
  std::vector<ProposalEvidence> evidence = all_of<ProposalEvidence>(h.proposal(0, kB));
  REQUIRE(evidence.size() == 1);
  CHECK(evidence[0].a.block_id == kA);
  CHECK(evidence[0].b.block_id == kB);
  CHECK(evidence[0].a.proposer == "v1");
  CHECK(h.machine.proposals(1, 0).size() == 2);
  // Both are kept: B can still gather a quorum and be decided.
  h.precommit(0, kB, "v0");
  h.precommit(0, kB, "v1");
  CHECK(all_of<Decide>(h.precommit(0, kB, "v3")).size() == 1);
}

TEST_CASE("an observer follows and decides but never proposes or votes", "[tendermint]") {
  Harness h("");
  Actions all = h.start();
  auto append = [&all](const Actions& more) { all.insert(all.end(), more.begin(), more.end()); };
  append(h.proposal(0, kA));
  CHECK(h.machine.step() == Step::kPrevote);
  append(h.prevote(0, kA, "v0"));
  append(h.prevote(0, kA, "v1"));
  append(h.prevote(0, kA, "v2"));
  CHECK(h.machine.step() == Step::kPrecommit);
  append(h.precommit(0, kA, "v0"));
  append(h.precommit(0, kA, "v1"));
  append(h.precommit(0, kA, "v3"));
  CHECK(all_of<Decide>(all).size() == 1);
  CHECK(all_of<BroadcastVote>(all).empty());
  CHECK(all_of<BroadcastProposal>(all).empty());
  CHECK(all_of<BuildBlock>(all).empty());

  // Nor does it build a block in a round whose proposer would be "itself".
  Tendermint observer(four_validators(), "");
  Actions started = observer.start(3);  // proposer(3, 0) = v3
  CHECK(all_of<BuildBlock>(started).empty());
}

TEST_CASE("a restarted validator resumes at its recovered round with its lock",
          "[tendermint]") {
  Harness h("v2");
  Actions started = h.start(Recovery{1, Lock{0, kA}});
  CHECK(h.machine.round() == 1);
  CHECK(h.machine.step() == Step::kPropose);
  CHECK(h.machine.locked_round() == 0);
  CHECK(h.machine.locked_value() == kA);
  CHECK(h.machine.valid_round() == 0);
  CHECK(h.machine.valid_value() == kA);
  std::vector<ScheduleTimeout> propose = timeouts_of(started, TimeoutKind::kPropose);
  REQUIRE(propose.size() == 1);
  CHECK(propose[0].round == 1);
  // Round 1 is v2's own: it re-proposes the locked block with its proof-of-lock round.
  CHECK(all_of<BuildBlock>(started).empty());
  std::vector<BroadcastProposal> broadcast = all_of<BroadcastProposal>(started);
  REQUIRE(broadcast.size() == 1);
  CHECK(broadcast[0].proposal.block_id == kA);
  CHECK(broadcast[0].proposal.valid_round == 0);
  // Line 28 waits for the proof of lock, which this run of the machine has not seen.
  CHECK(votes_cast(started).empty());

  // In round 2 (proposer v3) a fresh block B: still locked on A, so nil (lines 22-26).
  h.precommit(2, kNil, "v0");
  h.precommit(2, kNil, "v1");
  REQUIRE(h.machine.round() == 2);
  std::vector<Vote> cast = votes_cast(h.proposal(2, kB));
  REQUIRE(cast.size() == 1);
  CHECK(cast[0].block_id == kNil);
}

TEST_CASE("a validator recovered in the round it locked in proposes nothing new",
          "[tendermint]") {
  Harness h("v2");  // proposer of round 1
  Actions started = h.start(Recovery{1, Lock{1, kA}});
  CHECK(all_of<BroadcastProposal>(started).empty());
  CHECK(all_of<BuildBlock>(started).empty());
  CHECK(timeouts_of(started, TimeoutKind::kPropose).size() == 1);
  // Its proposal of round 1, sent again by the driver, is acted on as usual.
  std::vector<Vote> cast = votes_cast(h.proposal(1, kA));
  REQUIRE(cast.size() == 1);
  CHECK(cast[0].block_id == kA);
}

TEST_CASE("the message log is available for peers to pull", "[tendermint]") {
  Harness h("v2");
  h.start();
  h.proposal(0, kA);
  h.prevote(0, kA, "v0");
  h.precommit(0, kNil, "v3");
  std::vector<Vote> votes = h.machine.votes(1, 0);
  REQUIRE(votes.size() == 3);
  CHECK(votes[0].validator == "v2");  // prevotes first, in arrival order
  CHECK(votes[1].validator == "v0");
  CHECK(votes[2].type == VoteType::kPrecommit);
  std::vector<Proposal> proposals = h.machine.proposals(1, 0);
  REQUIRE(proposals.size() == 1);
  CHECK(proposals[0].block_id == kA);
  CHECK(proposals[0].signature == "sig");
  CHECK(h.machine.votes(1, 1).empty());
  CHECK(h.machine.votes(2, 0).empty());
  CHECK(h.machine.proposals(2, 0).empty());
}

}  // namespace
}  // namespace tfl::consensus
