#include "chain/trade/lc_examination.h"

#include <set>

#include "chain/trade/money.h"

namespace tfl {
namespace {

std::string quoted(const std::string& s) { return "\"" + s + "\""; }

void check_amount(const Json& lc, int64_t amount, std::vector<Discrepancy>& out) {
  const std::string currency = lc["currency"];
  const int64_t available = lc["amount"].get<int64_t>() - lc["amount_honoured"].get<int64_t>();
  if (amount > available)
    out.push_back({"amount_exceeds_available", "presented " + format_money(amount, currency) + " is over the " +
                                                   format_money(available, currency) +
                                                   " still available under the LC"});
  else if (amount < available && !lc["partial_shipments"].get<bool>())
    out.push_back({"partial_drawing", "presented " + format_money(amount, currency) + " is less than the " +
                                          format_money(available, currency) +
                                          " available and the LC does not allow partial shipments"});
}

void check_required_types(const Json& lc, const std::vector<Json>& documents, std::vector<Discrepancy>& out) {
  std::set<std::string> presented;
  for (const auto& doc : documents) presented.insert(doc["doc_type"].get<std::string>());
  for (const auto& required : lc["required_docs"])
    if (!presented.count(required.get<std::string>()))
      out.push_back({"missing_document", "required " + required.get<std::string>() + " is not presented"});
}

void check_document(const Json& lc, const Json& doc, std::vector<Discrepancy>& out) {
  const std::string id = quoted(doc["doc_id"]);
  const std::string buyer = doc["parties"]["buyer"], seller = doc["parties"]["seller"];
  if (buyer != lc["applicant"])
    out.push_back({"party_mismatch", "document " + id + ": buyer " + buyer + " is not the applicant " +
                                         lc["applicant"].get<std::string>()});
  if (seller != lc["beneficiary"])
    out.push_back({"party_mismatch", "document " + id + ": seller " + seller + " is not the beneficiary " +
                                         lc["beneficiary"].get<std::string>()});
  if (doc.contains("currency") && doc["currency"] != lc["currency"])
    out.push_back({"currency_mismatch", "document " + id + ": currency " + doc["currency"].get<std::string>() +
                                            " differs from the LC's " + lc["currency"].get<std::string>()});
  if (doc["doc_type"] == "bill_of_lading") {
    const std::string shipped = doc["fields"]["shipped_on_board_date"], latest = lc["latest_shipment_date"];
    if (shipped > latest)
      out.push_back({"late_shipment", "bill of lading " + id + ": shipped on board " + shipped +
                                          ", after the latest shipment date " + latest});
  }
}

}  // namespace

std::vector<Discrepancy> examine_presentation(const Json& lc, const std::vector<Json>& documents, int64_t amount,
                                              const std::string& presentation_date) {
  std::vector<Discrepancy> out;
  const std::string expiry = lc["expiry_date"];
  if (presentation_date > expiry)
    out.push_back({"presented_after_expiry", "presented " + presentation_date + ", after the expiry date " + expiry});
  check_amount(lc, amount, out);
  check_required_types(lc, documents, out);
  for (const auto& doc : documents) check_document(lc, doc, out);
  return out;
}

}  // namespace tfl
