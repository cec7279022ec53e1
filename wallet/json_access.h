// Lenient reads of the node's replies for display: a missing member or one of another
// type reads as empty instead of throwing. For checking input use json_fields.h.
// Thread-safety: free functions without shared state.
#pragma once

#include <cstdint>
#include <string>

#include "chain/codec/canonical_json.h"

namespace tfl::wallet {

// Member `name` of obj; a null value when obj is not an object or lacks it.
inline const Json& member(const Json& obj, const char* name) {
  static const Json kNull;
  if (!obj.is_object()) return kNull;
  auto it = obj.find(name);
  return it == obj.end() ? kNull : *it;
}

// The string member `name`, or "".
inline std::string string_member(const Json& obj, const char* name) {
  const Json& v = member(obj, name);
  return v.is_string() ? v.get<std::string>() : std::string();
}

// The integer member `name`, or `fallback`.
inline int64_t int_member(const Json& obj, const char* name, int64_t fallback = 0) {
  const Json& v = member(obj, name);
  return v.is_number_integer() ? v.get<int64_t>() : fallback;
}

}  // namespace tfl::wallet
