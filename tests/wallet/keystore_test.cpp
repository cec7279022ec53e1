// The encrypted keystore: round trip, wrong passphrase, permissions, tampering, names.
#include "wallet/keystore.h"

#include <sys/stat.h>

#include <catch2/catch.hpp>

#include "chain/codec/canonical_json.h"
#include "chain/crypto/sha256.h"
#include "node/config.h"
#include "temp_dir.h"

namespace tfl::wallet {
namespace {

using testing::TempDir;

unsigned mode_of(const std::string& path) {
  struct stat sb {};
  REQUIRE(::stat(path.c_str(), &sb) == 0);
  return sb.st_mode & 07777;
}

KeyPair test_key(char seed) { return KeyPair::from_seed(std::string(32, seed)); }

TEST_CASE("keystore: a key round-trips through its encrypted file", "[wallet][keystore]") {
  crypto_init();
  TempDir dir;
  Keystore ks(dir.file("home"));
  KeyPair kp = test_key('a');
  REQUIRE(ks.add("alice", "corp1", "corporate", kp.secret_key, Passphrase("correct horse")).is_ok());

  auto entry = ks.find("alice");
  REQUIRE(entry.is_ok());
  CHECK(entry->name == "alice");
  CHECK(entry->id == "corp1");
  CHECK(entry->role == "corporate");
  CHECK(entry->public_key == kp.public_key);

  auto unlocked = ks.unlock("alice", Passphrase("correct horse"));
  REQUIRE(unlocked.is_ok());
  CHECK(unlocked->secret_key.hex() == kp.secret_key.hex());
  std::string sig = sign(unlocked->secret_key, "message");
  CHECK(verify(kp.public_key, "message", sig));
}

TEST_CASE("keystore: files are 0600 in a 0700 directory and hold no clear secret", "[wallet][keystore]") {
  crypto_init();
  TempDir dir;
  Keystore ks(dir.file("home"));
  KeyPair kp = test_key('b');
  REQUIRE(ks.add("bob", "corp2", "", kp.secret_key, Passphrase("pw")).is_ok());
  CHECK(mode_of(ks.key_path("bob")) == 0600);
  CHECK(mode_of(ks.keys_dir()) == 0700);

  auto text = read_file(ks.key_path("bob"));
  REQUIRE(text.is_ok());
  const std::string seed_hex = kp.secret_key.hex().substr(0, 64);
  CHECK(text->find(seed_hex) == std::string::npos);
  auto j = parse_strict_json(*text);
  REQUIRE(j.is_ok());
  CHECK((*j)["kdf"]["alg"] == "argon2id13");
  CHECK((*j)["cipher"]["alg"] == "xchacha20poly1305-ietf");
  CHECK_FALSE(j->contains("role"));  // no role given: the member is left out
}

TEST_CASE("keystore: a wrong passphrase is refused by name", "[wallet][keystore]") {
  crypto_init();
  TempDir dir;
  Keystore ks(dir.path());
  REQUIRE(ks.add("alice", "corp1", "corporate", test_key('c').secret_key, Passphrase("right")).is_ok());
  auto unlocked = ks.unlock("alice", Passphrase("wrong"));
  REQUIRE_FALSE(unlocked.is_ok());
  CHECK(unlocked.status().message() == "wrong passphrase for key alice");
}

TEST_CASE("keystore: a key file others may read is refused with the chmod that fixes it", "[wallet][keystore]") {
  crypto_init();
  TempDir dir;
  Keystore ks(dir.path());
  REQUIRE(ks.add("alice", "corp1", "corporate", test_key('d').secret_key, Passphrase("pw")).is_ok());
  REQUIRE(::chmod(ks.key_path("alice").c_str(), 0644) == 0);

  auto entry = ks.find("alice");
  REQUIRE_FALSE(entry.is_ok());
  CHECK(entry.status().message() ==
        "key file " + ks.key_path("alice") + " is readable by others; run: chmod 600 " + ks.key_path("alice"));
  CHECK_FALSE(ks.unlock("alice", Passphrase("pw")).is_ok());
  CHECK_FALSE(ks.list().is_ok());
}

TEST_CASE("keystore: a keys directory open to others is refused when adding", "[wallet][keystore]") {
  crypto_init();
  TempDir dir;
  Keystore ks(dir.path());
  REQUIRE(ks.add("first", "corp1", "", test_key('e').secret_key, Passphrase("pw")).is_ok());
  REQUIRE(::chmod(ks.keys_dir().c_str(), 0755) == 0);
  Status st = ks.add("second", "corp1", "", test_key('f').secret_key, Passphrase("pw"));
  REQUIRE_FALSE(st.is_ok());
  CHECK(st.message().find("run: chmod 700 " + ks.keys_dir()) != std::string::npos);
}

TEST_CASE("keystore: editing a clear field makes the file fail to open", "[wallet][keystore]") {
  crypto_init();
  TempDir dir;
  Keystore ks(dir.path());
  REQUIRE(ks.add("alice", "corp1", "corporate", test_key('g').secret_key, Passphrase("pw")).is_ok());
  auto text = read_file(ks.key_path("alice"));
  REQUIRE(text.is_ok());
  auto j = parse_strict_json(*text);
  REQUIRE(j.is_ok());
  (*j)["id"] = "corp2";  // claim the key signs for someone else
  REQUIRE(write_file_atomic(ks.key_path("alice"), j->dump(2), 0600).is_ok());
  CHECK_FALSE(ks.unlock("alice", Passphrase("pw")).is_ok());
}

TEST_CASE("keystore: names, duplicates, missing keys and listing", "[wallet][keystore]") {
  crypto_init();
  TempDir dir;
  Keystore ks(dir.path());
  const SecretKey sk = test_key('h').secret_key;
  for (const char* bad : {"", "../evil", ".hidden", "a/b", "sp ace"}) {
    INFO(bad);
    CHECK_FALSE(is_valid_key_name(bad));
    CHECK(ks.add(bad, "corp1", "", sk, Passphrase("pw")).code() == Code::kInvalidArgument);
  }
  CHECK(ks.add("k1", "Not-An-Id", "", sk, Passphrase("pw")).code() == Code::kInvalidArgument);
  CHECK(ks.add("k1", "corp1", "", sk, Passphrase("")).code() == Code::kInvalidArgument);

  REQUIRE(ks.list().is_ok());
  CHECK(ks.list()->empty());
  REQUIRE(ks.add("zeta", "corp1", "", sk, Passphrase("pw")).is_ok());
  REQUIRE(ks.add("alpha", "corp2", "", test_key('i').secret_key, Passphrase("pw")).is_ok());
  CHECK(ks.add("zeta", "corp1", "", sk, Passphrase("pw")).code() == Code::kAlreadyExists);

  auto list = ks.list();
  REQUIRE(list.is_ok());
  REQUIRE(list->size() == 2);
  CHECK((*list)[0].name == "alpha");
  CHECK((*list)[1].name == "zeta");

  auto missing = ks.find("nobody");
  REQUIRE_FALSE(missing.is_ok());
  CHECK(missing.status().code() == Code::kNotFound);
}

}  // namespace
}  // namespace tfl::wallet
