// finance.request, finance.approve, finance.reject, finance.disburse, finance.repay and
// finance.cancel (DESIGN §5); the rules and record formats are in financing.h.
#include "chain/trade/financing.h"

#include <vector>

#include "chain/codec/json_fields.h"
#include "chain/state/state_keys.h"
#include "chain/trade/credit_limit.h"
#include "chain/trade/documents.h"
#include "chain/trade/fingerprints.h"
#include "chain/trade/handler_support.h"
#include "chain/trade/money.h"
#include "chain/trade/trade_handlers.h"

namespace tfl {
namespace {

constexpr int64_t kMaxRateBps = 100000;

Status require_financing_status(const Json& f, const std::vector<std::string>& allowed, const std::string& done) {
  return require_status(f, "financing", "financing_id", allowed, done);
}

// The document a financing may rest on, checked for the requesting seller.
Result<Json> load_financeable_document(const TxContext& ctx, const std::string& doc_id) {
  TFL_ASSIGN_OR_RETURN(Json doc, load_document(ctx.state, doc_id));
  const std::string type = doc["doc_type"], status = doc["status"];
  if (type != "commercial_invoice" && type != "bill_of_lading")
    return Status::conflict("document " + quote(doc_id) + " is " + with_article(type) +
                            "; only a commercial invoice or a bill of lading can be financed");
  TFL_RETURN_IF_ERROR(
      require_sender(ctx, doc["parties"]["seller"], "seller", "request financing of document " + quote(doc_id)));
  if (type == "commercial_invoice" && status != "accepted")
    return Status::conflict("invoice " + quote(doc_id) + " is " + status +
                            "; only an invoice accepted by its buyer can be financed");
  if (type == "bill_of_lading") {
    if (status == "surrendered" || doc["holder"] != ctx.tx.sender)
      return Status::conflict("bill of lading " + quote(doc_id) + " is held by " + doc["holder"].get<std::string>() +
                              (status == "surrendered" ? " (surrendered)" : "") +
                              "; the seller can finance only a B/L it holds");
    if (!doc.contains("amount"))
      return Status::conflict("bill of lading " + quote(doc_id) +
                              " carries no currency and amount; it cannot back a financing");
  }
  return doc;
}

// Refuses when any of `fps` is held by an open financing, naming the holder.
Status check_fingerprints_free(const StateReader& state, const std::vector<Fingerprint>& fps,
                               const std::string& doc_id) {
  for (const auto& fp : fps) {
    auto held = load_fingerprint(state, fp.hash.hex());
    if (!held || (*held)["status"] != "held") continue;
    return Status::conflict("duplicate financing refused: fingerprint " + describe_fingerprint_kind(fp.kind) +
                            " of document " + quote(doc_id) + " is held by financing " +
                            quote((*held)["financing_id"].get<std::string>()) + " at " +
                            (*held)["bank"].get<std::string>() + " (document " +
                            quote((*held)["doc_id"].get<std::string>()) + ", fingerprint " + fp.hash.hex() + ")");
  }
  return Status::ok();
}

void register_fingerprints(TxContext& ctx, const Json& f, const std::vector<Fingerprint>& fps) {
  for (const auto& fp : fps)
    ctx.state.put_json(keys::fingerprint(fp.hash.hex()), Json{{"fingerprint", fp.hash.hex()},
                                                              {"kind", fp.kind},
                                                              {"status", "held"},
                                                              {"financing_id", f["financing_id"]},
                                                              {"bank", f["bank"]},
                                                              {"seller", f["seller"]},
                                                              {"doc_id", f["doc_id"]},
                                                              {"height", ctx.env().height}});
}

// Releases what an open financing holds: its fingerprints, its credit, the mark on its document.
void release_financing(TxContext& ctx, Json& f) {
  const std::string id = f["financing_id"];
  for (const auto& fp : f["fingerprints"]) {
    const std::string key = keys::fingerprint(fp["fingerprint"]);
    Json record = *ctx.state.get_json(key);
    if (record["financing_id"] != id) continue;
    record["status"] = "released";
    record["released_height"] = ctx.env().height;
    ctx.state.put_json(key, record);
  }
  release_credit(ctx.state, f["seller"], f["credit_counted"]);
  f["credit_counted"] = 0;
  const std::string doc_key = keys::document(f["doc_id"]);
  Json doc = *ctx.state.get_json(doc_key);
  doc.erase("financing");
  ctx.state.put_json(doc_key, doc);
}

Status request_financing(TxContext& ctx) {
  const Json& p = ctx.payload();
  TFL_RETURN_IF_ERROR(check_fields(p, {"financing_id", "doc_id", "bank", "amount", "currency"}, "payload"));
  TFL_ASSIGN_OR_RETURN(std::string id, get_record_id(p, "financing_id"));
  TFL_ASSIGN_OR_RETURN(std::string doc_id, get_record_id(p, "doc_id"));
  TFL_ASSIGN_OR_RETURN(std::string bank, get_participant_id(p, "bank"));
  TFL_ASSIGN_OR_RETURN(int64_t amount, get_amount(p, "amount"));
  TFL_ASSIGN_OR_RETURN(std::string currency, get_currency(p, "currency"));
  TFL_RETURN_IF_ERROR(require_absent(ctx.state, keys::financing(id), "financing", id));
  TFL_ASSIGN_OR_RETURN(Json doc, load_financeable_document(ctx, doc_id));
  TFL_RETURN_IF_ERROR(require_participant(ctx.state, bank, "bank", "bank"));
  const std::string doc_currency = doc["currency"];
  const int64_t doc_amount = doc["amount"];
  if (currency != doc_currency)
    return Status::conflict("currency " + currency + " differs from document " + quote(doc_id) + "'s " + doc_currency);
  if (amount > doc_amount)
    return Status::conflict("amount " + format_money(amount, currency) + " is over document " + quote(doc_id) + "'s " +
                            format_money(doc_amount, currency));

  std::vector<Fingerprint> fps = financing_fingerprints(ctx.genesis.network_key, doc);
  TFL_RETURN_IF_ERROR(check_fingerprints_free(ctx.state, fps, doc_id));
  TFL_ASSIGN_OR_RETURN(int64_t counted, reserve_credit(ctx.state, ctx.tx.sender, currency, amount));

  Json f{{"financing_id", id},
         {"doc_id", doc_id},
         {"doc_type", doc["doc_type"]},
         {"seller", ctx.tx.sender},
         {"buyer", doc["parties"]["buyer"]},
         {"bank", bank},
         {"currency", currency},
         {"amount", amount},
         {"status", "requested"},
         {"credit_counted", counted},
         {"fingerprints", Json::array()},
         {"history", Json::array({history_entry(ctx, "requested")})}};
  for (const auto& fp : fps) f["fingerprints"].push_back(Json{{"kind", fp.kind}, {"fingerprint", fp.hash.hex()}});
  register_fingerprints(ctx, f, fps);
  doc["financing"] = Json{{"financing_id", id}, {"bank", bank}};
  ctx.state.put_json(keys::document(doc_id), doc);
  ctx.state.put_json(keys::financing(id), f);
  put_index(ctx.state, keys::by_party(ctx.tx.sender, "financing", id));
  put_index(ctx.state, keys::by_party(bank, "financing", id));
  put_index(ctx.state, keys::by_doc(doc_id, "financing", id));
  return Status::ok();
}

Status approve_financing(TxContext& ctx) {
  const Json& p = ctx.payload();
  TFL_RETURN_IF_ERROR(check_fields(p, {"financing_id", "amount", "rate_bps", "due_date"}, "payload"));
  TFL_ASSIGN_OR_RETURN(std::string id, get_record_id(p, "financing_id"));
  TFL_ASSIGN_OR_RETURN(int64_t amount, get_amount(p, "amount"));
  TFL_ASSIGN_OR_RETURN(int64_t rate_bps, get_int(p, "rate_bps", 0, kMaxRateBps));
  TFL_ASSIGN_OR_RETURN(std::string due_date, get_date(p, "due_date"));
  TFL_ASSIGN_OR_RETURN(Json f, load_financing(ctx.state, id));
  TFL_RETURN_IF_ERROR(require_sender(ctx, f["bank"], "asked bank", "approve financing " + quote(id)));
  TFL_RETURN_IF_ERROR(require_financing_status(f, {"requested"}, "approved"));
  const std::string currency = f["currency"];
  const int64_t requested = f["amount"];
  if (amount > requested)
    return Status::conflict("approved amount " + format_money(amount, currency) + " is over the requested " +
                            format_money(requested, currency) + " of financing " + quote(id));
  if (due_date <= ctx.env().date)
    return Status::conflict("due_date " + due_date + " must be after the block date " + ctx.env().date);
  const int64_t counted = f["credit_counted"];
  if (counted > 0) {
    release_credit(ctx.state, f["seller"], counted - amount);
    f["credit_counted"] = amount;
  }
  f["terms"] = Json{{"amount", amount}, {"rate_bps", rate_bps}, {"due_date", due_date}};
  f["status"] = "approved";
  Json entry = history_entry(ctx, "approved");
  entry["terms"] = f["terms"];
  f["history"].push_back(entry);
  ctx.state.put_json(keys::financing(id), f);
  return Status::ok();
}

Status require_due_date_ahead(const TxContext& ctx, const Json& f) {
  const std::string due_date = f["terms"]["due_date"];
  if (due_date > ctx.env().date) return Status::ok();
  return Status::conflict("financing " + quote(f["financing_id"].get<std::string>()) + " was due " + due_date +
                          ", not after the block date " + ctx.env().date + "; reject it and request anew");
}

// A step of the lifecycle taken with {financing_id, reason?}.
struct Step {
  std::string action;                              // "reject"
  bool by_seller;                                  // sent by the seller, otherwise by the bank
  std::vector<std::string> from;                   // statuses it may leave
  std::string to;                                  // status it reaches
  bool closes;                                     // releases fingerprints and credit
  Status (*check)(const TxContext&, const Json&);  // an extra rule, or nullptr
};

Status take_step(TxContext& ctx, const Step& step) {
  const Json& p = ctx.payload();
  TFL_RETURN_IF_ERROR(check_fields(p, {"financing_id", "reason"}, "payload"));
  TFL_ASSIGN_OR_RETURN(std::string id, get_record_id(p, "financing_id"));
  TFL_ASSIGN_OR_RETURN(std::optional<std::string> reason, get_reason(p));
  TFL_ASSIGN_OR_RETURN(Json f, load_financing(ctx.state, id));
  const std::string actor = step.by_seller ? "seller" : "asked bank";
  TFL_RETURN_IF_ERROR(
      require_sender(ctx, f[step.by_seller ? "seller" : "bank"], actor, step.action + " financing " + quote(id)));
  TFL_RETURN_IF_ERROR(require_financing_status(f, step.from, step.to));
  if (step.check) TFL_RETURN_IF_ERROR(step.check(ctx, f));
  if (step.closes) release_financing(ctx, f);
  f["status"] = step.to;
  f["history"].push_back(history_entry(ctx, step.to, reason));
  ctx.state.put_json(keys::financing(id), f);
  return Status::ok();
}

const Step kReject{"reject", false, {"requested", "approved"}, "rejected", true, nullptr};
const Step kDisburse{"disburse", false, {"approved"}, "disbursed", false, require_due_date_ahead};
const Step kRepay{"repay", false, {"disbursed"}, "repaid", true, nullptr};
const Step kCancel{"cancel", true, {"requested"}, "cancelled", true, nullptr};

}  // namespace

Result<Json> load_financing(const StateReader& state, const std::string& financing_id) {
  return load_record(state, keys::financing(financing_id), "financing", financing_id);
}

bool is_open_financing_status(std::string_view s) { return s == "requested" || s == "approved" || s == "disbursed"; }

std::optional<Json> load_fingerprint(const StateReader& state, const std::string& hex) {
  auto raw = state.get(keys::fingerprint(hex));
  if (!raw) return std::nullopt;
  return Json::parse(*raw);
}

void add_financing_handlers(HandlerTable& table) {
  table["finance.request"] = request_financing;
  table["finance.approve"] = approve_financing;
  table["finance.reject"] = [](TxContext& ctx) { return take_step(ctx, kReject); };
  table["finance.disburse"] = [](TxContext& ctx) { return take_step(ctx, kDisburse); };
  table["finance.repay"] = [](TxContext& ctx) { return take_step(ctx, kRepay); };
  table["finance.cancel"] = [](TxContext& ctx) { return take_step(ctx, kCancel); };
}

}  // namespace tfl
