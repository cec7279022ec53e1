#include "chain/block/tx_proof.h"

#include "chain/codec/json_fields.h"

namespace tfl {

Json make_tx_proof(const Block& block, size_t index, const Commit& commit) {
  return Json{{"tx", block.txs[index]->to_json()},
              {"height", block.header.height},
              {"block_hash", block.hash().hex()},
              {"header", block.header.to_json()},
              {"inclusion", merkle_prove(tx_leaf_hashes(block.txs), index).to_json()},
              {"commit", commit.to_json()}};
}

Result<TxProofReport> verify_tx_proof(const Json& proof, const Genesis& genesis) {
  // status and reason are what the node reports of the outcome; they are not verified.
  TFL_RETURN_IF_ERROR(check_fields(
      proof, {"tx", "height", "block_hash", "header", "inclusion", "commit", "status", "reason"}, "proof"));
  TFL_ASSIGN_OR_RETURN(Json tx_json, get_object(proof, "tx"));
  TFL_ASSIGN_OR_RETURN(TxPtr tx, decode_tx(tx_json));
  TFL_ASSIGN_OR_RETURN(Json header_json, get_object(proof, "header"));
  TFL_ASSIGN_OR_RETURN(BlockHeader header, BlockHeader::from_json(header_json));
  TFL_ASSIGN_OR_RETURN(Json inclusion_json, get_object(proof, "inclusion"));
  TFL_ASSIGN_OR_RETURN(InclusionProof inclusion, InclusionProof::from_json(inclusion_json));
  TFL_ASSIGN_OR_RETURN(Json commit_json, get_object(proof, "commit"));
  TFL_ASSIGN_OR_RETURN(Commit commit, Commit::from_json(commit_json));

  if (tx->chain_id != genesis.chain_id || header.chain_id != genesis.chain_id)
    return Status::invalid("the proof is for chain \"" + header.chain_id + "\", the genesis for \"" + genesis.chain_id + "\"");
  if (!merkle_verify(merkle_leaf_hash(tx->canonical), inclusion, header.tx_root))
    return Status::invalid("the Merkle path does not lead from tx " + tx->id.hex() + " to the block's tx_root");
  const Hash block_hash = header.hash();
  if (commit.block_hash != block_hash || commit.height != header.height)
    return Status::invalid("the certificate is not for this block (header hashes to " + block_hash.hex() + ")");
  TFL_RETURN_IF_ERROR(commit.verify(genesis).with_context("certificate"));

  TxProofReport r;
  r.tx_id = tx->id.hex();
  r.height = header.height;
  r.block_hash = block_hash.hex();
  r.leaf_index = inclusion.leaf_index;
  r.tree_size = inclusion.tree_size;
  for (const auto& s : commit.signatures) r.signers.push_back(s.validator);
  r.validators = genesis.validators.size();
  r.quorum = quorum(genesis.validators.size());
  return r;
}

}  // namespace tfl
