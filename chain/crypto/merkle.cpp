#include "chain/crypto/merkle.h"

#include "chain/codec/json_fields.h"

namespace tfl {
namespace {

// Largest power of two strictly below n. REQUIRES: n >= 2.
uint64_t split_point(uint64_t n) {
  uint64_t k = 1;
  while (k << 1 < n) k <<= 1;
  return k;
}

Hash subtree_root(const std::vector<Hash>& leaves, uint64_t begin, uint64_t end) {
  uint64_t n = end - begin;
  if (n == 1) return leaves[begin];
  uint64_t k = split_point(n);
  return merkle_node_hash(subtree_root(leaves, begin, begin + k), subtree_root(leaves, begin + k, end));
}

void audit_path(const std::vector<Hash>& leaves, uint64_t index, uint64_t begin, uint64_t end, std::vector<Hash>& out) {
  uint64_t n = end - begin;
  if (n <= 1) return;
  uint64_t k = split_point(n);
  if (index < k) {
    audit_path(leaves, index, begin, begin + k, out);
    out.push_back(subtree_root(leaves, begin + k, end));
  } else {
    audit_path(leaves, index - k, begin + k, end, out);
    out.push_back(subtree_root(leaves, begin, begin + k));
  }
}

}  // namespace

Hash merkle_leaf_hash(std::string_view leaf_data) {
  const char prefix = 0x00;
  return Sha256().update({&prefix, 1}).update(leaf_data).finish();
}

Hash merkle_node_hash(const Hash& left, const Hash& right) {
  const char prefix = 0x01;
  return Sha256().update({&prefix, 1}).update(left.view()).update(right.view()).finish();
}

Hash merkle_root(const std::vector<Hash>& leaf_hashes) {
  if (leaf_hashes.empty()) return sha256("");
  return subtree_root(leaf_hashes, 0, leaf_hashes.size());
}

InclusionProof merkle_prove(const std::vector<Hash>& leaf_hashes, uint64_t index) {
  InclusionProof proof;
  proof.leaf_index = index;
  proof.tree_size = leaf_hashes.size();
  audit_path(leaf_hashes, index, 0, leaf_hashes.size(), proof.path);
  return proof;
}

bool merkle_verify(const Hash& leaf_hash, const InclusionProof& proof, const Hash& root) {
  if (proof.leaf_index >= proof.tree_size) return false;
  uint64_t fn = proof.leaf_index, sn = proof.tree_size - 1;
  Hash r = leaf_hash;
  for (const Hash& p : proof.path) {
    if (sn == 0) return false;
    if ((fn & 1) || fn == sn) {
      r = merkle_node_hash(p, r);
      if (!(fn & 1)) {
        while (!(fn & 1) && fn != 0) {
          fn >>= 1;
          sn >>= 1;
        }
      }
    } else {
      r = merkle_node_hash(r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return sn == 0 && r == root;
}

Json InclusionProof::to_json() const {
  Json path_hex = Json::array();
  for (const Hash& h : path) path_hex.push_back(h.hex());
  return Json{{"leaf_index", leaf_index}, {"tree_size", tree_size}, {"path", path_hex}};
}

Result<InclusionProof> InclusionProof::from_json(const Json& j) {
  TFL_RETURN_IF_ERROR(check_fields(j, {"leaf_index", "tree_size", "path"}, "inclusion proof"));
  InclusionProof p;
  TFL_ASSIGN_OR_RETURN(int64_t leaf_index, get_int(j, "leaf_index", 0));
  TFL_ASSIGN_OR_RETURN(int64_t tree_size, get_int(j, "tree_size", 1));
  TFL_ASSIGN_OR_RETURN(Json path, get_array(j, "path"));
  p.leaf_index = static_cast<uint64_t>(leaf_index);
  p.tree_size = static_cast<uint64_t>(tree_size);
  if (path.size() > 64) return Status::invalid("proof path longer than 64 hashes");
  for (const auto& e : path) {
    if (!e.is_string()) return Status::invalid("proof path entries must be hex strings");
    TFL_ASSIGN_OR_RETURN(Hash h, Hash::from_hex(e.get<std::string>()));
    p.path.push_back(h);
  }
  return p;
}

}  // namespace tfl
