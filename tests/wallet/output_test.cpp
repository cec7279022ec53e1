// Human output: aligned tables and records with formatted money; URL and path helpers.
#include "wallet/output.h"

#include <catch2/catch.hpp>
#include <sstream>

#include "wallet/node_client.h"

namespace tfl::wallet {
namespace {

TEST_CASE("output: tables pad columns to their widest cell", "[wallet][output]") {
  Table t({"name", "participant"});
  t.add_row({"bank1", "bank1"});
  t.add_row({"officer-two", "bank1"});
  std::ostringstream out;
  t.print(out);
  CHECK(out.str() ==
        "NAME         PARTICIPANT\n"
        "bank1        bank1\n"
        "officer-two  bank1\n");
}

TEST_CASE("output: a record shows fields, money in its currency, and history as a table", "[wallet][output]") {
  Json doc{{"doc_id", "INV-1"},
           {"doc_type", "commercial_invoice"},
           {"status", "accepted"},
           {"currency", "USD"},
           {"amount", 1250000},
           {"parties", {{"buyer", "corp1"}, {"seller", "corp2"}}},
           {"refs", {"PO-1", "PO-2"}},
           {"history",
            {{{"event", "issued"}, {"height", 3}, {"actor", "corp2"}, {"tx", std::string(64, 'a')}},
             {{"event", "accepted"}, {"height", 4}, {"actor", "corp1"}, {"tx", std::string(64, 'b')}}}}};
  std::ostringstream out;
  print_record(out, doc);
  CHECK(out.str() ==
        "doc_id          INV-1\n"
        "doc_type        commercial_invoice\n"
        "status          accepted\n"
        "amount          12500.00 USD\n"
        "currency        USD\n"
        "parties.buyer   corp1\n"
        "parties.seller  corp2\n"
        "refs            PO-1, PO-2\n"
        "\n"
        "history:\n"
        "EVENT     ACTOR  HEIGHT  TX\n"
        "issued    corp2  3       aaaaaaaaaaaaaaaa\n"
        "accepted  corp1  4       bbbbbbbbbbbbbbbb\n");
}

TEST_CASE("output: money members take the nearest currency", "[wallet][output]") {
  Json participant{
      {"id", "corp1"}, {"credit_limit", {{"currency", "JPY"}, {"amount", 5000000}}}, {"open_financing", 1250}};
  std::ostringstream out;
  print_record(out, participant);
  CHECK(out.str().find("credit_limit.amount    5000000 JPY") != std::string::npos);
  CHECK(out.str().find("open_financing         1250 JPY") != std::string::npos);
}

TEST_CASE("output: attachments and nested changes read as text", "[wallet][output]") {
  Json doc{{"doc_id", "INV-1"},
           {"currency", "EUR"},
           {"attachment", {{"content_hash", std::string(64, 'c')}, {"keys", {{"corp1", "k1"}, {"corp2", "k2"}}}}},
           {"history", {{{"event", "amended"}, {"changes", {{"amount", 1300050}, {"due_date", "2026-06-30"}}}}}}};
  std::ostringstream out;
  print_record(out, doc);
  CHECK(out.str().find("attachment  sealed to corp1, corp2; content_hash " + std::string(64, 'c')) !=
        std::string::npos);
  CHECK(out.str().find("amended  amount=13000.50 EUR, due_date=2026-06-30") != std::string::npos);
}

TEST_CASE("node client: URLs and path segments", "[wallet][node]") {
  CHECK(check_node_url("http://127.0.0.1:7001").is_ok());
  CHECK(check_node_url("https://node.example.com").is_ok());
  CHECK(check_node_url("http://localhost:7001/").is_ok());
  CHECK_FALSE(check_node_url("127.0.0.1:7001").is_ok());
  CHECK_FALSE(check_node_url("ftp://127.0.0.1").is_ok());
  CHECK_FALSE(check_node_url("http://127.0.0.1:7001/api").is_ok());
  CHECK_FALSE(check_node_url("http://127.0.0.1:0").is_ok());
  CHECK_FALSE(check_node_url("http://127.0.0.1:70000").is_ok());
  CHECK_FALSE(check_node_url("http://:7001").is_ok());
  CHECK_FALSE(check_node_url("http://user@host:7001").is_ok());
  CHECK(path_segment("INV-1.a_b~") == "INV-1.a_b~");
  CHECK(path_segment("a/../b c") == "a%2F..%2Fb%20c");
}

}  // namespace
}  // namespace tfl::wallet
