// Lowercase hex (chain/codec/hex.h): one spelling per value.
#include <catch2/catch.hpp>

#include "chain/codec/hex.h"

using namespace tfl;

TEST_CASE("hex round-trips every byte and accepts only lowercase hex digits") {
  std::string all;
  for (int b = 0; b < 256; ++b) all += static_cast<char>(b);
  const std::string hex = to_hex(all);
  CHECK(hex.substr(0, 8) == "00010203");
  CHECK(hex.substr(hex.size() - 4) == "feff");
  auto back = from_hex(hex, 256);
  REQUIRE(back.is_ok());
  CHECK(*back == all);

  for (int c = 0; c < 256; ++c) {
    const bool digit = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
    const std::string text = std::string("0") + static_cast<char>(c);
    CHECK(from_hex(text).is_ok() == digit);
    CHECK(from_hex(std::string(1, static_cast<char>(c)) + "0").is_ok() == digit);
  }
  CHECK_FALSE(from_hex("abc").is_ok());       // odd length
  CHECK_FALSE(from_hex("abcd", 1).is_ok());   // not the expected length
  std::string appended = "x";
  append_hex(appended, "\x01\xab");
  CHECK(appended == "x01ab");
}
