#include "chain/trade/documents.h"

#include "chain/codec/json_fields.h"
#include "chain/crypto/sealed_attachment.h"
#include "chain/state/state_keys.h"
#include "chain/trade/handler_support.h"

namespace tfl {
namespace {

constexpr size_t kMaxRefs = 32;

struct PartyRole {
  const char* member;  // in parties{}
  const char* role;    // required participant role; "" for any
};
constexpr PartyRole kPartyRoles[] = {
    {"buyer", "corporate"}, {"seller", "corporate"}, {"carrier", "carrier"}, {"consignee", ""}, {"insurer", "insurer"}};

bool priced(std::string_view doc_type) {
  return doc_type == "purchase_order" || doc_type == "commercial_invoice" || doc_type == "insurance_certificate";
}

Status check_parties(const StateReader& state, const std::string& doc_type, const Json& parties) {
  TFL_RETURN_IF_ERROR(check_fields(parties, {"buyer", "seller", "carrier", "consignee", "insurer"}, "parties"));
  for (const auto& pr : kPartyRoles) {
    bool required = std::string_view(pr.member) == "buyer" || std::string_view(pr.member) == "seller" ||
                    pr.member == issuing_party(doc_type);
    if (!parties.contains(pr.member)) {
      if (required) return Status::invalid(with_article(doc_type) + " needs parties." + pr.member);
      continue;
    }
    TFL_ASSIGN_OR_RETURN(std::string id, get_participant_id(parties, pr.member));
    TFL_RETURN_IF_ERROR(require_participant(state, id, pr.role, pr.member));
  }
  if (parties["buyer"] == parties["seller"])
    return Status::invalid("buyer and seller must be different participants, both are " +
                           parties["buyer"].get<std::string>());
  return Status::ok();
}

Status check_money(const std::string& doc_type, const Json& doc) {
  bool has_currency = doc.contains("currency"), has_amount = doc.contains("amount");
  if (has_currency != has_amount) return Status::invalid("currency and amount go together");
  if (!has_amount) {
    if (priced(doc_type)) return Status::invalid(with_article(doc_type) + " needs currency and amount");
    return Status::ok();
  }
  TFL_RETURN_IF_ERROR(get_currency(doc, "currency").status());
  return get_amount(doc, "amount").status();
}

Status check_refs(const StateReader& state, const std::string& doc_id, const Json& doc) {
  TFL_ASSIGN_OR_RETURN(const Json* refs, array_member(doc, "refs"));
  if (refs->size() > kMaxRefs) return Status::invalid("at most " + std::to_string(kMaxRefs) + " refs");
  std::set<std::string> seen;
  for (const auto& ref : *refs) {
    TFL_ASSIGN_OR_RETURN(std::string id, record_id_value(ref, "ref"));
    if (id == doc_id) return Status::invalid("document " + quote(doc_id) + " cannot refer to itself");
    if (!seen.insert(id).second) return Status::invalid("refs lists " + quote(id) + " twice");
    TFL_RETURN_IF_ERROR(load_document(state, id).status().with_context("refs"));
  }
  return Status::ok();
}

Status check_doc_fields(const std::string& doc_type, const Json& doc) {
  TFL_ASSIGN_OR_RETURN(const Json* fields, object_member(doc, "fields"));
  if (doc_type != "bill_of_lading") return Status::ok();
  TFL_RETURN_IF_ERROR(get_date(*fields, "shipped_on_board_date").status().with_context("fields"));
  for (const char* name : {"port_of_loading", "port_of_discharge", "vessel"})
    TFL_RETURN_IF_ERROR(get_text(*fields, name, 128).status().with_context("fields"));
  return Status::ok();
}

}  // namespace

bool is_doc_type(std::string_view t) {
  return t == "purchase_order" || t == "commercial_invoice" || t == "packing_list" || t == "bill_of_lading" ||
         t == "insurance_certificate";
}

std::string issuing_party(std::string_view doc_type) {
  if (doc_type == "purchase_order") return "buyer";
  if (doc_type == "bill_of_lading") return "carrier";
  if (doc_type == "insurance_certificate") return "insurer";
  return "seller";
}

std::string accepting_party(std::string_view doc_type) {
  if (doc_type == "purchase_order") return "seller";
  if (doc_type == "commercial_invoice" || doc_type == "packing_list") return "buyer";
  return "";
}

std::set<std::string> document_parties(const Json& doc) {
  std::set<std::string> parties;
  for (const auto& [member, id] : doc.at("parties").items()) parties.insert(id.get<std::string>());
  return parties;
}

Result<Json> load_document(const StateReader& state, const std::string& doc_id) {
  return load_record(state, keys::document(doc_id), "document", doc_id);
}

Status check_document_content(const StateReader& state, const std::string& doc_id, const Json& doc) {
  TFL_ASSIGN_OR_RETURN(std::string doc_type, get_string(doc, "doc_type"));
  if (!is_doc_type(doc_type))
    return Status::invalid("doc_type " + quote(doc_type) +
                           " must be purchase_order, commercial_invoice, packing_list, bill_of_lading or "
                           "insurance_certificate");
  TFL_RETURN_IF_ERROR(get_text(doc, "number", 64).status());
  TFL_ASSIGN_OR_RETURN(std::string issue_date, get_date(doc, "issue_date"));
  TFL_ASSIGN_OR_RETURN(const Json* parties, object_member(doc, "parties"));
  TFL_RETURN_IF_ERROR(check_parties(state, doc_type, *parties));
  TFL_RETURN_IF_ERROR(check_money(doc_type, doc));
  if (doc.contains("due_date")) {
    TFL_ASSIGN_OR_RETURN(std::string due_date, get_date(doc, "due_date"));
    if (due_date < issue_date) return Status::invalid("due_date " + due_date + " is before issue_date " + issue_date);
  }
  TFL_RETURN_IF_ERROR(check_refs(state, doc_id, doc));
  TFL_RETURN_IF_ERROR(check_doc_fields(doc_type, doc));
  if (doc.contains("attachment"))
    TFL_RETURN_IF_ERROR(check_attachment_format(doc["attachment"], document_parties(doc)));
  return Status::ok();
}

void index_document_parties(StateOverlay& state, const Json& doc) {
  for (const auto& party : document_parties(doc)) put_index(state, keys::by_party(party, "doc", doc["doc_id"]));
}

}  // namespace tfl
