// lc issue|amend|accept-amendment|advise|present|honour|refuse|waive|show|presentation.
#include <memory>

#include "wallet/commands.h"
#include "wallet/flag_values.h"
#include "wallet/lc_payloads.h"
#include "wallet/verbs.h"

namespace tfl::wallet {
namespace {

std::string lc_path(const std::string& id) { return "/api/v1/lcs/" + path_segment(id); }

// --currency when given, else the LC's currency on the ledger.
Result<std::string> lc_currency(Context& ctx, const std::string& lc_id, const std::string& flag) {
  if (!flag.empty()) return flag;
  TFL_RETURN_IF_ERROR(record_id_flag("--lc", lc_id));
  return record_currency(ctx, lc_path(lc_id));
}

void add_issue(CLI::App* group, Context& ctx) {
  auto f = std::make_shared<LcIssueFlags>();
  CLI::App* v = add_tx_verb(group, ctx, "issue", "issue a letter of credit (issuing bank)", "lc.issue",
                            [f] { return lc_issue_payload(*f); });
  v->add_option("--id", f->lc_id, "the LC's id")->required()->type_name("LC_ID");
  v->add_option("--applicant", f->applicant, "the buyer who applied")->required()->type_name("ID");
  v->add_option("--beneficiary", f->beneficiary, "the seller paid under the LC")->required()->type_name("ID");
  v->add_option("--advising-bank", f->advising_bank, "the beneficiary's bank")->required()->type_name("BANK");
  v->add_option("--currency", f->currency, "ISO 4217 code")->required()->type_name("CCY");
  v->add_option("--amount", f->amount, "decimal amount, e.g. 100000.00")->required()->type_name("AMOUNT");
  v->add_option("--expiry-date", f->expiry_date, "YYYY-MM-DD")->required()->type_name("DATE");
  v->add_option("--latest-shipment-date", f->latest_shipment_date, "YYYY-MM-DD")->required()->type_name("DATE");
  v->add_flag("--partial-shipments", f->partial_shipments, "allow partial shipments (several presentations)");
  v->add_option("--required-doc", f->required_docs, "document type the beneficiary must present (repeatable)")
      ->required()
      ->type_name("TYPE");
  v->add_option("--goods", f->goods, "description of the goods")->required()->type_name("TEXT");
}

void add_amend(CLI::App* group, Context& ctx) {
  auto f = std::make_shared<LcAmendFlags>();
  auto currency = std::make_shared<std::string>();
  CLI::App* v = add_tx_verb(group, ctx, "amend", "propose an amendment (issuing bank)", "lc.amend",
                            [&ctx, f, currency]() -> Result<Json> {
                              std::string ccy;
                              if (!f->amount.empty()) {
                                TFL_ASSIGN_OR_RETURN(ccy, lc_currency(ctx, f->lc_id, *currency));
                              }
                              return lc_amend_payload(*f, ccy);
                            });
  v->add_option("--id", f->lc_id, "the LC's id")->required()->type_name("LC_ID");
  v->add_option("--amendment-id", f->amendment_id, "the amendment's id")->required()->type_name("AM");
  v->add_option("--amount", f->amount, "new decimal amount")->type_name("AMOUNT");
  v->add_option("--currency", *currency, "the LC's currency (default: looked up)")->type_name("CCY");
  v->add_option("--expiry-date", f->expiry_date, "new expiry date YYYY-MM-DD")->type_name("DATE");
  v->add_option("--latest-shipment-date", f->latest_shipment_date, "new latest shipment date")->type_name("DATE");
}

void add_accept_amendment(CLI::App* group, Context& ctx) {
  struct Flags {
    std::string lc_id, amendment_id;
  };
  auto f = std::make_shared<Flags>();
  CLI::App* v =
      add_tx_verb(group, ctx, "accept-amendment", "accept a proposed amendment (beneficiary)", "lc.accept_amendment",
                  [f] { return lc_accept_amendment_payload(f->lc_id, f->amendment_id); });
  v->add_option("--id", f->lc_id, "the LC's id")->required()->type_name("LC_ID");
  v->add_option("--amendment-id", f->amendment_id, "the amendment's id")->required()->type_name("AM");
}

void add_advise(CLI::App* group, Context& ctx) {
  auto lc_id = std::make_shared<std::string>();
  CLI::App* v = add_tx_verb(group, ctx, "advise", "advise the LC to the beneficiary (advising bank)", "lc.advise",
                            [lc_id] { return lc_advise_payload(*lc_id); });
  v->add_option("--id", *lc_id, "the LC's id")->required()->type_name("LC_ID");
}

void add_present(CLI::App* group, Context& ctx) {
  struct Flags {
    std::string presentation_id, lc_id, amount, currency;
    std::vector<std::string> doc_ids;
  };
  auto f = std::make_shared<Flags>();
  CLI::App* v = add_tx_verb(group, ctx, "present", "present documents under an LC (beneficiary)", "lc.present",
                            [&ctx, f]() -> Result<Json> {
                              TFL_ASSIGN_OR_RETURN(std::string ccy, lc_currency(ctx, f->lc_id, f->currency));
                              return lc_present_payload(f->presentation_id, f->lc_id, f->doc_ids, f->amount, ccy);
                            });
  v->add_option("--id", f->presentation_id, "the presentation's id")->required()->type_name("PRES_ID");
  v->add_option("--lc", f->lc_id, "the LC's id")->required()->type_name("LC_ID");
  v->add_option("--doc", f->doc_ids, "a presented document's id (repeatable)")->required()->type_name("DOC_ID");
  v->add_option("--amount", f->amount, "decimal amount claimed")->required()->type_name("AMOUNT");
  v->add_option("--currency", f->currency, "the LC's currency (default: looked up)")->type_name("CCY");
}

// lc honour|refuse|waive: {presentation_id, reason?}
void add_decisions(CLI::App* group, Context& ctx) {
  add_decision_verbs(group, ctx,
                     {
                         {"honour", "lc.honour", "pay a compliant or waived presentation (issuing bank)"},
                         {"refuse", "lc.refuse", "refuse a discrepant presentation (issuing bank)"},
                         {"waive", "lc.waive", "waive a presentation's discrepancies (applicant)"},
                     },
                     "PRES_ID", "the presentation's id", lc_presentation_decision_payload);
}

void add_show(CLI::App* group, Context& ctx) {
  auto id = std::make_shared<std::string>();
  CLI::App* v = add_verb(group, ctx, "show", "show an LC: terms, amounts left, amendments, presentations", [&ctx, id] {
    if (Status st = record_id_flag("LC_ID", *id); !st) return CommandResult::usage(st);
    return show_record(ctx, lc_path(*id));
  });
  v->add_option("LC_ID", *id, "the LC's id")->required();
}

void add_presentation(CLI::App* group, Context& ctx) {
  auto id = std::make_shared<std::string>();
  CLI::App* v = add_verb(group, ctx, "presentation", "show a presentation: documents examined, discrepancies, status",
                         [&ctx, id] {
                           if (Status st = record_id_flag("PRES_ID", *id); !st) return CommandResult::usage(st);
                           return show_record(ctx, "/api/v1/presentations/" + path_segment(*id));
                         });
  v->add_option("PRES_ID", *id, "the presentation's id")->required();
}

}  // namespace

void add_lc_commands(CLI::App& app, Context& ctx) {
  CLI::App* group = app.add_subcommand("lc", "documentary letters of credit");
  add_issue(group, ctx);
  add_amend(group, ctx);
  add_accept_amendment(group, ctx);
  add_advise(group, ctx);
  add_present(group, ctx);
  add_decisions(group, ctx);
  add_show(group, ctx);
  add_presentation(group, ctx);
}

}  // namespace tfl::wallet
