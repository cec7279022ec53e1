#include "chain/crypto/sealed_attachment.h"

#include <sodium.h>

#include <array>

#include "chain/codec/hex.h"
#include "chain/codec/json_fields.h"
#include "chain/crypto/sha256.h"

namespace tfl {
namespace {

constexpr size_t kKeyBytes = crypto_aead_xchacha20poly1305_ietf_KEYBYTES;
constexpr size_t kNonceBytes = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr size_t kTagBytes = crypto_aead_xchacha20poly1305_ietf_ABYTES;
constexpr size_t kSealedKeyBytes = crypto_box_SEALBYTES + kKeyBytes;

static_assert(kKeyBytes == 32 && kNonceBytes == 24 && kSealedKeyBytes == 80, "attachment sizes are part of the format");

// Wipes the content key however the function that holds it returns.
struct ContentKey {
  std::array<unsigned char, kKeyBytes> bytes{};
  ~ContentKey() { sodium_memzero(bytes.data(), bytes.size()); }
};

const unsigned char* u8(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }

std::string additional_data(const std::string& doc_id, const std::string& content_hash_hex) {
  return "tfledger/attachment/v1\n" + doc_id + "\n" + content_hash_hex;
}

Status check_hex_member(const Json& a, const char* name, size_t bytes) {
  TFL_ASSIGN_OR_RETURN(std::string v, get_string(a, name));
  if (!is_lower_hex(v, bytes))
    return Status::invalid(std::string("attachment.") + name + " must be " + std::to_string(bytes) +
                           " bytes of lowercase hex");
  return Status::ok();
}

}  // namespace

Result<Json> seal_attachment(std::string_view plaintext, const std::string& doc_id,
                             const std::map<std::string, PublicKey>& recipients) {
  if (!crypto_init()) return Status::internal("libsodium failed to start");
  if (recipients.empty()) return Status::invalid("an attachment needs at least one recipient");
  if (plaintext.size() + kTagBytes > kMaxAttachmentCiphertext)
    return Status::invalid("attachment of " + std::to_string(plaintext.size()) + " bytes is over the " +
                           std::to_string(kMaxAttachmentCiphertext - kTagBytes) + "-byte limit");
  std::string content_hash = sha256(plaintext).hex();
  ContentKey key;
  crypto_aead_xchacha20poly1305_ietf_keygen(key.bytes.data());

  Json sealed_keys = Json::object();
  for (const auto& [party, public_key] : recipients) {
    TFL_ASSIGN_OR_RETURN(auto x25519, x25519_public(public_key));
    std::string sealed(kSealedKeyBytes, '\0');
    if (crypto_box_seal(reinterpret_cast<unsigned char*>(sealed.data()), key.bytes.data(), kKeyBytes, x25519.data()) !=
        0)
      return Status::internal("crypto_box_seal failed for \"" + party + "\"");
    sealed_keys[party] = to_hex(sealed);
  }

  std::string nonce(kNonceBytes, '\0');
  randombytes_buf(nonce.data(), nonce.size());
  std::string ad = additional_data(doc_id, content_hash);
  std::string ciphertext(plaintext.size() + kTagBytes, '\0');
  unsigned long long ciphertext_len = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(reinterpret_cast<unsigned char*>(ciphertext.data()), &ciphertext_len,
                                             u8(plaintext), plaintext.size(), u8(ad), ad.size(), nullptr, u8(nonce),
                                             key.bytes.data());
  ciphertext.resize(ciphertext_len);
  return Json{{"content_hash", content_hash},
              {"nonce", to_hex(nonce)},
              {"ciphertext", to_hex(ciphertext)},
              {"keys", sealed_keys}};
}

Result<std::string> open_attachment(const Json& attachment, const std::string& doc_id, const std::string& party_id,
                                    const SecretKey& secret_key) {
  if (!crypto_init()) return Status::internal("libsodium failed to start");
  TFL_RETURN_IF_ERROR(check_fields(attachment, {"content_hash", "nonce", "ciphertext", "keys"}, "attachment"));
  TFL_ASSIGN_OR_RETURN(std::string content_hash, get_string(attachment, "content_hash"));
  TFL_ASSIGN_OR_RETURN(std::string nonce_hex, get_string(attachment, "nonce"));
  TFL_ASSIGN_OR_RETURN(std::string ciphertext_hex, get_string(attachment, "ciphertext"));
  TFL_ASSIGN_OR_RETURN(Json sealed_keys, get_object(attachment, "keys"));
  if (!sealed_keys.contains(party_id)) return Status::unauthorized("attachment is not sealed to \"" + party_id + "\"");
  TFL_ASSIGN_OR_RETURN(std::string sealed_hex, get_string(sealed_keys, party_id));
  TFL_ASSIGN_OR_RETURN(std::string sealed, from_hex(sealed_hex, kSealedKeyBytes));
  TFL_ASSIGN_OR_RETURN(std::string nonce, from_hex(nonce_hex, kNonceBytes));
  TFL_ASSIGN_OR_RETURN(std::string ciphertext, from_hex(ciphertext_hex));
  if (ciphertext.size() < kTagBytes) return Status::invalid("attachment ciphertext is shorter than its tag");

  std::array<unsigned char, 32> x_public{};
  auto x_secret = x25519_secret(secret_key);
  crypto_scalarmult_base(x_public.data(), x_secret.data());
  ContentKey key;
  int opened = crypto_box_seal_open(key.bytes.data(), u8(sealed), sealed.size(), x_public.data(), x_secret.data());
  sodium_memzero(x_secret.data(), x_secret.size());
  if (opened != 0)
    return Status::unauthorized("decryption failed: the key sealed to \"" + party_id +
                                "\" does not open with this secret key");

  std::string ad = additional_data(doc_id, content_hash);
  std::string plaintext(ciphertext.size() - kTagBytes, '\0');
  unsigned long long plaintext_len = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(reinterpret_cast<unsigned char*>(plaintext.data()), &plaintext_len,
                                                 nullptr, u8(ciphertext), ciphertext.size(), u8(ad), ad.size(),
                                                 u8(nonce), key.bytes.data()) != 0)
    return Status::corruption("decryption failed: the ciphertext was altered or belongs to another document");
  plaintext.resize(plaintext_len);
  if (sha256(plaintext).hex() != content_hash)
    return Status::corruption("content hash mismatch: the plaintext does not hash to " + content_hash);
  return plaintext;
}

Status check_attachment_format(const Json& a, const std::set<std::string>& document_parties) {
  TFL_RETURN_IF_ERROR(check_fields(a, {"content_hash", "nonce", "ciphertext", "keys"}, "attachment"));
  TFL_RETURN_IF_ERROR(check_hex_member(a, "content_hash", 32));
  TFL_RETURN_IF_ERROR(check_hex_member(a, "nonce", kNonceBytes));
  TFL_ASSIGN_OR_RETURN(std::string ciphertext, get_string(a, "ciphertext"));
  if (!is_lower_hex(ciphertext, 0) || ciphertext.size() % 2 != 0)
    return Status::invalid("attachment.ciphertext must be lowercase hex");
  size_t bytes = ciphertext.size() / 2;
  if (bytes < kTagBytes) return Status::invalid("attachment.ciphertext is shorter than its 16-byte tag");
  if (bytes > kMaxAttachmentCiphertext)
    return Status::invalid("attachment.ciphertext is " + std::to_string(bytes) + " bytes, over the " +
                           std::to_string(kMaxAttachmentCiphertext) + "-byte limit");
  TFL_ASSIGN_OR_RETURN(Json sealed_keys, get_object(a, "keys"));
  for (auto it = sealed_keys.begin(); it != sealed_keys.end(); ++it) {
    if (!document_parties.count(it.key()))
      return Status::invalid("attachment is sealed to \"" + it.key() + "\", who is not a party of the document");
    if (!it->is_string() || !is_lower_hex(it->get<std::string>(), kSealedKeyBytes))
      return Status::invalid("attachment.keys[\"" + it.key() + "\"] must be " + std::to_string(kSealedKeyBytes) +
                             " bytes of lowercase hex");
  }
  for (const auto& party : document_parties)
    if (!sealed_keys.contains(party)) return Status::invalid("attachment is not sealed to party \"" + party + "\"");
  return Status::ok();
}

}  // namespace tfl
