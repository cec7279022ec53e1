// Letters of credit: issue, advise, amendments, automatic examination of every
// discrepancy kind, honour reducing what is left, partial drawings, waiver, refusal.
#include <catch2/catch.hpp>

#include "chain/trade/lc_examination.h"
#include "test_trade_fixture.h"

using namespace tfl;
using namespace tfl::test;
using Catch::Contains;

namespace {

// bank1 issues LC-1 for corp2 (applicant, buyer) in favour of corp1 (beneficiary,
// seller), advised by bank2: 12500.00 USD, ship by 2026-03-31, expires 2026-04-30.
Json lc_payload(bool partial_shipments = false) {
  return Json{{"lc_id", "LC-1"},
              {"applicant", "corp2"},
              {"beneficiary", "corp1"},
              {"advising_bank", "bank2"},
              {"currency", "USD"},
              {"amount", 1250000},
              {"expiry_date", "2026-04-30"},
              {"latest_shipment_date", "2026-03-31"},
              {"partial_shipments", partial_shipments},
              {"required_docs", {"commercial_invoice", "bill_of_lading"}},
              {"goods", "1000 cartons of ceramic tiles"}};
}

// An advised LC-1 and a set of documents that comply: INV-1 (12500.00 USD) and BL-1
// (shipped 2026-03-10), plus variants the tests present instead.
struct WithAdvisedLc : TradeFixture {
  explicit WithAdvisedLc(bool partial_shipments = false) {
    ok("bank1", "lc.issue", lc_payload(partial_shipments));
    ok("bank2", "lc.advise", {{"lc_id", "LC-1"}});
    ok("corp1", "doc.issue", TradeFixture::invoice("INV-1", "INV-001"));
    ok("carrier1", "doc.issue", TradeFixture::bill_of_lading("BL-1", "BL-001", "2026-03-10"));
  }
};

Json present(const std::string& id, const Json& doc_ids, int64_t amount) {
  return Json{{"presentation_id", id}, {"lc_id", "LC-1"}, {"doc_ids", doc_ids}, {"amount", amount}};
}

std::vector<std::string> codes(const Json& presentation) {
  std::vector<std::string> out;
  for (const auto& d : presentation["discrepancies"]) out.push_back(d["code"]);
  return out;
}

}  // namespace

TEST_CASE("lc.issue records the MT700 core fields", "[trade][lc]") {
  TradeFixture f;
  f.ok("bank1", "lc.issue", lc_payload());
  Json lc = f.lc("LC-1");
  CHECK(lc["issuing_bank"] == "bank1");
  CHECK(lc["status"] == "issued");
  CHECK(lc["amount_honoured"] == 0);
  CHECK(lc["amount_available"] == 1250000);
  CHECK(lc["required_docs"] == Json::array({"commercial_invoice", "bill_of_lading"}));
  CHECK(lc["presentations"].empty());
  CHECK(lc["history"][0]["event"] == "issued");
  for (const char* party : {"bank1", "bank2", "corp1", "corp2"}) {
    INFO(party);
    CHECK(f.has(keys::by_party(party, "lc", "LC-1")));
  }
}

TEST_CASE("lc.issue refuses what a bank would not issue", "[trade][lc]") {
  TradeFixture f;
  f.ok("bank1", "lc.issue", lc_payload());
  auto lc = [](auto change) {
    Json p = lc_payload();
    p["lc_id"] = "LC-2";
    change(p);
    return p;
  };
  struct Row {
    const char* name;
    const char* sender;
    Json payload;
    const char* why;
  };
  const std::vector<Row> rows = {
      {"issued by a corporate", "corp2", lc([](Json&) {}), "issuing bank \"corp2\" is a corporate, not a bank"},
      {"id taken", "bank1", lc([](Json& p) { p["lc_id"] = "LC-1"; }), "LC \"LC-1\" already exists"},
      {"applicant is a bank", "bank1", lc([](Json& p) { p["applicant"] = "bank3"; }),
       "applicant \"bank3\" is a bank, not a corporate"},
      {"unknown beneficiary", "bank1", lc([](Json& p) { p["beneficiary"] = "nobody"; }),
       "beneficiary \"nobody\" is not a participant"},
      {"advising bank is a corporate", "bank1", lc([](Json& p) { p["advising_bank"] = "corp3"; }),
       "advising bank \"corp3\" is a corporate, not a bank"},
      {"applicant is beneficiary", "bank1", lc([](Json& p) { p["beneficiary"] = "corp2"; }),
       "applicant and beneficiary must differ"},
      {"already expired", "bank1", lc([](Json& p) {
         p["expiry_date"] = "2026-03-01";
         p["latest_shipment_date"] = "2026-02-01";
       }),
       "expiry_date 2026-03-01 is before the block date 2026-03-02"},
      {"shipment after expiry", "bank1", lc([](Json& p) { p["latest_shipment_date"] = "2026-05-01"; }),
       "latest_shipment_date 2026-05-01 is after the expiry_date 2026-04-30"},
      {"no documents", "bank1", lc([](Json& p) { p["required_docs"] = Json::array(); }),
       "required_docs must name at least one document type"},
      {"a purchase order required", "bank1", lc([](Json& p) { p["required_docs"] = {"purchase_order"}; }),
       "required_docs: \"purchase_order\" is not one of"},
      {"a type twice", "bank1", lc([](Json& p) {
         p["required_docs"] = {"bill_of_lading", "bill_of_lading"};
       }),
       "required_docs lists \"bill_of_lading\" twice"},
      {"partial shipments not a bool", "bank1", lc([](Json& p) { p["partial_shipments"] = "no"; }),
       "\"partial_shipments\" must be true or false"},
      {"no goods", "bank1", lc([](Json& p) { p["goods"] = ""; }), "goods must be 1 to 512 characters"},
      {"unknown field", "bank1", lc([](Json& p) { p["incoterm"] = "FOB"; }), "unknown field \"incoterm\""},
      {"bad currency", "bank1", lc([](Json& p) { p["currency"] = "DOLLAR"; }),
       "currency \"DOLLAR\" is not an ISO 4217"},
  };
  for (const auto& r : rows) {
    INFO(r.name);
    CHECK_THAT(f.refused(r.sender, "lc.issue", r.payload), Contains(r.why));
  }
}

TEST_CASE("the advising bank advises, and only an advised LC takes presentations", "[trade][lc]") {
  TradeFixture f;
  f.ok("bank1", "lc.issue", lc_payload());
  f.ok("corp1", "doc.issue", TradeFixture::invoice("INV-1", "INV-001"));
  CHECK_THAT(f.refused("corp1", "lc.present", present("P-1", {"INV-1"}, 1250000)),
             Contains("LC \"LC-1\" is issued; only an advised LC can be presented to"));
  CHECK_THAT(f.refused("bank1", "lc.advise", {{"lc_id", "LC-1"}}),
             Contains("only the advising bank (bank2) may advise LC \"LC-1\", not bank1"));
  f.ok("bank2", "lc.advise", {{"lc_id", "LC-1"}});
  CHECK(f.lc("LC-1")["status"] == "advised");
  CHECK_THAT(f.refused("bank2", "lc.advise", {{"lc_id", "LC-1"}}),
             Contains("LC \"LC-1\" is advised; only an issued LC can be advised"));
  CHECK_THAT(f.refused("bank2", "lc.advise", {{"lc_id", "LC-9"}}), Contains("LC \"LC-9\" does not exist"));
}

TEST_CASE("an amendment takes effect when the beneficiary accepts it", "[trade][lc]") {
  WithAdvisedLc f;
  const Json amend{
      {"lc_id", "LC-1"}, {"amendment_id", "A-1"}, {"changes", {{"amount", 1500000}, {"expiry_date", "2026-05-31"}}}};
  CHECK_THAT(f.refused("bank2", "lc.amend", amend), Contains("only the issuing bank (bank1) may amend LC \"LC-1\""));
  f.ok("bank1", "lc.amend", amend);
  CHECK(f.lc("LC-1")["amount"] == 1250000);  // proposed, not yet in force
  CHECK(f.lc("LC-1")["amendments"][0]["status"] == "proposed");
  CHECK_THAT(f.refused("bank1", "lc.amend", amend), Contains("LC \"LC-1\" already has amendment \"A-1\""));

  const Json accept{{"lc_id", "LC-1"}, {"amendment_id", "A-1"}};
  CHECK_THAT(f.refused("corp2", "lc.accept_amendment", accept),
             Contains("only the beneficiary (corp1) may accept an amendment of LC \"LC-1\", not corp2"));
  f.ok("corp1", "lc.accept_amendment", accept);
  Json lc = f.lc("LC-1");
  CHECK(lc["amount"] == 1500000);
  CHECK(lc["amount_available"] == 1500000);
  CHECK(lc["expiry_date"] == "2026-05-31");
  CHECK(lc["amendments"][0]["status"] == "accepted");
  CHECK(lc["history"].back()["event"] == "amendment_accepted");
  CHECK_THAT(f.refused("corp1", "lc.accept_amendment", accept),
             Contains("amendment \"A-1\" of LC \"LC-1\" was already accepted"));
  CHECK_THAT(f.refused("corp1", "lc.accept_amendment", {{"lc_id", "LC-1"}, {"amendment_id", "A-9"}}),
             Contains("LC \"LC-1\" has no amendment \"A-9\""));

  struct Row {
    const char* name;
    Json changes;
    const char* why;
  };
  const std::vector<Row> rows = {
      {"nothing", Json::object(), "changes is empty"},
      {"other terms", {{"goods", "shoes"}}, "changes: unknown field \"goods\""},
      {"shipment after expiry",
       {{"latest_shipment_date", "2026-06-30"}},
       "latest_shipment_date 2026-06-30 is after the expiry_date 2026-05-31"},
      {"zero amount", {{"amount", 0}}, "amount must be a positive integer"},
  };
  for (const auto& r : rows) {
    INFO(r.name);
    CHECK_THAT(f.refused("bank1", "lc.amend", {{"lc_id", "LC-1"}, {"amendment_id", "A-2"}, {"changes", r.changes}}),
               Contains(r.why));
  }
}

TEST_CASE("an amendment cannot take the amount below what was honoured", "[trade][lc]") {
  WithAdvisedLc f(true);
  f.ok("corp1", "lc.present", present("P-1", {"INV-1", "BL-1"}, 1000000));
  f.ok("bank1", "lc.honour", {{"presentation_id", "P-1"}});
  CHECK_THAT(
      f.refused("bank1", "lc.amend", {{"lc_id", "LC-1"}, {"amendment_id", "A-1"}, {"changes", {{"amount", 900000}}}}),
      Contains("amount 9000.00 USD is below the 10000.00 USD already honoured under LC \"LC-1\""));
}

TEST_CASE("examine_presentation finds each kind of discrepancy", "[trade][lc][examination]") {
  const Json lc{{"lc_id", "LC-1"},
                {"applicant", "corp2"},
                {"beneficiary", "corp1"},
                {"currency", "USD"},
                {"amount", 1250000},
                {"amount_honoured", 250000},
                {"expiry_date", "2026-04-30"},
                {"latest_shipment_date", "2026-03-31"},
                {"partial_shipments", false},
                {"required_docs", {"commercial_invoice", "bill_of_lading"}}};
  const Json invoice = [] {
    Json d = TradeFixture::invoice("INV-1", "INV-001", 1000000);
    d["version"] = 1;
    return d;
  }();
  const Json bl = TradeFixture::bill_of_lading("BL-1", "BL-001", "2026-03-10");
  auto with = [](Json doc, auto change) {
    change(doc);
    return doc;
  };

  struct Row {
    const char* name;
    std::vector<Json> docs;
    int64_t amount;
    std::string date;
    std::vector<std::string> codes;
    const char* message;
  };
  const std::vector<Row> rows = {
      {"compliant", {invoice, bl}, 1000000, "2026-04-01", {}, ""},
      {"presented on the expiry date", {invoice, bl}, 1000000, "2026-04-30", {}, ""},
      {"presented after expiry",
       {invoice, bl},
       1000000,
       "2026-05-01",
       {"presented_after_expiry"},
       "presented 2026-05-01, after the expiry date 2026-04-30"},
      {"over what is left",
       {invoice, bl},
       1000001,
       "2026-04-01",
       {"amount_exceeds_available"},
       "presented 10000.01 USD is over the 10000.00 USD still available under the LC"},
      {"partial drawing not allowed",
       {invoice, bl},
       999999,
       "2026-04-01",
       {"partial_drawing"},
       "presented 9999.99 USD is less than the 10000.00 USD available and the LC does not allow partial shipments"},
      {"required B/L missing",
       {invoice},
       1000000,
       "2026-04-01",
       {"missing_document"},
       "required bill_of_lading is not presented"},
      {"both required documents missing",
       {TradeFixture::packing_list("PL-1")},
       1000000,
       "2026-04-01",
       {"missing_document", "missing_document"},
       "required commercial_invoice is not presented"},
      {"buyer is not the applicant",
       {with(invoice, [](Json& d) { d["parties"]["buyer"] = "corp3"; }), bl},
       1000000,
       "2026-04-01",
       {"party_mismatch"},
       "document \"INV-1\": buyer corp3 is not the applicant corp2"},
      {"seller is not the beneficiary",
       {invoice, with(bl, [](Json& d) { d["parties"]["seller"] = "corp3"; })},
       1000000,
       "2026-04-01",
       {"party_mismatch"},
       "document \"BL-1\": seller corp3 is not the beneficiary corp1"},
      {"currency differs",
       {with(invoice, [](Json& d) { d["currency"] = "EUR"; }), bl},
       1000000,
       "2026-04-01",
       {"currency_mismatch"},
       "document \"INV-1\": currency EUR differs from the LC's USD"},
      {"shipped late",
       {invoice, TradeFixture::bill_of_lading("BL-1", "BL-001", "2026-04-01")},
       1000000,
       "2026-04-02",
       {"late_shipment"},
       "bill of lading \"BL-1\": shipped on board 2026-04-01, after the latest shipment date 2026-03-31"},
      {"everything wrong at once",
       {with(invoice,
             [](Json& d) {
               d["currency"] = "EUR";
               d["parties"]["buyer"] = "corp3";
             })},
       2000000,
       "2026-05-01",
       {"presented_after_expiry", "amount_exceeds_available", "missing_document", "party_mismatch",
        "currency_mismatch"},
       "required bill_of_lading"},
  };
  for (const auto& r : rows) {
    INFO(r.name);
    auto found = examine_presentation(lc, r.docs, r.amount, r.date);
    std::vector<std::string> got;
    std::string messages;
    for (const auto& d : found) {
      got.push_back(d.code);
      messages += d.message + "\n";
    }
    CHECK(got == r.codes);
    CHECK_THAT(messages, Contains(r.message));
  }
  // With partial shipments allowed, a drawing for less is compliant.
  Json partial = lc;
  partial["partial_shipments"] = true;
  CHECK(examine_presentation(partial, {invoice, bl}, 500000, "2026-04-01").empty());
}

TEST_CASE("a compliant presentation is honoured and reduces what is left", "[trade][lc]") {
  WithAdvisedLc f;
  CHECK_THAT(f.refused("corp2", "lc.present", present("P-1", {"INV-1", "BL-1"}, 1250000)),
             Contains("only the beneficiary (corp1) may present documents under LC \"LC-1\", not corp2"));
  f.ok("corp1", "lc.present", present("P-1", {"INV-1", "BL-1"}, 1250000));
  Json p = f.presentation("P-1");
  CHECK(p["status"] == "compliant");
  CHECK(p["discrepancies"].empty());
  CHECK(p["presented_date"] == "2026-03-02");
  CHECK(p["documents"][0] == Json{{"doc_id", "INV-1"}, {"doc_type", "commercial_invoice"}, {"version", 1}});
  CHECK(f.lc("LC-1")["presentations"] == Json::array({"P-1"}));
  CHECK(f.has(keys::by_doc("BL-1", "presentation", "P-1")));

  CHECK_THAT(f.refused("bank2", "lc.honour", {{"presentation_id", "P-1"}}),
             Contains("only the issuing bank (bank1) may honour presentation \"P-1\", not bank2"));
  CHECK_THAT(f.refused("bank1", "lc.refuse", {{"presentation_id", "P-1"}}),
             Contains("presentation \"P-1\" is compliant; the issuing bank must honour it"));
  CHECK_THAT(f.refused("corp2", "lc.waive", {{"presentation_id", "P-1"}}),
             Contains("presentation \"P-1\" is compliant; only a discrepant presentation can be waived"));
  f.ok("bank1", "lc.honour", {{"presentation_id", "P-1"}});
  CHECK(f.presentation("P-1")["status"] == "honoured");
  Json lc = f.lc("LC-1");
  CHECK(lc["amount_honoured"] == 1250000);
  CHECK(lc["amount_available"] == 0);
  CHECK(lc["status"] == "utilised");
  CHECK_THAT(f.refused("bank1", "lc.honour", {{"presentation_id", "P-1"}}),
             Contains("presentation \"P-1\" is honoured; only a compliant or waived presentation can be honoured"));
  CHECK_THAT(f.refused("corp1", "lc.present", present("P-2", {"INV-1", "BL-1"}, 1)),
             Contains("LC \"LC-1\" is utilised; only an advised LC can be presented to"));
  CHECK_THAT(
      f.refused("bank1", "lc.amend", {{"lc_id", "LC-1"}, {"amendment_id", "A-1"}, {"changes", {{"amount", 2000000}}}}),
      Contains("LC \"LC-1\" is utilised"));
}

TEST_CASE("partial drawings are compliant only where partial shipments are allowed", "[trade][lc]") {
  SECTION("allowed: two drawings use up the LC") {
    WithAdvisedLc f(true);
    f.ok("corp1", "lc.present", present("P-1", {"INV-1", "BL-1"}, 500000));
    CHECK(f.presentation("P-1")["status"] == "compliant");
    f.ok("bank1", "lc.honour", {{"presentation_id", "P-1"}});
    CHECK(f.lc("LC-1")["amount_available"] == 750000);
    CHECK(f.lc("LC-1")["status"] == "advised");
    f.ok("corp1", "lc.present", present("P-2", {"INV-1", "BL-1"}, 800000));
    CHECK(codes(f.presentation("P-2")) == std::vector<std::string>{"amount_exceeds_available"});
    f.ok("corp1", "lc.present", present("P-3", {"INV-1", "BL-1"}, 750000));
    CHECK(f.presentation("P-3")["status"] == "compliant");
    f.ok("bank1", "lc.honour", {{"presentation_id", "P-3"}});
    CHECK(f.lc("LC-1")["amount_honoured"] == 1250000);
    CHECK(f.lc("LC-1")["status"] == "utilised");
  }
  SECTION("not allowed: a drawing for less is discrepant") {
    WithAdvisedLc f(false);
    f.ok("corp1", "lc.present", present("P-1", {"INV-1", "BL-1"}, 500000));
    CHECK(f.presentation("P-1")["status"] == "discrepant");
    CHECK(codes(f.presentation("P-1")) == std::vector<std::string>{"partial_drawing"});
    CHECK_THAT(f.refused("bank1", "lc.honour", {{"presentation_id", "P-1"}}),
               Contains("presentation \"P-1\" is discrepant; only a compliant or waived presentation can be honoured"));
  }
}

TEST_CASE("the applicant waives discrepancies and the bank may then honour", "[trade][lc]") {
  WithAdvisedLc f;
  f.ok("carrier1", "doc.issue", TradeFixture::bill_of_lading("BL-LATE", "BL-002", "2026-04-02"));
  f.ok("corp1", "lc.present", present("P-1", {"INV-1", "BL-LATE"}, 1250000));
  Json p = f.presentation("P-1");
  CHECK(p["status"] == "discrepant");
  CHECK(codes(p) == std::vector<std::string>{"late_shipment"});
  CHECK(f.lc("LC-1")["history"].back()["verdict"] == "discrepant");

  CHECK_THAT(f.refused("bank1", "lc.waive", {{"presentation_id", "P-1"}}),
             Contains("only the applicant (corp2) may waive discrepancies of presentation \"P-1\", not bank1"));
  SECTION("waive, then honour") {
    f.ok("corp2", "lc.waive", {{"presentation_id", "P-1"}, {"reason", "goods needed regardless"}});
    CHECK(f.presentation("P-1")["status"] == "waived");
    f.ok("bank1", "lc.honour", {{"presentation_id", "P-1"}});
    CHECK(f.presentation("P-1")["status"] == "honoured");
    CHECK(f.lc("LC-1")["amount_honoured"] == 1250000);
  }
  SECTION("waive, then the bank still refuses") {
    f.ok("corp2", "lc.waive", {{"presentation_id", "P-1"}});
    f.ok("bank1", "lc.refuse", {{"presentation_id", "P-1"}, {"reason", "late shipment"}});
    CHECK(f.presentation("P-1")["status"] == "refused");
  }
  SECTION("refuse without a waiver") {
    f.ok("bank1", "lc.refuse", {{"presentation_id", "P-1"}, {"reason", "late shipment"}});
    Json refused = f.presentation("P-1");
    CHECK(refused["status"] == "refused");
    CHECK(refused["history"].back()["reason"] == "late shipment");
    CHECK(f.lc("LC-1")["amount_honoured"] == 0);
    CHECK_THAT(f.refused("corp2", "lc.waive", {{"presentation_id", "P-1"}}), Contains("is refused"));
  }
}

TEST_CASE("the ledger judges expiry against the block date", "[trade][lc]") {
  WithAdvisedLc f;
  f.env = env_on("2026-05-01", 2);
  f.ok("corp1", "lc.present", present("P-1", {"INV-1", "BL-1"}, 1250000));
  CHECK(codes(f.presentation("P-1")) == std::vector<std::string>{"presented_after_expiry"});
}

TEST_CASE("lc.present refuses malformed presentations", "[trade][lc]") {
  WithAdvisedLc f;
  f.ok("corp1", "lc.present", present("P-1", {"INV-1", "BL-1"}, 1250000));
  struct Row {
    const char* name;
    Json payload;
    const char* why;
  };
  const std::vector<Row> rows = {
      {"id taken", present("P-1", {"INV-1"}, 1), "presentation \"P-1\" already exists"},
      {"no documents", present("P-2", Json::array(), 1), "doc_ids must name 1 to 32 documents"},
      {"a document twice", present("P-2", {"INV-1", "INV-1"}, 1), "doc_ids lists \"INV-1\" twice"},
      {"unknown document", present("P-2", {"INV-9"}, 1), "document \"INV-9\" does not exist"},
      {"unknown LC",
       [] {
         Json p = present("P-2", {"INV-1"}, 1);
         p["lc_id"] = "LC-9";
         return p;
       }(),
       "LC \"LC-9\" does not exist"},
      {"zero amount", present("P-2", {"INV-1"}, 0), "amount must be a positive integer"},
  };
  for (const auto& r : rows) {
    INFO(r.name);
    CHECK_THAT(f.refused("corp1", "lc.present", r.payload), Contains(r.why));
  }
  CHECK_THAT(f.refused("bank1", "lc.honour", {{"presentation_id", "P-9"}}),
             Contains("presentation \"P-9\" does not exist"));
}
