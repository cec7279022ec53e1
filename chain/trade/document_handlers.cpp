// doc.issue, doc.accept, doc.reject and doc.amend (DESIGN §5); the record format is in documents.h.
#include <algorithm>
#include <iterator>

#include "chain/codec/json_fields.h"
#include "chain/state/state_keys.h"
#include "chain/trade/documents.h"
#include "chain/trade/handler_support.h"
#include "chain/trade/po_matching.h"
#include "chain/trade/trade_handlers.h"

namespace tfl {
namespace {

// The members of doc.issue that doc.amend may change. parties, doc_type and doc_id are
// fixed: they decide who issues, acknowledges and holds the document.
constexpr const char* kAmendable[] = {"number",   "issue_date", "currency", "amount",
                                      "due_date", "refs",       "fields",   "attachment"};

bool is_invoice(const Json& doc) { return doc["doc_type"] == "commercial_invoice"; }

Status require_issued(const Json& doc, const std::string& done) {
  return require_status(doc, "document", "doc_id", {"issued"}, done);
}

Status issue_document(TxContext& ctx) {
  const Json& p = ctx.payload();
  TFL_RETURN_IF_ERROR(check_fields(p,
                                   {"doc_id", "doc_type", "number", "issue_date", "parties", "currency", "amount",
                                    "due_date", "refs", "fields", "attachment"},
                                   "payload"));
  TFL_ASSIGN_OR_RETURN(std::string doc_id, get_record_id(p, "doc_id"));
  TFL_RETURN_IF_ERROR(require_absent(ctx.state, keys::document(doc_id), "document", doc_id));
  Json doc = p;
  if (!doc.contains("refs")) doc["refs"] = Json::array();
  if (!doc.contains("fields")) doc["fields"] = Json::object();
  TFL_RETURN_IF_ERROR(check_document_content(ctx.state, doc_id, doc));

  const std::string type = doc["doc_type"], issuer = issuing_party(type);
  TFL_RETURN_IF_ERROR(require_sender(ctx, doc["parties"][issuer], issuer, "issue " + with_article(type)));
  doc["issuer"] = ctx.tx.sender;
  doc["version"] = 1;
  doc["status"] = "issued";
  doc["history"] = Json::array({history_entry(ctx, "issued")});
  doc["history"][0]["version"] = 1;
  if (type == "purchase_order") {
    doc["invoices"] = Json::array();
    doc["invoiced"] = 0;
  }
  if (type == "bill_of_lading") {
    doc["holder"] = doc["parties"]["seller"];
    doc["holders"] = Json::array({doc["parties"]["seller"]});
  }
  if (is_invoice(doc)) TFL_RETURN_IF_ERROR(match_invoice(ctx, doc));
  ctx.state.put_json(keys::document(doc_id), doc);
  index_document_parties(ctx.state, doc);
  return Status::ok();
}

// doc.accept and doc.reject: the counterparty's acknowledgement of an issued document.
Status acknowledge_document(TxContext& ctx, const std::string& verb, const std::string& new_status) {
  const Json& p = ctx.payload();
  TFL_RETURN_IF_ERROR(check_fields(p, {"doc_id", "reason"}, "payload"));
  TFL_ASSIGN_OR_RETURN(std::string doc_id, get_record_id(p, "doc_id"));
  TFL_ASSIGN_OR_RETURN(std::optional<std::string> reason, get_reason(p));
  TFL_ASSIGN_OR_RETURN(Json doc, load_document(ctx.state, doc_id));
  const std::string type = doc["doc_type"], counterparty = accepting_party(type);
  if (counterparty.empty())
    return Status::conflict("document " + quote(doc_id) + " is " + with_article(type) +
                            ", which no counterparty accepts or rejects");
  TFL_RETURN_IF_ERROR(
      require_sender(ctx, doc["parties"][counterparty], counterparty, verb + " document " + quote(doc_id)));
  TFL_RETURN_IF_ERROR(require_issued(doc, new_status));
  doc["status"] = new_status;
  doc["history"].push_back(history_entry(ctx, new_status, reason));
  if (new_status == "rejected" && is_invoice(doc)) release_invoice(ctx, doc);
  ctx.state.put_json(keys::document(doc_id), doc);
  return Status::ok();
}

Status accept_document(TxContext& ctx) { return acknowledge_document(ctx, "accept", "accepted"); }
Status reject_document(TxContext& ctx) { return acknowledge_document(ctx, "reject", "rejected"); }

Status check_changes(const Json& changes) {
  TFL_RETURN_IF_ERROR(require_object(changes, "changes"));
  if (changes.empty()) return Status::invalid("changes is empty: name at least one field to amend");
  for (auto it = changes.begin(); it != changes.end(); ++it) {
    if (std::find(std::begin(kAmendable), std::end(kAmendable), it.key()) != std::end(kAmendable)) continue;
    if (it.key() == "parties" || it.key() == "doc_type" || it.key() == "doc_id")
      return Status::invalid("changes: " + it.key() + " cannot be amended; reject the document and issue a new one");
    return Status::invalid("changes: unknown field " + quote(it.key()));
  }
  return Status::ok();
}

// REQUIRES: doc is issued. Refuses a B/L that has changed hands and a financed document.
Status require_amendable(const Json& doc) {
  const std::string doc_id = doc["doc_id"];
  if (doc["doc_type"] == "bill_of_lading" && doc["holders"].size() > 1)
    return Status::conflict("bill of lading " + quote(doc_id) + " has been transferred (holder " +
                            doc["holder"].get<std::string>() + "); it can no longer be amended");
  if (doc.contains("financing"))
    return Status::conflict("document " + quote(doc_id) + " backs financing " +
                            quote(doc["financing"]["financing_id"].get<std::string>()) + " at " +
                            doc["financing"]["bank"].get<std::string>() + "; it cannot be amended while financed");
  return Status::ok();
}

Status amend_document(TxContext& ctx) {
  const Json& p = ctx.payload();
  TFL_RETURN_IF_ERROR(check_fields(p, {"doc_id", "changes"}, "payload"));
  TFL_ASSIGN_OR_RETURN(std::string doc_id, get_record_id(p, "doc_id"));
  TFL_ASSIGN_OR_RETURN(Json changes, get_object(p, "changes"));
  TFL_RETURN_IF_ERROR(check_changes(changes));
  TFL_ASSIGN_OR_RETURN(Json doc, load_document(ctx.state, doc_id));
  TFL_RETURN_IF_ERROR(require_sender(ctx, doc["issuer"], "issuer", "amend document " + quote(doc_id)));
  TFL_RETURN_IF_ERROR(require_issued(doc, "amended (amendments come before acceptance)"));
  TFL_RETURN_IF_ERROR(require_amendable(doc));

  Json amended = doc, previous = Json::object();
  for (auto it = changes.begin(); it != changes.end(); ++it) {
    if (doc.contains(it.key())) previous[it.key()] = doc[it.key()];
    amended[it.key()] = it.value();
  }
  TFL_RETURN_IF_ERROR(check_document_content(ctx.state, doc_id, amended));
  if (is_invoice(doc)) {
    release_invoice(ctx, doc);
    TFL_RETURN_IF_ERROR(match_invoice(ctx, amended));
  }
  int64_t version = doc["version"].get<int64_t>() + 1;
  amended["version"] = version;
  Json entry = history_entry(ctx, "amended");
  entry["version"] = version;
  entry["changes"] = changes;
  entry["previous"] = previous;
  amended["history"].push_back(entry);
  ctx.state.put_json(keys::document(doc_id), amended);
  return Status::ok();
}

}  // namespace

void add_document_handlers(HandlerTable& table) {
  table["doc.issue"] = issue_document;
  table["doc.accept"] = accept_document;
  table["doc.reject"] = reject_document;
  table["doc.amend"] = amend_document;
}

}  // namespace tfl
