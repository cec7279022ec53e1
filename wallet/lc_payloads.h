// Payloads of the lc.* txs (DESIGN §5) from the wallet's flags. Pure: no node, no
// keystore; errors are usage errors (Status::invalid) naming the flag.
// Thread-safety: free functions without shared state.
#pragma once

#include <string>
#include <vector>

#include "chain/codec/canonical_json.h"

namespace tfl::wallet {

struct LcIssueFlags {
  std::string lc_id;
  std::string applicant;
  std::string beneficiary;
  std::string advising_bank;
  std::string currency;
  std::string amount;  // decimal
  std::string expiry_date;
  std::string latest_shipment_date;
  bool partial_shipments = false;
  std::vector<std::string> required_docs;  // document types
  std::string goods;
};

// lc.issue: {lc_id, applicant, beneficiary, advising_bank, currency, amount, expiry_date,
//            latest_shipment_date, partial_shipments, required_docs[], goods}
Result<Json> lc_issue_payload(const LcIssueFlags& f);

struct LcAmendFlags {
  std::string lc_id;
  std::string amendment_id;
  std::string amount;  // decimal, optional
  std::string expiry_date;
  std::string latest_shipment_date;
};

// lc.amend: {lc_id, amendment_id, changes{amount?, expiry_date?, latest_shipment_date?}};
// `currency` is the LC's, for converting the amount. Refuses an empty amendment.
Result<Json> lc_amend_payload(const LcAmendFlags& f, const std::string& currency);

// lc.accept_amendment: {lc_id, amendment_id}
Result<Json> lc_accept_amendment_payload(const std::string& lc_id, const std::string& amendment_id);

// lc.advise: {lc_id}
Result<Json> lc_advise_payload(const std::string& lc_id);

// lc.present: {presentation_id, lc_id, doc_ids[], amount}; `currency` is the LC's.
Result<Json> lc_present_payload(const std::string& presentation_id, const std::string& lc_id,
                                const std::vector<std::string>& doc_ids, const std::string& amount,
                                const std::string& currency);

// lc.honour, lc.refuse, lc.waive: {presentation_id, reason?}
Result<Json> lc_presentation_decision_payload(const std::string& presentation_id, const std::string& reason);

}  // namespace tfl::wallet
