// A corporate's credit limit (DESIGN §5): the total of its open financings across all
// banks never exceeds the credit_limit{currency, amount} its onboarding bank set. The
// participant record's `open_financing` is that total, in the limit's currency; a
// corporate without a limit is not limited and nothing is counted for it.
// Thread-safety: free functions without shared state.
#pragma once

#include <cstdint>
#include <string>

#include "chain/state/state_view.h"
#include "chain/util/status.h"

namespace tfl {

// Counts `amount` of `currency` against `corporate`'s limit and returns what was
// counted: `amount`, or 0 when it has no limit. Refuses a currency other than the
// limit's and a total over the limit, naming the figures and the bank.
Result<int64_t> reserve_credit(StateOverlay& state, const std::string& corporate, const std::string& currency,
                               int64_t amount);

// Gives back `counted` of what reserve_credit counted.
// REQUIRES: counted <= the corporate's open_financing.
void release_credit(StateOverlay& state, const std::string& corporate, int64_t counted);

}  // namespace tfl
