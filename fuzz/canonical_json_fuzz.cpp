// Fuzz target: the strict canonical JSON parser (chain/codec/canonical_json.h).
// Input: any bytes. Invariants for text the parser accepts: the value is inside the
// profile, its canonical form parses back to the same value, and canonicalising is
// idempotent; nlohmann's own parser agrees that the text is JSON.
#include "chain/codec/canonical_json.h"
#include "fuzz/fuzz_chain.h"

using namespace tfl;
using tfl::fuzz::require;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text = fuzz::as_text(data, size);
  is_valid_utf8(text);
  auto parsed = parse_strict_json(text);
  if (!parsed) {
    require(!parsed.status().message().empty(), "a refusal says why");
    return 0;
  }
  require(Json::accept(text), "strict JSON is JSON");
  require(check_profile(*parsed).is_ok(), "a parsed value is inside the profile");
  const std::string canonical = canonical_json(*parsed);
  auto again = parse_strict_json(canonical);
  require(again.is_ok(), "canonical bytes parse");
  require(*again == *parsed, "canonical bytes hold the same value");
  require(canonical_json(*again) == canonical, "canonicalising is idempotent");
  return 0;
}
