// Payloads of participant.register and participant.update_keys (DESIGN §5) from the
// wallet's flags. Pure: no node, no keystore; errors are usage errors (Status::invalid).
// Thread-safety: free functions without shared state.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "chain/codec/canonical_json.h"

namespace tfl::wallet {

struct RegisterFlags {
  std::string id;
  std::string name;
  std::string role;
  std::vector<std::string> pubkeys;  // hex Ed25519 public keys
  int64_t threshold = 1;
  std::string credit_limit;  // decimal, optional; needs currency
  std::string currency;
};

// {id, name, role, keys[], threshold, credit_limit?{currency, amount}}
Result<Json> participant_register_payload(const RegisterFlags& f);

// {keys[], threshold}
Result<Json> participant_update_keys_payload(const std::vector<std::string>& pubkeys, int64_t threshold);

}  // namespace tfl::wallet
