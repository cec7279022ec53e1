#include "wallet/doc_payloads.h"

#include <algorithm>

#include "wallet/flag_values.h"

namespace tfl::wallet {
namespace {

constexpr size_t kMaxNumberBytes = 128;

bool any_party(const DocFlags& f) {
  return !f.buyer.empty() || !f.seller.empty() || !f.carrier.empty() || !f.consignee.empty() || !f.insurer.empty();
}

// parties{buyer, seller, carrier?, consignee?, insurer?}
Result<Json> parties(const DocFlags& f) {
  if (f.buyer.empty() || f.seller.empty()) return Status::invalid("--buyer and --seller are required");
  Json p = Json::object();
  const std::pair<const char*, const std::string*> members[] = {{"buyer", &f.buyer},
                                                                {"seller", &f.seller},
                                                                {"carrier", &f.carrier},
                                                                {"consignee", &f.consignee},
                                                                {"insurer", &f.insurer}};
  for (const auto& [name, value] : members) {
    if (value->empty()) continue;
    TFL_RETURN_IF_ERROR(participant_flag(std::string("--") + name, *value));
    p[name] = *value;
  }
  return p;
}

Result<Json> refs(const std::vector<std::string>& ids) {
  Json out = Json::array();
  for (const auto& id : ids) {
    TFL_RETURN_IF_ERROR(record_id_flag("--ref", id));
    out.push_back(id);
  }
  return out;
}

Result<Json> fields(const std::vector<std::string>& pairs) {
  Json out = Json::object();
  for (const auto& text : pairs) {
    TFL_ASSIGN_OR_RETURN(auto kv, field_flag("--field", text));
    if (out.contains(kv.first)) return Status::invalid("--field \"" + kv.first + "\" is given twice");
    out[kv.first] = kv.second;
  }
  return out;
}

// Adds to `out` every optional issue field given: due date, currency, amount (in
// `amount_currency`), refs, fields.
Status add_optional_fields(const DocFlags& f, const std::string& amount_currency, Json* out) {
  if (!f.due_date.empty()) {
    TFL_RETURN_IF_ERROR(date_flag("--due-date", f.due_date));
    (*out)["due_date"] = f.due_date;
  }
  if (!f.currency.empty()) {
    TFL_RETURN_IF_ERROR(currency_flag("--currency", f.currency));
    (*out)["currency"] = f.currency;
  }
  if (!f.amount.empty()) {
    TFL_ASSIGN_OR_RETURN(int64_t amount, amount_flag("--amount", f.amount, amount_currency));
    (*out)["amount"] = amount;
  }
  if (!f.refs.empty()) {
    TFL_ASSIGN_OR_RETURN((*out)["refs"], refs(f.refs));
  }
  if (!f.fields.empty()) {
    TFL_ASSIGN_OR_RETURN((*out)["fields"], fields(f.fields));
  }
  return Status::ok();
}

}  // namespace

Result<Json> doc_issue_payload(const std::string& doc_id, const DocFlags& f) {
  TFL_RETURN_IF_ERROR(record_id_flag("--id", doc_id));
  TFL_RETURN_IF_ERROR(doc_type_flag("--type", f.type));
  TFL_RETURN_IF_ERROR(text_flag("--number", f.number, kMaxNumberBytes));
  TFL_RETURN_IF_ERROR(date_flag("--issue-date", f.issue_date));
  if (f.amount.empty() != f.currency.empty()) return Status::invalid("--amount and --currency go together");
  TFL_ASSIGN_OR_RETURN(Json p, parties(f));
  Json payload{
      {"doc_id", doc_id}, {"doc_type", f.type}, {"number", f.number}, {"issue_date", f.issue_date}, {"parties", p}};
  TFL_RETURN_IF_ERROR(add_optional_fields(f, f.currency, &payload));
  return payload;
}

Result<Json> doc_amend_payload(const std::string& doc_id, const DocFlags& f, const std::string& doc_currency) {
  TFL_RETURN_IF_ERROR(record_id_flag("--id", doc_id));
  if (!f.type.empty()) return Status::invalid("a document's type cannot be amended; reject it and issue a new one");
  Json changes = Json::object();
  if (!f.number.empty()) {
    TFL_RETURN_IF_ERROR(text_flag("--number", f.number, kMaxNumberBytes));
    changes["number"] = f.number;
  }
  if (!f.issue_date.empty()) {
    TFL_RETURN_IF_ERROR(date_flag("--issue-date", f.issue_date));
    changes["issue_date"] = f.issue_date;
  }
  if (any_party(f)) return Status::invalid("a document's parties cannot be amended; reject it and issue a new one");
  const std::string currency = f.currency.empty() ? doc_currency : f.currency;
  if (!f.amount.empty() && currency.empty())
    return Status::invalid("--amount needs --currency (the document has no currency)");
  TFL_RETURN_IF_ERROR(add_optional_fields(f, currency, &changes));
  if (changes.empty()) return Status::invalid("nothing to amend: give at least one field to change");
  return Json{{"doc_id", doc_id}, {"changes", changes}};
}

Result<Json> doc_decision_payload(const std::string& doc_id, const std::string& reason) {
  TFL_RETURN_IF_ERROR(record_id_flag("--id", doc_id));
  Json p{{"doc_id", doc_id}};
  TFL_RETURN_IF_ERROR(add_reason(reason, &p));
  return p;
}

Result<Json> doc_transfer_payload(const std::string& doc_id, const std::string& to) {
  TFL_RETURN_IF_ERROR(record_id_flag("--id", doc_id));
  TFL_RETURN_IF_ERROR(participant_flag("--to", to));
  return Json{{"doc_id", doc_id}, {"to", to}};
}

std::vector<std::string> party_ids(const Json& parties) {
  std::vector<std::string> out;
  if (!parties.is_object()) return out;
  for (const auto& [role, id] : parties.items()) {
    (void)role;
    if (id.is_string() && std::find(out.begin(), out.end(), id.get<std::string>()) == out.end())
      out.push_back(id.get<std::string>());
  }
  return out;
}

}  // namespace tfl::wallet
