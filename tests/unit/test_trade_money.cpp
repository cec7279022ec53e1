// Money (decimal <-> minor units) and calendar dates.
#include <catch2/catch.hpp>

#include "chain/codec/canonical_json.h"
#include "chain/trade/dates.h"
#include "chain/trade/money.h"

using namespace tfl;

TEST_CASE("currency_minor_digits knows ISO 4217 minor units", "[trade][money]") {
  struct Row {
    const char* code;
    std::optional<int> digits;
  };
  const Row rows[] = {{"USD", 2},
                      {"EUR", 2},
                      {"HKD", 2},
                      {"JPY", 0},
                      {"KRW", 0},
                      {"KWD", 3},
                      {"BHD", 3},
                      {"CLF", 4},
                      {"AED", 2},
                      {"ZWG", 2},
                      {"XAU", std::nullopt},
                      {"usd", std::nullopt},
                      {"US", std::nullopt},
                      {"", std::nullopt},
                      {"XYZ", std::nullopt}};
  for (const auto& r : rows) {
    INFO(r.code);
    CHECK(currency_minor_digits(r.code) == r.digits);
  }
}

TEST_CASE("parse_decimal_amount converts exactly", "[trade][money]") {
  struct Row {
    const char* text;
    const char* currency;
    int64_t minor;
  };
  const Row rows[] = {
      {"12500.00", "USD", 1250000},
      {"12500", "USD", 1250000},
      {"12500.5", "USD", 1250050},
      {"0.01", "USD", 1},
      {"0", "USD", 0},
      {"007.50", "USD", 750},
      {"1250", "JPY", 1250},
      {"1.234", "KWD", 1234},
      {"0.0001", "CLF", 1},
      {"90071992547409.91", "USD", kMaxSafeInteger},
      {"9007199254740991", "JPY", kMaxSafeInteger},
      {"0.29", "USD", 29},  // the classic float trap: 0.29 * 100 = 28.999999999999996
  };
  for (const auto& r : rows) {
    INFO(r.text << " " << r.currency);
    auto got = parse_decimal_amount(r.text, r.currency);
    REQUIRE(got);
    CHECK(*got == r.minor);
  }
}

TEST_CASE("parse_decimal_amount refuses what is not exact", "[trade][money]") {
  struct Row {
    const char* text;
    const char* currency;
    const char* why;
  };
  const Row rows[] = {
      {"12500.001", "USD", "at most 2 decimals"},
      {"12.500", "USD", "at most 2 decimals"},
      {"1.0001", "KWD", "at most 3 decimals"},
      {"1.5", "JPY", "JPY has no minor unit"},
      {"1.0", "JPY", "JPY has no minor unit"},
      {"-5.00", "USD", "plain decimal"},
      {"+5.00", "USD", "plain decimal"},
      {"1,000.00", "USD", "plain decimal"},
      {"1e3", "USD", "plain decimal"},
      {" 5", "USD", "plain decimal"},
      {"5 ", "USD", "plain decimal"},
      {"", "USD", "plain decimal"},
      {".", "USD", "plain decimal"},
      {"5.", "USD", "plain decimal"},
      {".5", "USD", "plain decimal"},
      {"1.2.3", "USD", "plain decimal"},
      {"90071992547409.92", "USD", "too large"},
      {"9007199254740992", "JPY", "too large"},
      {"99999999999999999999999999", "USD", "too large"},
      {"10", "XYZ", "unknown currency"},
      {"10", "usd", "unknown currency"},
  };
  for (const auto& r : rows) {
    INFO(r.text << " " << r.currency);
    auto got = parse_decimal_amount(r.text, r.currency);
    REQUIRE_FALSE(got);
    CHECK(got.status().code() == Code::kInvalidArgument);
    CHECK_THAT(got.status().message(), Catch::Contains(r.why));
  }
}

TEST_CASE("format_amount writes the currency's decimals", "[trade][money]") {
  struct Row {
    int64_t minor;
    const char* currency;
    const char* text;
  };
  const Row rows[] = {
      {1250000, "USD", "12500.00"}, {5, "USD", "0.05"},      {-5, "USD", "-0.05"},
      {0, "USD", "0.00"},           {1250, "JPY", "1250"},   {1234, "KWD", "1.234"},
      {1, "CLF", "0.0001"},         {-1250, "JPY", "-1250"}, {kMaxSafeInteger, "USD", "90071992547409.91"}};
  for (const auto& r : rows) {
    INFO(r.minor << " " << r.currency);
    CHECK(format_amount(r.minor, r.currency) == r.text);
  }
  CHECK(format_money(1250000, "USD") == "12500.00 USD");
}

TEST_CASE("format_amount and parse_decimal_amount round-trip", "[trade][money]") {
  for (const char* currency : {"USD", "JPY", "KWD", "CLF"})
    for (int64_t minor : {int64_t{0}, int64_t{1}, int64_t{99}, int64_t{100}, int64_t{123456789}, kMaxSafeInteger}) {
      INFO(minor << " " << currency);
      auto back = parse_decimal_amount(format_amount(minor, currency), currency);
      REQUIRE(back);
      CHECK(*back == minor);
    }
}

TEST_CASE("is_valid_date checks the form and the calendar", "[trade][dates]") {
  for (const char* good :
       {"2026-03-01", "2028-02-29", "2000-02-29", "0001-01-01", "9999-12-31", "2026-04-30", "2026-12-31"}) {
    INFO(good);
    CHECK(is_valid_date(good));
  }
  for (const char* bad :
       {"2026-02-29", "1900-02-29", "2026-04-31", "2026-13-01", "2026-00-10", "2026-01-00", "2026-01-32", "0000-01-01",
        "2026-1-01", "2026/01/01", "2026-01-01T00:00", "20260101", "2026-01-0a", "", "+026-01-01", "2026-01-1 "}) {
    INFO(bad);
    CHECK_FALSE(is_valid_date(bad));
  }
}
