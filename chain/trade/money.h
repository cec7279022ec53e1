// Money: ISO 4217 currencies and the exact conversion between the decimal amounts
// people type ("12500.00") and the integer minor units the ledger stores (1250000).
//
// The ledger never uses floating point for money. An amount is an int64 count of the
// currency's minor unit (cents for USD, yen for JPY, fils for KWD), and fits the JSON
// profile: 0 <= amount <= kMaxSafeInteger.
//
// The currency table is part of consensus: a code the table does not list is refused
// by every trade tx. Codes without a minor unit (precious metals, XDR, test codes) are
// not listed.
// Thread-safety: free functions without shared state.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "chain/util/status.h"

namespace tfl {

// Digits after the decimal point of an active ISO 4217 currency (USD 2, JPY 0, KWD 3,
// CLF 4), or nullopt when `code` is not one.
std::optional<int> currency_minor_digits(std::string_view code);

inline bool is_known_currency(std::string_view code) { return currency_minor_digits(code).has_value(); }

// Converts a plain decimal ("12500", "12500.5", "12500.50") to minor units of `currency`
// exactly. Refuses: an unknown currency, signs, spaces, thousands separators,
// exponents, a bare "." or a missing integer part, more decimals than the currency
// has (even trailing zeros: "12.500" USD), and results above kMaxSafeInteger.
// Zero is accepted; callers that need a positive amount check it.
Result<int64_t> parse_decimal_amount(std::string_view text, std::string_view currency);

// The decimal form of `minor` units of `currency`: 1250000 USD -> "12500.00",
// 1250 JPY -> "1250", -5 USD -> "-0.05". An unknown code is formatted with 2 digits.
std::string format_amount(int64_t minor, std::string_view currency);

// "12500.00 USD": the form refusal messages use.
std::string format_money(int64_t minor, std::string_view currency);

}  // namespace tfl
