// Blocks and commit certificates (DESIGN §6).
//
//   header: {chain_id, height, time (Unix ms), prev_hash, tx_root, state_root,
//            last_commit_hash, evidence_hash, proposer}
//   block:  {header, txs: [signed tx…], evidence: [duplicate vote…],
//            last_commit: certificate of height-1 | null}
//   commit: {height, round, block_hash, signatures: [{validator, sig}]}
//
// The block hash is SHA-256 of the header's canonical bytes. tx_root is the RFC 6962
// root over the txs' canonical bytes. state_root is the state after block height-1
// (the genesis state for block 1). evidence_hash commits to the block's evidence of
// equivocation (evidence.h). prev_hash of block 1 is the genesis hash; its
// last_commit_hash is the zero hash. A commit certificate is a quorum of validator
// precommit signatures over the vote sign bytes of (chain_id, height, round,
// block_hash).
//
// Thread-safety: plain values; Block shares its txs immutably.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "chain/block/evidence.h"
#include "chain/codec/canonical_json.h"
#include "chain/crypto/ed25519.h"
#include "chain/crypto/merkle.h"
#include "chain/crypto/sha256.h"
#include "chain/state/genesis.h"
#include "chain/tx/transaction.h"

namespace tfl {

constexpr size_t kMaxBlockTxs = 10000;
constexpr size_t kMaxBlockTxBytes = 8 << 20;  // the txs' canonical bytes together

struct BlockHeader {
  std::string chain_id;
  int64_t height = 0;
  int64_t time_ms = 0;
  Hash prev_hash;
  Hash tx_root;
  Hash state_root;
  Hash last_commit_hash;
  Hash evidence_hash;
  std::string proposer;

  Json to_json() const;
  static Result<BlockHeader> from_json(const Json& j);
  Hash hash() const;
};

struct CommitSignature {
  std::string validator;
  std::string sig;  // 64 raw bytes
};

// The votes a commit certificate is made of. `type` is "prevote" or "precommit".
Json vote_json(const std::string& chain_id, const std::string& type, int64_t height, int32_t round,
               const std::string& block_hash_hex);
std::string vote_sign_bytes(const std::string& chain_id, const std::string& type, int64_t height, int32_t round,
                            const std::string& block_hash_hex);

struct Commit {
  int64_t height = 0;
  int32_t round = 0;
  Hash block_hash;
  std::vector<CommitSignature> signatures;

  Json to_json() const;
  static Result<Commit> from_json(const Json& j);
  Hash hash() const;  // SHA-256 of the canonical JSON

  // Checks that ≥ quorum distinct genesis validators signed a precommit for
  // (chain_id, height, round, block_hash), and that no signature is bad or foreign.
  Status verify(const Genesis& genesis) const;
};

size_t quorum(size_t validators);  // ⌊2n/3⌋ + 1

struct Block {
  BlockHeader header;
  std::vector<TxPtr> txs;
  std::vector<DuplicateVote> evidence;
  std::optional<Commit> last_commit;

  // Decodes tx `index` of a block's "txs" (default: decode_tx).
  using TxDecoder = std::function<Result<TxPtr>(size_t index, const Json& tx)>;

  Json to_json() const;
  // canonical_json(to_json()), assembled from each tx's canonical bytes instead of
  // encoding every tx again.
  std::string canonical_text() const;
  // canonical_json of the block without its "txs" member: {"evidence", "header",
  // "last_commit"}, what a compact proposal carries beside the txs' ids.
  std::string envelope_text() const;
  static Result<Block> from_json(const Json& j, const TxDecoder& decode = nullptr);
  // The same, moving each tx's payload out of `j` (left valid but unspecified).
  static Result<Block> from_json(Json&& j, const TxDecoder& decode = nullptr);
  Hash hash() const { return header.hash(); }
};

Hash tx_root(const std::vector<TxPtr>& txs);
std::vector<Hash> tx_leaf_hashes(const std::vector<TxPtr>& txs);

// Stateless checks of a block against its predecessor: chain id, height, prev_hash,
// tx_root, last_commit (present from height 2, verified, for the predecessor), time
// after the predecessor's, proposer a validator, tx count, evidence (hash, signatures,
// no repeats).
// `prev` is the header of height-1 (nullopt for height 1).
Status check_block_links(const Block& block, const Genesis& genesis, const std::optional<BlockHeader>& prev);

}  // namespace tfl
