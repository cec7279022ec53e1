// Evidence of equivocation: one validator signed two precommits or two prevotes for
// different blocks in the same height and round (DESIGN §6). A proposer includes the
// evidence it holds in its next block; once committed it lives in the state at
// keys::evidence(id) for everyone to see, and a block cannot commit it twice.
//
//   {"validator", "type": "prevote"|"precommit", "height", "round",
//    "a": {"block_hash", "sig"}, "b": {"block_hash", "sig"}}
// with a.block_hash < b.block_hash (so one equivocation has one encoding); "" is nil.
// Thread-safety: plain value.
#pragma once

#include <string>
#include <vector>

#include "chain/codec/canonical_json.h"
#include "chain/crypto/sha256.h"
#include "chain/state/genesis.h"

namespace tfl {

struct SignedVotePart {
  std::string block_hash;  // hex, "" for nil
  std::string sig;         // 64 raw bytes
};

struct DuplicateVote {
  std::string validator;
  std::string type;
  int64_t height = 0;
  int32_t round = 0;
  SignedVotePart a, b;

  // Orders a and b canonically. REQUIRES: a.block_hash != b.block_hash.
  static DuplicateVote make(std::string validator, std::string type, int64_t height, int32_t round,
                            SignedVotePart first, SignedVotePart second);
  // "<validator>/<height>/<round>/<type>": one equivocation per validator, step and round.
  std::string id() const;
  Json to_json() const;
  static Result<DuplicateVote> from_json(const Json& j);
  // Both signatures by a genesis validator over different blocks of one (height, round, type).
  Status verify(const Genesis& genesis) const;
};

constexpr size_t kMaxBlockEvidence = 100;

// SHA-256 of the canonical JSON array of the evidence (the header's evidence_hash).
Hash evidence_hash(const std::vector<DuplicateVote>& evidence);

}  // namespace tfl
