#include "chain/tx/transaction.h"

#include <type_traits>

#include "chain/codec/hex.h"
#include "chain/codec/json_fields.h"
#include "chain/crypto/merkle.h"
#include "chain/crypto/signing.h"

namespace tfl {
namespace {

// Sign bytes and id come from the unsigned tx; the canonical form needs the signatures.
// The sign bytes (the domain tag, a newline, the canonical unsigned_json()) are written
// member by member in key order rather than by copying the payload into a new JSON value.
void derive_id(Transaction& tx) {
  std::string& out = tx.sign_bytes;
  out.clear();
  out.reserve(kTxDomain.size() + 512);
  out += kTxDomain;
  out += "\n{\"chain_id\":";
  append_canonical_string(out, tx.chain_id);
  out += ",\"nonce\":";
  out += std::to_string(tx.nonce);
  out += ",\"payload\":";
  append_canonical_json(out, tx.payload);
  out += ",\"sender\":";
  append_canonical_string(out, tx.sender);
  out += ",\"type\":";
  append_canonical_string(out, tx.type);
  out += '}';
  tx.id = sha256(tx.sign_bytes);
}

// The canonical text of the signed tx, spliced from its sign bytes: in key order
// "signatures" comes between "sender" and "type", the unsigned object's last member
// (found from the end: a quote inside the type's string would be escaped).
std::string signed_canonical(const Transaction& tx) {
  const std::string_view unsigned_text = std::string_view(tx.sign_bytes).substr(kTxDomain.size() + 1);
  const size_t type_at = unsigned_text.rfind(",\"type\":");
  constexpr size_t kSignatureBytes = sizeof("{\"key\":\"\",\"sig\":\"\"},") + 2 * 32 + 2 * 64;
  std::string out;
  out.reserve(unsigned_text.size() + sizeof(",\"signatures\":[]") + tx.signatures.size() * kSignatureBytes);
  out += unsigned_text.substr(0, type_at);
  out += ",\"signatures\":[";
  for (size_t i = 0; i < tx.signatures.size(); ++i) {
    out += i ? ",{\"key\":\"" : "{\"key\":\"";
    append_hex(out, tx.signatures[i].key.view());
    out += "\",\"sig\":\"";
    append_hex(out, tx.signatures[i].sig);
    out += "\"}";
  }
  out += ']';
  out += unsigned_text.substr(type_at);
  return out;
}

// What follows from the signatures: the canonical bytes and the Merkle leaf.
void derive_signed(Transaction& tx) {
  tx.canonical = signed_canonical(tx);
  tx.leaf_hash = merkle_leaf_hash(tx.canonical);
}

void derive(Transaction& tx) {
  derive_id(tx);
  derive_signed(tx);
}

bool is_type_name(std::string_view t) {
  if (t.empty() || t.size() > 64) return false;
  for (char c : t)
    if (!((c >= 'a' && c <= 'z') || c == '.' || c == '_')) return false;
  return true;
}

}  // namespace

Json Transaction::unsigned_json() const {
  return Json{{"chain_id", chain_id}, {"type", type}, {"sender", sender}, {"nonce", nonce}, {"payload", payload}};
}

Json Transaction::to_json() const {
  Json j = unsigned_json();
  Json sigs = Json::array();
  for (const auto& s : signatures) sigs.push_back(Json{{"key", s.key.hex()}, {"sig", to_hex(s.sig)}});
  j["signatures"] = std::move(sigs);
  return j;
}

namespace {

// J is const Json& (the payload is copied) or Json (the payload is moved out of it).
template <typename J>
Result<TxPtr> decode_tx_from(J& j) {
  TFL_RETURN_IF_ERROR(check_fields(j, {"chain_id", "type", "sender", "nonce", "payload", "signatures"}, "tx"));
  TFL_RETURN_IF_ERROR(check_profile(j));
  auto tx = std::make_shared<Transaction>();
  TFL_ASSIGN_OR_RETURN(tx->chain_id, get_string(j, "chain_id"));
  TFL_ASSIGN_OR_RETURN(tx->type, get_string(j, "type"));
  TFL_ASSIGN_OR_RETURN(tx->sender, get_string(j, "sender"));
  TFL_ASSIGN_OR_RETURN(tx->nonce, get_int(j, "nonce", 0));
  TFL_RETURN_IF_ERROR(object_member(j, "payload").status());
  if constexpr (std::is_const_v<J>) tx->payload = j.at("payload");
  else tx->payload = std::move(j.at("payload"));
  TFL_ASSIGN_OR_RETURN(const Json* sigs_member, array_member(j, "signatures"));
  const Json& sigs = *sigs_member;
  if (!is_type_name(tx->type)) return Status::invalid("tx: type \"" + tx->type + "\" is not a tx type name");
  if (!is_valid_participant_id(tx->sender)) return Status::invalid("tx: sender must match [a-z0-9-]{2,32}");
  if (sigs.empty()) return Status::unauthorized("tx carries no signature");
  if (sigs.size() > kMaxSignatures) return Status::invalid("tx carries more than 16 signatures");
  for (const auto& s : sigs) {
    TFL_RETURN_IF_ERROR(check_fields(s, {"key", "sig"}, "signature"));
    TFL_ASSIGN_OR_RETURN(std::string key_hex, get_string(s, "key"));
    TFL_ASSIGN_OR_RETURN(std::string sig_hex, get_string(s, "sig"));
    TxSignature sig;
    TFL_ASSIGN_OR_RETURN(sig.key, PublicKey::from_hex(key_hex));
    auto raw = from_hex(sig_hex, 64);
    if (!raw) return raw.status().with_context("signature");
    sig.sig = std::move(*raw);
    for (const auto& other : tx->signatures)
      if (other.key == sig.key) return Status::invalid("tx is signed twice by key " + key_hex);
    tx->signatures.push_back(std::move(sig));
  }
  derive(*tx);
  if (tx->canonical.size() > kMaxTxBytes) return Status::too_large("tx is larger than 512 KiB");
  return TxPtr(std::move(tx));
}

}  // namespace

Result<TxPtr> decode_tx(const Json& j) { return decode_tx_from(j); }
Result<TxPtr> decode_tx(Json&& j) { return decode_tx_from(j); }

Result<TxPtr> parse_tx(std::string_view text) {
  TFL_ASSIGN_OR_RETURN(Json j, parse_strict_json(text));
  return decode_tx(std::move(j));
}

TxPtr make_signed_tx(const std::string& chain_id, const std::string& type, const std::string& sender, int64_t nonce,
                     const Json& payload, const std::vector<const SecretKey*>& keys) {
  auto tx = std::make_shared<Transaction>();
  tx->chain_id = chain_id;
  tx->type = type;
  tx->sender = sender;
  tx->nonce = nonce;
  tx->payload = payload;
  derive_id(*tx);
  for (const SecretKey* k : keys) tx->signatures.push_back({k->public_key(), sign(*k, tx->sign_bytes)});
  derive_signed(*tx);
  return tx;
}

Status verify_tx_signatures(const Transaction& tx) {
  for (const auto& s : tx.signatures)
    if (!verify(s.key, tx.sign_bytes, s.sig))
      return Status::unauthorized("bad signature by key " + s.key.hex());
  return Status::ok();
}

bool is_valid_id(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
          c == '-'))
      return false;
  return true;
}

bool is_valid_participant_id(std::string_view id) {
  if (id.size() < 2 || id.size() > 32) return false;
  for (char c : id)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  return true;
}

}  // namespace tfl
