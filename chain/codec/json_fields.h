// Typed access to the members of a JSON object with errors that name the field, for
// every decoder of outside input (tx payloads, genesis, config, peer messages).
// Thread-safety: free functions without shared state.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "chain/codec/canonical_json.h"

namespace tfl {

// Refuses any member not in `allowed` ("payload: unknown field \"colour\"").
Status check_fields(const Json& obj, std::initializer_list<std::string_view> allowed, std::string_view what);

Status require_object(const Json& v, std::string_view what);

Result<std::string> get_string(const Json& obj, std::string_view name);
Result<std::optional<std::string>> get_optional_string(const Json& obj, std::string_view name);
// An integer in [min, max].
Result<int64_t> get_int(const Json& obj, std::string_view name, int64_t min = -kMaxSafeInteger,
                        int64_t max = kMaxSafeInteger);
Result<std::optional<int64_t>> get_optional_int(const Json& obj, std::string_view name, int64_t min = -kMaxSafeInteger,
                                                int64_t max = kMaxSafeInteger);
Result<bool> get_bool(const Json& obj, std::string_view name);
Result<Json> get_array(const Json& obj, std::string_view name);
Result<Json> get_object(const Json& obj, std::string_view name);
// The same without a copy: a pointer into obj. REQUIRES: obj outlives the pointer.
Result<const Json*> array_member(const Json& obj, std::string_view name);
Result<const Json*> object_member(const Json& obj, std::string_view name);

// True for an integer JSON number of either signedness.
bool is_integer(const Json& v);

}  // namespace tfl
