// Calendar dates as the ledger carries them: "YYYY-MM-DD" (ISO 8601, proleptic
// Gregorian, years 0001..9999). Issue, due, shipment and expiry dates are judged
// against the block's UTC date (BlockEnv::date), never a clock.
//
// Two valid dates compare correctly as text ("2026-03-01" < "2026-12-31"), so the
// ledger compares them with std::string's operators.
// Thread-safety: free functions without shared state.
#pragma once

#include <string_view>

namespace tfl {

// True when `s` is exactly YYYY-MM-DD and names a real day (2028-02-29 yes,
// 2026-02-29 no, 2026-04-31 no, 0000-01-01 no).
bool is_valid_date(std::string_view s);

}  // namespace tfl
