#include "chain/crypto/ed25519.h"

#include <cstring>

#include <sodium.h>

#include "chain/codec/hex.h"
#include "chain/crypto/sha256.h"

namespace tfl {

std::string PublicKey::hex() const {
  return to_hex(view());
}

Result<PublicKey> PublicKey::from_hex(std::string_view hex) {
  auto raw = tfl::from_hex(hex, 32);
  if (!raw) return raw.status().with_context("public key");
  PublicKey k;
  std::memcpy(k.bytes.data(), raw->data(), 32);
  return k;
}

SecretKey::SecretKey(const SecretKey& o) : bytes_(o.bytes_) {}
SecretKey& SecretKey::operator=(const SecretKey& o) {
  bytes_ = o.bytes_;
  return *this;
}
SecretKey::~SecretKey() { sodium_memzero(bytes_.data(), bytes_.size()); }

void wipe(std::string& s) {
  if (!s.empty()) sodium_memzero(s.data(), s.size());
  s.clear();
}

std::string SecretKey::hex() const {
  return to_hex({reinterpret_cast<const char*>(bytes_.data()), bytes_.size()});
}

Result<SecretKey> SecretKey::from_hex(std::string_view hex) {
  crypto_init();
  if (hex.size() == 64) {
    auto seed = tfl::from_hex(hex, 32);
    if (!seed) return seed.status().with_context("secret key");
    KeyPair kp = KeyPair::from_seed(*seed);
    sodium_memzero(seed->data(), seed->size());
    return kp.secret_key;
  }
  auto raw = tfl::from_hex(hex, 64);
  if (!raw) return raw.status().with_context("secret key");
  SecretKey k;
  std::memcpy(k.bytes_.data(), raw->data(), 64);
  sodium_memzero(raw->data(), raw->size());
  // The 64-byte form embeds its public key: refuse a pair that does not belong together.
  unsigned char seed[32], pk[32], sk[64];
  crypto_sign_ed25519_sk_to_seed(seed, k.bytes_.data());
  crypto_sign_seed_keypair(pk, sk, seed);
  bool consistent = sodium_memcmp(sk, k.bytes_.data(), 64) == 0;
  sodium_memzero(seed, sizeof seed);
  sodium_memzero(sk, sizeof sk);
  if (!consistent) return Status::invalid("secret key: its public half does not match its seed");
  return k;
}

PublicKey SecretKey::public_key() const {
  PublicKey pk;
  crypto_sign_ed25519_sk_to_pk(pk.bytes.data(), bytes_.data());
  return pk;
}

KeyPair KeyPair::generate() {
  crypto_init();
  KeyPair kp;
  crypto_sign_keypair(kp.public_key.bytes.data(), kp.secret_key.data());
  return kp;
}

KeyPair KeyPair::from_seed(std::string_view seed32) {
  crypto_init();
  KeyPair kp;
  Hash seed = seed32.size() == 32 ? Hash::from_bytes(seed32) : sha256(seed32);
  crypto_sign_seed_keypair(kp.public_key.bytes.data(), kp.secret_key.data(), seed.bytes.data());
  sodium_memzero(seed.bytes.data(), seed.bytes.size());
  return kp;
}

std::string sign(const SecretKey& key, std::string_view message) {
  std::string sig(crypto_sign_BYTES, '\0');
  crypto_sign_detached(reinterpret_cast<unsigned char*>(sig.data()), nullptr,
                       reinterpret_cast<const unsigned char*>(message.data()), message.size(), key.data());
  return sig;
}

bool verify(const PublicKey& key, std::string_view message, std::string_view signature) {
  if (signature.size() != crypto_sign_BYTES) return false;
  return crypto_sign_verify_detached(reinterpret_cast<const unsigned char*>(signature.data()),
                                     reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                                     key.bytes.data()) == 0;
}

Result<std::array<unsigned char, 32>> x25519_public(const PublicKey& key) {
  std::array<unsigned char, 32> out{};
  if (crypto_sign_ed25519_pk_to_curve25519(out.data(), key.bytes.data()) != 0)
    return Status::invalid("public key is not a valid Ed25519 point");
  return out;
}

std::array<unsigned char, 32> x25519_secret(const SecretKey& key) {
  std::array<unsigned char, 32> out{};
  crypto_sign_ed25519_sk_to_curve25519(out.data(), key.data());
  return out;
}

}  // namespace tfl
