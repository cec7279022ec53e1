// Documentary letters of credit (DESIGN §5; MT700 core fields, UCP 600 in spirit).
//
// Lifecycle (who sends):
//   lc.issue (issuing bank) -> "issued" -> lc.advise (advising bank) -> "advised"
//   lc.amend (issuing bank) proposes an amendment; lc.accept_amendment (beneficiary)
//   applies it. lc.present (beneficiary, once advised): the ledger examines the
//   documents (lc_examination.h) and records the presentation "compliant" or
//   "discrepant"; lc.waive (applicant): discrepant -> "waived"; lc.honour (issuing bank):
//   compliant or waived -> "honoured", adding to amount_honoured; lc.refuse (issuing
//   bank): discrepant or waived -> "refused" (a compliant presentation must be honoured,
//   unless what is left no longer covers it). When nothing is left the LC is "utilised"
//   and takes no more presentations or amendments.
//
// LC record at keys::lc(lc_id):
//   {lc_id, issuing_bank, applicant, beneficiary, advising_bank, currency, amount,
//    amount_honoured, amount_available, expiry_date, latest_shipment_date,
//    partial_shipments, required_docs[], goods, status,
//    amendments[{amendment_id, changes{amount?, expiry_date?, latest_shipment_date?},
//                status "proposed"|"accepted", proposed_height, accepted_height?}],
//    presentations[presentation_id], history[{event, tx, actor, ...}]}
// Presentation record at keys::presentation(presentation_id):
//   {presentation_id, lc_id, issuing_bank, applicant, beneficiary, currency, amount,
//    presented_date, doc_ids[], documents[{doc_id, doc_type, version}] (the versions
//    examined), status, discrepancies[{code, message}], history[]}
// Indexes: by_party(applicant|beneficiary|issuing_bank|advising_bank, "lc", lc_id),
//          by_doc(doc_id, "presentation", presentation_id).
// The handlers are registered by add_letter_of_credit_handlers (trade_handlers.h).
// Thread-safety: free functions without shared state.
#pragma once

#include <string>

#include "chain/codec/canonical_json.h"
#include "chain/state/state_view.h"

namespace tfl {

// The LC `lc_id`, or a refusal (Code::kConflict) saying it does not exist.
Result<Json> load_lc(const StateReader& state, const std::string& lc_id);

// The presentation `presentation_id`, or a refusal saying it does not exist.
Result<Json> load_presentation(const StateReader& state, const std::string& presentation_id);

}  // namespace tfl
