#include "chain/codec/hex.h"

#include <array>
#include <cstdint>

namespace tfl {
namespace {
// The value of each lowercase hex digit, -1 for every other byte.
constexpr std::array<int8_t, 256> kNibbles = [] {
  std::array<int8_t, 256> t{};
  for (auto& v : t) v = -1;
  for (int c = '0'; c <= '9'; ++c) t[c] = static_cast<int8_t>(c - '0');
  for (int c = 'a'; c <= 'f'; ++c) t[c] = static_cast<int8_t>(c - 'a' + 10);
  return t;
}();

int nibble(char c) { return kNibbles[static_cast<unsigned char>(c)]; }
}  // namespace

void append_hex(std::string& out, std::string_view bytes) {
  static const char* digits = "0123456789abcdef";
  const size_t at = out.size();
  out.resize(at + bytes.size() * 2);
  for (size_t i = 0; i < bytes.size(); ++i) {
    unsigned char b = static_cast<unsigned char>(bytes[i]);
    out[at + 2 * i] = digits[b >> 4];
    out[at + 2 * i + 1] = digits[b & 0xf];
  }
}

std::string to_hex(std::string_view bytes) {
  std::string out;
  append_hex(out, bytes);
  return out;
}

Result<std::string> from_hex(std::string_view hex, size_t expected_bytes) {
  if (hex.size() % 2 != 0) return Status::invalid("hex string has odd length");
  if (expected_bytes > 0 && hex.size() != expected_bytes * 2)
    return Status::invalid("expected " + std::to_string(expected_bytes * 2) + " hex digits, got " + std::to_string(hex.size()));
  std::string out(hex.size() / 2, '\0');
  for (size_t i = 0; i < out.size(); ++i) {
    int hi = nibble(hex[2 * i]), lo = nibble(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return Status::invalid("not lowercase hex");
    out[i] = static_cast<char>((hi << 4) | lo);
  }
  return out;
}

bool is_lower_hex(std::string_view s, size_t expected_bytes) {
  return from_hex(s, expected_bytes).is_ok();
}

}  // namespace tfl
