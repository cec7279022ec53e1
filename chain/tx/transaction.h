// A signed transaction (DESIGN §5):
//   {chain_id, type, sender, nonce, payload, signatures: [{key, sig}]}
// The id is SHA-256 of the sign bytes (the tx without `signatures`, canonical,
// under the tfledger/tx/v1 tag); every signature is over those same bytes.
//
// Decoding checks structure only (fields, types, sizes, hex); whether the signers
// are the sender's keys and meet its threshold is a rule of the state (auth.h).
// Thread-safety: immutable after construction; share as TxPtr across threads.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "chain/codec/canonical_json.h"
#include "chain/crypto/ed25519.h"
#include "chain/crypto/sha256.h"

namespace tfl {

constexpr size_t kMaxTxBytes = 512 * 1024;  // room for a 128 KiB sealed attachment in hex
constexpr size_t kMaxSignatures = 16;

struct TxSignature {
  PublicKey key;
  std::string sig;  // 64 raw bytes
};

struct Transaction {
  std::string chain_id;
  std::string type;
  std::string sender;
  int64_t nonce = 0;
  Json payload;
  std::vector<TxSignature> signatures;

  // Derived at decode or signing time.
  std::string sign_bytes;  // domain tag + canonical unsigned tx
  Hash id;
  std::string canonical;   // canonical bytes of the whole signed tx (the Merkle leaf)
  Hash leaf_hash;          // merkle_leaf_hash(canonical): hashed once, whatever blocks it is in

  Json to_json() const;
  Json unsigned_json() const;
};

using TxPtr = std::shared_ptr<const Transaction>;

// Decodes and checks the structure of a signed tx. The second form takes the payload
// out of `j` instead of copying it (j is left valid but unspecified).
Result<TxPtr> decode_tx(const Json& j);
Result<TxPtr> decode_tx(Json&& j);
// Parses text with the strict profile, then decode_tx.
Result<TxPtr> parse_tx(std::string_view text);

// Builds and signs a tx with every key in `keys`.
TxPtr make_signed_tx(const std::string& chain_id, const std::string& type, const std::string& sender, int64_t nonce,
                     const Json& payload, const std::vector<const SecretKey*>& keys);

// Checks every signature in tx against its sign bytes. Stateless.
Status verify_tx_signatures(const Transaction& tx);

bool is_valid_id(std::string_view id);          // [A-Za-z0-9._-]{1,64}: documents, financings, LCs
bool is_valid_participant_id(std::string_view id);  // [a-z0-9-]{2,32}

}  // namespace tfl
