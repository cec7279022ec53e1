#include <catch2/catch.hpp>

#include "chain/consensus/sign_guard.h"

namespace tfl::consensus {
namespace {

SignedMessage msg(int64_t h, int32_t r, SignStep step, const BlockId& id, int32_t vr = -1) {
  return SignedMessage{h, r, step, id, vr};
}

TEST_CASE("a sign guard allows only later messages or the same one again", "[sign_guard]") {
  SignGuard guard;
  CHECK_FALSE(guard.last_signed().has_value());
  REQUIRE(guard.record(msg(3, 1, SignStep::kPrevote, "aa")).is_ok());

  CHECK(guard.may_sign(msg(3, 1, SignStep::kPrevote, "aa")));      // idempotent re-sign
  CHECK_FALSE(guard.may_sign(msg(3, 1, SignStep::kPrevote, "bb")));  // double sign
  CHECK_FALSE(guard.may_sign(msg(3, 1, SignStep::kPrevote, "")));    // nil is a block too
  CHECK_FALSE(guard.may_sign(msg(3, 1, SignStep::kProposal, "aa")));  // earlier step
  CHECK_FALSE(guard.may_sign(msg(3, 0, SignStep::kPrecommit, "aa")));  // earlier round
  CHECK_FALSE(guard.may_sign(msg(2, 9, SignStep::kPrecommit, "aa")));  // earlier height
  CHECK(guard.may_sign(msg(3, 1, SignStep::kPrecommit, "bb")));
  CHECK(guard.may_sign(msg(3, 2, SignStep::kProposal, "cc", 1)));
  CHECK(guard.may_sign(msg(4, 0, SignStep::kPrevote, "")));

  Status refused = guard.record(msg(3, 1, SignStep::kPrevote, "bb"));
  CHECK(refused.code() == Code::kConflict);
  CHECK(guard.last_signed()->block_id == "aa");  // unchanged
}

TEST_CASE("a sign guard re-signs only the messages of the last round",
          "[sign_guard]") {
  SignGuard guard;
  REQUIRE(guard.record(msg(1, 0, SignStep::kProposal, "aa")).is_ok());
  CHECK_FALSE(guard.may_sign(msg(1, 0, SignStep::kProposal, "aa", 0)));  // other valid_round
  REQUIRE(guard.record(msg(1, 0, SignStep::kPrevote, "aa")).is_ok());
  CHECK(guard.may_sign(msg(1, 0, SignStep::kProposal, "aa")));  // the same proposal again
  CHECK_FALSE(guard.may_sign(msg(1, 0, SignStep::kProposal, "bb")));
  REQUIRE(guard.record(msg(1, 0, SignStep::kProposal, "aa")).is_ok());  // no change
  REQUIRE(guard.last_round_messages().size() == 2);
  CHECK(guard.last_signed()->step == SignStep::kPrevote);

  REQUIRE(guard.record(msg(1, 1, SignStep::kPrecommit, "")).is_ok());
  // A new round: round 0 is closed, and round 1's prevote was never signed.
  CHECK_FALSE(guard.may_sign(msg(1, 0, SignStep::kPrevote, "aa")));
  CHECK_FALSE(guard.may_sign(msg(1, 1, SignStep::kPrevote, "")));
  CHECK(guard.may_sign(msg(1, 1, SignStep::kPrecommit, "")));
  REQUIRE(guard.last_round_messages().size() == 1);
  CHECK(guard.last_round_messages()[0] == msg(1, 1, SignStep::kPrecommit, ""));
}

TEST_CASE("a sign guard refuses malformed messages", "[sign_guard]") {
  SignGuard guard;
  CHECK_FALSE(guard.may_sign(msg(-1, 0, SignStep::kPrevote, "aa")));
  CHECK_FALSE(guard.may_sign(msg(1, -1, SignStep::kPrevote, "aa")));
  CHECK_FALSE(guard.may_sign(msg(1, 0, SignStep::kPrevote, "AA")));       // not lowercase hex
  CHECK_FALSE(guard.may_sign(msg(1, 0, SignStep::kPrevote, "a b")));
  CHECK_FALSE(guard.may_sign(msg(1, 0, SignStep::kProposal, "")));        // nil proposal
  CHECK_FALSE(guard.may_sign(msg(1, 2, SignStep::kProposal, "aa", 2)));   // vr >= round
  CHECK_FALSE(guard.may_sign(msg(1, 2, SignStep::kPrevote, "aa", 1)));    // vr on a vote
  CHECK(guard.record(msg(1, 0, SignStep::kPrevote, "AA")).code() == Code::kConflict);
}

TEST_CASE("a sign guard gives the round and lock to resume a height at", "[sign_guard]") {
  SignGuard guard;
  CHECK(guard.recovery_at(1).round == 0);
  CHECK(guard.recovery_at(1).lock.round == -1);
  REQUIRE(guard.record(msg(5, 0, SignStep::kPrecommit, "")).is_ok());
  CHECK(guard.recovery_at(5).lock.round == -1);
  REQUIRE(guard.record(msg(5, 1, SignStep::kPrecommit, "aa")).is_ok());
  REQUIRE(guard.record(msg(5, 2, SignStep::kPrevote, "")).is_ok());
  REQUIRE(guard.record(msg(5, 2, SignStep::kPrecommit, "")).is_ok());
  Recovery recovery = guard.recovery_at(5);
  CHECK(guard.lock_at(5).block_id == recovery.lock.block_id);
  CHECK(guard.lock_at(6).round == -1);
  CHECK(recovery.round == 2);
  CHECK(recovery.lock.round == 1);  // a nil precommit does not unlock
  CHECK(recovery.lock.block_id == "aa");
  CHECK(guard.recovery_at(6).round == 0);  // a later height starts afresh
  CHECK(guard.recovery_at(6).lock.round == -1);
  REQUIRE(guard.record(msg(5, 3, SignStep::kPrecommit, "bb")).is_ok());
  CHECK(guard.recovery_at(5).lock.block_id == "bb");
  CHECK(guard.recovery_at(5).lock.round == 3);
  REQUIRE(guard.record(msg(6, 0, SignStep::kPrevote, "cc")).is_ok());
  CHECK(guard.recovery_at(6).lock.round == -1);
  CHECK(guard.recovery_at(5).lock.round == -1);
  CHECK(guard.recovery_at(5).round == 0);
}

TEST_CASE("a sign guard survives serialize and parse", "[sign_guard]") {
  SignGuard empty;
  CHECK(empty.serialize() == "tfl-sign-guard/1 none");
  Result<SignGuard> parsed_empty = SignGuard::parse(empty.serialize() + "\n");
  REQUIRE(parsed_empty.is_ok());
  CHECK_FALSE(parsed_empty->last_signed().has_value());

  SignGuard guard;
  REQUIRE(guard.record(msg(7, 2, SignStep::kPrecommit, "ab12")).is_ok());
  REQUIRE(guard.record(msg(7, 3, SignStep::kProposal, "cd34", 2)).is_ok());
  REQUIRE(guard.record(msg(7, 3, SignStep::kPrevote, "")).is_ok());
  CHECK(guard.serialize() ==
        "tfl-sign-guard/1 h=7 r=3 proposal=cd34 vr=2 prevote=nil precommit=none lock_r=2 "
        "lock=ab12");
  Result<SignGuard> parsed = SignGuard::parse(guard.serialize());
  REQUIRE(parsed.is_ok());
  CHECK(parsed->last_round_messages() == guard.last_round_messages());
  CHECK(parsed->recovery_at(7).round == 3);
  CHECK(parsed->recovery_at(7).lock.round == 2);
  CHECK(parsed->recovery_at(7).lock.block_id == "ab12");
  CHECK(parsed->serialize() == guard.serialize());
  // The parsed guard refuses and allows what the original does.
  CHECK_FALSE(parsed->may_sign(msg(7, 3, SignStep::kPrevote, "ab12")));
  CHECK(parsed->may_sign(msg(7, 3, SignStep::kPrevote, "")));
  CHECK(parsed->may_sign(msg(7, 3, SignStep::kProposal, "cd34", 2)));
  CHECK(parsed->may_sign(msg(7, 3, SignStep::kPrecommit, "cd34")));

  SignGuard locked;
  REQUIRE(locked.record(msg(9, 4, SignStep::kPrevote, "ef")).is_ok());
  REQUIRE(locked.record(msg(9, 4, SignStep::kPrecommit, "ef")).is_ok());
  CHECK(locked.serialize() ==
        "tfl-sign-guard/1 h=9 r=4 proposal=none vr=-1 prevote=ef precommit=ef lock_r=4 lock=ef");
  Result<SignGuard> parsed_locked = SignGuard::parse(locked.serialize());
  REQUIRE(parsed_locked.is_ok());
  CHECK(parsed_locked->recovery_at(9).lock.block_id == "ef");
}

TEST_CASE("a sign guard rejects corrupt records", "[sign_guard]") {
  for (const char* line : {
           "",
           "tfl-sign-guard/1",
           "tfl-sign-guard/2 none",
           "tfl-sign-guard/1 none extra",
           "tfl-sign-guard/1 h=7 r=3 proposal=none vr=-1 prevote=nil precommit=none lock_r=-1",
           "tfl-sign-guard/1 h=x r=3 proposal=none vr=-1 prevote=nil precommit=none lock_r=-1 lock=none",
           "tfl-sign-guard/1 r=3 h=7 proposal=none vr=-1 prevote=nil precommit=none lock_r=-1 lock=none",
           "tfl-sign-guard/1 h=7 r=3 proposal=none vr=-1 prevote=XY precommit=none lock_r=-1 lock=none",
           "tfl-sign-guard/1 h=7 r=3 proposal=nil vr=-1 prevote=nil precommit=none lock_r=-1 lock=none",
           "tfl-sign-guard/1 h=7 r=3 proposal=none vr=1 prevote=nil precommit=none lock_r=-1 lock=none",
           "tfl-sign-guard/1 h=7 r=3 proposal=ab vr=3 prevote=nil precommit=none lock_r=-1 lock=none",
           "tfl-sign-guard/1 h=7 r=3 proposal=none vr=-1 prevote=none precommit=none lock_r=-1 lock=none",
           "tfl-sign-guard/1 h=7 r=3 proposal=none vr=-1 prevote=nil precommit=none lock_r=2 lock=none",
           "tfl-sign-guard/1 h=7 r=3 proposal=none vr=-1 prevote=nil precommit=none lock_r=4 lock=ab",
           "tfl-sign-guard/1 h=7 r=3 proposal=none vr=-1 prevote=nil precommit=nil lock_r=3 lock=ab",
           "tfl-sign-guard/1 h=7 r=3 proposal=none vr=-1 prevote=nil precommit=none lock_r=-1 lock=nil",
           "tfl-sign-guard/1 h=7 r=3  proposal=none vr=-1 prevote=nil precommit=none lock_r=-1 lock=none",
           "tfl-sign-guard/1 h=7 r=3 proposal=none vr=-1 prevote=nil precommit=none lock_r=-1 lock=none ",
       }) {
    INFO(line);
    Result<SignGuard> parsed = SignGuard::parse(line);
    REQUIRE_FALSE(parsed.is_ok());
    CHECK(parsed.status().code() == Code::kCorruption);
  }
}

}  // namespace
}  // namespace tfl::consensus
