#include "chain/trade/handler_support.h"

#include "chain/codec/json_fields.h"
#include "chain/state/genesis.h"
#include "chain/state/participant.h"
#include "chain/trade/dates.h"
#include "chain/trade/money.h"

namespace tfl {

std::string quote(std::string_view s) { return "\"" + std::string(s) + "\""; }

std::string with_article(std::string_view noun) {
  bool vowel = !noun.empty() && std::string_view("aeiou").find(noun[0]) != std::string_view::npos;
  return (vowel ? "an " : "a ") + std::string(noun);
}

Result<std::string> get_record_id(const Json& obj, std::string_view name) {
  TFL_ASSIGN_OR_RETURN(std::string id, get_string(obj, name));
  return record_id_value(id, name);
}

Result<std::string> record_id_value(const Json& v, std::string_view what) {
  if (!v.is_string() || !is_valid_id(v.get<std::string>()))
    return Status::invalid(std::string(what) + " " + (v.is_string() ? quote(v.get<std::string>()) : v.dump()) +
                           " must match [A-Za-z0-9._-]{1,64}");
  return v.get<std::string>();
}

Result<std::string> get_participant_id(const Json& obj, std::string_view name) {
  TFL_ASSIGN_OR_RETURN(std::string id, get_string(obj, name));
  if (!is_valid_participant_id(id))
    return Status::invalid(std::string(name) + " " + quote(id) + " is not a participant id ([a-z0-9-]{2,32})");
  return id;
}

Result<int64_t> get_amount(const Json& obj, std::string_view name) {
  auto amount = get_int(obj, name, 1, kMaxSafeInteger);
  if (!amount && obj.contains(std::string(name)))
    return Status::invalid(std::string(name) + " must be a positive integer amount in minor units");
  return amount;
}

Result<std::string> get_currency(const Json& obj, std::string_view name) {
  TFL_ASSIGN_OR_RETURN(std::string code, get_string(obj, name));
  if (!is_known_currency(code))
    return Status::invalid(std::string(name) + " " + quote(code) + " is not an ISO 4217 currency code");
  return code;
}

Result<std::string> get_date(const Json& obj, std::string_view name) {
  TFL_ASSIGN_OR_RETURN(std::string date, get_string(obj, name));
  if (!is_valid_date(date))
    return Status::invalid(std::string(name) + " " + quote(date) + " is not a valid YYYY-MM-DD date");
  return date;
}

Result<std::string> get_text(const Json& obj, std::string_view name, size_t max_chars) {
  TFL_ASSIGN_OR_RETURN(std::string text, get_string(obj, name));
  if (text.empty() || text.size() > max_chars)
    return Status::invalid(std::string(name) + " must be 1 to " + std::to_string(max_chars) + " characters");
  for (unsigned char c : text)
    if (c < 0x20 || c == 0x7f) return Status::invalid(std::string(name) + " must not contain control characters");
  if (!is_valid_utf8(text)) return Status::invalid(std::string(name) + " must be valid UTF-8");
  return text;
}

Result<std::optional<std::string>> get_reason(const Json& payload) {
  if (!payload.contains("reason")) return std::optional<std::string>();
  TFL_ASSIGN_OR_RETURN(std::string reason, get_text(payload, "reason", 512));
  return std::optional<std::string>(std::move(reason));
}

Status require_participant(const StateReader& state, const std::string& id, std::string_view role,
                           std::string_view what) {
  auto record = load_participant(state, id);
  if (!record) return Status::conflict(std::string(what) + " " + quote(id) + " is not a participant");
  const std::string& actual = record->at("role").get_ref<const std::string&>();
  if (!role.empty() && actual != role)
    return Status::conflict(std::string(what) + " " + quote(id) + " is a " + actual + ", not a " + std::string(role));
  return Status::ok();
}

Status require_sender(const TxContext& ctx, const std::string& expected, std::string_view who,
                      std::string_view action) {
  if (ctx.tx.sender == expected) return Status::ok();
  return Status::conflict("only the " + std::string(who) + " (" + expected + ") may " + std::string(action) + ", not " +
                          ctx.tx.sender);
}

Result<Json> load_record(const StateReader& state, const std::string& key, std::string_view kind,
                         const std::string& id) {
  auto raw = state.get(key);
  if (!raw) return Status::conflict(std::string(kind) + " " + quote(id) + " does not exist");
  return Json::parse(*raw);  // written by put_json: always valid
}

Status require_absent(const StateReader& state, const std::string& key, std::string_view kind, const std::string& id) {
  if (state.get(key)) return Status::conflict(std::string(kind) + " " + quote(id) + " already exists");
  return Status::ok();
}

Status require_status(const Json& record, std::string_view kind, std::string_view id_member,
                      const std::vector<std::string>& allowed, std::string_view done) {
  const std::string status = record["status"];
  std::string list;
  for (size_t i = 0; i < allowed.size(); ++i) {
    if (allowed[i] == status) return Status::ok();
    list += (i == 0 ? "" : " or ") + allowed[i];
  }
  return Status::conflict(std::string(kind) + " " + quote(record[std::string(id_member)].get<std::string>()) + " is " +
                          status + "; only " + with_article(list) + " " + std::string(kind) + " can be " +
                          std::string(done));
}

Json history_entry(const TxContext& ctx, std::string_view event) {
  return Json{{"event", event}, {"tx", ctx.tx.id.hex()}, {"actor", ctx.tx.sender}};
}

Json history_entry(const TxContext& ctx, std::string_view event, const std::optional<std::string>& reason) {
  Json entry = history_entry(ctx, event);
  if (reason) entry["reason"] = *reason;
  return entry;
}

void put_index(StateOverlay& state, const std::string& key) { state.put(key, ""); }

}  // namespace tfl
