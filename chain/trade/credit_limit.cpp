#include "chain/trade/credit_limit.h"

#include "chain/state/participant.h"
#include "chain/state/state_keys.h"
#include "chain/trade/money.h"

namespace tfl {

Result<int64_t> reserve_credit(StateOverlay& state, const std::string& corporate, const std::string& currency,
                               int64_t amount) {
  Json record = *load_participant(state, corporate);
  if (!record.contains("credit_limit")) return int64_t{0};
  const std::string limit_currency = record["credit_limit"]["currency"], bank = record["onboarded_by"];
  int64_t limit = record["credit_limit"]["amount"], open = record["open_financing"];
  if (currency != limit_currency)
    return Status::conflict("the credit limit of " + corporate + " is in " + limit_currency + " (set by " + bank +
                            "); a " + currency + " financing cannot be counted against it");
  if (open + amount > limit)
    return Status::conflict("credit limit of " + corporate + " exceeded: " + format_money(open, currency) +
                            " already open across all banks + " + format_money(amount, currency) + " = " +
                            format_money(open + amount, currency) + ", over the " + format_money(limit, currency) +
                            " limit set by " + bank);
  record["open_financing"] = open + amount;
  store_participant(state, std::move(record));
  return amount;
}

void release_credit(StateOverlay& state, const std::string& corporate, int64_t counted) {
  if (counted == 0) return;
  Json record = *load_participant(state, corporate);
  record["open_financing"] = record["open_financing"].get<int64_t>() - counted;
  store_participant(state, std::move(record));
}

}  // namespace tfl
