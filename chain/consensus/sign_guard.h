// SignGuard: the double-sign guard of one validator. It remembers what the validator signed
// in the last round it signed in, and refuses to sign a message that could conflict with an
// earlier one: a message is allowed only if its (height, round, step) comes strictly after
// the last signed one, or if it is a message already signed in that last round (idempotent
// re-signing).
//
// It also keeps the validator's lock at the last height it signed at (its last non-nil
// precommit there, see types.h Lock), so that after a crash the driver can restart the
// machine where it was, still locked.
//
// Usage by the driver, for every message the machine asks to broadcast:
//   if (!guard.may_sign(m)) drop it;              // never leaves the node
//   guard.record(m); write_and_fsync(guard.serialize()); sign; send.
// On start:
//   guard = SignGuard::parse(read_file());
//   machine.start(h, guard.recovery_at(h));
//   sign and send again each of guard.last_round_messages() of height h: peers may never have
//   received them, and the machine cannot produce them again (the guard would refuse what
//   the restarted machine votes in those steps if it differed).
//
// Pure: no I/O. Thread-safety: not thread-safe; the driver serializes calls.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "chain/consensus/types.h"
#include "chain/util/status.h"

namespace tfl::consensus {

// The steps at which a validator signs, in the order it signs them within a round.
enum class SignStep { kProposal = 0, kPrevote = 1, kPrecommit = 2 };

const char* sign_step_name(SignStep step);

// What a signature commits to, as far as double-signing is concerned.
struct SignedMessage {
  int64_t height = 0;
  int32_t round = 0;
  SignStep step = SignStep::kProposal;
  BlockId block_id;          // nil only for votes
  int32_t valid_round = -1;  // proposals only; -1 for votes

  static SignedMessage of(const Vote& vote);
  static SignedMessage of(const Proposal& proposal);
  // REQUIRES: step is kPrevote or kPrecommit (to_vote) / kProposal (to_proposal).
  Vote to_vote(const std::string& validator) const;
  Proposal to_proposal(const std::string& proposer) const;
};

bool operator==(const SignedMessage& a, const SignedMessage& b);
inline bool operator!=(const SignedMessage& a, const SignedMessage& b) { return !(a == b); }

class SignGuard {
 public:
  // A guard for a validator that has signed nothing yet.
  SignGuard() = default;

  // True if `message` is well formed (height >= 0, round >= 0, block id lowercase hex or
  // nil for a vote, -1 <= valid_round < round for a proposal) and either nothing was signed
  // yet, its (height, round, step) is strictly after the last signed one, or it equals a
  // message of last_round_messages().
  bool may_sign(const SignedMessage& message) const;

  // Records `message` as signed. Returns kConflict (and changes nothing) when may_sign
  // refuses it. The caller persists serialize() before the signature leaves the node.
  Status record(const SignedMessage& message);

  // The last signed message, if any.
  std::optional<SignedMessage> last_signed() const;

  // What was signed in the (height, round) of last_signed(), in step order.
  const std::vector<SignedMessage>& last_round_messages() const { return last_round_; }

  // The lock held at `height`: the last non-nil precommit signed at `height`, if `height` is
  // the last height signed at; otherwise none.
  Lock lock_at(int64_t height) const;

  // Where a validator restarting at `height` resumes: if `height` is the last height signed
  // at, the round of the last signed message and lock_at(height); otherwise round 0,
  // unlocked.
  Recovery recovery_at(int64_t height) const;

  // One line of text without a newline, e.g.
  //   "tfl-sign-guard/1 h=7 r=2 proposal=none vr=-1 prevote=ab12 precommit=nil lock_r=1 lock=cd34"
  // or "tfl-sign-guard/1 none" when nothing was signed. "none": not signed; "nil": a nil vote.
  std::string serialize() const;

  // Parses what serialize() wrote (a trailing newline is accepted). kCorruption otherwise.
  static Result<SignGuard> parse(const std::string& line);

 private:
  std::vector<SignedMessage> last_round_;  // same (height, round), ascending step
  Lock lock_;                              // at the height of last_round_
};

}  // namespace tfl::consensus
