// doc issue|accept|reject|surrender|amend|transfer|show|open|list.
#include <map>
#include <memory>

#include "chain/crypto/sealed_attachment.h"
#include "chain/trade/money.h"
#include "node/config.h"
#include "wallet/commands.h"
#include "wallet/doc_payloads.h"
#include "wallet/flag_values.h"
#include "wallet/json_access.h"
#include "wallet/output.h"
#include "wallet/verbs.h"

namespace tfl::wallet {
namespace {

std::string document_path(const std::string& doc_id) { return "/api/v1/documents/" + path_segment(doc_id); }

// Each party's Ed25519 public key: the first of its keys on the ledger.
Result<std::map<std::string, PublicKey>> party_keys(Context& ctx, const std::vector<std::string>& ids) {
  std::map<std::string, PublicKey> out;
  for (const auto& id : ids) {
    TFL_ASSIGN_OR_RETURN(Json p, ctx.node().participant(id));
    const Json& keys = member(p, "keys");
    if (!keys.is_array() || keys.empty() || !keys[0].is_string())
      return Status::internal("participant \"" + id + "\" has no key on the ledger to seal the attachment to");
    TFL_ASSIGN_OR_RETURN(out[id], PublicKey::from_hex(keys[0].get<std::string>()));
  }
  return out;
}

// The file at `path` sealed for document `doc_id` to every participant in `parties`.
Result<Json> seal_file(Context& ctx, const std::string& path, const std::string& doc_id, const Json& parties) {
  auto text = read_file(path, kMaxAttachmentCiphertext);
  if (!text) return Status::io_error("--attach: " + text.status().message());
  TFL_ASSIGN_OR_RETURN(auto recipients, party_keys(ctx, party_ids(parties)));
  auto sealed = seal_attachment(*text, doc_id, recipients);
  if (!sealed) return Status::io_error("--attach " + path + ": " + sealed.status().message());
  return std::move(sealed).value();
}

// The flags of doc issue and doc amend (amend leaves out --type and the parties).
void add_doc_fields(CLI::App* v, DocFlags* f, std::string* attach) {
  v->add_option("--number", f->number, "the document's number, e.g. INV-2026-001")->type_name("N");
  v->add_option("--issue-date", f->issue_date, "YYYY-MM-DD")->type_name("DATE");
  v->add_option("--currency", f->currency, "ISO 4217 code, e.g. USD")->type_name("CCY");
  v->add_option("--amount", f->amount, "decimal amount, e.g. 12500.00")->type_name("AMOUNT");
  v->add_option("--due-date", f->due_date, "YYYY-MM-DD")->type_name("DATE");
  v->add_option("--ref", f->refs, "id of a related document (repeatable)")->type_name("DOC_ID");
  v->add_option("--field", f->fields, "extra key field name=value (repeatable)")->type_name("NAME=VALUE");
  v->add_option("--attach", *attach, "file to attach, sealed to the document's parties")->type_name("FILE");
}

void add_issue(CLI::App* group, Context& ctx) {
  auto f = std::make_shared<DocFlags>();
  auto doc_id = std::make_shared<std::string>();
  auto attach = std::make_shared<std::string>();
  CLI::App* v = add_tx_verb(
      group, ctx, "issue", "issue a trade document", "doc.issue", [&ctx, f, doc_id, attach]() -> Result<Json> {
        TFL_ASSIGN_OR_RETURN(Json payload, doc_issue_payload(*doc_id, *f));
        if (!attach->empty()) {
          TFL_ASSIGN_OR_RETURN(payload["attachment"], seal_file(ctx, *attach, *doc_id, payload["parties"]));
        }
        return payload;
      });
  v->add_option("--type", f->type,
                "purchase_order, commercial_invoice, packing_list, bill_of_lading or insurance_certificate")
      ->required()
      ->type_name("TYPE");
  v->add_option("--id", *doc_id, "the document's id on the ledger")->required()->type_name("DOC_ID");
  v->add_option("--buyer", f->buyer, "buyer's participant id")->required()->type_name("ID");
  v->add_option("--seller", f->seller, "seller's participant id")->required()->type_name("ID");
  v->add_option("--carrier", f->carrier, "carrier's participant id")->type_name("ID");
  v->add_option("--consignee", f->consignee, "consignee's participant id")->type_name("ID");
  v->add_option("--insurer", f->insurer, "insurer's participant id")->type_name("ID");
  add_doc_fields(v, f.get(), attach.get());
  v->get_option("--number")->required();
  v->get_option("--issue-date")->required();
}

void add_amend(CLI::App* group, Context& ctx) {
  auto f = std::make_shared<DocFlags>();
  auto doc_id = std::make_shared<std::string>();
  auto attach = std::make_shared<std::string>();
  CLI::App* v =
      add_tx_verb(group, ctx, "amend", "amend a document before it is accepted (a new version)", "doc.amend",
                  [&ctx, f, doc_id, attach]() -> Result<Json> {
                    TFL_RETURN_IF_ERROR(record_id_flag("--id", *doc_id));
                    Json doc;
                    if ((!f->amount.empty() && f->currency.empty()) || !attach->empty()) {
                      TFL_ASSIGN_OR_RETURN(doc, ctx.node().get(document_path(*doc_id)));
                    }
                    TFL_ASSIGN_OR_RETURN(Json payload, doc_amend_payload(*doc_id, *f, string_member(doc, "currency")));
                    if (!attach->empty()) {
                      TFL_ASSIGN_OR_RETURN(payload["changes"]["attachment"],
                                           seal_file(ctx, *attach, *doc_id, member(doc, "parties")));
                    }
                    return payload;
                  });
  v->add_option("--id", *doc_id, "the document's id")->required()->type_name("DOC_ID");
  add_doc_fields(v, f.get(), attach.get());
}

// doc accept|reject|surrender: {doc_id, reason?}
void add_decisions(CLI::App* group, Context& ctx) {
  add_decision_verbs(group, ctx,
                     {
                         {"accept", "doc.accept", "accept a document as its counterparty"},
                         {"reject", "doc.reject", "reject a document as its counterparty"},
                         {"surrender", "doc.surrender", "surrender a bill of lading to its carrier (holder)"},
                     },
                     "DOC_ID", "the document's id", doc_decision_payload);
}

void add_transfer(CLI::App* group, Context& ctx) {
  struct Flags {
    std::string doc_id, to;
  };
  auto f = std::make_shared<Flags>();
  CLI::App* v = add_tx_verb(group, ctx, "transfer", "transfer an electronic bill of lading to a new holder",
                            "doc.transfer", [f] { return doc_transfer_payload(f->doc_id, f->to); });
  v->add_option("--id", f->doc_id, "the bill of lading's id")->required()->type_name("DOC_ID");
  v->add_option("--to", f->to, "the new holder's participant id")->required()->type_name("ID");
}

void add_show(CLI::App* group, Context& ctx) {
  auto doc_id = std::make_shared<std::string>();
  CLI::App* v = add_verb(group, ctx, "show", "show a document: status, parties, amounts, history", [&ctx, doc_id] {
    if (Status st = record_id_flag("DOC_ID", *doc_id); !st) return CommandResult::usage(st);
    return show_record(ctx, document_path(*doc_id));
  });
  v->add_option("DOC_ID", *doc_id, "the document's id")->required();
}

// Decrypts a document's attachment for the participant of `key`.
CommandResult open_attachment_for(Context& ctx, const std::string& key, const std::string& doc_id,
                                  const std::string& out_path) {
  auto entry = ctx.keystore().find(key);
  if (!entry) return CommandResult::from_checked(entry.status());
  auto doc = ctx.node().get(document_path(doc_id));
  if (!doc) return CommandResult::failure(doc.status());
  const Json& attachment = member(*doc, "attachment");
  if (attachment.is_null())
    return CommandResult::failure(Status::not_found("document \"" + doc_id + "\" has no attachment"));
  if (!member(attachment, "keys").contains(entry->id))
    return CommandResult::failure(Status::unauthorized("the attachment of document \"" + doc_id +
                                                       "\" is not sealed to " + entry->id + " (key " + key +
                                                       "): only its parties can open it"));
  auto unlocked = ctx.unlock(key);
  if (!unlocked) return CommandResult::failure(unlocked.status());
  auto text = open_attachment(attachment, doc_id, entry->id, unlocked->secret_key);
  if (!text)
    return CommandResult::failure(text.status().with_context("cannot open the attachment of \"" + doc_id + "\""));
  if (out_path.empty()) {
    ctx.out() << *text;
    return CommandResult::ok();
  }
  Status st = write_file_atomic(out_path, *text, 0600);
  if (!st) return CommandResult::failure(st);
  if (ctx.json())
    ctx.print_json(Json{{"doc_id", doc_id},
                        {"out", out_path},
                        {"bytes", text->size()},
                        {"content_hash", string_member(attachment, "content_hash")}});
  else
    ctx.out() << "wrote " << text->size() << " bytes of " << doc_id << "'s attachment to " << out_path
              << " (content hash verified)\n";
  return CommandResult::ok();
}

void add_open(CLI::App* group, Context& ctx) {
  struct Flags {
    std::string key, doc_id, out;
  };
  auto f = std::make_shared<Flags>();
  CLI::App* v = add_verb(group, ctx, "open", "decrypt a document's sealed attachment (parties only)", [&ctx, f] {
    if (Status st = record_id_flag("--id", f->doc_id); !st) return CommandResult::usage(st);
    return open_attachment_for(ctx, f->key, f->doc_id, f->out);
  });
  v->add_option("--key", f->key, "keystore key of a party of the document")->required()->type_name("NAME");
  v->add_option("--id", f->doc_id, "the document's id")->required()->type_name("DOC_ID");
  v->add_option("--out", f->out, "write the text here (mode 0600) instead of to stdout")->type_name("FILE");
}

void add_list(CLI::App* group, Context& ctx) {
  struct Flags {
    std::string party, type, status;
  };
  auto f = std::make_shared<Flags>();
  CLI::App* v = add_verb(group, ctx, "list", "list documents by party, type or status", [&ctx, f] {
    std::string query;
    const std::pair<const char*, const std::string*> filters[] = {
        {"party", &f->party}, {"type", &f->type}, {"status", &f->status}};
    for (const auto& [name, value] : filters)
      if (!value->empty()) query += std::string(query.empty() ? "?" : "&") + name + "=" + path_segment(*value);
    auto reply = ctx.node().get("/api/v1/documents" + query);
    if (!reply) return CommandResult::failure(reply.status());
    if (ctx.json()) {
      ctx.print_json(*reply);
      return CommandResult::ok();
    }
    const Json& docs = reply->is_array() ? *reply : member(*reply, "documents");
    Table t({"doc_id", "doc_type", "number", "status", "issuer", "amount"});
    for (const auto& d : docs.is_array() ? docs : Json::array()) {
      std::string amount;
      if (member(d, "amount").is_number_integer())
        amount = format_money(int_member(d, "amount"), string_member(d, "currency"));
      t.add_row({string_member(d, "doc_id"), string_member(d, "doc_type"), string_member(d, "number"),
                 string_member(d, "status"), string_member(d, "issuer"), amount});
    }
    t.print(ctx.out());
    return CommandResult::ok();
  });
  v->add_option("--party", f->party, "documents naming this participant")->type_name("ID");
  v->add_option("--type", f->type, "documents of this type")->type_name("TYPE");
  v->add_option("--status", f->status, "issued, accepted, rejected or surrendered")->type_name("STATUS");
}

}  // namespace

void add_doc_commands(CLI::App& app, Context& ctx) {
  CLI::App* group = app.add_subcommand("doc", "trade documents: PO, invoice, packing list, B/L, insurance");
  add_issue(group, ctx);
  add_decisions(group, ctx);
  add_amend(group, ctx);
  add_transfer(group, ctx);
  add_show(group, ctx);
  add_open(group, ctx);
  add_list(group, ctx);
}

}  // namespace tfl::wallet
