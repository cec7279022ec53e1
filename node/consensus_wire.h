// Consensus messages on the wire (DESIGN §6): signed proposals and votes as JSON.
//
//   proposal: {"kind": "proposal", "height", "round", "block_hash", "valid_round",
//              "proposer", "sig", "block": {…} or null, "tx_ids": [hex…]}
//             tx_ids names the block's txs in order, so a receiver takes those it
//             already holds, decoded and verified, from its mempool. A full proposal's
//             block holds the txs as well (optional tx_ids); a compact one's block leaves
//             "txs" out, and a receiver that lacks any of them keeps it until gossip
//             brings them (complete_compact_block) or pulls the full proposal;
//             signed over tfledger/proposal/v1 ‖ canonical {chain_id, height, round,
//             block_hash, valid_round, proposer}
//   vote:     {"kind": "vote", "type": "prevote"|"precommit", "height", "round",
//              "block_hash" ("" for nil), "validator", "sig"}
//             signed over vote_sign_bytes(chain_id, type, height, round, block_hash),
//             so a quorum of precommits is a commit certificate as it stands.
//
// Decoding checks the structure and the signature against the genesis validator set.
// Thread-safety: free functions without shared state.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "chain/block/block.h"
#include "chain/consensus/types.h"
#include "chain/state/genesis.h"

namespace tfl {

// The tx with this id that the receiver already holds (its mempool), or nullptr.
using KnownTx = std::function<TxPtr(const Hash& id)>;

// A compact proposal's block as it came: the envelope (header, evidence and last
// commit; txs empty) and the ids of its txs, in order.
struct CompactBlock {
  Block envelope;
  std::vector<Hash> tx_ids;
};

// The compact block with its txs taken from `known`: nullopt while this node lacks any
// of them, or holds one under the same id with other signatures (a tx id covers the
// unsigned tx; the tx root then differs).
std::optional<Block> complete_compact_block(const CompactBlock& compact, const KnownTx& known);

struct WireProposal {
  consensus::Proposal proposal;  // signature: 64 raw bytes
  // Absent when the message has "block": null, and when it is compact and this node
  // lacks some of its txs (then `lacking` holds it, to be completed when they arrive).
  std::optional<Block> block;
  std::shared_ptr<const CompactBlock> lacking;
};

using WireMessage = std::variant<WireProposal, consensus::Vote>;

std::string proposal_sign_bytes(const std::string& chain_id, const consensus::Proposal& p);
std::string vote_sign_bytes(const std::string& chain_id, const consensus::Vote& v);

// How a proposal carries its block: whole, for a peer that pulls it, or compact, for
// the broadcast: every validator holds most txs in its mempool already, and a full
// block of 4,000 txs is 2 MB that each receiver would parse.
enum class BlockForm { kFull, kCompact };

// A proposal with its block (or "block": null), and the block's tx ids so that a receiver
// can take the txs it holds. The text form splices the block's canonical text: a block of
// thousands of txs is not built up as a JSON value to be written out.
std::string encode_proposal_text(const consensus::Proposal& p, const Block* block, BlockForm form = BlockForm::kFull);
// The form in which a message (not yet decoded) carries a proposal's block: nullopt for
// a vote, a malformed message, or a proposal with "block": null.
std::optional<BlockForm> proposal_block_form(const Json& j);
Json encode_proposal(const consensus::Proposal& p, const Block* block, BlockForm form = BlockForm::kFull);
Json encode_vote(const consensus::Vote& v);

// Decodes one message and verifies its signature by a genesis validator (for a
// proposal: by the proposer of its height and round, and its block's hash). A
// proposal's txs named in tx_ids are taken from `known` when it holds them; the block
// is accepted only if its tx_root still matches, else it is decoded in full, or, for a
// compact proposal, left out with `lacking` set.
Result<WireMessage> decode_message(const Json& j, const Genesis& genesis, const consensus::ValidatorSet& validators,
                                   const KnownTx& known = nullptr);

}  // namespace tfl
