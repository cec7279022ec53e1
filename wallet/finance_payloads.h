// Payloads of the finance.* txs (DESIGN §5) from the wallet's flags. Pure: no node, no
// keystore; errors are usage errors (Status::invalid) naming the flag.
// Thread-safety: free functions without shared state.
#pragma once

#include <cstdint>
#include <string>

#include "chain/codec/canonical_json.h"

namespace tfl::wallet {

// finance.request: {financing_id, doc_id, bank, amount, currency}
Result<Json> finance_request_payload(const std::string& financing_id, const std::string& doc_id,
                                     const std::string& bank, const std::string& amount, const std::string& currency);

// finance.approve: {financing_id, amount, rate_bps, due_date}; `currency` is the
// financing's, for converting the decimal amount.
Result<Json> finance_approve_payload(const std::string& financing_id, const std::string& amount,
                                     const std::string& currency, int64_t rate_bps, const std::string& due_date);

// finance.reject, finance.disburse, finance.repay, finance.cancel: {financing_id, reason?}
Result<Json> finance_decision_payload(const std::string& financing_id, const std::string& reason);

}  // namespace tfl::wallet
