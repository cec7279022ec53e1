// Identifiers, messages and parameters of Tendermint consensus (Buchman, Kwon, Milosevic,
// "The latest gossip on BFT consensus", 2018, Algorithm 1). Line numbers in comments of this
// directory refer to Algorithm 1 of that paper.
//
// Thread-safety: plain values; safe to copy between threads. A const ValidatorSet may be read
// from several threads.
#pragma once

#include <algorithm>
#include <cassert>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace tfl::consensus {

// Lowercase hex hash of a block. The empty string is nil: a vote for no block.
using BlockId = std::string;

inline bool is_nil(const BlockId& id) { return id.empty(); }

enum class VoteType { kPrevote, kPrecommit };

inline const char* vote_type_name(VoteType type) {
  return type == VoteType::kPrevote ? "prevote" : "precommit";
}

// ⟨PROPOSAL, height, round, block, valid_round⟩ signed by proposer(height, round).
struct Proposal {
  int64_t height = 0;
  int32_t round = 0;
  BlockId block_id;          // never nil
  int32_t valid_round = -1;  // round of the proof of lock for block_id; -1 for none
  std::string proposer;
  std::string signature;     // opaque; the driver signs and verifies
};

// ⟨PREVOTE|PRECOMMIT, height, round, block⟩ signed by validator.
struct Vote {
  VoteType type = VoteType::kPrevote;
  int64_t height = 0;
  int32_t round = 0;
  BlockId block_id;  // nil allowed
  std::string validator;
  std::string signature;  // opaque; the driver signs and verifies
};

inline bool operator==(const Proposal& a, const Proposal& b) {
  return a.height == b.height && a.round == b.round && a.block_id == b.block_id &&
         a.valid_round == b.valid_round && a.proposer == b.proposer && a.signature == b.signature;
}
inline bool operator!=(const Proposal& a, const Proposal& b) { return !(a == b); }

inline bool operator==(const Vote& a, const Vote& b) {
  return a.type == b.type && a.height == b.height && a.round == b.round &&
         a.block_id == b.block_id && a.validator == b.validator && a.signature == b.signature;
}
inline bool operator!=(const Vote& a, const Vote& b) { return !(a == b); }

// The validators of a height, each with one vote, in the order that fixes proposers.
// With n validators at most f = n - quorum() may be faulty.
class ValidatorSet {
 public:
  ValidatorSet() = default;

  // REQUIRES: ids are non-empty and distinct.
  explicit ValidatorSet(std::vector<std::string> ids) : ids_(std::move(ids)) {
    sorted_.reserve(ids_.size());
    for (size_t i = 0; i < ids_.size(); ++i) sorted_.emplace_back(ids_[i], static_cast<int>(i));
    std::sort(sorted_.begin(), sorted_.end());
    assert(std::adjacent_find(sorted_.begin(), sorted_.end(), [](const auto& a, const auto& b) {
             return a.first == b.first;
           }) == sorted_.end() && "validator ids must be distinct");
  }

  int n() const { return static_cast<int>(ids_.size()); }
  // 2f+1: any two quorums share a correct validator.
  int quorum() const { return 2 * n() / 3 + 1; }
  // f+1: any f_plus_one() validators include a correct one.
  int f_plus_one() const { return n() - quorum() + 1; }

  // REQUIRES: n() > 0, height >= 0, round >= 0.
  const std::string& proposer(int64_t height, int32_t round) const {
    assert(n() > 0 && height >= 0 && round >= 0);
    return ids_[static_cast<size_t>((height + round) % n())];
  }

  bool contains(const std::string& id) const { return index_of(id) >= 0; }

  // Position of `id` in ids(), or -1.
  int index_of(const std::string& id) const {
    auto by_id = [](const auto& entry, const std::string& key) { return entry.first < key; };
    auto it = std::lower_bound(sorted_.begin(), sorted_.end(), id, by_id);
    return it != sorted_.end() && it->first == id ? it->second : -1;
  }

  const std::vector<std::string>& ids() const { return ids_; }

 private:
  std::vector<std::string> ids_;
  std::vector<std::pair<std::string, int>> sorted_;  // (id, index in ids_) by id
};

enum class TimeoutKind { kPropose, kPrevote, kPrecommit };

inline const char* timeout_kind_name(TimeoutKind kind) {
  switch (kind) {
    case TimeoutKind::kPropose: return "propose";
    case TimeoutKind::kPrevote: return "prevote";
    case TimeoutKind::kPrecommit: return "precommit";
  }
  return "unknown";
}

// timeoutPropose/Prevote/Precommit(round) of the paper: they grow with the round so that,
// after the network stabilises, a round eventually lasts long enough to decide.
struct TimeoutConfig {
  int64_t propose_ms = 1000;
  int64_t propose_delta_ms = 500;
  int64_t prevote_ms = 500;
  int64_t prevote_delta_ms = 250;
  int64_t precommit_ms = 500;
  int64_t precommit_delta_ms = 250;

  // REQUIRES: round >= 0.
  int64_t duration(TimeoutKind kind, int32_t round) const {
    switch (kind) {
      case TimeoutKind::kPropose: return propose_ms + round * propose_delta_ms;
      case TimeoutKind::kPrevote: return prevote_ms + round * prevote_delta_ms;
      case TimeoutKind::kPrecommit: return precommit_ms + round * precommit_delta_ms;
    }
    return 0;
  }
};

// lockedRound/lockedValue of a validator at one height (lines 36-41). A validator locks
// exactly when it precommits a block, so its last non-nil precommit at a height is its lock.
struct Lock {
  int32_t round = -1;  // -1: not locked
  BlockId block_id;    // nil iff round == -1
};

// What a validator that restarts in the middle of a height recovers from its SignGuard
// (SignGuard::recovery_at): its lock, without which a restart could break agreement, and the
// round it had reached, before which it can sign nothing more.
struct Recovery {
  int32_t round = 0;
  Lock lock;
};

}  // namespace tfl::consensus
