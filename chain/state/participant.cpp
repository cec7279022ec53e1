#include "chain/state/participant.h"

#include <algorithm>
#include <memory>
#include <mutex>
#include <set>
#include <unordered_map>

#include "chain/codec/json_fields.h"
#include "chain/state/state_keys.h"

namespace tfl {

bool is_role(const std::string& role) {
  return role == "bank" || role == "corporate" || role == "carrier" || role == "insurer";
}

bool is_currency_code(const std::string& c) {
  if (c.size() != 3) return false;
  for (char ch : c)
    if (ch < 'A' || ch > 'Z') return false;
  return true;
}

Status check_key_set(const Json& keys, int64_t threshold) {
  if (!keys.is_array() || keys.empty() || keys.size() > kMaxSignatures)
    return Status::invalid("keys must be an array of 1 to 16 public keys");
  std::set<std::string> seen;
  for (const auto& k : keys) {
    if (!k.is_string()) return Status::invalid("keys must be hex strings");
    auto pk = PublicKey::from_hex(k.get<std::string>());
    if (!pk) return pk.status();
    if (!seen.insert(k.get<std::string>()).second) return Status::invalid("key listed twice: " + k.get<std::string>());
  }
  if (threshold < 1 || threshold > static_cast<int64_t>(keys.size()))
    return Status::invalid("threshold must be between 1 and the number of keys (" + std::to_string(keys.size()) + ")");
  return Status::ok();
}

Result<Json> make_participant_record(const Json& f, const std::string& onboarded_by) {
  TFL_ASSIGN_OR_RETURN(std::string id, get_string(f, "id"));
  TFL_ASSIGN_OR_RETURN(std::string name, get_string(f, "name"));
  TFL_ASSIGN_OR_RETURN(std::string role, get_string(f, "role"));
  TFL_ASSIGN_OR_RETURN(Json key_list, get_array(f, "keys"));
  TFL_ASSIGN_OR_RETURN(int64_t threshold, get_int(f, "threshold", 1, kMaxSignatures));
  if (!is_valid_participant_id(id)) return Status::invalid("participant id \"" + id + "\" must match [a-z0-9-]{2,32}");
  if (name.empty() || name.size() > 128) return Status::invalid("name must be 1 to 128 characters");
  if (!is_role(role)) return Status::invalid("role must be bank, corporate, carrier or insurer");
  TFL_RETURN_IF_ERROR(check_key_set(key_list, threshold));
  Json record{{"id", id},           {"name", name},           {"role", role},
              {"keys", key_list},   {"threshold", threshold}, {"onboarded_by", onboarded_by},
              {"open_financing", 0}};
  if (f.contains("credit_limit")) {
    TFL_ASSIGN_OR_RETURN(Json limit, get_object(f, "credit_limit"));
    TFL_RETURN_IF_ERROR(check_fields(limit, {"currency", "amount"}, "credit_limit"));
    TFL_ASSIGN_OR_RETURN(std::string currency, get_string(limit, "currency"));
    TFL_ASSIGN_OR_RETURN(int64_t amount, get_int(limit, "amount", 0));
    if (!is_currency_code(currency)) return Status::invalid("credit_limit.currency must be an ISO 4217 code like USD");
    if (role != "corporate") return Status::invalid("only a corporate has a credit limit");
    record["credit_limit"] = Json{{"currency", currency}, {"amount", amount}};
  }
  return record;
}

namespace {

// Parsed records by their stored text, in two generations: when the young one is full
// it becomes the old one, and a record found in the old one moves back to the young one.
// A record's text changes when its participant's keys or open financing do; texts that
// are read again (a block re-reading what admission read) stay, stale ones age out.
class RecordCache {
 public:
  std::shared_ptr<const Json> parse(const std::string& text) {
    Generation retired;  // freed after the lock is released
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (auto it = young_.find(text); it != young_.end()) return it->second;
      if (auto it = old_.find(text); it != old_.end()) {
        auto json = it->second;
        keep_locked(text, json, retired);
        return json;
      }
    }
    auto json = std::make_shared<const Json>(Json::parse(text));
    std::lock_guard<std::mutex> lock(mu_);
    keep_locked(text, json, retired);
    return json;
  }

  // A record just written as `text`: the next read of it needs no parsing.
  void remember(const std::string& text, std::shared_ptr<const Json> record) {
    Generation retired;
    std::lock_guard<std::mutex> lock(mu_);
    keep_locked(text, std::move(record), retired);
  }

 private:
  using Generation = std::unordered_map<std::string, std::shared_ptr<const Json>>;
  static constexpr size_t kGeneration = 4096;

  // When the young generation is full, the old one is handed to `retired` (for the
  // caller to free outside the lock) and the young one becomes the old one.
  void keep_locked(const std::string& text, std::shared_ptr<const Json> json, Generation& retired) {
    if (young_.size() >= kGeneration) {
      retired.swap(old_);
      old_.swap(young_);
      young_.reserve(kGeneration);
    }
    young_.emplace(text, std::move(json));
  }

  std::mutex mu_;
  Generation young_, old_;
};

RecordCache& record_cache() {
  static RecordCache cache;
  return cache;
}

}  // namespace

std::shared_ptr<const Json> load_participant(const StateReader& state, const std::string& id) {
  auto raw = state.get(keys::participant(id));
  if (!raw) return nullptr;
  return record_cache().parse(*raw);
}

void store_participant(StateOverlay& state, Json record) {
  std::string text = canonical_json(record);
  const std::string key = keys::participant(record.at("id").get<std::string>());
  record_cache().remember(text, std::make_shared<const Json>(std::move(record)));
  state.put(key, std::move(text));
}

int64_t next_nonce(const StateReader& state, const std::string& id) {
  auto raw = state.get(keys::nonce(id));
  return raw ? std::stoll(*raw) : 0;
}

void store_next_nonce(StateOverlay& state, const std::string& id, int64_t next) {
  state.put(keys::nonce(id), std::to_string(next));
}

Status authenticate_tx(const std::shared_ptr<const Json>& sender, int64_t next, const Transaction& tx,
                       const std::string& chain_id) {
  if (tx.chain_id != chain_id)
    return Status::unauthorized("tx is for chain \"" + tx.chain_id + "\", this is \"" + chain_id + "\"");
  if (!sender) return Status::unauthorized("unknown sender \"" + tx.sender + "\"");
  if (tx.nonce < next)
    return Status::conflict("nonce " + std::to_string(tx.nonce) + " already spent (next is " + std::to_string(next) + ")");
  if (tx.nonce > next)
    return Status::conflict("nonce " + std::to_string(tx.nonce) + " skips ahead (next is " + std::to_string(next) + ")");
  const Json& own_keys = (*sender)["keys"];  // a few lowercase hex strings
  for (const auto& s : tx.signatures) {
    const std::string key = s.key.hex();
    auto is_key = [&key](const Json& k) { return k.get_ref<const std::string&>() == key; };
    if (std::none_of(own_keys.begin(), own_keys.end(), is_key))
      return Status::unauthorized("key " + key + " is not a key of \"" + tx.sender + "\"");
  }
  int64_t threshold = (*sender)["threshold"].get<int64_t>();
  if (static_cast<int64_t>(tx.signatures.size()) < threshold)
    return Status::unauthorized("\"" + tx.sender + "\" needs " + std::to_string(threshold) + " signatures, tx has " +
                                std::to_string(tx.signatures.size()));
  return Status::ok();
}

}  // namespace tfl
