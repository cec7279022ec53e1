#include "bench/senders.h"

#include <algorithm>
#include <filesystem>

namespace tfl::bench {

Result<std::vector<Sender>> load_senders(const std::string& keys_dir,
                                         const std::function<std::optional<int64_t>(const std::string&)>& next_nonce) {
  std::vector<Sender> senders;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(keys_dir, ec)) {
    if (e.path().filename().string().rfind("corp", 0) != 0) continue;
    TFL_ASSIGN_OR_RETURN(KeyFile k, load_key_file(e.path().string()));
    auto nonce = next_nonce(k.id);
    if (!nonce) return Status::not_found("no participant " + k.id);
    senders.push_back(Sender{k, *nonce});
  }
  if (ec) return Status::io_error("cannot list " + keys_dir + ": " + ec.message());
  std::sort(senders.begin(), senders.end(), [](const Sender& a, const Sender& b) { return a.key.id < b.key.id; });
  return senders;
}

Result<std::vector<Sender>> load_senders(httplib::Client& node, const std::string& keys_dir) {
  return load_senders(keys_dir, [&node](const std::string& id) -> std::optional<int64_t> {
    auto p = node.Get(("/api/v1/participants/" + id).c_str());
    if (!p || p->status != 200) return std::nullopt;
    auto j = parse_strict_json(p->body);
    if (!j || !(*j)["next_nonce"].is_number_integer()) return std::nullopt;
    return (*j)["next_nonce"].get<int64_t>();
  });
}

TxPtr sign_purchase_order(const std::string& chain_id, Sender& from, const std::string& seller,
                          const std::string& doc_id, int64_t amount) {
  Json payload{{"doc_id", doc_id},        {"doc_type", "purchase_order"}, {"number", doc_id},
               {"issue_date", "2026-11-24"}, {"parties", {{"buyer", from.key.id}, {"seller", seller}}},
               {"currency", "USD"},       {"amount", amount}};
  return make_signed_tx(chain_id, "doc.issue", from.key.id, from.nonce++, payload, {&from.key.secret_key});
}

}  // namespace tfl::bench
