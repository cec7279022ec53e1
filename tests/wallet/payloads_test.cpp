// Flags → payloads for every verb group, without a node: field names exactly as in
// DESIGN §5, decimal amounts converted to exact minor units, bad flags refused by name.
#include <catch2/catch.hpp>

#include "chain/crypto/ed25519.h"
#include "wallet/doc_payloads.h"
#include "wallet/finance_payloads.h"
#include "wallet/lc_payloads.h"
#include "wallet/participant_payloads.h"
#include "wallet/tx_flow.h"

namespace tfl::wallet {
namespace {

std::string pubkey(char seed) { return KeyPair::from_seed(std::string(32, seed)).public_key.hex(); }

// The message of a refused payload; fails the test when it was accepted.
std::string refusal(const Result<Json>& r) {
  REQUIRE_FALSE(r.is_ok());
  CHECK(r.status().code() == Code::kInvalidArgument);
  return r.status().message();
}

bool mentions(const std::string& message, const std::string& part) { return message.find(part) != std::string::npos; }

TEST_CASE("payloads: participant.register", "[wallet][payloads]") {
  RegisterFlags f;
  f.id = "acme-exports";
  f.name = "Acme Exports Ltd";
  f.role = "corporate";
  f.pubkeys = {pubkey('a'), pubkey('b')};
  f.threshold = 2;
  f.credit_limit = "1000000.00";
  f.currency = "USD";
  auto p = participant_register_payload(f);
  REQUIRE(p.is_ok());
  CHECK(*p == Json{{"id", "acme-exports"},
                   {"name", "Acme Exports Ltd"},
                   {"role", "corporate"},
                   {"keys", {pubkey('a'), pubkey('b')}},
                   {"threshold", 2},
                   {"credit_limit", {{"currency", "USD"}, {"amount", 100000000}}}});

  SECTION("without a credit limit the member is left out") {
    f.credit_limit.clear();
    f.currency.clear();
    auto q = participant_register_payload(f);
    REQUIRE(q.is_ok());
    CHECK_FALSE(q->contains("credit_limit"));
  }
  SECTION("refusals name the flag") {
    RegisterFlags g = f;
    g.threshold = 3;
    CHECK(mentions(refusal(participant_register_payload(g)), "--threshold 3"));
    g = f;
    g.pubkeys = {pubkey('a'), pubkey('a')};
    CHECK(mentions(refusal(participant_register_payload(g)), "given twice"));
    g = f;
    g.pubkeys = {"ABCDEF"};
    CHECK(mentions(refusal(participant_register_payload(g)), "--pubkey \"ABCDEF\""));
    g = f;
    g.currency.clear();
    CHECK(mentions(refusal(participant_register_payload(g)), "--credit-limit and --currency go together"));
    g = f;
    g.credit_limit = "1,000,000.00";
    CHECK(mentions(refusal(participant_register_payload(g)), "--credit-limit \"1,000,000.00\""));
    g = f;
    g.role = "pirate";
    CHECK(mentions(refusal(participant_register_payload(g)), "--role"));
    g = f;
    g.id = "Acme Exports";
    CHECK(mentions(refusal(participant_register_payload(g)), "--id"));
  }
}

TEST_CASE("payloads: participant.update_keys", "[wallet][payloads]") {
  auto p = participant_update_keys_payload({pubkey('c'), pubkey('d'), pubkey('e')}, 2);
  REQUIRE(p.is_ok());
  CHECK(*p == Json{{"keys", {pubkey('c'), pubkey('d'), pubkey('e')}}, {"threshold", 2}});
  CHECK(mentions(refusal(participant_update_keys_payload({}, 1)), "--pubkey is required"));
}

DocFlags invoice_flags() {
  DocFlags f;
  f.type = "commercial_invoice";
  f.number = "INV-2026-001";
  f.issue_date = "2026-03-01";
  f.buyer = "corp1";
  f.seller = "corp2";
  f.currency = "USD";
  f.amount = "12500.00";
  f.due_date = "2026-05-30";
  f.refs = {"PO-1"};
  f.fields = {"incoterms=FOB", "goods=500 cartons of tea"};
  return f;
}

TEST_CASE("payloads: doc.issue", "[wallet][payloads]") {
  auto p = doc_issue_payload("INV-1", invoice_flags());
  REQUIRE(p.is_ok());
  CHECK(*p == Json{{"doc_id", "INV-1"},
                   {"doc_type", "commercial_invoice"},
                   {"number", "INV-2026-001"},
                   {"issue_date", "2026-03-01"},
                   {"parties", {{"buyer", "corp1"}, {"seller", "corp2"}}},
                   {"currency", "USD"},
                   {"amount", 1250000},
                   {"due_date", "2026-05-30"},
                   {"refs", {"PO-1"}},
                   {"fields", {{"incoterms", "FOB"}, {"goods", "500 cartons of tea"}}}});

  SECTION("a bill of lading names its carrier and has no amount") {
    DocFlags f;
    f.type = "bill_of_lading";
    f.number = "MAEU-778";
    f.issue_date = "2026-03-10";
    f.buyer = "corp1";
    f.seller = "corp2";
    f.carrier = "carrier1";
    f.consignee = "corp1";
    f.fields = {"vessel=Ever Given", "port_of_loading=Shanghai"};
    auto b = doc_issue_payload("BL-1", f);
    REQUIRE(b.is_ok());
    CHECK((*b)["parties"] ==
          Json{{"buyer", "corp1"}, {"seller", "corp2"}, {"carrier", "carrier1"}, {"consignee", "corp1"}});
    CHECK_FALSE(b->contains("amount"));
    CHECK_FALSE(b->contains("currency"));
    CHECK_FALSE(b->contains("refs"));
    // Recipients of a sealed attachment: each party once.
    CHECK(party_ids((*b)["parties"]) == std::vector<std::string>{"corp1", "carrier1", "corp2"});
  }
  SECTION("amounts convert exactly in the currency's minor unit") {
    DocFlags f = invoice_flags();
    f.amount = "0.10";
    CHECK((*doc_issue_payload("INV-1", f))["amount"] == 10);
    f.amount = "9007199254740.99";
    CHECK((*doc_issue_payload("INV-1", f))["amount"] == 900719925474099);
    f.currency = "JPY";
    f.amount = "1250";
    CHECK((*doc_issue_payload("INV-1", f))["amount"] == 1250);
    f.currency = "KWD";
    f.amount = "1.005";
    CHECK((*doc_issue_payload("INV-1", f))["amount"] == 1005);
  }
  SECTION("refusals name the flag") {
    DocFlags f = invoice_flags();
    f.amount = "12,500.00";
    CHECK(mentions(refusal(doc_issue_payload("INV-1", f)), "--amount \"12,500.00\""));
    f.amount = "12500.005";
    CHECK(mentions(refusal(doc_issue_payload("INV-1", f)), "--amount \"12500.005\""));
    f.amount = "-5.00";
    CHECK(mentions(refusal(doc_issue_payload("INV-1", f)), "--amount"));
    f.amount = "0.00";
    CHECK(mentions(refusal(doc_issue_payload("INV-1", f)), "more than zero"));
    f = invoice_flags();
    f.currency = "XYZ";
    CHECK(mentions(refusal(doc_issue_payload("INV-1", f)), "--currency \"XYZ\""));
    f = invoice_flags();
    f.currency.clear();
    CHECK(mentions(refusal(doc_issue_payload("INV-1", f)), "--amount and --currency go together"));
    f = invoice_flags();
    f.issue_date = "2026-02-30";
    CHECK(mentions(refusal(doc_issue_payload("INV-1", f)), "--issue-date \"2026-02-30\""));
    f = invoice_flags();
    f.type = "invoice";
    CHECK(mentions(refusal(doc_issue_payload("INV-1", f)), "--type \"invoice\""));
    f = invoice_flags();
    f.fields = {"incoterms"};
    CHECK(mentions(refusal(doc_issue_payload("INV-1", f)), "name=value"));
    f.fields = {"a=1", "a=2"};
    CHECK(mentions(refusal(doc_issue_payload("INV-1", f)), "--field \"a\" is given twice"));
    f = invoice_flags();
    f.refs = {"PO 1"};
    CHECK(mentions(refusal(doc_issue_payload("INV-1", f)), "--ref \"PO 1\""));
    f = invoice_flags();
    f.seller.clear();
    CHECK(mentions(refusal(doc_issue_payload("INV-1", f)), "--buyer and --seller are required"));
    CHECK(mentions(refusal(doc_issue_payload("INV 1", invoice_flags())), "--id \"INV 1\""));
  }
}

TEST_CASE("payloads: doc.amend and the other doc txs", "[wallet][payloads]") {
  DocFlags f;
  f.amount = "13000.50";
  f.due_date = "2026-06-30";
  auto p = doc_amend_payload("INV-1", f, "USD");
  REQUIRE(p.is_ok());
  CHECK(*p == Json{{"doc_id", "INV-1"}, {"changes", {{"amount", 1300050}, {"due_date", "2026-06-30"}}}});

  f.currency = "EUR";
  CHECK((*doc_amend_payload("INV-1", f, "USD"))["changes"] ==
        Json{{"amount", 1300050}, {"currency", "EUR"}, {"due_date", "2026-06-30"}});

  CHECK(mentions(refusal(doc_amend_payload("INV-1", DocFlags{}, "USD")), "nothing to amend"));
  DocFlags amount_only;
  amount_only.amount = "1.00";
  CHECK(mentions(refusal(doc_amend_payload("INV-1", amount_only, "")), "--amount needs --currency"));
  DocFlags parties;
  parties.buyer = "corp3";
  CHECK(mentions(refusal(doc_amend_payload("INV-1", parties, "USD")), "parties cannot be amended"));

  CHECK(*doc_decision_payload("PO-1", "") == Json{{"doc_id", "PO-1"}});
  CHECK(*doc_decision_payload("PO-1", "price too high") == Json{{"doc_id", "PO-1"}, {"reason", "price too high"}});
  CHECK(mentions(refusal(doc_decision_payload("PO-1", std::string(513, 'x'))), "--reason"));
  CHECK(*doc_transfer_payload("BL-1", "bank1") == Json{{"doc_id", "BL-1"}, {"to", "bank1"}});
  CHECK(mentions(refusal(doc_transfer_payload("BL-1", "Bank 1")), "--to"));
}

TEST_CASE("payloads: finance.*", "[wallet][payloads]") {
  auto req = finance_request_payload("FIN-1", "INV-1", "bank1", "10000.00", "USD");
  REQUIRE(req.is_ok());
  CHECK(
      *req ==
      Json{
          {"financing_id", "FIN-1"}, {"doc_id", "INV-1"}, {"bank", "bank1"}, {"amount", 1000000}, {"currency", "USD"}});

  auto approve = finance_approve_payload("FIN-1", "9500.00", "USD", 450, "2026-06-30");
  REQUIRE(approve.is_ok());
  CHECK(*approve == Json{{"financing_id", "FIN-1"}, {"amount", 950000}, {"rate_bps", 450}, {"due_date", "2026-06-30"}});

  CHECK(*finance_decision_payload("FIN-1", "") == Json{{"financing_id", "FIN-1"}});
  CHECK(*finance_decision_payload("FIN-1", "duplicate") == Json{{"financing_id", "FIN-1"}, {"reason", "duplicate"}});

  CHECK(mentions(refusal(finance_request_payload("FIN-1", "INV-1", "bank1", "1e4", "USD")), "--amount \"1e4\""));
  CHECK(mentions(refusal(finance_request_payload("FIN-1", "INV-1", "BANK1", "1.00", "USD")), "--bank"));
  CHECK(mentions(refusal(finance_approve_payload("FIN-1", "9500.00", "USD", -1, "2026-06-30")), "--rate-bps"));
  CHECK(mentions(refusal(finance_approve_payload("FIN-1", "9500.00", "USD", 450, "30/06/2026")), "--due-date"));
}

TEST_CASE("payloads: lc.*", "[wallet][payloads]") {
  LcIssueFlags f;
  f.lc_id = "LC-1";
  f.applicant = "corp1";
  f.beneficiary = "corp2";
  f.advising_bank = "bank2";
  f.currency = "USD";
  f.amount = "100000.00";
  f.expiry_date = "2026-09-30";
  f.latest_shipment_date = "2026-08-31";
  f.required_docs = {"commercial_invoice", "bill_of_lading"};
  f.goods = "500 cartons of tea";
  auto issue = lc_issue_payload(f);
  REQUIRE(issue.is_ok());
  CHECK(*issue == Json{{"lc_id", "LC-1"},
                       {"applicant", "corp1"},
                       {"beneficiary", "corp2"},
                       {"advising_bank", "bank2"},
                       {"currency", "USD"},
                       {"amount", 10000000},
                       {"expiry_date", "2026-09-30"},
                       {"latest_shipment_date", "2026-08-31"},
                       {"partial_shipments", false},
                       {"required_docs", {"commercial_invoice", "bill_of_lading"}},
                       {"goods", "500 cartons of tea"}});
  f.partial_shipments = true;
  CHECK((*lc_issue_payload(f))["partial_shipments"] == true);
  f.required_docs = {"invoice"};
  CHECK(mentions(refusal(lc_issue_payload(f)), "--required-doc \"invoice\""));
  f.required_docs = {};
  CHECK(mentions(refusal(lc_issue_payload(f)), "--required-doc is required"));

  LcAmendFlags a;
  a.lc_id = "LC-1";
  a.amendment_id = "AM-1";
  a.amount = "120000.00";
  a.expiry_date = "2026-10-31";
  auto amend = lc_amend_payload(a, "USD");
  REQUIRE(amend.is_ok());
  CHECK(*amend == Json{{"lc_id", "LC-1"},
                       {"amendment_id", "AM-1"},
                       {"changes", {{"amount", 12000000}, {"expiry_date", "2026-10-31"}}}});
  LcAmendFlags empty;
  empty.lc_id = "LC-1";
  empty.amendment_id = "AM-2";
  CHECK(mentions(refusal(lc_amend_payload(empty, "USD")), "nothing to amend"));

  CHECK(*lc_accept_amendment_payload("LC-1", "AM-1") == Json{{"lc_id", "LC-1"}, {"amendment_id", "AM-1"}});
  CHECK(*lc_advise_payload("LC-1") == Json{{"lc_id", "LC-1"}});

  auto present = lc_present_payload("PRES-1", "LC-1", {"INV-1", "BL-1"}, "50000.00", "USD");
  REQUIRE(present.is_ok());
  CHECK(*present ==
        Json{{"presentation_id", "PRES-1"}, {"lc_id", "LC-1"}, {"doc_ids", {"INV-1", "BL-1"}}, {"amount", 5000000}});
  CHECK(mentions(refusal(lc_present_payload("PRES-1", "LC-1", {"INV-1", "INV-1"}, "1.00", "USD")), "given twice"));

  CHECK(*lc_presentation_decision_payload("PRES-1", "") == Json{{"presentation_id", "PRES-1"}});
  CHECK(*lc_presentation_decision_payload("PRES-1", "late shipment") ==
        Json{{"presentation_id", "PRES-1"}, {"reason", "late shipment"}});
}

TEST_CASE("payloads: a tx's subject names the record it acts on", "[wallet][payloads]") {
  CHECK(tx_subject("doc.issue", Json{{"doc_id", "INV-1"}}) == "INV-1");
  CHECK(tx_subject("finance.request", Json{{"financing_id", "FIN-1"}, {"doc_id", "INV-1"}}) == "FIN-1");
  CHECK(tx_subject("lc.present", Json{{"presentation_id", "P-1"}, {"lc_id", "LC-1"}}) == "P-1");
  CHECK(tx_subject("lc.amend", Json{{"lc_id", "LC-1"}, {"amendment_id", "AM-1"}}) == "LC-1 amendment AM-1");
  CHECK(tx_subject("participant.register", Json{{"id", "newco"}}) == "newco");
  CHECK(tx_subject("participant.update_keys", Json{{"keys", Json::array()}}) == "participant.update_keys");
}

}  // namespace
}  // namespace tfl::wallet
