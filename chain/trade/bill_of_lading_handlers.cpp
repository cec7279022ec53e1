// doc.transfer and doc.surrender: exclusive control of an electronic bill of lading
// (DESIGN §5, the MLETR idea). One holder at a time, starting with the seller
// (shipper); only the holder transfers it; surrender returns it to its carrier and
// ends it. A B/L that backs an open financing is pledged: until the financing closes
// its holder may pass it only to the financing bank, and only the bank may surrender it.
#include "chain/codec/json_fields.h"
#include "chain/state/state_keys.h"
#include "chain/trade/documents.h"
#include "chain/trade/handler_support.h"
#include "chain/trade/trade_handlers.h"

namespace tfl {
namespace {

// The bill of lading `doc_id`, still in circulation, whose holder sends the tx.
// `action` is "transfer" or "surrender", `done` its past participle.
Result<Json> load_held_bill_of_lading(const TxContext& ctx, const std::string& doc_id, const std::string& action,
                                      const std::string& done) {
  TFL_ASSIGN_OR_RETURN(Json doc, load_document(ctx.state, doc_id));
  if (doc["doc_type"] != "bill_of_lading")
    return Status::conflict("document " + quote(doc_id) + " is " + with_article(doc["doc_type"].get<std::string>()) +
                            "; only a bill of lading is " + done);
  if (doc["status"] == "surrendered")
    return Status::conflict("bill of lading " + quote(doc_id) + " was surrendered to " +
                            doc["holder"].get<std::string>() + "; it can no longer be " + done);
  TFL_RETURN_IF_ERROR(require_sender(ctx, doc["holder"], "holder", action + " bill of lading " + quote(doc_id)));
  return doc;
}

// The bank a pledged B/L may go to, or "" when the B/L is free (not pledged, or the
// bank already holds it).
std::string pledgee(const Json& doc) {
  if (!doc.contains("financing")) return "";
  std::string bank = doc["financing"]["bank"];
  return doc["holder"] == bank ? "" : bank;
}

std::string pledge_text(const Json& doc) {
  return "bill of lading " + quote(doc["doc_id"].get<std::string>()) + " backs financing " +
         quote(doc["financing"]["financing_id"].get<std::string>()) + " at " +
         doc["financing"]["bank"].get<std::string>();
}

void pass_to(TxContext& ctx, Json& doc, const std::string& to, const std::string& event,
             const std::optional<std::string>& reason) {
  Json entry = history_entry(ctx, event, reason);
  entry["from"] = doc["holder"];
  entry["to"] = to;
  doc["history"].push_back(entry);
  doc["holder"] = to;
  doc["holders"].push_back(to);
  ctx.state.put_json(keys::document(doc["doc_id"]), doc);
  put_index(ctx.state, keys::by_party(to, "doc", doc["doc_id"]));
}

Status transfer_bill_of_lading(TxContext& ctx) {
  const Json& p = ctx.payload();
  TFL_RETURN_IF_ERROR(check_fields(p, {"doc_id", "to"}, "payload"));
  TFL_ASSIGN_OR_RETURN(std::string doc_id, get_record_id(p, "doc_id"));
  TFL_ASSIGN_OR_RETURN(std::string to, get_participant_id(p, "to"));
  TFL_ASSIGN_OR_RETURN(Json doc, load_held_bill_of_lading(ctx, doc_id, "transfer", "transferred"));
  TFL_RETURN_IF_ERROR(require_participant(ctx.state, to, "", "recipient"));
  if (to == doc["holder"]) return Status::conflict(to + " already holds bill of lading " + quote(doc_id));
  if (to == doc["parties"]["carrier"])
    return Status::conflict(to + " is the carrier of bill of lading " + quote(doc_id) +
                            "; return it with doc.surrender");
  std::string bank = pledgee(doc);
  if (!bank.empty() && to != bank)
    return Status::conflict(pledge_text(doc) + "; until it closes the B/L may pass only to " + bank);
  pass_to(ctx, doc, to, "transferred", std::nullopt);
  return Status::ok();
}

Status surrender_bill_of_lading(TxContext& ctx) {
  const Json& p = ctx.payload();
  TFL_RETURN_IF_ERROR(check_fields(p, {"doc_id", "reason"}, "payload"));
  TFL_ASSIGN_OR_RETURN(std::string doc_id, get_record_id(p, "doc_id"));
  TFL_ASSIGN_OR_RETURN(std::optional<std::string> reason, get_reason(p));
  TFL_ASSIGN_OR_RETURN(Json doc, load_held_bill_of_lading(ctx, doc_id, "surrender", "surrendered"));
  std::string bank = pledgee(doc);
  if (!bank.empty())
    return Status::conflict(pledge_text(doc) + "; it cannot be surrendered until the financing closes or " + bank +
                            " holds it");
  doc["status"] = "surrendered";
  pass_to(ctx, doc, doc["parties"]["carrier"], "surrendered", reason);
  return Status::ok();
}

}  // namespace

void add_bill_of_lading_handlers(HandlerTable& table) {
  table["doc.transfer"] = transfer_bill_of_lading;
  table["doc.surrender"] = surrender_bill_of_lading;
}

}  // namespace tfl
