// Node key files (validator_key.json, testnet keys/*.json): written 0600, refused at load
// when group or others may access them, never followed through a symlink, and their
// secret never echoed in an error.
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cctype>
#include <filesystem>
#include <fstream>

#include "node/config.h"
#include "node/testnet.h"
#include "tests/wallet/temp_dir.h"

using namespace tfl;
using tfl::wallet::testing::TempDir;
namespace fs = std::filesystem;

namespace {

unsigned mode_of(const std::string& path) {
  struct stat sb {};
  REQUIRE(::stat(path.c_str(), &sb) == 0);
  return sb.st_mode & 07777;
}

void write_text(const std::string& path, const std::string& text, unsigned mode) {
  std::ofstream(path) << text;
  REQUIRE(::chmod(path.c_str(), mode) == 0);
}

}  // namespace

TEST_CASE("a node key file is written 0600 and loads back the same key") {
  TempDir dir;
  const std::string path = dir.file("validator_key.json");
  KeyPair kp = KeyPair::generate();
  REQUIRE(write_key_file(path, "node1", "validator", kp).is_ok());
  CHECK(mode_of(path) == 0600);
  auto k = load_key_file(path);
  REQUIRE(k.is_ok());
  CHECK(k->id == "node1");
  CHECK(k->role == "validator");
  CHECK(k->public_key == kp.public_key);
  CHECK(verify(kp.public_key, "m", sign(k->secret_key, "m")));
}

TEST_CASE("a node key file group or others may access is refused with the chmod that fixes it") {
  TempDir dir;
  const std::string path = dir.file("validator_key.json");
  REQUIRE(write_key_file(path, "node1", "validator", KeyPair::generate()).is_ok());
  for (unsigned mode : {0644u, 0640u, 0604u, 0620u, 0602u, 0610u}) {
    INFO("mode " << std::oct << mode);
    REQUIRE(::chmod(path.c_str(), mode) == 0);
    auto k = load_key_file(path);
    REQUIRE_FALSE(k.is_ok());
    CHECK(k.status().code() == Code::kUnauthorized);
    CHECK(k.status().message() == "key file " + path + " is readable by others; run: chmod 600 " + path);
  }
  REQUIRE(::chmod(path.c_str(), 0600) == 0);
  CHECK(load_key_file(path).is_ok());
  REQUIRE(::chmod(path.c_str(), 0400) == 0);  // read-only for its owner is fine
  CHECK(load_key_file(path).is_ok());
}

TEST_CASE("a node key file reached through a symlink or that is not a file is refused") {
  TempDir dir;
  const std::string real = dir.file("real.json");
  REQUIRE(write_key_file(real, "node1", "validator", KeyPair::generate()).is_ok());
  const std::string link = dir.file("validator_key.json");
  fs::create_symlink(real, link);
  auto k = load_key_file(link);
  REQUIRE_FALSE(k.is_ok());
  CHECK(k.status().message().find("cannot read key file " + link) == 0);

  const std::string sub = dir.file("adir");
  fs::create_directory(sub);
  ::chmod(sub.c_str(), 0700);
  auto d = load_key_file(sub);
  REQUIRE_FALSE(d.is_ok());
  CHECK(d.status().message() == "key file " + sub + " is not a regular file");
  CHECK_FALSE(load_key_file(dir.file("missing.json")).is_ok());
}

TEST_CASE("a bad secret in a node key file is refused without echoing it") {
  TempDir dir;
  const std::string path = dir.file("k.json");
  KeyPair kp = KeyPair::generate(), other = KeyPair::generate();
  std::string secret = kp.secret_key.hex();
  std::string upper = secret;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  struct Case {
    std::string secret_field, public_key, expect, leaked;
  } cases[] = {
      {"\"" + upper + "\"", kp.public_key.hex(), "not lowercase hex", upper},
      {"\"" + secret + "\"", other.public_key.hex(), "public_key does not match secret_key", secret},
      {"\"" + secret.substr(0, 60) + "\"", kp.public_key.hex(), "hex", secret.substr(0, 60)},
      {"42", kp.public_key.hex(), "secret_key must be a hex string", "42"},
  };
  for (const auto& c : cases) {
    INFO(c.expect);
    write_text(path,
               "{\"id\":\"corp1\",\"public_key\":\"" + c.public_key + "\",\"secret_key\":" + c.secret_field + "}",
               0600);
    auto k = load_key_file(path);
    REQUIRE_FALSE(k.is_ok());
    CHECK(k.status().message().find(c.expect) != std::string::npos);
    CHECK(k.status().message().find(c.leaked) == std::string::npos);
  }
  wipe(secret);
  wipe(upper);
}

TEST_CASE("a testnet writes every key file 0600 in a 0700 keys directory") {
  TempDir dir;
  TestnetOptions o;
  o.validators = 2;
  o.corporates = 2;
  o.out = dir.file("net");
  REQUIRE(write_testnet(o).is_ok());
  CHECK(mode_of(o.out + "/keys") == 0700);
  int files = 0;
  for (const auto& e : fs::directory_iterator(o.out + "/keys")) {
    CHECK(mode_of(e.path().string()) == 0600);
    ++files;
  }
  CHECK(files == 2 + 2 + 2);  // banks, corporates, carrier and insurer
  for (const char* node : {"/node1", "/node2"}) {
    CHECK(mode_of(o.out + node + "/validator_key.json") == 0600);
    CHECK(load_key_file(o.out + node + "/validator_key.json").is_ok());
  }
}

TEST_CASE("wipe zeroes a string's bytes and empties it") {
  std::string s = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
  const char* bytes = s.data();
  const size_t n = s.size();
  wipe(s);
  CHECK(s.empty());
  CHECK(s.data() == bytes);  // clear() keeps the buffer, so its old bytes can be inspected
  CHECK(std::all_of(bytes, bytes + n, [](char c) { return c == 0; }));
}
