// finance request|approve|reject|disburse|repay|cancel|show.
#include <memory>

#include "wallet/commands.h"
#include "wallet/finance_payloads.h"
#include "wallet/flag_values.h"
#include "wallet/verbs.h"

namespace tfl::wallet {
namespace {

std::string financing_path(const std::string& id) { return "/api/v1/financings/" + path_segment(id); }

void add_request(CLI::App* group, Context& ctx) {
  struct Flags {
    std::string financing_id, doc_id, bank, amount, currency;
  };
  auto f = std::make_shared<Flags>();
  CLI::App* v = add_tx_verb(
      group, ctx, "request", "ask a bank to finance an accepted invoice or a B/L (seller)", "finance.request",
      [f] { return finance_request_payload(f->financing_id, f->doc_id, f->bank, f->amount, f->currency); });
  v->add_option("--id", f->financing_id, "the financing's id")->required()->type_name("FIN_ID");
  v->add_option("--doc", f->doc_id, "the financed document")->required()->type_name("DOC_ID");
  v->add_option("--bank", f->bank, "the bank asked")->required()->type_name("BANK");
  v->add_option("--amount", f->amount, "decimal amount, e.g. 10000.00")->required()->type_name("AMOUNT");
  v->add_option("--currency", f->currency, "ISO 4217 code")->required()->type_name("CCY");
}

void add_approve(CLI::App* group, Context& ctx) {
  struct Flags {
    std::string financing_id, amount, currency, due_date;
    int64_t rate_bps = 0;
  };
  auto f = std::make_shared<Flags>();
  CLI::App* v =
      add_tx_verb(group, ctx, "approve", "approve a financing with its terms (the bank asked)", "finance.approve",
                  [&ctx, f]() -> Result<Json> {
                    TFL_RETURN_IF_ERROR(record_id_flag("--id", f->financing_id));
                    std::string currency = f->currency;
                    if (currency.empty()) {
                      TFL_ASSIGN_OR_RETURN(currency, record_currency(ctx, financing_path(f->financing_id)));
                    }
                    return finance_approve_payload(f->financing_id, f->amount, currency, f->rate_bps, f->due_date);
                  });
  v->add_option("--id", f->financing_id, "the financing's id")->required()->type_name("FIN_ID");
  v->add_option("--amount", f->amount, "decimal amount granted")->required()->type_name("AMOUNT");
  v->add_option("--currency", f->currency, "the financing's currency (default: as requested)")->type_name("CCY");
  v->add_option("--rate-bps", f->rate_bps, "yearly rate in basis points (450 = 4.50 %)")->required()->type_name("N");
  v->add_option("--due-date", f->due_date, "YYYY-MM-DD")->required()->type_name("DATE");
}

// finance reject|disburse|repay|cancel: {financing_id, reason?}
void add_decisions(CLI::App* group, Context& ctx) {
  add_decision_verbs(group, ctx,
                     {
                         {"reject", "finance.reject", "refuse a financing (the bank asked); frees its fingerprints"},
                         {"disburse", "finance.disburse", "record the money paid out (the bank)"},
                         {"repay", "finance.repay", "record the loan repaid (the bank); frees its fingerprints"},
                         {"cancel", "finance.cancel", "withdraw a request before approval (the seller)"},
                     },
                     "FIN_ID", "the financing's id", finance_decision_payload);
}

void add_show(CLI::App* group, Context& ctx) {
  auto id = std::make_shared<std::string>();
  CLI::App* v = add_verb(group, ctx, "show", "show a financing: status, terms, fingerprints, history", [&ctx, id] {
    if (Status st = record_id_flag("FIN_ID", *id); !st) return CommandResult::usage(st);
    return show_record(ctx, financing_path(*id));
  });
  v->add_option("FIN_ID", *id, "the financing's id")->required();
}

}  // namespace

void add_finance_commands(CLI::App& app, Context& ctx) {
  CLI::App* group = app.add_subcommand("finance", "receivables financing with the duplicate-financing guard");
  add_request(group, ctx);
  add_approve(group, ctx);
  add_decisions(group, ctx);
  add_show(group, ctx);
}

}  // namespace tfl::wallet
