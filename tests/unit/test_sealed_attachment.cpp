// Sealed attachments: seal to a document's parties, open as each of them, fail for
// anyone else and for any change; the ledger's format check.
#include <sodium.h>

#include <catch2/catch.hpp>
#include <functional>

#include "chain/codec/hex.h"
#include "chain/crypto/sealed_attachment.h"
#include "chain/crypto/sha256.h"

using namespace tfl;

namespace {

KeyPair party_key(const std::string& id) { return KeyPair::from_seed("attachment-test/" + id); }

const std::string kText = "COMMERCIAL INVOICE INV-001\n1000 cartons of ceramic tiles, FOB Hong Kong\nUSD 12,500.00\n";

Json sealed_for(const std::vector<std::string>& parties, const std::string& doc_id = "INV-1",
                const std::string& text = kText) {
  std::map<std::string, PublicKey> recipients;
  for (const auto& p : parties) recipients[p] = party_key(p).public_key;
  auto a = seal_attachment(text, doc_id, recipients);
  REQUIRE(a);
  return *a;
}

// Flips the low bit of the hex digit at `pos` of a hex member.
void flip_hex(Json& a, const std::string& member, size_t pos) {
  std::string s = a[member];
  s[pos] = s[pos] == '0' ? '1' : '0';
  a[member] = s;
}

}  // namespace

TEST_CASE("a sealed attachment opens for each party", "[attachment]") {
  Json a = sealed_for({"corp1", "corp2", "carrier1"});
  CHECK(a["content_hash"] == sha256(kText).hex());
  CHECK(a["keys"].size() == 3);
  for (const std::string party : {"corp1", "corp2", "carrier1"}) {
    INFO(party);
    auto text = open_attachment(a, "INV-1", party, party_key(party).secret_key);
    REQUIRE(text);
    CHECK(*text == kText);
  }
  CHECK(check_attachment_format(a, {"corp1", "corp2", "carrier1"}));
}

TEST_CASE("seal_attachment uses a fresh key and nonce each time", "[attachment]") {
  Json a = sealed_for({"corp1"}), b = sealed_for({"corp1"});
  CHECK(a["content_hash"] == b["content_hash"]);
  CHECK(a["nonce"] != b["nonce"]);
  CHECK(a["ciphertext"] != b["ciphertext"]);
}

TEST_CASE("an empty attachment round-trips", "[attachment]") {
  Json a = sealed_for({"corp1"}, "INV-1", "");
  auto text = open_attachment(a, "INV-1", "corp1", party_key("corp1").secret_key);
  REQUIRE(text);
  CHECK(text->empty());
}

TEST_CASE("an attachment does not open for anyone else or after any change", "[attachment]") {
  Json a = sealed_for({"corp1", "corp2"});
  const SecretKey corp1 = party_key("corp1").secret_key;

  SECTION("a non-party") {
    auto r = open_attachment(a, "INV-1", "corp3", party_key("corp3").secret_key);
    REQUIRE_FALSE(r);
    CHECK_THAT(r.status().message(), Catch::Contains("not sealed to \"corp3\""));
  }
  SECTION("a party's id with someone else's key") {
    auto r = open_attachment(a, "INV-1", "corp2", party_key("corp3").secret_key);
    REQUIRE_FALSE(r);
    CHECK_THAT(r.status().message(), Catch::Contains("decryption failed"));
  }
  SECTION("tampered ciphertext") {
    flip_hex(a, "ciphertext", 10);
    auto r = open_attachment(a, "INV-1", "corp1", corp1);
    REQUIRE_FALSE(r);
    CHECK_THAT(r.status().message(), Catch::Contains("decryption failed"));
  }
  SECTION("tampered nonce") {
    flip_hex(a, "nonce", 0);
    auto r = open_attachment(a, "INV-1", "corp1", corp1);
    REQUIRE_FALSE(r);
    CHECK_THAT(r.status().message(), Catch::Contains("decryption failed"));
  }
  SECTION("a swapped content hash") {
    a["content_hash"] = sha256("another text").hex();
    auto r = open_attachment(a, "INV-1", "corp1", corp1);
    REQUIRE_FALSE(r);
    CHECK_THAT(r.status().message(), Catch::Contains("decryption failed"));
  }
  SECTION("moved to another document") {
    auto r = open_attachment(a, "INV-2", "corp1", corp1);
    REQUIRE_FALSE(r);
    CHECK_THAT(r.status().message(), Catch::Contains("decryption failed"));
  }
}

TEST_CASE("open_attachment checks the content hash of what it decrypts", "[attachment]") {
  // A sealer that lies: the ciphertext decrypts (the AD carries the stated hash) but
  // the plaintext is not what the hash says.
  REQUIRE(crypto_init());
  const std::string stated = sha256("what the ledger was told").hex();
  unsigned char key[32], nonce[24];
  randombytes_buf(key, sizeof key);
  randombytes_buf(nonce, sizeof nonce);
  const std::string ad = "tfledger/attachment/v1\nINV-1\n" + stated;
  std::string ciphertext(kText.size() + 16, '\0');
  unsigned long long len = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(
      reinterpret_cast<unsigned char*>(ciphertext.data()), &len, reinterpret_cast<const unsigned char*>(kText.data()),
      kText.size(), reinterpret_cast<const unsigned char*>(ad.data()), ad.size(), nullptr, nonce, key);
  auto x_pub = x25519_public(party_key("corp1").public_key);
  REQUIRE(x_pub);
  std::string sealed(80, '\0');
  crypto_box_seal(reinterpret_cast<unsigned char*>(sealed.data()), key, 32, x_pub->data());
  Json a{{"content_hash", stated},
         {"nonce", to_hex({reinterpret_cast<char*>(nonce), 24})},
         {"ciphertext", to_hex(ciphertext)},
         {"keys", {{"corp1", to_hex(sealed)}}}};
  auto r = open_attachment(a, "INV-1", "corp1", party_key("corp1").secret_key);
  REQUIRE_FALSE(r);
  CHECK_THAT(r.status().message(), Catch::Contains("content hash mismatch"));
}

TEST_CASE("check_attachment_format is the ledger's check", "[attachment]") {
  const std::set<std::string> parties{"corp1", "corp2"};
  Json good = sealed_for({"corp1", "corp2"});
  REQUIRE(check_attachment_format(good, parties));

  struct Row {
    const char* name;
    std::function<void(Json&)> change;
    const char* why;
  };
  const std::vector<Row> rows = {
      {"unknown member", [](Json& a) { a["colour"] = "red"; }, "unknown field \"colour\""},
      {"missing nonce", [](Json& a) { a.erase("nonce"); }, "missing field \"nonce\""},
      {"short nonce", [](Json& a) { a["nonce"] = std::string(46, 'a'); }, "attachment.nonce must be 24 bytes"},
      {"uppercase hash", [](Json& a) { a["content_hash"] = std::string(64, 'A'); },
       "attachment.content_hash must be 32 bytes"},
      {"odd ciphertext", [](Json& a) { a["ciphertext"] = "abc"; }, "attachment.ciphertext must be lowercase hex"},
      {"ciphertext shorter than its tag", [](Json& a) { a["ciphertext"] = std::string(30, 'a'); },
       "shorter than its 16-byte tag"},
      {"ciphertext over 128 KiB", [](Json& a) { a["ciphertext"] = std::string(2 * (128 * 1024 + 1), 'a'); },
       "over the 131072-byte limit"},
      {"sealed to a non-party", [](Json& a) { a["keys"]["corp3"] = a["keys"]["corp1"]; },
       "sealed to \"corp3\", who is not a party"},
      {"a party left out", [](Json& a) { a["keys"].erase("corp2"); }, "not sealed to party \"corp2\""},
      {"bad sealed key", [](Json& a) { a["keys"]["corp1"] = "00"; }, "attachment.keys[\"corp1\"] must be 80 bytes"},
  };
  for (const auto& r : rows) {
    INFO(r.name);
    Json a = good;
    r.change(a);
    Status st = check_attachment_format(a, parties);
    REQUIRE_FALSE(st);
    CHECK(st.code() == Code::kInvalidArgument);
    CHECK_THAT(st.message(), Catch::Contains(r.why));
  }
  // Exactly at the limit is fine.
  Json at_limit = good;
  at_limit["ciphertext"] = std::string(2 * 128 * 1024, 'a');
  CHECK(check_attachment_format(at_limit, parties));
}

TEST_CASE("seal_attachment refuses what it cannot seal", "[attachment]") {
  auto none = seal_attachment("x", "INV-1", {});
  REQUIRE_FALSE(none);
  CHECK_THAT(none.status().message(), Catch::Contains("at least one recipient"));
  auto big = seal_attachment(std::string(128 * 1024, 'x'), "INV-1", {{"corp1", party_key("corp1").public_key}});
  REQUIRE_FALSE(big);
  CHECK_THAT(big.status().message(), Catch::Contains("byte limit"));
}
