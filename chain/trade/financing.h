// Receivables financing with the duplicate-financing guard (DESIGN §5).
//
// A seller asks one bank to finance an accepted commercial invoice, or a bill of lading
// it holds that carries a value (currency and amount). The request registers the
// document's fingerprints (fingerprints.h); while any of them is held by an open
// financing, at any bank, every other request carrying it is refused with the holder's
// reference. Rejection, cancellation and repayment release them.
//
// Lifecycle (who sends):
//   requested --approve (bank)--> approved --disburse (bank)--> disbursed --repay (bank)--> repaid
//   requested|approved --reject (bank)--> rejected;  requested --cancel (seller)--> cancelled
// Open = requested, approved or disbursed.
//
// Credit limit: when the seller has a credit_limit (set by its onboarding bank), its
// open financing across all banks — requested amounts, then approved amounts once
// approved — never exceeds it, and a financing in another currency is refused. The
// participant's `open_financing` holds that total; a corporate without a limit is not
// limited.
//
// Financing record at keys::financing(id):
//   {financing_id, doc_id, doc_type, seller, buyer, bank, currency, amount (requested),
//    status, fingerprints[{kind, fingerprint}], credit_counted (what open_financing
//    holds for it), terms?{amount, rate_bps, due_date}, history[{event, tx, actor,
//    reason?}]} (history_entry: the API adds each entry's height and time)
// Fingerprint record at keys::fingerprint(hex):
//   {fingerprint, kind, status "held"|"released", financing_id, bank, seller, doc_id,
//    height, released_height?} — the last financing that registered it. A fingerprint is
//   held exactly when its record exists with status "held".
// The financed document carries financing{financing_id, bank} while the financing is open.
// Indexes: by_party(seller|bank, "financing", id), by_doc(doc_id, "financing", id).
// Thread-safety: free functions without shared state.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "chain/codec/canonical_json.h"
#include "chain/state/state_view.h"

namespace tfl {

bool is_open_financing_status(std::string_view status);

// The financing `financing_id`, or a refusal (Code::kConflict) saying it does not exist.
Result<Json> load_financing(const StateReader& state, const std::string& financing_id);

// The fingerprint record for `hex` (lowercase SHA-256 hex), or nullopt when no financing
// ever registered it. GET /fingerprints/{hex}: held by record["financing_id"] at
// record["bank"] when status is "held", otherwise not held.
std::optional<Json> load_fingerprint(const StateReader& state, const std::string& hex);

}  // namespace tfl
