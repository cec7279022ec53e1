#include "node/consensus_wire.h"

#include "chain/codec/hex.h"
#include "chain/codec/json_fields.h"
#include "chain/crypto/signing.h"

namespace tfl {
namespace {

constexpr int64_t kMaxRound = 1 << 20;

Result<consensus::Vote> decode_vote(const Json& j, const Genesis& genesis) {
  TFL_RETURN_IF_ERROR(check_fields(j, {"kind", "type", "height", "round", "block_hash", "validator", "sig"}, "vote"));
  consensus::Vote v;
  TFL_ASSIGN_OR_RETURN(std::string type, get_string(j, "type"));
  if (type == "prevote") v.type = consensus::VoteType::kPrevote;
  else if (type == "precommit") v.type = consensus::VoteType::kPrecommit;
  else return Status::invalid("vote type must be prevote or precommit");
  TFL_ASSIGN_OR_RETURN(v.height, get_int(j, "height", 1));
  TFL_ASSIGN_OR_RETURN(int64_t round, get_int(j, "round", 0, kMaxRound));
  v.round = static_cast<int32_t>(round);
  TFL_ASSIGN_OR_RETURN(v.block_id, get_string(j, "block_hash"));
  if (!v.block_id.empty() && !is_lower_hex(v.block_id, 32)) return Status::invalid("vote block_hash must be hex or \"\"");
  TFL_ASSIGN_OR_RETURN(v.validator, get_string(j, "validator"));
  TFL_ASSIGN_OR_RETURN(std::string sig_hex, get_string(j, "sig"));
  TFL_ASSIGN_OR_RETURN(v.signature, from_hex(sig_hex, 64));
  const GenesisValidator* val = genesis.validator(v.validator);
  if (!val) return Status::unauthorized("vote from \"" + v.validator + "\", not a validator");
  if (!verify(val->public_key, vote_sign_bytes(genesis.chain_id, v), v.signature))
    return Status::unauthorized("bad vote signature by \"" + v.validator + "\"");
  return v;
}

// The proposal's block, taking the txs named in tx_ids from `known` where it holds
// them. A held tx with the same id may carry other signatures than the proposer's
// (a tx id covers the unsigned tx): then the tx_root differs and the block is
// decoded in full.
Result<Block> decode_proposal_block(const Json& j, const KnownTx& known) {
  const Json& block = j["block"];
  if (!known || !j.contains("tx_ids")) return Block::from_json(block);
  const Json& ids = j["tx_ids"];
  if (!ids.is_array() || !block.is_object() || !block.contains("txs") || !block["txs"].is_array() ||
      ids.size() != block["txs"].size())
    return Status::invalid("proposal tx_ids must name each of its block's txs");
  bool reused = false;
  auto decode = [&](size_t i, const Json& tx_json) -> Result<TxPtr> {
    if (!ids[i].is_string()) return Status::invalid("tx_ids holds a non-string");
    TFL_ASSIGN_OR_RETURN(Hash id, Hash::from_hex(ids[i].get<std::string>()));
    if (TxPtr held = known(id)) {
      reused = true;
      return held;
    }
    TFL_ASSIGN_OR_RETURN(TxPtr tx, decode_tx(tx_json));
    if (tx->id != id) return Status::invalid("tx_ids names another tx than the block holds");
    return tx;
  };
  TFL_ASSIGN_OR_RETURN(Block b, Block::from_json(block, decode));
  if (reused && tx_root(b.txs) != b.header.tx_root) return Block::from_json(block);
  return b;
}

// A proposal's block as decoded here: complete, or a compact proposal this node does
// not hold all the txs of.
struct ProposedBlock {
  Block block;  // REQUIRES for the header's checks: set in both cases (txs empty in the second)
  std::shared_ptr<const CompactBlock> lacking;
};

// A compact proposal's block (one without "txs") and its tx ids, completed from `known`
// where it can be.
Result<ProposedBlock> assemble_compact_block(const Json& j, const KnownTx& known) {
  const Json& envelope = j["block"];
  TFL_RETURN_IF_ERROR(check_fields(envelope, {"header", "evidence", "last_commit"}, "compact block"));
  if (!j.contains("tx_ids") || !j["tx_ids"].is_array()) return Status::invalid("a compact proposal needs tx_ids");
  const Json& ids = j["tx_ids"];
  if (ids.size() > kMaxBlockTxs) return Status::invalid("proposal tx_ids names more than " + std::to_string(kMaxBlockTxs) + " txs");
  Json with_txs = envelope;  // small: the header, the previous block's certificate, evidence
  with_txs["txs"] = Json::array();
  auto compact = std::make_shared<CompactBlock>();
  TFL_ASSIGN_OR_RETURN(compact->envelope, Block::from_json(with_txs));
  compact->tx_ids.reserve(ids.size());
  for (const auto& id_json : ids) {
    if (!id_json.is_string()) return Status::invalid("tx_ids holds a non-string");
    TFL_ASSIGN_OR_RETURN(Hash id, Hash::from_hex(id_json.get_ref<const std::string&>()));
    compact->tx_ids.push_back(id);
  }
  if (auto block = complete_compact_block(*compact, known)) return ProposedBlock{std::move(*block), nullptr};
  return ProposedBlock{compact->envelope, std::move(compact)};
}

Result<WireProposal> decode_proposal(const Json& j, const Genesis& genesis, const consensus::ValidatorSet& validators,
                                     const KnownTx& known) {
  TFL_RETURN_IF_ERROR(check_fields(
      j, {"kind", "height", "round", "block_hash", "valid_round", "proposer", "sig", "block", "tx_ids"}, "proposal"));
  WireProposal w;
  consensus::Proposal& p = w.proposal;
  TFL_ASSIGN_OR_RETURN(p.height, get_int(j, "height", 1));
  TFL_ASSIGN_OR_RETURN(int64_t round, get_int(j, "round", 0, kMaxRound));
  p.round = static_cast<int32_t>(round);
  TFL_ASSIGN_OR_RETURN(int64_t valid_round, get_int(j, "valid_round", -1, round - 1));
  p.valid_round = static_cast<int32_t>(valid_round);
  TFL_ASSIGN_OR_RETURN(p.block_id, get_string(j, "block_hash"));
  if (!is_lower_hex(p.block_id, 32)) return Status::invalid("proposal block_hash must be 64 hex digits");
  TFL_ASSIGN_OR_RETURN(p.proposer, get_string(j, "proposer"));
  TFL_ASSIGN_OR_RETURN(std::string sig_hex, get_string(j, "sig"));
  TFL_ASSIGN_OR_RETURN(p.signature, from_hex(sig_hex, 64));
  const GenesisValidator* val = genesis.validator(p.proposer);
  if (!val) return Status::unauthorized("proposal from \"" + p.proposer + "\", not a validator");
  if (validators.proposer(p.height, p.round) != p.proposer)
    return Status::unauthorized("\"" + p.proposer + "\" is not the proposer of height " + std::to_string(p.height) +
                                " round " + std::to_string(p.round));
  if (!verify(val->public_key, proposal_sign_bytes(genesis.chain_id, p), p.signature))
    return Status::unauthorized("bad proposal signature by \"" + p.proposer + "\"");
  if (!j.contains("block") || j["block"].is_null()) return w;
  ProposedBlock decoded;
  if (proposal_block_form(j) == BlockForm::kCompact) {
    auto assembled = assemble_compact_block(j, known);
    if (!assembled) return assembled.status().with_context("proposal block");
    decoded = std::move(*assembled);
  } else {
    auto block = decode_proposal_block(j, known);
    if (!block) return block.status().with_context("proposal block");
    decoded = ProposedBlock{std::move(*block), nullptr};
  }
  if (decoded.block.hash().hex() != p.block_id) return Status::invalid("proposal block does not hash to block_hash");
  if (decoded.block.header.height != p.height) return Status::invalid("proposal block height differs from the proposal's");
  if (decoded.lacking) w.lacking = std::move(decoded.lacking);
  else w.block = std::move(decoded.block);
  return w;
}

}  // namespace

std::optional<Block> complete_compact_block(const CompactBlock& compact, const KnownTx& known) {
  if (!known) return std::nullopt;
  Block block = compact.envelope;
  block.txs.reserve(compact.tx_ids.size());
  for (const Hash& id : compact.tx_ids) {
    TxPtr held = known(id);
    if (!held) return std::nullopt;
    block.txs.push_back(std::move(held));
  }
  if (tx_root(block.txs) != block.header.tx_root) return std::nullopt;
  return block;
}

std::string proposal_sign_bytes(const std::string& chain_id, const consensus::Proposal& p) {
  return sign_bytes(kProposalDomain, Json{{"chain_id", chain_id},
                                          {"height", p.height},
                                          {"round", p.round},
                                          {"block_hash", p.block_id},
                                          {"valid_round", p.valid_round},
                                          {"proposer", p.proposer}});
}

std::string vote_sign_bytes(const std::string& chain_id, const consensus::Vote& v) {
  return vote_sign_bytes(chain_id, consensus::vote_type_name(v.type), v.height, v.round, v.block_id);
}

std::string encode_proposal_text(const consensus::Proposal& p, const Block* block, BlockForm form) {
  std::string text = Json{{"kind", "proposal"},         {"height", p.height},           {"round", p.round},
                          {"block_hash", p.block_id},   {"valid_round", p.valid_round}, {"proposer", p.proposer},
                          {"sig", to_hex(p.signature)}}
                         .dump();
  text.pop_back();  // the closing brace: the block and its tx ids follow
  if (!block) return text + ",\"block\":null}";
  text += ",\"block\":" + (form == BlockForm::kFull ? block->canonical_text() : block->envelope_text()) + ",\"tx_ids\":[";
  for (size_t i = 0; i < block->txs.size(); ++i) text += (i ? ",\"" : "\"") + block->txs[i]->id.hex() + "\"";
  return text + "]}";
}

std::optional<BlockForm> proposal_block_form(const Json& j) {
  if (!j.is_object() || !j.contains("kind") || j["kind"] != "proposal" || !j.contains("block") ||
      !j["block"].is_object())
    return std::nullopt;
  return j["block"].contains("txs") ? BlockForm::kFull : BlockForm::kCompact;
}

Json encode_proposal(const consensus::Proposal& p, const Block* block, BlockForm form) {
  return Json::parse(encode_proposal_text(p, block, form));
}

Json encode_vote(const consensus::Vote& v) {
  return Json{{"kind", "vote"},
              {"type", consensus::vote_type_name(v.type)},
              {"height", v.height},
              {"round", v.round},
              {"block_hash", v.block_id},
              {"validator", v.validator},
              {"sig", to_hex(v.signature)}};
}

Result<WireMessage> decode_message(const Json& j, const Genesis& genesis, const consensus::ValidatorSet& validators,
                                   const KnownTx& known) {
  TFL_ASSIGN_OR_RETURN(std::string kind, get_string(j, "kind"));
  if (kind == "vote") {
    TFL_ASSIGN_OR_RETURN(consensus::Vote v, decode_vote(j, genesis));
    return WireMessage(std::move(v));
  }
  if (kind == "proposal") {
    TFL_ASSIGN_OR_RETURN(WireProposal p, decode_proposal(j, genesis, validators, known));
    return WireMessage(std::move(p));
  }
  return Status::invalid("unknown consensus message kind \"" + kind + "\"");
}

}  // namespace tfl
