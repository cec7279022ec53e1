// SHA-256 through libsodium, and the 32-byte digest type used for every hash in
// tfledger (tx ids, block hashes, Merkle nodes, fingerprints).
// Thread-safety: free functions without shared state; Hash is a plain value.
#pragma once

#include <array>
#include <cstring>
#include <string>
#include <string_view>

#include "chain/util/status.h"

namespace tfl {

struct Hash {
  std::array<unsigned char, 32> bytes{};

  std::string_view view() const { return {reinterpret_cast<const char*>(bytes.data()), bytes.size()}; }
  std::string hex() const;
  static Result<Hash> from_hex(std::string_view hex);
  static Hash from_bytes(std::string_view raw);  // REQUIRES: raw.size() == 32
  bool operator==(const Hash& o) const { return bytes == o.bytes; }
  bool operator!=(const Hash& o) const { return bytes != o.bytes; }
  bool operator<(const Hash& o) const { return bytes < o.bytes; }
};

// For unordered containers keyed by Hash: a digest's first bytes are already uniform.
struct HashHasher {
  size_t operator()(const Hash& h) const {
    size_t v;
    std::memcpy(&v, h.bytes.data(), sizeof v);
    return v;
  }
};

Hash sha256(std::string_view data);

// Incremental SHA-256 for hashing several pieces without concatenating them.
class Sha256 {
 public:
  Sha256();
  Sha256& update(std::string_view data);
  Hash finish();

 private:
  alignas(64) unsigned char state_[128];
};

// Initialises libsodium once; every entry point that uses crypto calls it.
// Returns false when libsodium cannot start (no entropy source).
bool crypto_init();

}  // namespace tfl
