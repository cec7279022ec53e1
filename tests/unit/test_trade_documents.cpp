// Trade documents: who issues and acknowledges each type, payload checks, amendments
// with history, invoice-to-PO matching, the electronic bill of lading, attachments,
// indexes.
#include <catch2/catch.hpp>

#include "chain/crypto/sealed_attachment.h"
#include "test_trade_fixture.h"

using namespace tfl;
using namespace tfl::test;
using Catch::Contains;

TEST_CASE("each document type is issued only by its issuing party", "[trade][documents]") {
  struct Row {
    Json payload;
    const char* issuer;
    const char* impostor;
    const char* why;
  };
  const Row rows[] = {
      {TradeFixture::po("PO-1"), "corp2", "corp1", "only the buyer (corp2) may issue a purchase_order, not corp1"},
      {TradeFixture::invoice("INV-1", "INV-001"), "corp1", "corp2",
       "only the seller (corp1) may issue a commercial_invoice, not corp2"},
      {TradeFixture::packing_list("PL-1"), "corp1", "corp2",
       "only the seller (corp1) may issue a packing_list, not corp2"},
      {TradeFixture::bill_of_lading("BL-1", "BL-001"), "carrier1", "corp1",
       "only the carrier (carrier1) may issue a bill_of_lading, not corp1"},
      {TradeFixture::insurance_certificate("IC-1"), "insurer1", "carrier1",
       "only the insurer (insurer1) may issue an insurance_certificate, not carrier1"},
  };
  for (const auto& r : rows) {
    INFO(r.payload["doc_type"]);
    TradeFixture f;
    CHECK_THAT(f.refused(r.impostor, "doc.issue", r.payload), Contains(r.why));
    CHECK_THAT(f.refused("bank1", "doc.issue", r.payload), Contains("not bank1"));
    f.ok(r.issuer, "doc.issue", r.payload);
    Json doc = f.doc(r.payload["doc_id"]);
    CHECK(doc["status"] == "issued");
    CHECK(doc["version"] == 1);
    CHECK(doc["issuer"] == r.issuer);
    REQUIRE(doc["history"].size() == 1);
    CHECK(doc["history"][0]["event"] == "issued");
    CHECK(doc["history"][0]["actor"] == r.issuer);
    CHECK(doc["history"][0]["tx"].is_string());
    CHECK_FALSE(doc["history"][0].contains("height"));  // the API adds it from the tx's block
    for (const auto& [member, party] : r.payload["parties"].items()) {
      INFO(member);
      CHECK(f.has(keys::by_party(party, "doc", r.payload["doc_id"])));
    }
  }
}

TEST_CASE("doc.issue refuses malformed or inconsistent documents", "[trade][documents]") {
  TradeFixture f;
  f.ok("corp2", "doc.issue", TradeFixture::po("PO-1"));
  struct Row {
    const char* name;
    const char* sender;
    Json payload;
    const char* why;
  };
  auto po = [](auto change) {
    Json p = TradeFixture::po("PO-2");
    change(p);
    return p;
  };
  auto bl = [](auto change) {
    Json p = TradeFixture::bill_of_lading("BL-2", "BL-002");
    change(p);
    return p;
  };
  const std::vector<Row> rows = {
      {"unknown field", "corp2", po([](Json& p) { p["colour"] = "red"; }), "payload: unknown field \"colour\""},
      {"bad doc id", "corp2", po([](Json& p) { p["doc_id"] = "PO 2"; }), "doc_id \"PO 2\" must match"},
      {"duplicate doc id", "corp2", po([](Json& p) { p["doc_id"] = "PO-1"; }), "document \"PO-1\" already exists"},
      {"unknown doc type", "corp2", po([](Json& p) { p["doc_type"] = "receipt"; }), "doc_type \"receipt\" must be"},
      {"impossible date", "corp2", po([](Json& p) { p["issue_date"] = "2026-02-30"; }),
       "issue_date \"2026-02-30\" is not a valid YYYY-MM-DD date"},
      {"zero amount", "corp2", po([](Json& p) { p["amount"] = 0; }), "amount must be a positive integer"},
      {"fractional amount", "corp2", po([](Json& p) { p["amount"] = "12.50"; }), "amount must be a positive integer"},
      {"lower-case currency", "corp2", po([](Json& p) { p["currency"] = "usd"; }),
       "currency \"usd\" is not an ISO 4217"},
      {"unknown currency", "corp2", po([](Json& p) { p["currency"] = "XYZ"; }), "currency \"XYZ\" is not an ISO 4217"},
      {"PO without amount", "corp2", po([](Json& p) {
         p.erase("amount");
         p.erase("currency");
       }),
       "a purchase_order needs currency and amount"},
      {"currency without amount", "corp2", po([](Json& p) { p.erase("amount"); }), "currency and amount go together"},
      {"due before issue", "corp2", po([](Json& p) { p["due_date"] = "2026-01-01"; }),
       "due_date 2026-01-01 is before issue_date 2026-02-20"},
      {"unknown ref", "corp2", po([](Json& p) { p["refs"] = {"NOPE"}; }), "refs: document \"NOPE\" does not exist"},
      {"self ref", "corp2", po([](Json& p) { p["refs"] = {"PO-2"}; }), "cannot refer to itself"},
      {"ref twice", "corp2", po([](Json& p) {
         p["refs"] = {"PO-1", "PO-1"};
       }),
       "refs lists \"PO-1\" twice"},
      {"unknown party", "corp2", po([](Json& p) { p["parties"]["seller"] = "nobody"; }),
       "seller \"nobody\" is not a participant"},
      {"party in the wrong role", "corp2", po([](Json& p) { p["parties"]["seller"] = "carrier1"; }),
       "seller \"carrier1\" is a carrier, not a corporate"},
      {"buyer is seller", "corp2", po([](Json& p) { p["parties"]["seller"] = "corp2"; }),
       "buyer and seller must be different"},
      {"unknown party role", "corp2", po([](Json& p) { p["parties"]["agent"] = "corp3"; }),
       "parties: unknown field \"agent\""},
      {"control character in number", "corp2", po([](Json& p) { p["number"] = "PO\n2"; }),
       "number must not contain control characters"},
      {"B/L without carrier", "carrier1", bl([](Json& p) { p["parties"].erase("carrier"); }),
       "a bill_of_lading needs parties.carrier"},
      {"B/L without shipment date", "carrier1", bl([](Json& p) { p["fields"].erase("shipped_on_board_date"); }),
       "fields: missing field \"shipped_on_board_date\""},
      {"B/L with a bad shipment date", "carrier1", bl([](Json& p) { p["fields"]["shipped_on_board_date"] = "soon"; }),
       "shipped_on_board_date \"soon\" is not a valid"},
      {"B/L without vessel", "carrier1", bl([](Json& p) { p["fields"].erase("vessel"); }), "missing field \"vessel\""},
      {"insurance without insurer", "insurer1",
       [] {
         Json p = TradeFixture::insurance_certificate("IC-2");
         p["parties"].erase("insurer");
         return p;
       }(),
       "needs parties.insurer"},
  };
  for (const auto& r : rows) {
    INFO(r.name);
    CHECK_THAT(f.refused(r.sender, "doc.issue", r.payload), Contains(r.why));
  }
}

TEST_CASE("the counterparty accepts or rejects a document", "[trade][documents]") {
  struct Row {
    Json payload;
    const char* issuer;
    const char* counterparty;
    const char* other;
    const char* who;
  };
  const Row rows[] = {
      {TradeFixture::po("PO-1"), "corp2", "corp1", "corp2", "only the seller (corp1) may accept document \"PO-1\""},
      {TradeFixture::invoice("INV-1", "INV-001"), "corp1", "corp2", "corp1",
       "only the buyer (corp2) may accept document \"INV-1\""},
      {TradeFixture::packing_list("PL-1"), "corp1", "corp2", "bank1",
       "only the buyer (corp2) may accept document \"PL-1\""},
  };
  for (const auto& r : rows) {
    const std::string id = r.payload["doc_id"];
    INFO(id);
    TradeFixture f;
    f.ok(r.issuer, "doc.issue", r.payload);
    CHECK_THAT(f.refused(r.other, "doc.accept", {{"doc_id", id}}), Contains(r.who));
    SECTION("accept") {
      f.ok(r.counterparty, "doc.accept", {{"doc_id", id}});
      CHECK(f.doc(id)["status"] == "accepted");
      CHECK(f.doc(id)["history"].back()["event"] == "accepted");
      CHECK_THAT(f.refused(r.counterparty, "doc.reject", {{"doc_id", id}}),
                 Contains("document \"" + id + "\" is accepted; only an issued document can be rejected"));
      CHECK_THAT(f.refused(r.counterparty, "doc.accept", {{"doc_id", id}}), Contains("can be accepted"));
    }
    SECTION("reject with a reason") {
      f.ok(r.counterparty, "doc.reject", {{"doc_id", id}, {"reason", "wrong quantity"}});
      Json doc = f.doc(id);
      CHECK(doc["status"] == "rejected");
      CHECK(doc["history"].back()["reason"] == "wrong quantity");
      CHECK_THAT(f.refused(r.counterparty, "doc.accept", {{"doc_id", id}}), Contains("is rejected"));
    }
  }
}

TEST_CASE("bills of lading and insurance certificates are not accepted or rejected", "[trade][documents]") {
  TradeFixture f;
  f.ok("carrier1", "doc.issue", TradeFixture::bill_of_lading("BL-1", "BL-001"));
  f.ok("insurer1", "doc.issue", TradeFixture::insurance_certificate("IC-1"));
  for (const char* type : {"doc.accept", "doc.reject"}) {
    CHECK_THAT(f.refused("corp2", type, {{"doc_id", "BL-1"}}),
               Contains("is a bill_of_lading, which no counterparty accepts or rejects"));
    CHECK_THAT(f.refused("corp2", type, {{"doc_id", "IC-1"}}),
               Contains("is an insurance_certificate, which no counterparty accepts or rejects"));
  }
  CHECK_THAT(f.refused("corp2", "doc.accept", {{"doc_id", "NOPE"}}), Contains("document \"NOPE\" does not exist"));
  CHECK_THAT(f.refused("corp2", "doc.accept", {{"doc_id", "BL-1"}, {"note", "x"}}), Contains("unknown field \"note\""));
}

TEST_CASE("the issuer amends a document before acceptance, keeping its history", "[trade][documents]") {
  TradeFixture f;
  f.ok("corp1", "doc.issue", TradeFixture::invoice("INV-1", "INV-001", 1000000));
  f.ok("corp1", "doc.amend", {{"doc_id", "INV-1"}, {"changes", {{"amount", 1100000}, {"number", "INV-001A"}}}});
  Json doc = f.doc("INV-1");
  CHECK(doc["version"] == 2);
  CHECK(doc["status"] == "issued");
  CHECK(doc["amount"] == 1100000);
  CHECK(doc["number"] == "INV-001A");
  Json entry = doc["history"].back();
  CHECK(entry["event"] == "amended");
  CHECK(entry["version"] == 2);
  CHECK(entry["changes"]["amount"] == 1100000);
  CHECK(entry["previous"]["amount"] == 1000000);
  CHECK(entry["previous"]["number"] == "INV-001");

  f.ok("corp1", "doc.amend", {{"doc_id", "INV-1"}, {"changes", {{"due_date", "2026-06-30"}}}});
  CHECK(f.doc("INV-1")["version"] == 3);
  CHECK(f.doc("INV-1")["history"].back()["previous"]["due_date"] == "2026-05-25");

  struct Row {
    const char* name;
    const char* sender;
    Json changes;
    const char* why;
  };
  const std::vector<Row> rows = {
      {"not the issuer", "corp2", {{"amount", 1}}, "only the issuer (corp1) may amend document \"INV-1\", not corp2"},
      {"parties", "corp1", {{"parties", {{"buyer", "corp3"}, {"seller", "corp1"}}}}, "parties cannot be amended"},
      {"doc type", "corp1", {{"doc_type", "packing_list"}}, "doc_type cannot be amended"},
      {"unknown field", "corp1", {{"colour", "red"}}, "changes: unknown field \"colour\""},
      {"nothing", "corp1", Json::object(), "changes is empty"},
      {"invalid value", "corp1", {{"issue_date", "2026-13-01"}}, "issue_date \"2026-13-01\" is not a valid"},
  };
  for (const auto& r : rows) {
    INFO(r.name);
    CHECK_THAT(f.refused(r.sender, "doc.amend", {{"doc_id", "INV-1"}, {"changes", r.changes}}), Contains(r.why));
  }
  f.ok("corp2", "doc.accept", {{"doc_id", "INV-1"}});
  CHECK_THAT(f.refused("corp1", "doc.amend", {{"doc_id", "INV-1"}, {"changes", {{"amount", 1}}}}),
             Contains("document \"INV-1\" is accepted; only an issued document can be amended"));
}

TEST_CASE("an invoice referring to a purchase order is matched", "[trade][documents][matching]") {
  TradeFixture f;
  f.accepted_po("PO-1", 1250000);
  f.ok("corp1", "doc.issue", TradeFixture::invoice("INV-1", "INV-001", 800000, {"PO-1"}));
  CHECK(f.doc("INV-1")["matched_po"] == "PO-1");
  Json po = f.doc("PO-1");
  CHECK(po["invoices"] == Json::array({"INV-1"}));
  CHECK(po["invoiced"] == 800000);
  CHECK(po["history"].back()["event"] == "invoice_matched");
  CHECK(po["history"].back()["invoice"] == "INV-1");

  SECTION("over-invoicing the order is refused, naming the figures") {
    CHECK_THAT(f.refused("corp1", "doc.issue", TradeFixture::invoice("INV-2", "INV-002", 500000, {"PO-1"})),
               Contains("invoices on purchase order \"PO-1\" would total 13000.00 USD, over its amount 12500.00 USD "
                        "(already invoiced 8000.00 USD, invoice \"INV-2\" adds 5000.00 USD)"));
    f.ok("corp1", "doc.issue", TradeFixture::invoice("INV-2", "INV-002", 450000, {"PO-1"}));
    CHECK(f.doc("PO-1")["invoiced"] == 1250000);
    CHECK(f.doc("PO-1")["invoices"] == Json::array({"INV-1", "INV-2"}));
  }
  SECTION("a rejected invoice no longer counts") {
    f.ok("corp2", "doc.reject", {{"doc_id", "INV-1"}, {"reason", "price"}});
    CHECK(f.doc("PO-1")["invoiced"] == 0);
    CHECK(f.doc("PO-1")["invoices"].empty());
    CHECK(f.doc("PO-1")["history"].back()["event"] == "invoice_released");
    f.ok("corp1", "doc.issue", TradeFixture::invoice("INV-2", "INV-002", 1250000, {"PO-1"}));
    CHECK(f.doc("PO-1")["invoiced"] == 1250000);
  }
  SECTION("an amendment is matched again") {
    CHECK_THAT(f.refused("corp1", "doc.amend", {{"doc_id", "INV-1"}, {"changes", {{"amount", 1300000}}}}),
               Contains("would total 13000.00 USD, over its amount 12500.00 USD"));
    CHECK(f.doc("PO-1")["invoiced"] == 800000);  // the refused amendment left nothing behind
    f.ok("corp1", "doc.amend", {{"doc_id", "INV-1"}, {"changes", {{"amount", 1250000}}}});
    CHECK(f.doc("PO-1")["invoiced"] == 1250000);
    CHECK(f.doc("PO-1")["invoices"] == Json::array({"INV-1"}));
    f.ok("corp1", "doc.amend", {{"doc_id", "INV-1"}, {"changes", {{"refs", Json::array()}}}});
    CHECK(f.doc("PO-1")["invoiced"] == 0);
    CHECK_FALSE(f.doc("INV-1").contains("matched_po"));
  }
}

TEST_CASE("an invoice that does not match its purchase order is refused with the mismatch",
          "[trade][documents][matching]") {
  TradeFixture f;
  f.accepted_po("PO-1", 1250000);
  f.ok("corp2", "doc.issue", TradeFixture::po("PO-2"));  // issued, not accepted
  f.ok("corp1", "doc.issue", TradeFixture::packing_list("PL-1"));
  auto inv = [](auto change) {
    Json p = TradeFixture::invoice("INV-9", "INV-009", 100000, {"PO-1"});
    change(p);
    return p;
  };
  struct Row {
    const char* name;
    Json payload;
    const char* why;
  };
  const std::vector<Row> rows = {
      {"PO not accepted", inv([](Json& p) { p["refs"] = {"PO-2"}; }),
       "refers to purchase order \"PO-2\", which is not accepted by its seller (status issued)"},
      {"other buyer", inv([](Json& p) { p["parties"]["buyer"] = "corp3"; }),
       "invoice \"INV-9\" does not match purchase order \"PO-1\": buyer corp3 differs from the order's corp2"},
      {"other currency", inv([](Json& p) { p["currency"] = "EUR"; }),
       "does not match purchase order \"PO-1\": currency EUR differs from the order's USD"},
      {"two orders", inv([](Json& p) {
         p["refs"] = {"PO-1", "PO-2"};
       }),
       "refers to two purchase orders (PO-1, PO-2)"},
      {"over the order alone", inv([](Json& p) { p["amount"] = 1250001; }), "over its amount 12500.00 USD"},
  };
  for (const auto& r : rows) {
    INFO(r.name);
    CHECK_THAT(f.refused("corp1", "doc.issue", r.payload), Contains(r.why));
  }
  // A seller mismatch: corp3 invoicing against corp1's order.
  Json other_seller = TradeFixture::invoice("INV-8", "INV-008", 100000, {"PO-1"});
  other_seller["parties"]["seller"] = "corp3";
  CHECK_THAT(f.refused("corp3", "doc.issue", other_seller), Contains("seller corp3 differs from the order's corp1"));
  // Refs to documents other than purchase orders are not matched.
  f.ok("corp1", "doc.issue", TradeFixture::invoice("INV-7", "INV-007", 100000, {"PL-1"}));
  CHECK_FALSE(f.doc("INV-7").contains("matched_po"));
}

TEST_CASE("a bill of lading passes from holder to holder and ends on surrender", "[trade][documents][bl]") {
  TradeFixture f;
  f.ok("carrier1", "doc.issue", TradeFixture::bill_of_lading("BL-1", "BL-001"));
  CHECK(f.doc("BL-1")["holder"] == "corp1");
  CHECK(f.doc("BL-1")["holders"] == Json::array({"corp1"}));

  CHECK_THAT(f.refused("corp2", "doc.transfer", {{"doc_id", "BL-1"}, {"to", "corp2"}}),
             Contains("only the holder (corp1) may transfer bill of lading \"BL-1\", not corp2"));
  CHECK_THAT(f.refused("carrier1", "doc.transfer", {{"doc_id", "BL-1"}, {"to", "corp2"}}),
             Contains("only the holder (corp1)"));
  CHECK_THAT(f.refused("corp1", "doc.transfer", {{"doc_id", "BL-1"}, {"to", "corp1"}}),
             Contains("corp1 already holds bill of lading \"BL-1\""));
  CHECK_THAT(f.refused("corp1", "doc.transfer", {{"doc_id", "BL-1"}, {"to", "nobody"}}),
             Contains("recipient \"nobody\" is not a participant"));
  CHECK_THAT(f.refused("corp1", "doc.transfer", {{"doc_id", "BL-1"}, {"to", "carrier1"}}),
             Contains("is the carrier of bill of lading \"BL-1\"; return it with doc.surrender"));

  f.ok("corp1", "doc.transfer", {{"doc_id", "BL-1"}, {"to", "bank1"}});
  f.ok("bank1", "doc.transfer", {{"doc_id", "BL-1"}, {"to", "corp2"}});
  Json bl = f.doc("BL-1");
  CHECK(bl["holder"] == "corp2");
  CHECK(bl["holders"] == Json::array({"corp1", "bank1", "corp2"}));
  CHECK(bl["history"].back()["event"] == "transferred");
  CHECK(bl["history"].back()["from"] == "bank1");
  CHECK(bl["history"].back()["to"] == "corp2");
  CHECK(f.has(keys::by_party("bank1", "doc", "BL-1")));
  CHECK_THAT(f.refused("corp1", "doc.transfer", {{"doc_id", "BL-1"}, {"to", "corp3"}}),
             Contains("only the holder (corp2)"));
  CHECK_THAT(f.refused("carrier1", "doc.amend", {{"doc_id", "BL-1"}, {"changes", {{"number", "BL-001X"}}}}),
             Contains("bill of lading \"BL-1\" has been transferred (holder corp2); it can no longer be amended"));

  CHECK_THAT(f.refused("bank1", "doc.surrender", {{"doc_id", "BL-1"}}), Contains("only the holder (corp2)"));
  f.ok("corp2", "doc.surrender", {{"doc_id", "BL-1"}, {"reason", "goods delivered in Rotterdam"}});
  bl = f.doc("BL-1");
  CHECK(bl["status"] == "surrendered");
  CHECK(bl["holder"] == "carrier1");
  CHECK(bl["holders"] == Json::array({"corp1", "bank1", "corp2", "carrier1"}));
  CHECK(bl["history"].back()["event"] == "surrendered");
  CHECK(bl["history"].back()["reason"] == "goods delivered in Rotterdam");

  CHECK_THAT(f.refused("carrier1", "doc.transfer", {{"doc_id", "BL-1"}, {"to", "corp1"}}),
             Contains("bill of lading \"BL-1\" was surrendered to carrier1; it can no longer be transferred"));
  CHECK_THAT(f.refused("carrier1", "doc.surrender", {{"doc_id", "BL-1"}}), Contains("can no longer be surrendered"));
}

TEST_CASE("only a bill of lading is transferred or surrendered", "[trade][documents][bl]") {
  TradeFixture f;
  f.ok("corp1", "doc.issue", TradeFixture::invoice("INV-1", "INV-001"));
  CHECK_THAT(f.refused("corp1", "doc.transfer", {{"doc_id", "INV-1"}, {"to", "corp2"}}),
             Contains("document \"INV-1\" is a commercial_invoice; only a bill of lading is transferred"));
  CHECK_THAT(f.refused("corp1", "doc.surrender", {{"doc_id", "INV-1"}}),
             Contains("only a bill of lading is surrendered"));
  CHECK_THAT(f.refused("corp1", "doc.transfer", {{"doc_id", "INV-1"}, {"to", "Corp2"}}),
             Contains("to \"Corp2\" is not a participant id"));
}

TEST_CASE("a document may carry an attachment sealed to exactly its parties", "[trade][documents][attachment]") {
  TradeFixture f;
  std::map<std::string, PublicKey> parties{{"corp1", key_of("corp1").public_key},
                                           {"corp2", key_of("corp2").public_key}};
  Json payload = TradeFixture::invoice("INV-1", "INV-001");
  payload["attachment"] = seal_attachment("full invoice text", "INV-1", parties).value();

  SECTION("accepted, and each party opens it from the ledger's record") {
    f.ok("corp1", "doc.issue", payload);
    Json stored = f.doc("INV-1")["attachment"];
    for (const char* party : {"corp1", "corp2"}) {
      auto text = open_attachment(stored, "INV-1", party, key_of(party).secret_key);
      REQUIRE(text);
      CHECK(*text == "full invoice text");
    }
    auto outsider = open_attachment(stored, "INV-1", "corp3", key_of("corp3").secret_key);
    REQUIRE_FALSE(outsider);
    CHECK_THAT(outsider.status().message(), Contains("not sealed to \"corp3\""));
  }
  SECTION("a party left out") {
    payload["attachment"]["keys"].erase("corp2");
    CHECK_THAT(f.refused("corp1", "doc.issue", payload), Contains("attachment is not sealed to party \"corp2\""));
  }
  SECTION("sealed to an outsider") {
    payload["attachment"]["keys"]["corp3"] = payload["attachment"]["keys"]["corp1"];
    CHECK_THAT(f.refused("corp1", "doc.issue", payload), Contains("sealed to \"corp3\", who is not a party"));
  }
}
