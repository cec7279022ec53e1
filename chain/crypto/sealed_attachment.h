// Sealed attachments (DESIGN §5 "Documents"): the full text of a trade document,
// encrypted so that only the document's parties can read it while the ledger holds
// its content hash and ciphertext.
//
// Format (the `attachment` member of doc.issue / doc.amend), all hex lowercase:
//   {"content_hash": SHA-256(plaintext)                      (32 bytes),
//    "nonce":        XChaCha20-Poly1305 nonce                 (24 bytes),
//    "ciphertext":   crypto_aead_xchacha20poly1305_ietf(plaintext) incl. 16-byte tag,
//    "keys":         {party_id: crypto_box_seal(content key, X25519(party's Ed25519 key))  (80 bytes)}}
// The content key is 32 random bytes, fresh per attachment. The additional data binds
// the ciphertext to its document and content hash:
//   AD = "tfledger/attachment/v1\n" ‖ doc_id ‖ "\n" ‖ content_hash (hex)
// so a ciphertext moved to another document, or paired with another hash, fails to open.
//
// Sealing happens in the wallet (it needs randomness); the ledger only checks the
// format (check_attachment_format) and never sees a key or the plaintext.
// Thread-safety: free functions without shared state.
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>

#include "chain/codec/canonical_json.h"
#include "chain/crypto/ed25519.h"

namespace tfl {

// The largest ciphertext (tag included) the ledger stores. Hex doubles it, and a tx is
// at most kMaxTxBytes, so in practice a tx-borne attachment is bounded by the tx size.
constexpr size_t kMaxAttachmentCiphertext = 128 * 1024;

// Encrypts `plaintext` for document `doc_id`, sealing the content key to each
// recipient (party id -> that party's Ed25519 public key).
// REQUIRES: recipients non-empty. Fails on an invalid public key or an oversize text.
Result<Json> seal_attachment(std::string_view plaintext, const std::string& doc_id,
                             const std::map<std::string, PublicKey>& recipients);

// Decrypts `attachment` of document `doc_id` as `party_id` holding `secret_key`.
// Fails with "not sealed to <id>", "decryption failed" (wrong key, wrong document or
// tampered data) or "content hash mismatch".
Result<std::string> open_attachment(const Json& attachment, const std::string& doc_id, const std::string& party_id,
                                    const SecretKey& secret_key);

// The ledger's check of an attachment: exact members, hex sizes, ciphertext within
// kMaxAttachmentCiphertext, every key holder a party of the document and every party
// holding a key.
Status check_attachment_format(const Json& attachment, const std::set<std::string>& document_parties);

}  // namespace tfl
