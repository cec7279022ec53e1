// The ledger's examination of documents presented under a letter of credit (DESIGN §5).
// A pure function of the LC, the presented documents, the amount and the presentation
// date: every node reaches the same verdict.
//
// Discrepancy codes (each with a message naming the documents and figures):
//   presented_after_expiry    the presentation date is after the LC's expiry_date
//   amount_exceeds_available  the amount is over what is left (amount - amount_honoured)
//   partial_drawing           less than what is left, and partial_shipments is false
//   missing_document          a required_docs type is not among the documents
//   party_mismatch            a document's buyer is not the applicant, or its seller
//                             not the beneficiary
//   currency_mismatch         a document carries a currency other than the LC's
//   late_shipment             a bill of lading's shipped_on_board_date is after the
//                             latest_shipment_date
// Documents of types the LC does not require are examined for parties, currency and
// shipment like the others (a presentation must be consistent on its face).
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "chain/codec/canonical_json.h"

namespace tfl {

struct Discrepancy {
  std::string code;
  std::string message;
  Json to_json() const { return Json{{"code", code}, {"message", message}}; }
};

// Examines a presentation of `amount` (minor units of the LC's currency) made on
// `presentation_date` (YYYY-MM-DD) with `documents` (document records, documents.h)
// under `lc` (an LC record, letters_of_credit.h). Empty result: compliant.
std::vector<Discrepancy> examine_presentation(const Json& lc, const std::vector<Json>& documents, int64_t amount,
                                              const std::string& presentation_date);

}  // namespace tfl
