// The canonical form of every signed or hashed object in tfledger: RFC 8785 (JSON
// Canonicalization Scheme) over a strict profile of JSON.
//
// The profile: objects with ASCII keys and no duplicate keys; numbers are integers
// within ±(2^53 - 1) (no fraction, no exponent); strings are valid UTF-8; at
// most kMaxDepth levels of nesting. Inside that profile the RFC's number and string
// rules reduce to: integers in plain decimal, object members sorted by key bytes,
// strings with only `"`, `\`, and control characters escaped (\b \t \n \f \r, others
// as \u00xx), no insignificant whitespace.
//
// Thread-safety: free functions without shared state.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "chain/util/status.h"

namespace tfl {

using Json = nlohmann::json;

constexpr int64_t kMaxSafeInteger = 9007199254740991;  // 2^53 - 1
constexpr int kMaxJsonDepth = 64;

// Parses `text` and checks it against the profile. Errors say what and where
// ("duplicate key \"nonce\"", "floating-point number 1.5 is not allowed").
Result<Json> parse_strict_json(std::string_view text);

// Checks an in-memory value against the profile (for values built in code).
Status check_profile(const Json& value);

// The RFC 8785 canonical bytes of `value`.
// REQUIRES: check_profile(value).is_ok()
std::string canonical_json(const Json& value);
// Appends canonical_json(value) to out.
// REQUIRES: check_profile(value).is_ok()
void append_canonical_json(std::string& out, const Json& value);

// Appends `s` as a canonical JSON string, quotes included: what canonical_json(Json(s))
// gives, without building a value (for texts written member by member).
// REQUIRES: is_valid_utf8(s)
void append_canonical_string(std::string& out, std::string_view s);

// True when `s` is well-formed UTF-8 (no overlongs, no surrogates, ≤ U+10FFFF).
bool is_valid_utf8(std::string_view s);

}  // namespace tfl
