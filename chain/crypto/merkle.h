// RFC 6962 Merkle trees: leaf hash SHA-256(0x00‖d), node hash SHA-256(0x01‖l‖r),
// the left subtree holding the largest power of two below n leaves, so an odd leaf
// is never duplicated (no CVE-2012-2459 style ambiguity). The empty tree's root is
// SHA-256 of the empty string.
// Thread-safety: free functions without shared state.
#pragma once

#include <cstdint>
#include <vector>

#include "chain/codec/canonical_json.h"
#include "chain/crypto/sha256.h"

namespace tfl {

Hash merkle_leaf_hash(std::string_view leaf_data);
Hash merkle_node_hash(const Hash& left, const Hash& right);

// Root over leaf hashes (already passed through merkle_leaf_hash).
Hash merkle_root(const std::vector<Hash>& leaf_hashes);

// An audit path, RFC 6962 §2.1.1: sibling hashes from the leaf up.
struct InclusionProof {
  uint64_t leaf_index = 0;
  uint64_t tree_size = 0;
  std::vector<Hash> path;

  Json to_json() const;  // {"leaf_index", "tree_size", "path": [hex…]}
  static Result<InclusionProof> from_json(const Json& j);
};

// REQUIRES: index < leaf_hashes.size()
InclusionProof merkle_prove(const std::vector<Hash>& leaf_hashes, uint64_t index);

// True when `proof` places `leaf_hash` in the tree with root `root` (RFC 9162 §2.1.3.2).
bool merkle_verify(const Hash& leaf_hash, const InclusionProof& proof, const Hash& root);

}  // namespace tfl
