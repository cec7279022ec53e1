// The state root's write-set hash, byte for byte as DESIGN §5 defines it
// (chain/state/state_view.h): every node must compute it the same way.
#include <catch2/catch.hpp>

#include <map>

#include "chain/state/state_view.h"

using namespace tfl;

namespace {

std::string be32(size_t n) {
  return {static_cast<char>(n >> 24), static_cast<char>(n >> 16), static_cast<char>(n >> 8), static_cast<char>(n)};
}

// The bytes hash_write_set hashes, written out entry by entry.
std::string write_set_bytes(const WriteSet& writes) {
  std::string out;
  for (const auto& [key, value] : writes)
    out += be32(key.size()) + key + (value ? std::string(1, '\1') : std::string(1, '\0')) +
           be32(value ? value->size() : 0) + (value ? *value : "");
  return out;
}

}  // namespace

TEST_CASE("the write-set hash covers each entry's lengths, key, flag and value in key order") {
  const WriteSet writes = {{"s/d/INV-1", R"({"amount":100})"},
                           {"s/n/acme", "7"},
                           {"s/x/gone", std::nullopt}};  // a deletion: flag 0, length 0
  CHECK(hash_write_set(writes) == sha256(write_set_bytes(writes)));
  CHECK(hash_write_set({}) == sha256(""));

  WriteSet other = writes;
  other.back().second = "";  // an empty value is not a deletion
  CHECK(hash_write_set(other) != hash_write_set(writes));
}

TEST_CASE("a write set larger than one hashing piece hashes as one byte string") {
  std::map<std::string, std::optional<std::string>> sorted;
  for (int i = 0; i < 3000; ++i) sorted["s/d/DOC-" + std::to_string(i)] = std::string(100 + i % 50, 'v');
  const WriteSet writes(sorted.begin(), sorted.end());
  const std::string bytes = write_set_bytes(writes);
  REQUIRE(bytes.size() > 4 * 64 * 1024);
  CHECK(hash_write_set(writes) == sha256(bytes));
}

TEST_CASE("an overlay's writes come out in key order, deletions included, and leave it empty") {
  EmptyState empty;
  StateOverlay overlay(empty);
  std::map<std::string, std::optional<std::string>> expected;
  for (int i = 0; i < 500; ++i) {
    const std::string key = "s/d/DOC-" + std::to_string((i * 7919) % 500);  // not in key order
    if (i % 5 == 0) {
      overlay.erase(key);
      expected[key] = std::nullopt;
    } else {
      overlay.put(key, "v" + std::to_string(i));
      expected[key] = "v" + std::to_string(i);
    }
  }
  overlay.put("s/d/DOC-3", "rewritten");  // the last write of a key wins
  expected["s/d/DOC-3"] = "rewritten";
  const WriteSet want(expected.begin(), expected.end());

  CHECK(overlay.sorted_writes() == want);
  CHECK(overlay.size() == want.size());
  CHECK(overlay.take_sorted_writes() == want);
  CHECK(overlay.size() == 0);
  CHECK(overlay.get("s/d/DOC-3") == std::nullopt);
}
