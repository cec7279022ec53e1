#include "wallet/keystore.h"

#include <sodium.h>
#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "chain/codec/hex.h"
#include "chain/codec/json_fields.h"
#include "chain/crypto/sha256.h"
#include "chain/tx/transaction.h"
#include "node/config.h"

namespace tfl::wallet {
namespace fs = std::filesystem;

namespace {

constexpr const char* kKdfAlg = "argon2id13";
constexpr const char* kCipherAlg = "xchacha20poly1305-ietf";
constexpr size_t kMaxKeyFileBytes = 16 << 10;
constexpr size_t kSecretBytes = 64;

// A keystore file as stored: the clear entry and the encrypted secret.
struct StoredKey {
  KeyEntry entry;
  int64_t opslimit = 0;
  int64_t memlimit = 0;
  std::string salt;        // raw
  std::string nonce;       // raw
  std::string ciphertext;  // raw, tag included
};

std::string additional_data(const KeyEntry& e) {
  return "tfwallet/key/v1\n" + e.name + "\n" + e.id + "\n" + e.public_key.hex();
}

// Wipes a derived key when it leaves scope.
struct DerivedKey {
  unsigned char bytes[crypto_aead_xchacha20poly1305_ietf_KEYBYTES];
  ~DerivedKey() { sodium_memzero(bytes, sizeof bytes); }
};

Status derive_key(const Passphrase& pass, const StoredKey& k, DerivedKey* out) {
  if (crypto_pwhash(out->bytes, sizeof out->bytes, pass.data(), pass.size(),
                    reinterpret_cast<const unsigned char*>(k.salt.data()), static_cast<unsigned long long>(k.opslimit),
                    static_cast<size_t>(k.memlimit), crypto_pwhash_ALG_ARGON2ID13) != 0)
    return Status::exhausted("Argon2id needs " + std::to_string(k.memlimit >> 20) +
                             " MiB of memory and could not get it");
  return Status::ok();
}

Result<std::string> get_hex(const Json& obj, std::string_view name, size_t bytes) {
  TFL_ASSIGN_OR_RETURN(std::string hex, get_string(obj, name));
  auto raw = from_hex(hex, bytes);
  if (!raw) return Status::invalid(std::string(name) + ": " + raw.status().message());
  return std::move(raw).value();
}

Status decode_kdf(const Json& j, StoredKey* k) {
  TFL_RETURN_IF_ERROR(check_fields(j, {"alg", "opslimit", "memlimit", "salt"}, "kdf"));
  TFL_ASSIGN_OR_RETURN(std::string alg, get_string(j, "alg"));
  if (alg != kKdfAlg) return Status::invalid("kdf.alg \"" + alg + "\" is not " + kKdfAlg);
  TFL_ASSIGN_OR_RETURN(k->opslimit,
                       get_int(j, "opslimit", crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_OPSLIMIT_SENSITIVE));
  TFL_ASSIGN_OR_RETURN(k->memlimit,
                       get_int(j, "memlimit", crypto_pwhash_MEMLIMIT_MIN, crypto_pwhash_MEMLIMIT_SENSITIVE));
  TFL_ASSIGN_OR_RETURN(k->salt, get_hex(j, "salt", crypto_pwhash_SALTBYTES));
  return Status::ok();
}

Status decode_cipher(const Json& j, StoredKey* k) {
  TFL_RETURN_IF_ERROR(check_fields(j, {"alg", "nonce", "ciphertext"}, "cipher"));
  TFL_ASSIGN_OR_RETURN(std::string alg, get_string(j, "alg"));
  if (alg != kCipherAlg) return Status::invalid("cipher.alg \"" + alg + "\" is not " + kCipherAlg);
  TFL_ASSIGN_OR_RETURN(k->nonce, get_hex(j, "nonce", crypto_aead_xchacha20poly1305_ietf_NPUBBYTES));
  TFL_ASSIGN_OR_RETURN(k->ciphertext,
                       get_hex(j, "ciphertext", kSecretBytes + crypto_aead_xchacha20poly1305_ietf_ABYTES));
  return Status::ok();
}

Status decode_key(const Json& j, StoredKey* k) {
  TFL_RETURN_IF_ERROR(check_fields(j, {"name", "id", "role", "public_key", "kdf", "cipher"}, "key file"));
  TFL_ASSIGN_OR_RETURN(k->entry.name, get_string(j, "name"));
  TFL_ASSIGN_OR_RETURN(k->entry.id, get_string(j, "id"));
  TFL_ASSIGN_OR_RETURN(auto role, get_optional_string(j, "role"));
  k->entry.role = role.value_or("");
  TFL_ASSIGN_OR_RETURN(std::string pk, get_string(j, "public_key"));
  TFL_ASSIGN_OR_RETURN(k->entry.public_key, PublicKey::from_hex(pk));
  TFL_ASSIGN_OR_RETURN(Json kdf, get_object(j, "kdf"));
  TFL_RETURN_IF_ERROR(decode_kdf(kdf, k));
  TFL_ASSIGN_OR_RETURN(Json cipher, get_object(j, "cipher"));
  return decode_cipher(cipher, k);
}

Json encode_key(const StoredKey& k) {
  Json j{{"name", k.entry.name},
         {"id", k.entry.id},
         {"public_key", k.entry.public_key.hex()},
         {"kdf", {{"alg", kKdfAlg}, {"opslimit", k.opslimit}, {"memlimit", k.memlimit}, {"salt", to_hex(k.salt)}}},
         {"cipher", {{"alg", kCipherAlg}, {"nonce", to_hex(k.nonce)}, {"ciphertext", to_hex(k.ciphertext)}}}};
  if (!k.entry.role.empty()) j["role"] = k.entry.role;
  return j;
}

std::string random_bytes(size_t n) {
  std::string out(n, '\0');
  randombytes_buf(out.data(), n);
  return out;
}

// Creates `dir` (and its parents) with mode 0700 when missing.
Status make_dir(const std::string& dir) {
  std::error_code ec;
  if (fs::exists(dir, ec)) return Status::ok();
  fs::path parent = fs::path(dir).parent_path();
  if (!parent.empty()) TFL_RETURN_IF_ERROR(make_dir(parent.string()));
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST)
    return Status::io_error("cannot create " + dir + ": " + std::strerror(errno));
  return Status::ok();
}

// make_dir, then refuses a directory that group or others may enter.
Status ensure_private_dir(const std::string& dir) {
  TFL_RETURN_IF_ERROR(make_dir(dir));
  struct stat sb {};
  if (::stat(dir.c_str(), &sb) != 0 || !S_ISDIR(sb.st_mode)) return Status::io_error(dir + " is not a directory");
  if (sb.st_mode & (S_IRWXG | S_IRWXO))
    return Status::unauthorized("keystore directory " + dir + " is open to others; run: chmod 700 " + dir);
  return Status::ok();
}

}  // namespace

bool is_valid_key_name(const std::string& name) {
  if (name.empty() || name.size() > 64 || !std::isalnum(static_cast<unsigned char>(name[0]))) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
  });
}

std::string Keystore::default_home() {
  if (const char* h = std::getenv(kWalletHomeEnv); h && *h) return h;
  const char* home = std::getenv("HOME");
  return std::string(home && *home ? home : ".") + "/.tfwallet";
}

std::string Keystore::keys_dir() const { return (fs::path(home_) / "keys").string(); }

std::string Keystore::key_path(const std::string& name) const {
  return (fs::path(keys_dir()) / (name + ".json")).string();
}

Status Keystore::add(const std::string& name, const std::string& id, const std::string& role, const SecretKey& secret,
                     const Passphrase& passphrase) const {
  if (!is_valid_key_name(name))
    return Status::invalid("key name \"" + name + "\" must match [A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  if (!is_valid_participant_id(id)) return Status::invalid("participant id \"" + id + "\" must match [a-z0-9-]{2,32}");
  if (passphrase.empty()) return Status::invalid("a key needs a non-empty passphrase");
  crypto_init();
  TFL_RETURN_IF_ERROR(make_dir(home_));
  TFL_RETURN_IF_ERROR(ensure_private_dir(keys_dir()));
  const std::string path = key_path(name);
  std::error_code ec;
  if (fs::exists(fs::symlink_status(path, ec)))
    return Status::already_exists("key \"" + name + "\" already exists (" + path + ")");

  StoredKey k;
  k.entry = KeyEntry{name, id, role, secret.public_key(), path};
  k.opslimit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
  k.memlimit = crypto_pwhash_MEMLIMIT_INTERACTIVE;
  k.salt = random_bytes(crypto_pwhash_SALTBYTES);
  k.nonce = random_bytes(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
  DerivedKey key;
  TFL_RETURN_IF_ERROR(derive_key(passphrase, k, &key));
  const std::string ad = additional_data(k.entry);
  k.ciphertext.resize(kSecretBytes + crypto_aead_xchacha20poly1305_ietf_ABYTES);
  unsigned long long clen = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(reinterpret_cast<unsigned char*>(k.ciphertext.data()), &clen,
                                             secret.data(), kSecretBytes,
                                             reinterpret_cast<const unsigned char*>(ad.data()), ad.size(), nullptr,
                                             reinterpret_cast<const unsigned char*>(k.nonce.data()), key.bytes);
  return write_file_atomic(path, encode_key(k).dump(2) + "\n", 0600);
}

namespace {

Result<StoredKey> load_stored(const Keystore& ks, const std::string& name) {
  if (!is_valid_key_name(name))
    return Status::invalid("key name \"" + name + "\" must match [A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  const std::string path = ks.key_path(name);
  std::error_code ec;
  if (!fs::exists(fs::symlink_status(path, ec)))
    return Status::not_found("no key \"" + name + "\" in " + ks.keys_dir() + " (see: tfwallet key list)");
  TFL_ASSIGN_OR_RETURN(std::string text, read_private_file(path, kMaxKeyFileBytes));
  auto j = parse_strict_json(text);
  if (!j) return Status::corruption("key file " + path + ": " + j.status().message());
  StoredKey k;
  Status st = decode_key(*j, &k);
  if (!st) return Status::corruption("key file " + path + ": " + st.message());
  if (k.entry.name != name) return Status::corruption("key file " + path + " is for key \"" + k.entry.name + "\"");
  k.entry.path = path;
  return k;
}

}  // namespace

Result<KeyEntry> Keystore::find(const std::string& name) const {
  TFL_ASSIGN_OR_RETURN(StoredKey k, load_stored(*this, name));
  return k.entry;
}

Result<std::vector<KeyEntry>> Keystore::list() const {
  std::vector<KeyEntry> out;
  std::error_code ec;
  if (!fs::is_directory(keys_dir(), ec)) return out;
  for (const auto& f : fs::directory_iterator(keys_dir(), ec)) {
    const fs::path& p = f.path();
    if (p.extension() != ".json") continue;
    TFL_ASSIGN_OR_RETURN(KeyEntry e, find(p.stem().string()));
    out.push_back(std::move(e));
  }
  if (ec) return Status::io_error("cannot list " + keys_dir() + ": " + ec.message());
  std::sort(out.begin(), out.end(), [](const KeyEntry& a, const KeyEntry& b) { return a.name < b.name; });
  return out;
}

Result<UnlockedKey> Keystore::unlock(const std::string& name, const Passphrase& passphrase) const {
  TFL_ASSIGN_OR_RETURN(StoredKey k, load_stored(*this, name));
  crypto_init();
  DerivedKey key;
  TFL_RETURN_IF_ERROR(derive_key(passphrase, k, &key));
  const std::string ad = additional_data(k.entry);
  UnlockedKey out{k.entry, SecretKey()};
  unsigned long long mlen = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          out.secret_key.data(), &mlen, nullptr, reinterpret_cast<const unsigned char*>(k.ciphertext.data()),
          k.ciphertext.size(), reinterpret_cast<const unsigned char*>(ad.data()), ad.size(),
          reinterpret_cast<const unsigned char*>(k.nonce.data()), key.bytes) != 0)
    return Status::unauthorized("wrong passphrase for key " + name);
  if (!(out.secret_key.public_key() == k.entry.public_key))
    return Status::corruption("key file " + k.entry.path + ": the secret key does not match public_key");
  return out;
}

}  // namespace tfl::wallet
