// Payloads of the doc.* txs (DESIGN §5) from the wallet's flags. Pure: no node, no
// keystore; errors are usage errors (Status::invalid) naming the flag.
// Thread-safety: free functions without shared state.
#pragma once

#include <string>
#include <vector>

#include "chain/codec/canonical_json.h"

namespace tfl::wallet {

// The issue fields of a document as typed; an empty string or list is "not given".
struct DocFlags {
  std::string type;
  std::string number;
  std::string issue_date;
  std::string buyer;
  std::string seller;
  std::string carrier;
  std::string consignee;
  std::string insurer;
  std::string currency;
  std::string amount;  // decimal
  std::string due_date;
  std::vector<std::string> refs;    // other documents' ids
  std::vector<std::string> fields;  // "name=value"
};

// {doc_id, doc_type, number, issue_date, parties{buyer, seller, carrier?, consignee?,
//  insurer?}, currency?, amount?, due_date?, refs[]?, fields{}?}
// Requires type, number, issue date, buyer and seller; amount and currency go together.
Result<Json> doc_issue_payload(const std::string& doc_id, const DocFlags& f);

// {doc_id, changes{...the issue fields given}}: number, issue_date, currency, amount,
// due_date, refs, fields (the ledger fixes type and parties, so those are refused). An
// amount without --currency is in `doc_currency` (the document's currency on the
// ledger; empty when unknown). Refuses an amendment that changes nothing.
Result<Json> doc_amend_payload(const std::string& doc_id, const DocFlags& f, const std::string& doc_currency);

// doc.accept, doc.reject, doc.surrender: {doc_id, reason?}
Result<Json> doc_decision_payload(const std::string& doc_id, const std::string& reason);

// doc.transfer: {doc_id, to}
Result<Json> doc_transfer_payload(const std::string& doc_id, const std::string& to);

// The distinct participant ids named in a payload's `parties`, in member order.
std::vector<std::string> party_ids(const Json& parties);

}  // namespace tfl::wallet
