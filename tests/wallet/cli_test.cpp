// The command line in-process, without a node: key verbs, one-line errors and exit
// statuses for bad arguments and an unreachable node, and that `key show` never
// prints a secret.
#include "wallet/cli.h"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include "chain/crypto/ed25519.h"
#include "chain/crypto/sha256.h"
#include "node/config.h"
#include "temp_dir.h"
#include "wallet/passphrase.h"

namespace tfl::wallet {
namespace {

using testing::TempDir;

struct Run {
  int code = -1;
  std::string out;
  std::string err;
};

Run run(std::vector<std::string> args) {
  args.insert(args.begin(), "tfwallet");
  std::vector<const char*> argv;
  for (const auto& a : args) argv.push_back(a.c_str());
  std::ostringstream out, err;
  Run r;
  r.code = run_cli(static_cast<int>(argv.size()), argv.data(), out, err);
  r.out = out.str();
  r.err = err.str();
  return r;
}

// Exactly one line "tfwallet: ...\n".
bool one_error_line(const Run& r) { return r.err.rfind("tfwallet: ", 0) == 0 && r.err.find('\n') == r.err.size() - 1; }

// A keystore in a temp dir with the testnet key of corp1 imported as "corp1".
struct Wallet {
  TempDir dir;
  KeyPair kp = KeyPair::from_seed(std::string(32, 'w'));
  Wallet() {
    crypto_init();
    ::setenv(kPassphraseEnv, "test passphrase", 1);
    REQUIRE(write_key_file(dir.file("corp1.json"), "corp1", "corporate", kp).is_ok());
  }
  std::string home() const { return dir.file("wallet"); }
};

TEST_CASE("cli: key import, list and show; the secret never appears", "[wallet][cli]") {
  Wallet w;
  Run imported = run({"--home", w.home(), "key", "import", "corp1", w.dir.file("corp1.json")});
  REQUIRE(imported.code == 0);
  CHECK(imported.err.empty());
  CHECK(imported.out.find(w.kp.public_key.hex()) != std::string::npos);

  const std::string secret = w.kp.secret_key.hex();
  const std::string seed = secret.substr(0, 64);
  for (bool json : {false, true}) {
    std::vector<std::string> args{"--home", w.home(), "key", "show", "corp1"};
    if (json) args.push_back("--json");
    Run shown = run(args);
    INFO(shown.out);
    REQUIRE(shown.code == 0);
    CHECK(shown.out.find(w.kp.public_key.hex()) != std::string::npos);
    CHECK(shown.out.find("corp1") != std::string::npos);
    CHECK(shown.out.find(seed) == std::string::npos);
    CHECK(shown.out.find(secret) == std::string::npos);
  }
  Run listed = run({"--home", w.home(), "key", "list"});
  REQUIRE(listed.code == 0);
  CHECK(listed.out.find("corp1") != std::string::npos);
  CHECK(listed.out.find(seed) == std::string::npos);

  Run again = run({"--home", w.home(), "key", "import", "corp1", w.dir.file("corp1.json")});
  CHECK(again.code == 1);
  CHECK(one_error_line(again));
  CHECK(again.err.find("already exists") != std::string::npos);
}

TEST_CASE("cli: key new makes a key for a participant id", "[wallet][cli]") {
  Wallet w;
  Run made = run({"--json", "--home", w.home(), "key", "new", "officer", "--id", "bank1", "--role", "bank"});
  REQUIRE(made.code == 0);
  auto j = Json::parse(made.out);
  CHECK(j["name"] == "officer");
  CHECK(j["id"] == "bank1");
  CHECK(j["role"] == "bank");
  CHECK(j["public_key"].get<std::string>().size() == 64);
  CHECK_FALSE(j.contains("secret_key"));

  Run bad = run({"--home", w.home(), "key", "new", "x", "--id", "Bank One"});
  CHECK(bad.code == 2);
  CHECK(one_error_line(bad));
}

TEST_CASE("cli: bad arguments give one line and exit 2", "[wallet][cli]") {
  Wallet w;
  const std::vector<std::vector<std::string>> cases = {
      {},                                                                  // no command
      {"doc"},                                                             // a group without a verb
      {"tx", "send"},                                                      // required flags missing
      {"--bogus", "key", "list"},                                          // unknown flag
      {"tx", "status", "not-a-tx-id"},                                     // malformed id
      {"--node", "127.0.0.1:7001", "tx", "status", std::string(64, 'a')},  // not a URL
      {"finance", "approve", "--key", "corp1", "--id", "FIN-1", "--amount", "1.00", "--rate-bps", "abc", "--due-date",
       "2026-01-01"},  // not a number
      {"--node",       "http://127.0.0.1:1",
       "doc",          "issue",
       "--key",        "corp1",
       "--type",       "commercial_invoice",
       "--id",         "INV-1",
       "--number",     "1",
       "--issue-date", "2026-03-01",
       "--buyer",      "corp1",
       "--seller",     "corp2",
       "--currency",   "USD",
       "--amount",     "12,500.00"},  // decimal with a separator: refused before any I/O
  };
  for (const auto& args : cases) {
    std::vector<std::string> full{"--home", w.home()};
    full.insert(full.end(), args.begin(), args.end());
    Run r = run(full);
    INFO(r.err);
    CHECK(r.code == 2);
    CHECK(one_error_line(r));
    CHECK(r.out.empty());
  }
  Run no_verb = run({"doc"});
  CHECK(no_verb.err.find("doc needs a verb: issue") != std::string::npos);
  Run amount = run({"--node",       "http://127.0.0.1:1",
                    "doc",          "issue",
                    "--key",        "k",
                    "--type",       "commercial_invoice",
                    "--id",         "INV-1",
                    "--number",     "1",
                    "--issue-date", "2026-03-01",
                    "--buyer",      "corp1",
                    "--seller",     "corp2",
                    "--currency",   "USD",
                    "--amount",     "12,500.00"});
  CHECK(amount.err.find("--amount \"12,500.00\"") != std::string::npos);
}

TEST_CASE("cli: an unreachable node gives one line and exit 1", "[wallet][cli]") {
  Wallet w;
  REQUIRE(run({"--home", w.home(), "key", "import", "corp1", w.dir.file("corp1.json")}).code == 0);
  const std::vector<std::vector<std::string>> cases = {
      {"tx", "status", std::string(64, 'a')},
      {"status"},
      {"doc", "show", "INV-1"},
      {"doc", "accept", "--key", "corp1", "--id", "PO-1"},
  };
  for (const auto& args : cases) {
    std::vector<std::string> full{"--home", w.home(), "--node", "http://127.0.0.1:1"};
    full.insert(full.end(), args.begin(), args.end());
    Run r = run(full);
    INFO(r.err);
    CHECK(r.code == 1);
    CHECK(one_error_line(r));
    CHECK(r.err.find("cannot reach node at http://127.0.0.1:1: ") != std::string::npos);
  }
}

TEST_CASE("cli: --help prints usage and succeeds", "[wallet][cli]") {
  Run r = run({"doc", "issue", "--help"});
  CHECK(r.code == 0);
  CHECK(r.out.find("--amount") != std::string::npos);
  CHECK(r.err.empty());
}

}  // namespace
}  // namespace tfl::wallet
