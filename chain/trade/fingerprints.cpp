#include "chain/trade/fingerprints.h"

namespace tfl {
namespace {

constexpr char kSeparator = 0x1F;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

Hash fingerprint(const Hash& network_key, std::string_view kind, std::initializer_list<std::string> fields) {
  Sha256 h;
  h.update(network_key.view()).update(kind);
  for (const auto& field : fields) h.update({&kSeparator, 1}).update(field);
  return h.finish();
}

}  // namespace

std::string normalise_fingerprint_text(std::string_view text) {
  size_t begin = 0, end = text.size();
  while (begin < end && is_space(text[begin])) ++begin;
  while (end > begin && is_space(text[end - 1])) --end;
  std::string out(text.substr(begin, end - begin));
  for (char& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return out;
}

Hash fingerprint_f1(const Hash& network_key, std::string_view seller, std::string_view buyer,
                    std::string_view invoice_number) {
  return fingerprint(network_key, "F1",
                     {normalise_fingerprint_text(seller), normalise_fingerprint_text(buyer),
                      normalise_fingerprint_text(invoice_number)});
}

Hash fingerprint_f2(const Hash& network_key, std::string_view seller, std::string_view buyer, std::string_view currency,
                    int64_t amount, std::string_view issue_date) {
  return fingerprint(
      network_key, "F2",
      {normalise_fingerprint_text(seller), normalise_fingerprint_text(buyer), normalise_fingerprint_text(currency),
       std::to_string(amount), normalise_fingerprint_text(issue_date)});
}

Hash fingerprint_f3(const Hash& network_key, std::string_view carrier, std::string_view bl_number) {
  return fingerprint(network_key, "F3", {normalise_fingerprint_text(carrier), normalise_fingerprint_text(bl_number)});
}

std::vector<Fingerprint> financing_fingerprints(const Hash& network_key, const Json& doc) {
  const Json& parties = doc["parties"];
  const std::string number = doc["number"];
  if (doc["doc_type"] == "bill_of_lading")
    return {{"F3", fingerprint_f3(network_key, parties["carrier"].get<std::string>(), number)}};
  const std::string seller = parties["seller"], buyer = parties["buyer"];
  return {{"F1", fingerprint_f1(network_key, seller, buyer, number)},
          {"F2", fingerprint_f2(network_key, seller, buyer, doc["currency"].get<std::string>(),
                                doc["amount"].get<int64_t>(), doc["issue_date"].get<std::string>())}};
}

std::string describe_fingerprint_kind(std::string_view kind) {
  if (kind == "F1") return "F1 (seller, buyer, invoice number)";
  if (kind == "F2") return "F2 (seller, buyer, currency, amount, issue date)";
  if (kind == "F3") return "F3 (carrier, B/L number)";
  return std::string(kind);
}

}  // namespace tfl
