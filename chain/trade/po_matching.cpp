#include "chain/trade/po_matching.h"

#include <optional>

#include "chain/state/state_keys.h"
#include "chain/trade/documents.h"
#include "chain/trade/handler_support.h"
#include "chain/trade/money.h"

namespace tfl {
namespace {

// The purchase order among the invoice's refs, if any. Refuses more than one.
Result<std::optional<Json>> referenced_po(const StateReader& state, const Json& invoice) {
  std::optional<Json> po;
  for (const auto& ref : invoice["refs"]) {
    TFL_ASSIGN_OR_RETURN(Json doc, load_document(state, ref.get<std::string>()));
    if (doc["doc_type"] != "purchase_order") continue;
    if (po)
      return Status::invalid("invoice " + quote(invoice["doc_id"].get<std::string>()) +
                             " refers to two purchase orders (" + (*po)["doc_id"].get<std::string>() + ", " +
                             doc["doc_id"].get<std::string>() + "); an invoice matches one");
    po = std::move(doc);
  }
  return po;
}

Status check_same(const Json& invoice, const Json& po, const std::string& what, const std::string& a,
                  const std::string& b) {
  if (a == b) return Status::ok();
  return Status::conflict("invoice " + quote(invoice["doc_id"].get<std::string>()) + " does not match purchase order " +
                          quote(po["doc_id"].get<std::string>()) + ": " + what + " " + a +
                          " differs from the order's " + b);
}

}  // namespace

Status match_invoice(TxContext& ctx, Json& invoice) {
  TFL_ASSIGN_OR_RETURN(std::optional<Json> found, referenced_po(ctx.state, invoice));
  if (!found) {
    invoice.erase("matched_po");
    return Status::ok();
  }
  Json& po = *found;
  const std::string po_id = po["doc_id"], invoice_id = invoice["doc_id"];
  if (po["status"] != "accepted")
    return Status::conflict("invoice " + quote(invoice_id) + " refers to purchase order " + quote(po_id) +
                            ", which is not accepted by its seller (status " + po["status"].get<std::string>() + ")");
  TFL_RETURN_IF_ERROR(check_same(invoice, po, "buyer", invoice["parties"]["buyer"], po["parties"]["buyer"]));
  TFL_RETURN_IF_ERROR(check_same(invoice, po, "seller", invoice["parties"]["seller"], po["parties"]["seller"]));
  TFL_RETURN_IF_ERROR(check_same(invoice, po, "currency", invoice["currency"], po["currency"]));
  const std::string currency = po["currency"];
  int64_t amount = invoice["amount"], invoiced = po["invoiced"], limit = po["amount"];
  if (invoiced + amount > limit)
    return Status::conflict("invoices on purchase order " + quote(po_id) + " would total " +
                            format_money(invoiced + amount, currency) + ", over its amount " +
                            format_money(limit, currency) + " (already invoiced " + format_money(invoiced, currency) +
                            ", invoice " + quote(invoice_id) + " adds " + format_money(amount, currency) + ")");
  po["invoiced"] = invoiced + amount;
  po["invoices"].push_back(invoice_id);
  po["history"].push_back(history_entry(ctx, "invoice_matched"));
  po["history"].back()["invoice"] = invoice_id;
  po["history"].back()["amount"] = amount;
  ctx.state.put_json(keys::document(po_id), po);
  invoice["matched_po"] = po_id;
  return Status::ok();
}

void release_invoice(TxContext& ctx, const Json& invoice) {
  if (!invoice.contains("matched_po")) return;
  const std::string po_id = invoice["matched_po"], invoice_id = invoice["doc_id"];
  Json po = *ctx.state.get_json(keys::document(po_id));
  int64_t amount = invoice["amount"];
  po["invoiced"] = po["invoiced"].get<int64_t>() - amount;
  Json remaining = Json::array();
  for (const auto& id : po["invoices"])
    if (id != invoice_id) remaining.push_back(id);
  po["invoices"] = remaining;
  po["history"].push_back(history_entry(ctx, "invoice_released"));
  po["history"].back()["invoice"] = invoice_id;
  po["history"].back()["amount"] = amount;
  ctx.state.put_json(keys::document(po_id), po);
}

}  // namespace tfl
