#include "chain/trade/dates.h"

namespace tfl {
namespace {

int digits_value(std::string_view s) {
  int v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return -1;
    v = v * 10 + (c - '0');
  }
  return v;
}

bool is_leap_year(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap_year(y) ? 29 : kDays[m - 1];
}

}  // namespace

bool is_valid_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  int y = digits_value(s.substr(0, 4)), m = digits_value(s.substr(5, 2)), d = digits_value(s.substr(8, 2));
  if (y < 1 || m < 1 || m > 12 || d < 1) return false;
  return d <= days_in_month(y, m);
}

}  // namespace tfl
