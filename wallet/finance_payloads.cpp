#include "wallet/finance_payloads.h"

#include "wallet/flag_values.h"

namespace tfl::wallet {
namespace {

constexpr int64_t kMaxRateBps = 100000;  // 1000 % a year: anything above is a typo

}  // namespace

Result<Json> finance_request_payload(const std::string& financing_id, const std::string& doc_id,
                                     const std::string& bank, const std::string& amount, const std::string& currency) {
  TFL_RETURN_IF_ERROR(record_id_flag("--id", financing_id));
  TFL_RETURN_IF_ERROR(record_id_flag("--doc", doc_id));
  TFL_RETURN_IF_ERROR(participant_flag("--bank", bank));
  TFL_ASSIGN_OR_RETURN(int64_t minor, amount_flag("--amount", amount, currency));
  return Json{
      {"financing_id", financing_id}, {"doc_id", doc_id}, {"bank", bank}, {"amount", minor}, {"currency", currency}};
}

Result<Json> finance_approve_payload(const std::string& financing_id, const std::string& amount,
                                     const std::string& currency, int64_t rate_bps, const std::string& due_date) {
  TFL_RETURN_IF_ERROR(record_id_flag("--id", financing_id));
  TFL_ASSIGN_OR_RETURN(int64_t minor, amount_flag("--amount", amount, currency));
  if (rate_bps < 0 || rate_bps > kMaxRateBps)
    return Status::invalid("--rate-bps " + std::to_string(rate_bps) + " must be between 0 and " +
                           std::to_string(kMaxRateBps) + " (basis points a year: 450 is 4.50 %)");
  TFL_RETURN_IF_ERROR(date_flag("--due-date", due_date));
  return Json{{"financing_id", financing_id}, {"amount", minor}, {"rate_bps", rate_bps}, {"due_date", due_date}};
}

Result<Json> finance_decision_payload(const std::string& financing_id, const std::string& reason) {
  TFL_RETURN_IF_ERROR(record_id_flag("--id", financing_id));
  Json p{{"financing_id", financing_id}};
  TFL_RETURN_IF_ERROR(add_reason(reason, &p));
  return p;
}

}  // namespace tfl::wallet
