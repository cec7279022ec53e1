// Ed25519 keys, signatures and their X25519 twins, all through libsodium.
//
// SecretKey wipes its bytes (sodium_memzero, which the compiler may not elide as a dead
// store) when destroyed; each copy wipes its own. Text that holds a secret (hex(), a
// key file) is the caller's to wipe(). Keys and signatures
// travel as lowercase hex: a public key is 32 bytes, a secret key 64 bytes (libsodium's
// seed‖public key form; a bare 32-byte seed is accepted on import), a signature 64.
// Thread-safety: plain values; sign/verify are free functions without shared state.
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "chain/util/status.h"

namespace tfl {

struct PublicKey {
  std::array<unsigned char, 32> bytes{};
  std::string hex() const;
  std::string_view view() const { return {reinterpret_cast<const char*>(bytes.data()), bytes.size()}; }
  static Result<PublicKey> from_hex(std::string_view hex);
  bool operator==(const PublicKey& o) const { return bytes == o.bytes; }
  bool operator<(const PublicKey& o) const { return bytes < o.bytes; }
};

class SecretKey {
 public:
  SecretKey() = default;
  SecretKey(const SecretKey& o);
  SecretKey& operator=(const SecretKey& o);
  ~SecretKey();

  // Secret text: wipe() it when done.
  std::string hex() const;
  // Accepts the 64-byte form or a 32-byte seed.
  static Result<SecretKey> from_hex(std::string_view hex);
  PublicKey public_key() const;
  const unsigned char* data() const { return bytes_.data(); }
  unsigned char* data() { return bytes_.data(); }

 private:
  std::array<unsigned char, 64> bytes_{};
};

struct KeyPair {
  PublicKey public_key;
  SecretKey secret_key;
  static KeyPair generate();
  static KeyPair from_seed(std::string_view seed32);  // deterministic keys for tests
};

// Overwrites s's bytes with zeros (sodium_memzero) and empties it.
void wipe(std::string& s);

// Detached Ed25519 signature (64 raw bytes).
std::string sign(const SecretKey& key, std::string_view message);
bool verify(const PublicKey& key, std::string_view message, std::string_view signature);

// The X25519 keys that belong to an Ed25519 key (for sealed attachments).
Result<std::array<unsigned char, 32>> x25519_public(const PublicKey& key);
std::array<unsigned char, 32> x25519_secret(const SecretKey& key);

}  // namespace tfl
