// Lowercase hex, the way keys, signatures and hashes travel in tfledger.
// Thread-safety: free functions without shared state.
#pragma once

#include <string>
#include <string_view>

#include "chain/util/status.h"

namespace tfl {

std::string to_hex(std::string_view bytes);
// Appends to_hex(bytes) to out.
void append_hex(std::string& out, std::string_view bytes);

// Decodes lowercase hex. When expected_bytes > 0 the decoded length must match.
// Uppercase is refused: one value has one spelling, so ids and hashes compare as text.
Result<std::string> from_hex(std::string_view hex, size_t expected_bytes = 0);

bool is_lower_hex(std::string_view s, size_t expected_bytes);

}  // namespace tfl
