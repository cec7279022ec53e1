#include "chain/block/block.h"

#include <set>

#include "chain/codec/hex.h"
#include "chain/codec/json_fields.h"
#include "chain/crypto/signing.h"

namespace tfl {
namespace {

Result<Hash> get_hash(const Json& j, std::string_view name) {
  TFL_ASSIGN_OR_RETURN(std::string hex, get_string(j, name));
  auto h = Hash::from_hex(hex);
  if (!h) return h.status().with_context(std::string(name));
  return *h;
}

}  // namespace

size_t quorum(size_t validators) { return validators * 2 / 3 + 1; }

Json BlockHeader::to_json() const {
  return Json{{"chain_id", chain_id},
              {"height", height},
              {"time", time_ms},
              {"prev_hash", prev_hash.hex()},
              {"tx_root", tx_root.hex()},
              {"state_root", state_root.hex()},
              {"last_commit_hash", last_commit_hash.hex()},
              {"evidence_hash", evidence_hash.hex()},
              {"proposer", proposer}};
}

Result<BlockHeader> BlockHeader::from_json(const Json& j) {
  TFL_RETURN_IF_ERROR(check_fields(
      j, {"chain_id", "height", "time", "prev_hash", "tx_root", "state_root", "last_commit_hash", "evidence_hash", "proposer"},
      "header"));
  BlockHeader h;
  TFL_ASSIGN_OR_RETURN(h.chain_id, get_string(j, "chain_id"));
  TFL_ASSIGN_OR_RETURN(h.height, get_int(j, "height", 1));
  TFL_ASSIGN_OR_RETURN(h.time_ms, get_int(j, "time", 0));
  TFL_ASSIGN_OR_RETURN(h.prev_hash, get_hash(j, "prev_hash"));
  TFL_ASSIGN_OR_RETURN(h.tx_root, get_hash(j, "tx_root"));
  TFL_ASSIGN_OR_RETURN(h.state_root, get_hash(j, "state_root"));
  TFL_ASSIGN_OR_RETURN(h.last_commit_hash, get_hash(j, "last_commit_hash"));
  TFL_ASSIGN_OR_RETURN(h.evidence_hash, get_hash(j, "evidence_hash"));
  TFL_ASSIGN_OR_RETURN(h.proposer, get_string(j, "proposer"));
  return h;
}

Hash BlockHeader::hash() const { return sha256(canonical_json(to_json())); }

Json vote_json(const std::string& chain_id, const std::string& type, int64_t height, int32_t round,
               const std::string& block_hash_hex) {
  return Json{{"chain_id", chain_id}, {"type", type}, {"height", height}, {"round", round}, {"block_hash", block_hash_hex}};
}

std::string vote_sign_bytes(const std::string& chain_id, const std::string& type, int64_t height, int32_t round,
                            const std::string& block_hash_hex) {
  return sign_bytes(kVoteDomain, vote_json(chain_id, type, height, round, block_hash_hex));
}

Json Commit::to_json() const {
  Json sigs = Json::array();
  for (const auto& s : signatures) sigs.push_back(Json{{"validator", s.validator}, {"sig", to_hex(s.sig)}});
  return Json{{"height", height}, {"round", round}, {"block_hash", block_hash.hex()}, {"signatures", sigs}};
}

Result<Commit> Commit::from_json(const Json& j) {
  TFL_RETURN_IF_ERROR(check_fields(j, {"height", "round", "block_hash", "signatures"}, "commit"));
  Commit c;
  TFL_ASSIGN_OR_RETURN(c.height, get_int(j, "height", 1));
  TFL_ASSIGN_OR_RETURN(int64_t round, get_int(j, "round", 0, 1 << 30));
  c.round = static_cast<int32_t>(round);
  TFL_ASSIGN_OR_RETURN(c.block_hash, get_hash(j, "block_hash"));
  TFL_ASSIGN_OR_RETURN(Json sigs, get_array(j, "signatures"));
  if (sigs.size() > 1000) return Status::invalid("commit: too many signatures");
  for (const auto& s : sigs) {
    TFL_RETURN_IF_ERROR(check_fields(s, {"validator", "sig"}, "commit signature"));
    CommitSignature cs;
    TFL_ASSIGN_OR_RETURN(cs.validator, get_string(s, "validator"));
    TFL_ASSIGN_OR_RETURN(std::string sig_hex, get_string(s, "sig"));
    auto raw = from_hex(sig_hex, 64);
    if (!raw) return raw.status().with_context("commit signature");
    cs.sig = std::move(*raw);
    c.signatures.push_back(std::move(cs));
  }
  return c;
}

Hash Commit::hash() const { return sha256(canonical_json(to_json())); }

Status Commit::verify(const Genesis& genesis) const {
  std::string msg = vote_sign_bytes(genesis.chain_id, "precommit", height, round, block_hash.hex());
  std::set<std::string> signers;
  for (const auto& s : signatures) {
    const GenesisValidator* v = genesis.validator(s.validator);
    if (!v) return Status::unauthorized("commit signed by \"" + s.validator + "\", not a validator");
    if (!signers.insert(s.validator).second)
      return Status::unauthorized("commit counts validator \"" + s.validator + "\" twice");
    if (!tfl::verify(v->public_key, msg, s.sig))
      return Status::unauthorized("bad commit signature by \"" + s.validator + "\"");
  }
  size_t q = quorum(genesis.validators.size());
  if (signers.size() < q)
    return Status::unauthorized("commit has " + std::to_string(signers.size()) + " signatures, quorum is " +
                                std::to_string(q));
  return Status::ok();
}

namespace {
// The block's members but "txs".
Json envelope_json(const Block& b) {
  Json evidence_json = Json::array();
  for (const auto& e : b.evidence) evidence_json.push_back(e.to_json());
  return Json{{"evidence", evidence_json},
              {"header", b.header.to_json()},
              {"last_commit", b.last_commit ? b.last_commit->to_json() : Json(nullptr)}};
}
}  // namespace

Json Block::to_json() const {
  Json j = envelope_json(*this);
  j["txs"] = Json::array();
  for (const auto& tx : txs) j["txs"].push_back(tx->to_json());
  return j;
}

std::string Block::envelope_text() const { return canonical_json(envelope_json(*this)); }

std::string Block::canonical_text() const {
  // "txs" sorts after the envelope's members: the envelope's closing brace makes way for it.
  const std::string envelope = envelope_text();
  size_t tx_bytes = txs.size() + 2;
  for (const auto& tx : txs) tx_bytes += tx->canonical.size();
  std::string out;
  out.reserve(envelope.size() + tx_bytes + 16);  // a block of megabytes is built once, not grown by doubling
  out.append(envelope, 0, envelope.size() - 1);
  out += ",\"txs\":[";
  for (size_t i = 0; i < txs.size(); ++i) {
    if (i > 0) out += ',';
    out += txs[i]->canonical;
  }
  out += "]}";
  return out;
}

namespace {

// J is const Json& (each tx is copied out of it) or Json (each tx is moved out).
template <typename J>
Result<Block> block_from(J& j, const Block::TxDecoder& decode) {
  TFL_RETURN_IF_ERROR(check_fields(j, {"header", "txs", "evidence", "last_commit"}, "block"));
  Block b;
  TFL_ASSIGN_OR_RETURN(const Json* header, object_member(j, "header"));
  TFL_ASSIGN_OR_RETURN(b.header, BlockHeader::from_json(*header));
  TFL_RETURN_IF_ERROR(array_member(j, "txs").status());
  J& txs = j.at("txs");
  if (txs.size() > kMaxBlockTxs) return Status::invalid("block holds more than " + std::to_string(kMaxBlockTxs) + " txs");
  b.txs.reserve(txs.size());
  for (size_t i = 0; i < txs.size(); ++i) {
    auto tx = decode ? decode(i, txs[i]) : decode_tx(std::move(txs[i]));
    if (!tx) return tx.status().with_context("block tx " + std::to_string(i));
    b.txs.push_back(std::move(*tx));
  }
  TFL_ASSIGN_OR_RETURN(const Json* evidence, array_member(j, "evidence"));
  if (evidence->size() > kMaxBlockEvidence) return Status::invalid("block holds too much evidence");
  for (const auto& e : *evidence) {
    auto ev = DuplicateVote::from_json(e);
    if (!ev) return ev.status().with_context("block evidence");
    b.evidence.push_back(std::move(*ev));
  }
  if (!j.contains("last_commit")) return Status::invalid("block: missing field \"last_commit\"");
  if (!j["last_commit"].is_null()) {
    auto c = Commit::from_json(j["last_commit"]);
    if (!c) return c.status();
    b.last_commit = std::move(*c);
  }
  return b;
}

}  // namespace

Result<Block> Block::from_json(const Json& j, const TxDecoder& decode) { return block_from(j, decode); }
Result<Block> Block::from_json(Json&& j, const TxDecoder& decode) { return block_from(j, decode); }

std::vector<Hash> tx_leaf_hashes(const std::vector<TxPtr>& txs) {
  std::vector<Hash> leaves;
  leaves.reserve(txs.size());
  for (const auto& tx : txs) leaves.push_back(tx->leaf_hash);
  return leaves;
}

Hash tx_root(const std::vector<TxPtr>& txs) { return merkle_root(tx_leaf_hashes(txs)); }

Status check_block_links(const Block& block, const Genesis& genesis, const std::optional<BlockHeader>& prev) {
  const BlockHeader& h = block.header;
  if (h.chain_id != genesis.chain_id) return Status::invalid("block is for chain \"" + h.chain_id + "\"");
  if (!genesis.validator(h.proposer)) return Status::invalid("block proposer \"" + h.proposer + "\" is not a validator");
  if (block.txs.size() > kMaxBlockTxs) return Status::invalid("block holds too many txs");
  size_t bytes = 0;
  for (const auto& tx : block.txs) bytes += tx->canonical.size();
  if (bytes > kMaxBlockTxBytes) return Status::invalid("block txs exceed 8 MiB");
  if (tx_root(block.txs) != h.tx_root) return Status::invalid("block tx_root does not match its txs");
  if (evidence_hash(block.evidence) != h.evidence_hash) return Status::invalid("block evidence_hash does not match its evidence");
  std::set<std::string> evidence_ids;
  for (const auto& e : block.evidence) {
    TFL_RETURN_IF_ERROR(e.verify(genesis));
    if (e.height >= h.height) return Status::invalid("evidence for height " + std::to_string(e.height) + " is not from an earlier height");
    if (!evidence_ids.insert(e.id()).second) return Status::invalid("block repeats evidence " + e.id());
  }
  if (!prev) {
    if (h.height != 1) return Status::invalid("first block must have height 1");
    if (h.prev_hash != genesis.hash) return Status::invalid("block 1 prev_hash is not the genesis hash");
    if (block.last_commit) return Status::invalid("block 1 carries no last_commit");
    if (h.last_commit_hash != Hash{}) return Status::invalid("block 1 last_commit_hash must be zero");
    return Status::ok();
  }
  if (h.height != prev->height + 1) return Status::invalid("block height " + std::to_string(h.height) + " does not follow " + std::to_string(prev->height));
  if (h.prev_hash != prev->hash()) return Status::invalid("block prev_hash does not match block " + std::to_string(prev->height));
  if (h.time_ms <= prev->time_ms) return Status::invalid("block time is not after its predecessor's");
  if (!block.last_commit) return Status::invalid("block " + std::to_string(h.height) + " lacks the certificate of its predecessor");
  const Commit& c = *block.last_commit;
  if (c.height != prev->height || c.block_hash != h.prev_hash)
    return Status::invalid("last_commit is not for block " + std::to_string(prev->height));
  if (c.hash() != h.last_commit_hash) return Status::invalid("last_commit_hash does not match last_commit");
  return c.verify(genesis).with_context("last_commit");
}

}  // namespace tfl
