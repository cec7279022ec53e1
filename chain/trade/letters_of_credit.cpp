// lc.issue, lc.advise, lc.amend, lc.accept_amendment, lc.present, lc.honour, lc.refuse
// and lc.waive (DESIGN §5); the rules and record formats are in letters_of_credit.h.
#include "chain/trade/letters_of_credit.h"

#include <set>

#include "chain/codec/json_fields.h"
#include "chain/state/state_keys.h"
#include "chain/trade/documents.h"
#include "chain/trade/handler_support.h"
#include "chain/trade/lc_examination.h"
#include "chain/trade/money.h"
#include "chain/trade/trade_handlers.h"

namespace tfl {
namespace {

constexpr size_t kMaxPresentedDocs = 32;

void save_lc(TxContext& ctx, const Json& lc) { ctx.state.put_json(keys::lc(lc["lc_id"]), lc); }

bool is_presentable_type(const std::string& t) { return is_doc_type(t) && t != "purchase_order"; }

Result<Json> get_required_docs(const Json& p) {
  TFL_ASSIGN_OR_RETURN(Json docs, get_array(p, "required_docs"));
  if (docs.empty()) return Status::invalid("required_docs must name at least one document type");
  std::set<std::string> seen;
  for (const auto& t : docs) {
    if (!t.is_string() || !is_presentable_type(t.get<std::string>()))
      return Status::invalid("required_docs: " + t.dump() +
                             " is not one of commercial_invoice, packing_list, bill_of_lading, insurance_certificate");
    if (!seen.insert(t.get<std::string>()).second) return Status::invalid("required_docs lists " + t.dump() + " twice");
  }
  return docs;
}

// The terms every LC keeps, at issue and after each amendment: something left to draw
// (amount not below what was honoured), shipment by expiry, expiry not before the block date.
Status check_lc_terms(const TxContext& ctx, const Json& lc) {
  const std::string currency = lc["currency"], expiry = lc["expiry_date"], latest = lc["latest_shipment_date"];
  const int64_t amount = lc["amount"], honoured = lc["amount_honoured"];
  if (amount < honoured)
    return Status::conflict("amount " + format_money(amount, currency) + " is below the " +
                            format_money(honoured, currency) + " already honoured under LC " +
                            quote(lc["lc_id"].get<std::string>()));
  if (expiry < ctx.env().date)
    return Status::conflict("expiry_date " + expiry + " is before the block date " + ctx.env().date);
  if (latest > expiry)
    return Status::conflict("latest_shipment_date " + latest + " is after the expiry_date " + expiry);
  return Status::ok();
}

// Keeps amount_available and the "utilised" status in step with amount and amount_honoured.
void refresh_availability(Json& lc) {
  const int64_t available = lc["amount"].get<int64_t>() - lc["amount_honoured"].get<int64_t>();
  lc["amount_available"] = available;
  if (available == 0) lc["status"] = "utilised";
}

Status issue_lc(TxContext& ctx) {
  const Json& p = ctx.payload();
  TFL_RETURN_IF_ERROR(
      check_fields(p,
                   {"lc_id", "applicant", "beneficiary", "advising_bank", "currency", "amount", "expiry_date",
                    "latest_shipment_date", "partial_shipments", "required_docs", "goods"},
                   "payload"));
  TFL_ASSIGN_OR_RETURN(std::string lc_id, get_record_id(p, "lc_id"));
  TFL_ASSIGN_OR_RETURN(std::string applicant, get_participant_id(p, "applicant"));
  TFL_ASSIGN_OR_RETURN(std::string beneficiary, get_participant_id(p, "beneficiary"));
  TFL_ASSIGN_OR_RETURN(std::string advising_bank, get_participant_id(p, "advising_bank"));
  TFL_ASSIGN_OR_RETURN(std::string currency, get_currency(p, "currency"));
  TFL_ASSIGN_OR_RETURN(int64_t amount, get_amount(p, "amount"));
  TFL_ASSIGN_OR_RETURN(std::string expiry_date, get_date(p, "expiry_date"));
  TFL_ASSIGN_OR_RETURN(std::string latest_shipment_date, get_date(p, "latest_shipment_date"));
  TFL_ASSIGN_OR_RETURN(bool partial_shipments, get_bool(p, "partial_shipments"));
  TFL_ASSIGN_OR_RETURN(Json required_docs, get_required_docs(p));
  TFL_ASSIGN_OR_RETURN(std::string goods, get_text(p, "goods", 512));
  if (applicant == beneficiary) return Status::invalid("applicant and beneficiary must differ, both are " + applicant);
  TFL_RETURN_IF_ERROR(require_participant(ctx.state, ctx.tx.sender, "bank", "issuing bank"));
  TFL_RETURN_IF_ERROR(require_participant(ctx.state, applicant, "corporate", "applicant"));
  TFL_RETURN_IF_ERROR(require_participant(ctx.state, beneficiary, "corporate", "beneficiary"));
  TFL_RETURN_IF_ERROR(require_participant(ctx.state, advising_bank, "bank", "advising bank"));
  TFL_RETURN_IF_ERROR(require_absent(ctx.state, keys::lc(lc_id), "LC", lc_id));

  Json lc{{"lc_id", lc_id},
          {"issuing_bank", ctx.tx.sender},
          {"applicant", applicant},
          {"beneficiary", beneficiary},
          {"advising_bank", advising_bank},
          {"currency", currency},
          {"amount", amount},
          {"amount_honoured", 0},
          {"expiry_date", expiry_date},
          {"latest_shipment_date", latest_shipment_date},
          {"partial_shipments", partial_shipments},
          {"required_docs", required_docs},
          {"goods", goods},
          {"status", "issued"},
          {"amendments", Json::array()},
          {"presentations", Json::array()},
          {"history", Json::array({history_entry(ctx, "issued")})}};
  TFL_RETURN_IF_ERROR(check_lc_terms(ctx, lc));
  refresh_availability(lc);
  save_lc(ctx, lc);
  for (const auto& party : std::set<std::string>{applicant, beneficiary, ctx.tx.sender, advising_bank})
    put_index(ctx.state, keys::by_party(party, "lc", lc_id));
  return Status::ok();
}

Status advise_lc(TxContext& ctx) {
  const Json& p = ctx.payload();
  TFL_RETURN_IF_ERROR(check_fields(p, {"lc_id"}, "payload"));
  TFL_ASSIGN_OR_RETURN(std::string lc_id, get_record_id(p, "lc_id"));
  TFL_ASSIGN_OR_RETURN(Json lc, load_lc(ctx.state, lc_id));
  TFL_RETURN_IF_ERROR(require_sender(ctx, lc["advising_bank"], "advising bank", "advise LC " + quote(lc_id)));
  TFL_RETURN_IF_ERROR(require_status(lc, "LC", "lc_id", {"issued"}, "advised"));
  lc["status"] = "advised";
  lc["history"].push_back(history_entry(ctx, "advised"));
  save_lc(ctx, lc);
  return Status::ok();
}

Result<Json> get_lc_changes(const Json& p) {
  TFL_ASSIGN_OR_RETURN(Json changes, get_object(p, "changes"));
  TFL_RETURN_IF_ERROR(check_fields(changes, {"amount", "expiry_date", "latest_shipment_date"}, "changes"));
  if (changes.empty()) return Status::invalid("changes is empty: name amount, expiry_date or latest_shipment_date");
  if (changes.contains("amount")) TFL_RETURN_IF_ERROR(get_amount(changes, "amount").status());
  for (const char* date : {"expiry_date", "latest_shipment_date"})
    if (changes.contains(date)) TFL_RETURN_IF_ERROR(get_date(changes, date).status());
  return changes;
}

Json* find_amendment(Json& lc, const std::string& amendment_id) {
  for (auto& a : lc["amendments"])
    if (a["amendment_id"] == amendment_id) return &a;
  return nullptr;
}

Json apply_changes(const Json& lc, const Json& changes) {
  Json amended = lc;
  for (auto it = changes.begin(); it != changes.end(); ++it) amended[it.key()] = it.value();
  return amended;
}

Status amend_lc(TxContext& ctx) {
  const Json& p = ctx.payload();
  TFL_RETURN_IF_ERROR(check_fields(p, {"lc_id", "amendment_id", "changes"}, "payload"));
  TFL_ASSIGN_OR_RETURN(std::string lc_id, get_record_id(p, "lc_id"));
  TFL_ASSIGN_OR_RETURN(std::string amendment_id, get_record_id(p, "amendment_id"));
  TFL_ASSIGN_OR_RETURN(Json changes, get_lc_changes(p));
  TFL_ASSIGN_OR_RETURN(Json lc, load_lc(ctx.state, lc_id));
  TFL_RETURN_IF_ERROR(require_sender(ctx, lc["issuing_bank"], "issuing bank", "amend LC " + quote(lc_id)));
  TFL_RETURN_IF_ERROR(require_status(lc, "LC", "lc_id", {"issued", "advised"}, "amended"));
  if (find_amendment(lc, amendment_id))
    return Status::conflict("LC " + quote(lc_id) + " already has amendment " + quote(amendment_id));
  TFL_RETURN_IF_ERROR(check_lc_terms(ctx, apply_changes(lc, changes)));
  lc["amendments"].push_back(Json{{"amendment_id", amendment_id},
                                  {"changes", changes},
                                  {"status", "proposed"},
                                  {"proposed_height", ctx.env().height}});
  Json entry = history_entry(ctx, "amendment_proposed");
  entry["amendment_id"] = amendment_id;
  entry["changes"] = changes;
  lc["history"].push_back(entry);
  save_lc(ctx, lc);
  return Status::ok();
}

Status accept_lc_amendment(TxContext& ctx) {
  const Json& p = ctx.payload();
  TFL_RETURN_IF_ERROR(check_fields(p, {"lc_id", "amendment_id"}, "payload"));
  TFL_ASSIGN_OR_RETURN(std::string lc_id, get_record_id(p, "lc_id"));
  TFL_ASSIGN_OR_RETURN(std::string amendment_id, get_record_id(p, "amendment_id"));
  TFL_ASSIGN_OR_RETURN(Json lc, load_lc(ctx.state, lc_id));
  TFL_RETURN_IF_ERROR(
      require_sender(ctx, lc["beneficiary"], "beneficiary", "accept an amendment of LC " + quote(lc_id)));
  TFL_RETURN_IF_ERROR(require_status(lc, "LC", "lc_id", {"issued", "advised"}, "amended"));
  Json* amendment = find_amendment(lc, amendment_id);
  if (!amendment) return Status::conflict("LC " + quote(lc_id) + " has no amendment " + quote(amendment_id));
  if ((*amendment)["status"] != "proposed")
    return Status::conflict("amendment " + quote(amendment_id) + " of LC " + quote(lc_id) + " was already accepted");
  (*amendment)["status"] = "accepted";
  (*amendment)["accepted_height"] = ctx.env().height;
  Json amended = apply_changes(lc, (*amendment)["changes"]);
  TFL_RETURN_IF_ERROR(check_lc_terms(ctx, amended));
  refresh_availability(amended);
  Json entry = history_entry(ctx, "amendment_accepted");
  entry["amendment_id"] = amendment_id;
  amended["history"].push_back(entry);
  save_lc(ctx, amended);
  return Status::ok();
}

// The documents named by doc_ids, loaded, in the order given.
Result<std::vector<Json>> load_presented_documents(const StateReader& state, const Json& doc_ids) {
  if (doc_ids.empty() || doc_ids.size() > kMaxPresentedDocs)
    return Status::invalid("doc_ids must name 1 to " + std::to_string(kMaxPresentedDocs) + " documents");
  std::set<std::string> seen;
  std::vector<Json> docs;
  for (const auto& v : doc_ids) {
    TFL_ASSIGN_OR_RETURN(std::string id, record_id_value(v, "doc_ids[]"));
    if (!seen.insert(id).second) return Status::invalid("doc_ids lists " + quote(id) + " twice");
    TFL_ASSIGN_OR_RETURN(Json doc, load_document(state, id));
    docs.push_back(std::move(doc));
  }
  return docs;
}

Status present_documents(TxContext& ctx) {
  const Json& p = ctx.payload();
  TFL_RETURN_IF_ERROR(check_fields(p, {"presentation_id", "lc_id", "doc_ids", "amount"}, "payload"));
  TFL_ASSIGN_OR_RETURN(std::string presentation_id, get_record_id(p, "presentation_id"));
  TFL_ASSIGN_OR_RETURN(std::string lc_id, get_record_id(p, "lc_id"));
  TFL_ASSIGN_OR_RETURN(Json doc_ids, get_array(p, "doc_ids"));
  TFL_ASSIGN_OR_RETURN(int64_t amount, get_amount(p, "amount"));
  TFL_RETURN_IF_ERROR(require_absent(ctx.state, keys::presentation(presentation_id), "presentation", presentation_id));
  TFL_ASSIGN_OR_RETURN(Json lc, load_lc(ctx.state, lc_id));
  TFL_RETURN_IF_ERROR(
      require_sender(ctx, lc["beneficiary"], "beneficiary", "present documents under LC " + quote(lc_id)));
  TFL_RETURN_IF_ERROR(require_status(lc, "LC", "lc_id", {"advised"}, "presented to"));
  TFL_ASSIGN_OR_RETURN(std::vector<Json> docs, load_presented_documents(ctx.state, doc_ids));

  std::vector<Discrepancy> found = examine_presentation(lc, docs, amount, ctx.env().date);
  Json discrepancies = Json::array(), documents = Json::array();
  for (const auto& d : found) discrepancies.push_back(d.to_json());
  for (const auto& doc : docs)
    documents.push_back(Json{{"doc_id", doc["doc_id"]}, {"doc_type", doc["doc_type"]}, {"version", doc["version"]}});
  const std::string verdict = found.empty() ? "compliant" : "discrepant";
  Json entry = history_entry(ctx, "presented");
  entry["verdict"] = verdict;
  Json presentation{{"presentation_id", presentation_id},
                    {"lc_id", lc_id},
                    {"issuing_bank", lc["issuing_bank"]},
                    {"applicant", lc["applicant"]},
                    {"beneficiary", lc["beneficiary"]},
                    {"currency", lc["currency"]},
                    {"amount", amount},
                    {"presented_date", ctx.env().date},
                    {"doc_ids", doc_ids},
                    {"documents", documents},
                    {"status", verdict},
                    {"discrepancies", discrepancies},
                    {"history", Json::array({entry})}};
  ctx.state.put_json(keys::presentation(presentation_id), presentation);
  entry["presentation_id"] = presentation_id;
  entry["amount"] = amount;
  lc["presentations"].push_back(presentation_id);
  lc["history"].push_back(entry);
  save_lc(ctx, lc);
  for (const auto& doc : docs) put_index(ctx.state, keys::by_doc(doc["doc_id"], "presentation", presentation_id));
  return Status::ok();
}

// A decision on a presentation, taken with {presentation_id, reason?}.
struct Decision {
  std::string action;                                    // "honour"
  std::string actor;                                     // LC member naming who decides: "issuing_bank" or "applicant"
  std::vector<std::string> from;                         // presentation statuses it may leave
  std::string to;                                        // status it reaches
  Status (*effect)(const Json& presentation, Json& lc);  // checks and LC changes, or nullptr
};

int64_t available(const Json& lc) { return lc["amount"].get<int64_t>() - lc["amount_honoured"].get<int64_t>(); }

std::string over_available(const Json& presentation, const Json& lc) {
  const std::string currency = lc["currency"];
  return "presentation " + quote(presentation["presentation_id"].get<std::string>()) + " for " +
         format_money(presentation["amount"], currency) + " is over the " + format_money(available(lc), currency) +
         " still available under LC " + quote(lc["lc_id"].get<std::string>());
}

Status honour_effect(const Json& presentation, Json& lc) {
  if (presentation["amount"].get<int64_t>() > available(lc)) return Status::conflict(over_available(presentation, lc));
  lc["amount_honoured"] = lc["amount_honoured"].get<int64_t>() + presentation["amount"].get<int64_t>();
  refresh_availability(lc);
  return Status::ok();
}

// UCP 600 art. 15: a complying presentation must be honoured, unless what is left no longer covers it.
Status refuse_effect(const Json& presentation, Json& lc) {
  if (presentation["status"] == "compliant" && presentation["amount"].get<int64_t>() <= available(lc))
    return Status::conflict("presentation " + quote(presentation["presentation_id"].get<std::string>()) +
                            " is compliant; the issuing bank must honour it");
  return Status::ok();
}

Status decide(TxContext& ctx, const Decision& d) {
  const Json& p = ctx.payload();
  TFL_RETURN_IF_ERROR(check_fields(p, {"presentation_id", "reason"}, "payload"));
  TFL_ASSIGN_OR_RETURN(std::string id, get_record_id(p, "presentation_id"));
  TFL_ASSIGN_OR_RETURN(std::optional<std::string> reason, get_reason(p));
  TFL_ASSIGN_OR_RETURN(Json presentation, load_presentation(ctx.state, id));
  TFL_ASSIGN_OR_RETURN(Json lc, load_lc(ctx.state, presentation["lc_id"]));
  std::string who = d.actor == "issuing_bank" ? "issuing bank" : d.actor;
  TFL_RETURN_IF_ERROR(require_sender(ctx, lc[d.actor], who, d.action + " presentation " + quote(id)));
  TFL_RETURN_IF_ERROR(require_status(presentation, "presentation", "presentation_id", d.from, d.to));
  if (d.effect) TFL_RETURN_IF_ERROR(d.effect(presentation, lc));
  presentation["status"] = d.to;
  presentation["history"].push_back(history_entry(ctx, d.to, reason));
  Json entry = history_entry(ctx, d.to, reason);
  entry["presentation_id"] = id;
  lc["history"].push_back(entry);
  ctx.state.put_json(keys::presentation(id), presentation);
  save_lc(ctx, lc);
  return Status::ok();
}

const Decision kHonour{"honour", "issuing_bank", {"compliant", "waived"}, "honoured", honour_effect};
const Decision kRefuse{"refuse", "issuing_bank", {"compliant", "discrepant", "waived"}, "refused", refuse_effect};
const Decision kWaive{"waive discrepancies of", "applicant", {"discrepant"}, "waived", nullptr};

}  // namespace

Result<Json> load_lc(const StateReader& state, const std::string& lc_id) {
  return load_record(state, keys::lc(lc_id), "LC", lc_id);
}

Result<Json> load_presentation(const StateReader& state, const std::string& presentation_id) {
  return load_record(state, keys::presentation(presentation_id), "presentation", presentation_id);
}

void add_letter_of_credit_handlers(HandlerTable& table) {
  table["lc.issue"] = issue_lc;
  table["lc.advise"] = advise_lc;
  table["lc.amend"] = amend_lc;
  table["lc.accept_amendment"] = accept_lc_amendment;
  table["lc.present"] = present_documents;
  table["lc.honour"] = [](TxContext& ctx) { return decide(ctx, kHonour); };
  table["lc.refuse"] = [](TxContext& ctx) { return decide(ctx, kRefuse); };
  table["lc.waive"] = [](TxContext& ctx) { return decide(ctx, kWaive); };
}

}  // namespace tfl
