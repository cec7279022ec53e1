// Checks and conversions of the values people type on the command line, with errors
// that name the flag: "--amount \"12,500.00\": ...". Every error is Status::invalid
// (a usage error). The ledger applies its own rules again; these catch typos before
// anything is signed.
// Thread-safety: free functions without shared state.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "chain/codec/canonical_json.h"
#include "chain/util/status.h"

namespace tfl::wallet {

// A decimal amount ("12500.00") in exact minor units of `currency` (money.h); more than
// zero unless allow_zero.
Result<int64_t> amount_flag(std::string_view flag, const std::string& text, const std::string& currency,
                            bool allow_zero = false);
// An ISO 4217 code of the ledger's currency table.
Status currency_flag(std::string_view flag, const std::string& code);
// YYYY-MM-DD naming a real day.
Status date_flag(std::string_view flag, const std::string& date);
// A document, financing, LC, presentation or amendment id: [A-Za-z0-9._-]{1,64}.
Status record_id_flag(std::string_view flag, const std::string& id);
// A participant id: [a-z0-9-]{2,32}.
Status participant_flag(std::string_view flag, const std::string& id);
// One of purchase_order, commercial_invoice, packing_list, bill_of_lading, insurance_certificate.
Status doc_type_flag(std::string_view flag, const std::string& type);
// Free text (document number, goods, name, reason): non-empty, at most max_bytes, valid UTF-8.
Status text_flag(std::string_view flag, const std::string& text, size_t max_bytes);
// Adds `reason` (at most 512 bytes) to a decision's payload when it is not empty.
Status add_reason(const std::string& reason, Json* payload);
// "name=value" → {name, value}; name is [A-Za-z0-9_]{1,64}.
Result<std::pair<std::string, std::string>> field_flag(std::string_view flag, const std::string& text);

}  // namespace tfl::wallet
