#include "wallet/flag_values.h"

#include <algorithm>
#include <cctype>

#include "chain/codec/canonical_json.h"
#include "chain/trade/dates.h"
#include "chain/trade/money.h"
#include "chain/tx/transaction.h"

namespace tfl::wallet {
namespace {

Status bad(std::string_view flag, const std::string& value, const std::string& why) {
  return Status::invalid(std::string(flag) + " \"" + value + "\": " + why);
}

}  // namespace

Result<int64_t> amount_flag(std::string_view flag, const std::string& text, const std::string& currency,
                            bool allow_zero) {
  TFL_RETURN_IF_ERROR(currency_flag("--currency", currency));
  auto minor = parse_decimal_amount(text, currency);
  if (!minor) return bad(flag, text, minor.status().message());
  if (*minor == 0 && !allow_zero) return bad(flag, text, "must be more than zero");
  return *minor;
}

Status currency_flag(std::string_view flag, const std::string& code) {
  if (!is_known_currency(code)) return bad(flag, code, "not an ISO 4217 currency code (USD, EUR, HKD, ...)");
  return Status::ok();
}

Status date_flag(std::string_view flag, const std::string& date) {
  if (!is_valid_date(date)) return bad(flag, date, "must be a date YYYY-MM-DD");
  return Status::ok();
}

Status record_id_flag(std::string_view flag, const std::string& id) {
  if (!is_valid_id(id)) return bad(flag, id, "must match [A-Za-z0-9._-]{1,64}");
  return Status::ok();
}

Status participant_flag(std::string_view flag, const std::string& id) {
  if (!is_valid_participant_id(id)) return bad(flag, id, "must be a participant id matching [a-z0-9-]{2,32}");
  return Status::ok();
}

Status doc_type_flag(std::string_view flag, const std::string& type) {
  static const char* kTypes[] = {"purchase_order", "commercial_invoice", "packing_list", "bill_of_lading",
                                 "insurance_certificate"};
  if (std::find(std::begin(kTypes), std::end(kTypes), type) == std::end(kTypes))
    return bad(flag, type,
               "must be purchase_order, commercial_invoice, packing_list, bill_of_lading or insurance_certificate");
  return Status::ok();
}

Status text_flag(std::string_view flag, const std::string& text, size_t max_bytes) {
  if (text.empty()) return Status::invalid(std::string(flag) + " must not be empty");
  if (text.size() > max_bytes)
    return bad(flag, text.substr(0, 32) + "...", "longer than " + std::to_string(max_bytes) + " bytes");
  if (!is_valid_utf8(text)) return Status::invalid(std::string(flag) + " is not valid UTF-8");
  return Status::ok();
}

Status add_reason(const std::string& reason, Json* payload) {
  if (reason.empty()) return Status::ok();
  TFL_RETURN_IF_ERROR(text_flag("--reason", reason, 512));
  (*payload)["reason"] = reason;
  return Status::ok();
}

Result<std::pair<std::string, std::string>> field_flag(std::string_view flag, const std::string& text) {
  auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0) return bad(flag, text, "must be name=value");
  std::string name = text.substr(0, eq);
  std::string value = text.substr(eq + 1);
  bool name_ok = name.size() <= 64 && std::all_of(name.begin(), name.end(), [](char c) {
                   return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
                 });
  if (!name_ok) return bad(flag, text, "the name must match [A-Za-z0-9_]{1,64}");
  if (!is_valid_utf8(value)) return bad(flag, name, "the value is not valid UTF-8");
  return std::make_pair(std::move(name), std::move(value));
}

}  // namespace tfl::wallet
