// Financing and the duplicate-financing guard: lifecycle, fingerprints F1/F2/F3,
// duplicates at other banks, copies, racing banks in one block, release, credit
// limits, B/L-backed financing, maker-checker.
#include <catch2/catch.hpp>

#include "chain/trade/financing.h"
#include "chain/trade/fingerprints.h"
#include "test_trade_fixture.h"

using namespace tfl;
using namespace tfl::test;
using Catch::Contains;

namespace {

// corp1 sells to corp2: INV-1 (number INV-001, 12500.00 USD) issued and accepted.
struct WithAcceptedInvoice : TradeFixture {
  WithAcceptedInvoice() { accepted_invoice("INV-1", "INV-001"); }
};

Json fingerprint_record(const TradeFixture& f, const std::string& financing_id, const std::string& kind) {
  const Json fin = f.financing(financing_id);
  for (const auto& fp : fin["fingerprints"])
    if (fp["kind"] == kind) return f.record(keys::fingerprint(fp["fingerprint"]));
  FAIL("no " << kind << " fingerprint on " << financing_id);
  return {};
}

}  // namespace

TEST_CASE("fingerprints normalise their fields and separate kinds", "[trade][fingerprints]") {
  const Hash key = sha256("network"), other_key = sha256("another network");
  CHECK(normalise_fingerprint_text("  inv-001\t") == "INV-001");
  CHECK(fingerprint_f1(key, "corp1", "corp2", "INV-001") == fingerprint_f1(key, " CORP1", "Corp2 ", " inv-001 "));
  CHECK(fingerprint_f1(key, "corp1", "corp2", "INV-001") != fingerprint_f1(key, "corp1", "corp2", "INV-002"));
  CHECK(fingerprint_f1(key, "corp1", "corp2", "INV-001") != fingerprint_f1(other_key, "corp1", "corp2", "INV-001"));
  // The separator keeps field boundaries: ("ab","c") is not ("a","bc").
  CHECK(fingerprint_f3(key, "ab", "c") != fingerprint_f3(key, "a", "bc"));
  // The kind is hashed: F1 and F3 over similar text never collide.
  CHECK(fingerprint_f1(key, "carrier1", "x", "BL-1") != fingerprint_f3(key, "carrier1", "BL-1"));
  CHECK(fingerprint_f2(key, "corp1", "corp2", "usd", 1250000, "2026-02-25") ==
        fingerprint_f2(key, "corp1", "corp2", "USD", 1250000, "2026-02-25"));
  CHECK(fingerprint_f2(key, "corp1", "corp2", "USD", 1250000, "2026-02-25") !=
        fingerprint_f2(key, "corp1", "corp2", "USD", 1250001, "2026-02-25"));
  // The documented byte layout.
  const char sep = 0x1F;
  std::string bytes = std::string(key.view()) + "F3" + sep + "CARRIER1" + sep + "BL-001";
  CHECK(fingerprint_f3(key, "carrier1", "bl-001") == sha256(bytes));
}

TEST_CASE("a financing runs request, approve, disburse, repay", "[trade][financing]") {
  WithAcceptedInvoice f;
  f.ok("corp1", "finance.request", TradeFixture::request("FIN-1", "INV-1", "bank1", 1000000));
  Json fin = f.financing("FIN-1");
  CHECK(fin["status"] == "requested");
  CHECK(fin["seller"] == "corp1");
  CHECK(fin["buyer"] == "corp2");
  CHECK(fin["bank"] == "bank1");
  CHECK(fin["doc_type"] == "commercial_invoice");
  REQUIRE(fin["fingerprints"].size() == 2);
  CHECK(fin["fingerprints"][0]["fingerprint"] ==
        fingerprint_f1(f.genesis().network_key, "corp1", "corp2", "INV-001").hex());
  Json f1 = fingerprint_record(f, "FIN-1", "F1");
  CHECK(f1["status"] == "held");
  CHECK(f1["financing_id"] == "FIN-1");
  CHECK(f1["bank"] == "bank1");
  CHECK(f1["doc_id"] == "INV-1");
  CHECK(load_fingerprint(f.state, f1["fingerprint"]).has_value());
  CHECK(f.participant("corp1")["open_financing"] == 1000000);
  CHECK(f.doc("INV-1")["financing"] == Json{{"financing_id", "FIN-1"}, {"bank", "bank1"}});
  CHECK(f.has(keys::by_party("corp1", "financing", "FIN-1")));
  CHECK(f.has(keys::by_party("bank1", "financing", "FIN-1")));
  CHECK(f.has(keys::by_doc("INV-1", "financing", "FIN-1")));

  f.ok("bank1", "finance.approve", TradeFixture::approval("FIN-1", 900000, "2026-06-01"));
  fin = f.financing("FIN-1");
  CHECK(fin["status"] == "approved");
  CHECK(fin["terms"] == Json{{"amount", 900000}, {"rate_bps", 450}, {"due_date", "2026-06-01"}});
  CHECK(f.participant("corp1")["open_financing"] == 900000);  // the approved amount now counts

  f.ok("bank1", "finance.disburse", {{"financing_id", "FIN-1"}});
  CHECK(f.financing("FIN-1")["status"] == "disbursed");
  CHECK(fingerprint_record(f, "FIN-1", "F2")["status"] == "held");

  f.ok("bank1", "finance.repay", {{"financing_id", "FIN-1"}, {"reason", "buyer paid at maturity"}});
  fin = f.financing("FIN-1");
  CHECK(fin["status"] == "repaid");
  CHECK(fin["history"].back()["reason"] == "buyer paid at maturity");
  CHECK(fingerprint_record(f, "FIN-1", "F1")["status"] == "released");
  CHECK(fingerprint_record(f, "FIN-1", "F2")["status"] == "released");
  CHECK(f.participant("corp1")["open_financing"] == 0);
  CHECK_FALSE(f.doc("INV-1").contains("financing"));
  std::vector<std::string> events;
  for (const auto& h : fin["history"]) events.push_back(h["event"]);
  CHECK(events == std::vector<std::string>{"requested", "approved", "disbursed", "repaid"});
}

TEST_CASE("finance.request refuses what cannot be financed", "[trade][financing]") {
  WithAcceptedInvoice f;
  f.ok("corp1", "doc.issue", TradeFixture::invoice("INV-2", "INV-002", 500000));  // not accepted
  f.ok("corp2", "doc.issue", TradeFixture::po("PO-1"));
  f.ok("corp1", "finance.request", TradeFixture::request("FIN-1", "INV-1", "bank1", 100));
  f.ok("corp1", "finance.cancel", {{"financing_id", "FIN-1"}});
  struct Row {
    const char* name;
    const char* sender;
    Json payload;
    const char* why;
  };
  const std::vector<Row> rows = {
      {"not the seller", "corp2", TradeFixture::request("FIN-2", "INV-1", "bank1"),
       "only the seller (corp1) may request financing of document \"INV-1\", not corp2"},
      {"not accepted", "corp1", TradeFixture::request("FIN-2", "INV-2", "bank1", 100),
       "invoice \"INV-2\" is issued; only an invoice accepted by its buyer can be financed"},
      {"a purchase order", "corp1", TradeFixture::request("FIN-2", "PO-1", "bank1"),
       "document \"PO-1\" is a purchase_order; only a commercial invoice or a bill of lading can be financed"},
      {"unknown document", "corp1", TradeFixture::request("FIN-2", "NOPE", "bank1"),
       "document \"NOPE\" does not exist"},
      {"not a bank", "corp1", TradeFixture::request("FIN-2", "INV-1", "corp3"),
       "bank \"corp3\" is a corporate, not a bank"},
      {"unknown bank", "corp1", TradeFixture::request("FIN-2", "INV-1", "bank9"),
       "bank \"bank9\" is not a participant"},
      {"other currency", "corp1", TradeFixture::request("FIN-2", "INV-1", "bank1", 100, "EUR"),
       "currency EUR differs from document \"INV-1\"'s USD"},
      {"over the invoice", "corp1", TradeFixture::request("FIN-2", "INV-1", "bank1", 1250001),
       "amount 12500.01 USD is over document \"INV-1\"'s 12500.00 USD"},
      {"zero", "corp1", TradeFixture::request("FIN-2", "INV-1", "bank1", 0), "amount must be a positive integer"},
      {"id reused", "corp1", TradeFixture::request("FIN-1", "INV-1", "bank1"), "financing \"FIN-1\" already exists"},
      {"bad id", "corp1", TradeFixture::request("FIN 2", "INV-1", "bank1"), "financing_id \"FIN 2\" must match"},
      {"unknown field", "corp1",
       [] {
         Json p = TradeFixture::request("FIN-2", "INV-1", "bank1");
         p["rate"] = 1;
         return p;
       }(),
       "payload: unknown field \"rate\""},
      {"missing field", "corp1",
       [] {
         Json p = TradeFixture::request("FIN-2", "INV-1", "bank1");
         p.erase("bank");
         return p;
       }(),
       "missing field \"bank\""},
  };
  for (const auto& r : rows) {
    INFO(r.name);
    CHECK_THAT(f.refused(r.sender, "finance.request", r.payload), Contains(r.why));
  }
}

TEST_CASE("the same receivable is not financed twice", "[trade][financing][duplicate]") {
  WithAcceptedInvoice f;
  f.ok("corp1", "finance.request", TradeFixture::request("FIN-1", "INV-1", "bank1"));

  SECTION("the same invoice at a second bank") {
    CHECK_THAT(f.refused("corp1", "finance.request", TradeFixture::request("FIN-2", "INV-1", "bank2")),
               Contains("duplicate financing refused: fingerprint F1 (seller, buyer, invoice number) of document "
                        "\"INV-1\" is held by financing \"FIN-1\" at bank1 (document \"INV-1\""));
  }
  SECTION("the same invoice at the same bank") {
    CHECK_THAT(f.refused("corp1", "finance.request", TradeFixture::request("FIN-2", "INV-1", "bank1")),
               Contains("held by financing \"FIN-1\" at bank1"));
  }
  SECTION("a re-issued copy under a new doc id (F1)") {
    f.accepted_invoice("INV-1-COPY", "INV-001");
    CHECK_THAT(f.refused("corp1", "finance.request", TradeFixture::request("FIN-2", "INV-1-COPY", "bank2")),
               Contains("fingerprint F1 (seller, buyer, invoice number) of document \"INV-1-COPY\" is held by "
                        "financing \"FIN-1\" at bank1 (document \"INV-1\""));
  }
  SECTION("a copy whose number only differs in case and spacing (F1)") {
    f.accepted_invoice("INV-1-LC", " inv-001 ");
    CHECK_THAT(f.refused("corp1", "finance.request", TradeFixture::request("FIN-2", "INV-1-LC", "bank2")),
               Contains("fingerprint F1"));
  }
  SECTION("an altered copy with a new number but the same parties, amount, currency and date (F2)") {
    f.accepted_invoice("INV-1-ALT", "INV-001-A");
    CHECK_THAT(f.refused("corp1", "finance.request", TradeFixture::request("FIN-2", "INV-1-ALT", "bank2")),
               Contains("fingerprint F2 (seller, buyer, currency, amount, issue date) of document \"INV-1-ALT\" is "
                        "held by financing \"FIN-1\" at bank1 (document \"INV-1\""));
  }
  SECTION("a genuinely different invoice is financed") {
    f.accepted_invoice("INV-2", "INV-002", 700000);
    f.ok("corp1", "finance.request", TradeFixture::request("FIN-2", "INV-2", "bank2", 700000));
  }
}

TEST_CASE("two banks racing for one invoice in a block: the first wins", "[trade][financing][duplicate]") {
  WithAcceptedInvoice f;
  int64_t n = f.next_nonce("corp1");
  std::vector<TxPtr> txs = {
      f.make_tx("corp1", "finance.request", TradeFixture::request("FIN-A", "INV-1", "bank1"), {}, n),
      f.make_tx("corp1", "finance.request", TradeFixture::request("FIN-B", "INV-1", "bank2"), {}, n + 1),
  };
  auto exec = f.executor.execute_block(f.state, Hash{}, txs, f.env);
  REQUIRE(exec);
  REQUIRE(exec->outcomes.size() == 2);
  CHECK(exec->outcomes[0].ok);
  CHECK_FALSE(exec->outcomes[1].ok);
  CHECK_THAT(exec->outcomes[1].reason, Contains("held by financing \"FIN-A\" at bank1"));
  apply_writes(f.state, exec->writes);
  CHECK(f.financing("FIN-A")["status"] == "requested");
  CHECK_FALSE(f.has(keys::financing("FIN-B")));
  CHECK(f.next_nonce("corp1") == n + 2);                       // the failed request spent its nonce
  CHECK(f.participant("corp1")["open_financing"] == 1000000);  // counted once
}

TEST_CASE("rejection, cancellation and repayment release the fingerprints", "[trade][financing][duplicate]") {
  struct Row {
    const char* name;
    std::vector<std::pair<std::string, std::string>> steps;
  };  // (sender, type)
  const Row rows[] = {
      {"rejected on request", {{"bank1", "finance.reject"}}},
      {"rejected after approval", {{"bank1", "finance.approve"}, {"bank1", "finance.reject"}}},
      {"cancelled", {{"corp1", "finance.cancel"}}},
      {"repaid", {{"bank1", "finance.approve"}, {"bank1", "finance.disburse"}, {"bank1", "finance.repay"}}},
  };
  for (const auto& r : rows) {
    INFO(r.name);
    WithAcceptedInvoice f;
    f.ok("corp1", "finance.request", TradeFixture::request("FIN-1", "INV-1", "bank1"));
    for (const auto& [sender, type] : r.steps)
      f.ok(sender, type, type == "finance.approve" ? TradeFixture::approval("FIN-1") : Json{{"financing_id", "FIN-1"}});
    CHECK(fingerprint_record(f, "FIN-1", "F1")["status"] == "released");
    CHECK(f.participant("corp1")["open_financing"] == 0);
    f.ok("corp1", "finance.request", TradeFixture::request("FIN-2", "INV-1", "bank2"));
    Json f1 = fingerprint_record(f, "FIN-2", "F1");
    CHECK(f1["status"] == "held");
    CHECK(f1["financing_id"] == "FIN-2");
    CHECK(f1["bank"] == "bank2");
  }
}

TEST_CASE("each financing step has its sender and its order", "[trade][financing]") {
  WithAcceptedInvoice f;
  f.ok("corp1", "finance.request", TradeFixture::request("FIN-1", "INV-1", "bank1"));
  struct Row {
    const char* name;
    const char* sender;
    const char* type;
    Json payload;
    const char* why;
  };
  const Json id{{"financing_id", "FIN-1"}};
  const std::vector<Row> before_approval = {
      {"approve by another bank", "bank2", "finance.approve", TradeFixture::approval("FIN-1"),
       "only the asked bank (bank1) may approve financing \"FIN-1\", not bank2"},
      {"approve by the seller", "corp1", "finance.approve", TradeFixture::approval("FIN-1"),
       "only the asked bank (bank1)"},
      {"approve over the request", "bank1", "finance.approve", TradeFixture::approval("FIN-1", 1000001),
       "approved amount 10000.01 USD is over the requested 10000.00 USD of financing \"FIN-1\""},
      {"rate over 1000%", "bank1", "finance.approve",
       [] {
         Json p = TradeFixture::approval("FIN-1");
         p["rate_bps"] = 100001;
         return p;
       }(),
       "\"rate_bps\" must be between 0 and 100000"},
      {"due today", "bank1", "finance.approve", TradeFixture::approval("FIN-1", 1000000, "2026-03-02"),
       "due_date 2026-03-02 must be after the block date 2026-03-02"},
      {"reject by another bank", "bank2", "finance.reject", id, "only the asked bank (bank1) may reject"},
      {"disburse before approval", "bank1", "finance.disburse", id,
       "financing \"FIN-1\" is requested; only an approved financing can be disbursed"},
      {"repay before disbursement", "bank1", "finance.repay", id,
       "financing \"FIN-1\" is requested; only a disbursed financing can be repaid"},
      {"cancel by the bank", "bank1", "finance.cancel", id, "only the seller (corp1) may cancel financing \"FIN-1\""},
      {"unknown financing",
       "bank1",
       "finance.reject",
       {{"financing_id", "FIN-9"}},
       "financing \"FIN-9\" does not exist"},
  };
  for (const auto& r : before_approval) {
    INFO(r.name);
    CHECK_THAT(f.refused(r.sender, r.type, r.payload), Contains(r.why));
  }
  f.ok("bank1", "finance.approve", TradeFixture::approval("FIN-1"));
  CHECK_THAT(f.refused("bank1", "finance.approve", TradeFixture::approval("FIN-1")),
             Contains("financing \"FIN-1\" is approved; only a requested financing can be approved"));
  CHECK_THAT(f.refused("corp1", "finance.cancel", id),
             Contains("financing \"FIN-1\" is approved; only a requested financing can be cancelled"));
  SECTION("disbursing after the due date is refused") {
    f.env = env_on("2026-06-01", 2);
    CHECK_THAT(f.refused("bank1", "finance.disburse", id),
               Contains("financing \"FIN-1\" was due 2026-06-01, not after the block date 2026-06-01"));
  }
  SECTION("once disbursed it can no longer be rejected") {
    f.ok("bank1", "finance.disburse", id);
    CHECK_THAT(f.refused("bank1", "finance.reject", id),
               Contains("financing \"FIN-1\" is disbursed; only a requested or approved financing can be rejected"));
    f.ok("bank1", "finance.repay", id);
    CHECK_THAT(f.refused("bank1", "finance.repay", id),
               Contains("is repaid; only a disbursed financing can be repaid"));
  }
}

TEST_CASE("a corporate's open financing across banks stays within its credit limit", "[trade][financing][credit]") {
  // corp3 (limit 50000.00 USD, set by bank1) sells to corp2.
  TradeFixture f;
  auto corp3_invoice = [&](const std::string& id, int64_t amount) {
    Json p = TradeFixture::invoice(id, "C3-" + id, amount);
    p["parties"]["seller"] = "corp3";
    f.ok("corp3", "doc.issue", p);
    f.ok("corp2", "doc.accept", {{"doc_id", id}});
  };
  corp3_invoice("INV-A", 3000000);
  corp3_invoice("INV-B", 2500000);
  corp3_invoice("INV-C", 2000000);
  f.ok("corp3", "finance.request", TradeFixture::request("FIN-A", "INV-A", "bank1", 3000000));
  CHECK_THAT(f.refused("corp3", "finance.request", TradeFixture::request("FIN-B", "INV-B", "bank2", 2500000)),
             Contains("credit limit of corp3 exceeded: 30000.00 USD already open across all banks + 25000.00 USD = "
                      "55000.00 USD, over the 50000.00 USD limit set by bank1"));
  f.ok("corp3", "finance.request", TradeFixture::request("FIN-C", "INV-C", "bank2", 2000000));
  CHECK(f.participant("corp3")["open_financing"] == 5000000);
  CHECK_THAT(f.refused("corp3", "finance.request", TradeFixture::request("FIN-B", "INV-B", "bank3", 1)),
             Contains("credit limit of corp3 exceeded"));

  SECTION("an approval for less frees the difference") {
    f.ok("bank1", "finance.approve", TradeFixture::approval("FIN-A", 500000));
    CHECK(f.participant("corp3")["open_financing"] == 2500000);
    f.ok("corp3", "finance.request", TradeFixture::request("FIN-B", "INV-B", "bank2", 2500000));
    CHECK(f.participant("corp3")["open_financing"] == 5000000);
  }
  SECTION("closing a financing frees its amount") {
    f.ok("corp3", "finance.cancel", {{"financing_id", "FIN-A"}});
    f.ok("corp3", "finance.request", TradeFixture::request("FIN-B", "INV-B", "bank2", 2500000));
    CHECK(f.participant("corp3")["open_financing"] == 4500000);
  }
  SECTION("another currency cannot be counted against the limit") {
    Json p = TradeFixture::invoice("INV-E", "C3-E", 1000);
    p["parties"]["seller"] = "corp3";
    p["currency"] = "EUR";
    f.ok("corp3", "doc.issue", p);
    f.ok("corp2", "doc.accept", {{"doc_id", "INV-E"}});
    CHECK_THAT(f.refused("corp3", "finance.request", TradeFixture::request("FIN-E", "INV-E", "bank1", 1000, "EUR")),
               Contains("the credit limit of corp3 is in USD (set by bank1); a EUR financing cannot be counted"));
  }
}

TEST_CASE("a seller without a credit limit is not limited", "[trade][financing][credit]") {
  // corp2 has no credit limit: it sells to corp1 here.
  TradeFixture f;
  Json p = TradeFixture::invoice("INV-X", "X-1", kMaxSafeInteger);
  p["parties"] = {{"buyer", "corp1"}, {"seller", "corp2"}};
  f.ok("corp2", "doc.issue", p);
  f.ok("corp1", "doc.accept", {{"doc_id", "INV-X"}});
  f.ok("corp2", "finance.request", TradeFixture::request("FIN-X", "INV-X", "bank2", kMaxSafeInteger));
  CHECK(f.financing("FIN-X")["credit_counted"] == 0);
  CHECK(f.participant("corp2")["open_financing"] == 0);
}

TEST_CASE("a bill of lading the seller holds can back a financing", "[trade][financing][bl]") {
  TradeFixture f;
  Json bl = TradeFixture::bill_of_lading("BL-1", "BL-001");
  bl["currency"] = "USD";
  bl["amount"] = 1250000;
  f.ok("carrier1", "doc.issue", bl);
  f.ok("corp1", "finance.request", TradeFixture::request("FIN-1", "BL-1", "bank1"));
  Json fin = f.financing("FIN-1");
  REQUIRE(fin["fingerprints"].size() == 1);
  CHECK(fin["fingerprints"][0]["kind"] == "F3");
  CHECK(fin["fingerprints"][0]["fingerprint"] == fingerprint_f3(f.genesis().network_key, "carrier1", "BL-001").hex());

  SECTION("a second financing of it at another bank is refused (F3)") {
    CHECK_THAT(
        f.refused("corp1", "finance.request", TradeFixture::request("FIN-2", "BL-1", "bank2")),
        Contains("fingerprint F3 (carrier, B/L number) of document \"BL-1\" is held by financing \"FIN-1\" at bank1"));
  }
  SECTION("while pledged it passes only to the financing bank") {
    CHECK_THAT(f.refused("corp1", "doc.transfer", {{"doc_id", "BL-1"}, {"to", "corp2"}}),
               Contains("bill of lading \"BL-1\" backs financing \"FIN-1\" at bank1; until it closes the B/L may pass "
                        "only to bank1"));
    CHECK_THAT(f.refused("corp1", "doc.surrender", {{"doc_id", "BL-1"}}),
               Contains("it cannot be surrendered until the financing closes or bank1 holds it"));
    CHECK_THAT(f.refused("carrier1", "doc.amend", {{"doc_id", "BL-1"}, {"changes", {{"number", "BL-001X"}}}}),
               Contains("document \"BL-1\" backs financing \"FIN-1\" at bank1; it cannot be amended while financed"));
    f.ok("corp1", "doc.transfer", {{"doc_id", "BL-1"}, {"to", "bank1"}});
    f.ok("bank1", "doc.transfer", {{"doc_id", "BL-1"}, {"to", "corp2"}});
    CHECK(f.doc("BL-1")["holder"] == "corp2");
  }
  SECTION("once the financing closes the B/L is free") {
    f.ok("corp1", "finance.cancel", {{"financing_id", "FIN-1"}});
    f.ok("corp1", "doc.transfer", {{"doc_id", "BL-1"}, {"to", "corp2"}});
    CHECK_THAT(f.refused("corp1", "finance.request", TradeFixture::request("FIN-3", "BL-1", "bank2")),
               Contains("bill of lading \"BL-1\" is held by corp2; the seller can finance only a B/L it holds"));
  }
}

TEST_CASE("a bill of lading without a value cannot back a financing", "[trade][financing][bl]") {
  TradeFixture f;
  f.ok("carrier1", "doc.issue", TradeFixture::bill_of_lading("BL-1", "BL-001"));
  CHECK_THAT(f.refused("corp1", "finance.request", TradeFixture::request("FIN-1", "BL-1", "bank1")),
             Contains("bill of lading \"BL-1\" carries no currency and amount; it cannot back a financing"));
}

TEST_CASE("maker-checker: a bank needing two officers cannot act on one signature", "[trade][financing][auth]") {
  WithAcceptedInvoice f;
  f.ok("corp1", "finance.request", TradeFixture::request("FIN-1", "INV-1", "bank3"));
  Outcome one = f.send("bank3", "finance.approve", TradeFixture::approval("FIN-1"), {"bank3-a"});
  CHECK_FALSE(one.admitted);
  CHECK_THAT(one.reason, Contains("\"bank3\" needs 2 signatures, tx has 1"));
  CHECK(f.financing("FIN-1")["status"] == "requested");
  Outcome stranger = f.send("bank3", "finance.approve", TradeFixture::approval("FIN-1"), {"bank3-a", "bank1"});
  CHECK_FALSE(stranger.admitted);
  CHECK_THAT(stranger.reason, Contains("is not a key of \"bank3\""));
  Outcome two = f.send("bank3", "finance.approve", TradeFixture::approval("FIN-1"), {"bank3-a", "bank3-c"});
  CHECK(two.ok);
  CHECK(f.financing("FIN-1")["status"] == "approved");
}
