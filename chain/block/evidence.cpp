#include "chain/block/evidence.h"

#include "chain/block/block.h"
#include "chain/codec/hex.h"
#include "chain/codec/json_fields.h"

namespace tfl {
namespace {

Json part_json(const SignedVotePart& p) { return Json{{"block_hash", p.block_hash}, {"sig", to_hex(p.sig)}}; }

Result<SignedVotePart> part_from_json(const Json& j) {
  TFL_RETURN_IF_ERROR(check_fields(j, {"block_hash", "sig"}, "evidence vote"));
  SignedVotePart p;
  TFL_ASSIGN_OR_RETURN(p.block_hash, get_string(j, "block_hash"));
  if (!p.block_hash.empty() && !is_lower_hex(p.block_hash, 32))
    return Status::invalid("evidence block_hash must be 64 hex digits or \"\"");
  TFL_ASSIGN_OR_RETURN(std::string sig, get_string(j, "sig"));
  TFL_ASSIGN_OR_RETURN(p.sig, from_hex(sig, 64));
  return p;
}

}  // namespace

DuplicateVote DuplicateVote::make(std::string validator, std::string type, int64_t height, int32_t round,
                                  SignedVotePart first, SignedVotePart second) {
  if (second.block_hash < first.block_hash) std::swap(first, second);
  return DuplicateVote{std::move(validator), std::move(type), height, round, std::move(first), std::move(second)};
}

std::string DuplicateVote::id() const {
  return validator + "/" + std::to_string(height) + "/" + std::to_string(round) + "/" + type;
}

Json DuplicateVote::to_json() const {
  return Json{{"validator", validator}, {"type", type},      {"height", height},
              {"round", round},         {"a", part_json(a)}, {"b", part_json(b)}};
}

Result<DuplicateVote> DuplicateVote::from_json(const Json& j) {
  TFL_RETURN_IF_ERROR(check_fields(j, {"validator", "type", "height", "round", "a", "b"}, "evidence"));
  DuplicateVote e;
  TFL_ASSIGN_OR_RETURN(e.validator, get_string(j, "validator"));
  TFL_ASSIGN_OR_RETURN(e.type, get_string(j, "type"));
  TFL_ASSIGN_OR_RETURN(e.height, get_int(j, "height", 1));
  TFL_ASSIGN_OR_RETURN(int64_t round, get_int(j, "round", 0, 1 << 20));
  e.round = static_cast<int32_t>(round);
  TFL_ASSIGN_OR_RETURN(Json a, get_object(j, "a"));
  TFL_ASSIGN_OR_RETURN(Json b, get_object(j, "b"));
  TFL_ASSIGN_OR_RETURN(e.a, part_from_json(a));
  TFL_ASSIGN_OR_RETURN(e.b, part_from_json(b));
  if (e.type != "prevote" && e.type != "precommit") return Status::invalid("evidence type must be prevote or precommit");
  if (!(e.a.block_hash < e.b.block_hash)) return Status::invalid("evidence votes must name different blocks, a before b");
  return e;
}

Status DuplicateVote::verify(const Genesis& genesis) const {
  const GenesisValidator* v = genesis.validator(validator);
  if (!v) return Status::invalid("evidence against \"" + validator + "\", not a validator");
  if (a.block_hash == b.block_hash) return Status::invalid("evidence votes name the same block");
  for (const SignedVotePart* part : {&a, &b})
    if (!tfl::verify(v->public_key, vote_sign_bytes(genesis.chain_id, type, height, round, part->block_hash), part->sig))
      return Status::invalid("evidence carries a bad signature by \"" + validator + "\"");
  return Status::ok();
}

Hash evidence_hash(const std::vector<DuplicateVote>& evidence) {
  Json list = Json::array();
  for (const auto& e : evidence) list.push_back(e.to_json());
  return sha256(canonical_json(list));
}

}  // namespace tfl
