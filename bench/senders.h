// The corporates a load tool sends as: their keys from a testnet keys directory, their
// next nonces from a node, and the purchase order (doc.issue) each tx carries.
// Thread-safety: plain values and free functions.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <httplib.h>

#include "chain/tx/transaction.h"
#include "node/config.h"

namespace tfl::bench {

struct Sender {
  KeyFile key;
  int64_t nonce = 0;  // the next nonce to sign
};

// Every corp* key in `keys_dir` with its next nonce as next_nonce(id) gives it
// (nullopt: not a participant), sorted by id. REQUIRES: crypto_init() was called.
Result<std::vector<Sender>> load_senders(const std::string& keys_dir,
                                         const std::function<std::optional<int64_t>(const std::string&)>& next_nonce);
// The same with the next nonces as `node` sees them.
Result<std::vector<Sender>> load_senders(httplib::Client& node, const std::string& keys_dir);

// A signed doc.issue of a purchase order `doc_id` from `from` (taking its next nonce) to `seller`.
TxPtr sign_purchase_order(const std::string& chain_id, Sender& from, const std::string& seller,
                          const std::string& doc_id, int64_t amount);

}  // namespace tfl::bench
