#include "chain/crypto/sha256.h"

#include <cstring>

#include <sodium.h>

#include "chain/codec/hex.h"

namespace tfl {

static_assert(sizeof(crypto_hash_sha256_state) <= 128, "Sha256 state buffer too small");

bool crypto_init() {
  static const bool ok = sodium_init() >= 0;
  return ok;
}

std::string Hash::hex() const { return to_hex(view()); }

Result<Hash> Hash::from_hex(std::string_view hex) {
  TFL_ASSIGN_OR_RETURN(std::string raw, tfl::from_hex(hex, 32));
  return from_bytes(raw);
}

Hash Hash::from_bytes(std::string_view raw) {
  Hash h;
  std::memcpy(h.bytes.data(), raw.data(), 32);
  return h;
}

Hash sha256(std::string_view data) {
  Hash h;
  crypto_hash_sha256(h.bytes.data(), reinterpret_cast<const unsigned char*>(data.data()), data.size());
  return h;
}

Sha256::Sha256() { crypto_hash_sha256_init(reinterpret_cast<crypto_hash_sha256_state*>(state_)); }

Sha256& Sha256::update(std::string_view data) {
  crypto_hash_sha256_update(reinterpret_cast<crypto_hash_sha256_state*>(state_),
                            reinterpret_cast<const unsigned char*>(data.data()), data.size());
  return *this;
}

Hash Sha256::finish() {
  Hash h;
  crypto_hash_sha256_final(reinterpret_cast<crypto_hash_sha256_state*>(state_), h.bytes.data());
  return h;
}

}  // namespace tfl
