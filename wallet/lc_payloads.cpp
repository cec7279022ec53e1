#include "wallet/lc_payloads.h"

#include <algorithm>

#include "wallet/flag_values.h"

namespace tfl::wallet {
namespace {

constexpr size_t kMaxGoodsBytes = 1024;

// Ids from a repeatable flag: each valid, none twice, at least one.
Result<Json> id_list(const char* flag, const std::vector<std::string>& ids,
                     Status (*check)(std::string_view, const std::string&)) {
  if (ids.empty()) return Status::invalid(std::string(flag) + " is required");
  Json out = Json::array();
  for (const auto& id : ids) {
    TFL_RETURN_IF_ERROR(check(flag, id));
    if (std::find(out.begin(), out.end(), id) != out.end())
      return Status::invalid(std::string(flag) + " \"" + id + "\" is given twice");
    out.push_back(id);
  }
  return out;
}

}  // namespace

Result<Json> lc_issue_payload(const LcIssueFlags& f) {
  TFL_RETURN_IF_ERROR(record_id_flag("--id", f.lc_id));
  TFL_RETURN_IF_ERROR(participant_flag("--applicant", f.applicant));
  TFL_RETURN_IF_ERROR(participant_flag("--beneficiary", f.beneficiary));
  TFL_RETURN_IF_ERROR(participant_flag("--advising-bank", f.advising_bank));
  TFL_ASSIGN_OR_RETURN(int64_t amount, amount_flag("--amount", f.amount, f.currency));
  TFL_RETURN_IF_ERROR(date_flag("--expiry-date", f.expiry_date));
  TFL_RETURN_IF_ERROR(date_flag("--latest-shipment-date", f.latest_shipment_date));
  TFL_ASSIGN_OR_RETURN(Json docs, id_list("--required-doc", f.required_docs, doc_type_flag));
  TFL_RETURN_IF_ERROR(text_flag("--goods", f.goods, kMaxGoodsBytes));
  return Json{{"lc_id", f.lc_id},
              {"applicant", f.applicant},
              {"beneficiary", f.beneficiary},
              {"advising_bank", f.advising_bank},
              {"currency", f.currency},
              {"amount", amount},
              {"expiry_date", f.expiry_date},
              {"latest_shipment_date", f.latest_shipment_date},
              {"partial_shipments", f.partial_shipments},
              {"required_docs", docs},
              {"goods", f.goods}};
}

Result<Json> lc_amend_payload(const LcAmendFlags& f, const std::string& currency) {
  TFL_RETURN_IF_ERROR(record_id_flag("--id", f.lc_id));
  TFL_RETURN_IF_ERROR(record_id_flag("--amendment-id", f.amendment_id));
  Json changes = Json::object();
  if (!f.amount.empty()) {
    TFL_ASSIGN_OR_RETURN(int64_t amount, amount_flag("--amount", f.amount, currency));
    changes["amount"] = amount;
  }
  if (!f.expiry_date.empty()) {
    TFL_RETURN_IF_ERROR(date_flag("--expiry-date", f.expiry_date));
    changes["expiry_date"] = f.expiry_date;
  }
  if (!f.latest_shipment_date.empty()) {
    TFL_RETURN_IF_ERROR(date_flag("--latest-shipment-date", f.latest_shipment_date));
    changes["latest_shipment_date"] = f.latest_shipment_date;
  }
  if (changes.empty())
    return Status::invalid("nothing to amend: give --amount, --expiry-date or --latest-shipment-date");
  return Json{{"lc_id", f.lc_id}, {"amendment_id", f.amendment_id}, {"changes", changes}};
}

Result<Json> lc_accept_amendment_payload(const std::string& lc_id, const std::string& amendment_id) {
  TFL_RETURN_IF_ERROR(record_id_flag("--id", lc_id));
  TFL_RETURN_IF_ERROR(record_id_flag("--amendment-id", amendment_id));
  return Json{{"lc_id", lc_id}, {"amendment_id", amendment_id}};
}

Result<Json> lc_advise_payload(const std::string& lc_id) {
  TFL_RETURN_IF_ERROR(record_id_flag("--id", lc_id));
  return Json{{"lc_id", lc_id}};
}

Result<Json> lc_present_payload(const std::string& presentation_id, const std::string& lc_id,
                                const std::vector<std::string>& doc_ids, const std::string& amount,
                                const std::string& currency) {
  TFL_RETURN_IF_ERROR(record_id_flag("--id", presentation_id));
  TFL_RETURN_IF_ERROR(record_id_flag("--lc", lc_id));
  TFL_ASSIGN_OR_RETURN(Json docs, id_list("--doc", doc_ids, record_id_flag));
  TFL_ASSIGN_OR_RETURN(int64_t minor, amount_flag("--amount", amount, currency));
  return Json{{"presentation_id", presentation_id}, {"lc_id", lc_id}, {"doc_ids", docs}, {"amount", minor}};
}

Result<Json> lc_presentation_decision_payload(const std::string& presentation_id, const std::string& reason) {
  TFL_RETURN_IF_ERROR(record_id_flag("--id", presentation_id));
  Json p{{"presentation_id", presentation_id}};
  TFL_RETURN_IF_ERROR(add_reason(reason, &p));
  return p;
}

}  // namespace tfl::wallet
