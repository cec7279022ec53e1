#include "wallet/participant_payloads.h"

#include <set>

#include "chain/crypto/ed25519.h"
#include "chain/state/participant.h"
#include "chain/tx/transaction.h"
#include "wallet/flag_values.h"

namespace tfl::wallet {
namespace {

// keys[] from --pubkey values: valid, distinct, at least `threshold` of them.
Result<Json> key_set(const std::vector<std::string>& pubkeys, int64_t threshold) {
  if (pubkeys.empty()) return Status::invalid("--pubkey is required (the participant's public key, hex)");
  if (pubkeys.size() > kMaxSignatures)
    return Status::invalid("at most " + std::to_string(kMaxSignatures) + " --pubkey values");
  std::set<std::string> seen;
  Json keys = Json::array();
  for (const auto& hex : pubkeys) {
    auto pk = PublicKey::from_hex(hex);
    if (!pk) return Status::invalid("--pubkey \"" + hex + "\": " + pk.status().message());
    if (!seen.insert(hex).second) return Status::invalid("--pubkey \"" + hex + "\" is given twice");
    keys.push_back(hex);
  }
  if (threshold < 1 || threshold > static_cast<int64_t>(keys.size()))
    return Status::invalid("--threshold " + std::to_string(threshold) + " must be between 1 and the number of keys (" +
                           std::to_string(keys.size()) + ")");
  return keys;
}

}  // namespace

Result<Json> participant_register_payload(const RegisterFlags& f) {
  TFL_RETURN_IF_ERROR(participant_flag("--id", f.id));
  TFL_RETURN_IF_ERROR(text_flag("--name", f.name, 128));
  if (!is_role(f.role))
    return Status::invalid("--role \"" + f.role + "\": must be bank, corporate, carrier or insurer");
  TFL_ASSIGN_OR_RETURN(Json keys, key_set(f.pubkeys, f.threshold));
  Json p{{"id", f.id}, {"name", f.name}, {"role", f.role}, {"keys", keys}, {"threshold", f.threshold}};
  if (!f.credit_limit.empty() || !f.currency.empty()) {
    if (f.credit_limit.empty() || f.currency.empty())
      return Status::invalid("--credit-limit and --currency go together");
    TFL_ASSIGN_OR_RETURN(int64_t amount, amount_flag("--credit-limit", f.credit_limit, f.currency, true));
    p["credit_limit"] = Json{{"currency", f.currency}, {"amount", amount}};
  }
  return p;
}

Result<Json> participant_update_keys_payload(const std::vector<std::string>& pubkeys, int64_t threshold) {
  TFL_ASSIGN_OR_RETURN(Json keys, key_set(pubkeys, threshold));
  return Json{{"keys", keys}, {"threshold", threshold}};
}

}  // namespace tfl::wallet
