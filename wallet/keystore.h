// Keystore: the wallet's encrypted signing keys (DESIGN §3, §9).
//
// Layout: HOME/keys/<name>.json, one file per key, mode 0600, in a 0700 directory.
// HOME is --home, else $TFWALLET_HOME, else ~/.tfwallet. A file holds, in the clear,
// what identifies the key, and the secret key (libsodium's 64-byte form) encrypted:
//   {"name", "id" (participant id), "role"?, "public_key",
//    "kdf":    {"alg": "argon2id13", "opslimit", "memlimit", "salt" (16 bytes hex)},
//    "cipher": {"alg": "xchacha20poly1305-ietf", "nonce" (24 bytes hex), "ciphertext" (hex)}}
// The encryption key is Argon2id(passphrase, salt) via crypto_pwhash with the limits
// stored in the file (OPSLIMIT/MEMLIMIT_INTERACTIVE when created). The additional data
//   "tfwallet/key/v1\n" ‖ name ‖ "\n" ‖ id ‖ "\n" ‖ public_key (hex)
// binds the ciphertext to the clear fields, so editing them makes the file fail to open.
//
// A key file that group or others may access is refused with the chmod that fixes it.
// Derived keys and decrypted bytes are wiped (sodium_memzero) after use; the secret key
// leaves the keystore only inside an UnlockedKey (whose SecretKey wipes itself).
// Thread-safety: a Keystore is a path; concurrent writers of one name race (last wins).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "chain/crypto/ed25519.h"
#include "chain/util/status.h"
#include "wallet/passphrase.h"

namespace tfl::wallet {

constexpr const char* kWalletHomeEnv = "TFWALLET_HOME";

// The clear part of a keystore entry: everything but the secret.
struct KeyEntry {
  std::string name;
  std::string id;    // the participant this key signs for
  std::string role;  // may be empty
  PublicKey public_key;
  std::string path;
};

// A key ready to sign.
struct UnlockedKey {
  KeyEntry entry;
  SecretKey secret_key;
};

// A key name: [A-Za-z0-9][A-Za-z0-9._-]{0,63}.
bool is_valid_key_name(const std::string& name);

class Keystore {
 public:
  explicit Keystore(std::string home) : home_(std::move(home)) {}

  // $TFWALLET_HOME, else $HOME/.tfwallet.
  static std::string default_home();

  const std::string& home() const { return home_; }
  std::string keys_dir() const;
  std::string key_path(const std::string& name) const;

  // Encrypts `secret` under `passphrase` as entry `name` for participant `id`.
  // Refuses an existing name, an invalid name or id, and a keys directory that
  // others may access.
  Status add(const std::string& name, const std::string& id, const std::string& role, const SecretKey& secret,
             const Passphrase& passphrase) const;

  // The clear fields of entry `name` (no passphrase needed).
  Result<KeyEntry> find(const std::string& name) const;
  // Every entry, sorted by name.
  Result<std::vector<KeyEntry>> list() const;
  // Decrypts entry `name`: "wrong passphrase for key NAME" when it does not open.
  Result<UnlockedKey> unlock(const std::string& name, const Passphrase& passphrase) const;

 private:
  std::string home_;
};

}  // namespace tfl::wallet
