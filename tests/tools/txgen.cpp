// Signs a tx envelope with any fields a test wants — another chain's id, a nonce out
// of order, a sender the key does not belong to — and prints it as one line of JSON.
//   txgen --key KEYFILE --chain-id ID --type TYPE --nonce N --payload JSON [--sender ID]
// The sender defaults to the key file's id.
#include <iostream>

#include <CLI/CLI.hpp>

#include "chain/tx/transaction.h"
#include "node/config.h"

using namespace tfl;

int main(int argc, char** argv) {
  CLI::App app{"txgen: sign an arbitrary tx for tests"};
  std::string key_file, chain_id, type, payload_text, sender;
  int64_t nonce = 0;
  app.add_option("--key", key_file)->required();
  app.add_option("--chain-id", chain_id)->required();
  app.add_option("--type", type)->required();
  app.add_option("--nonce", nonce)->required();
  app.add_option("--payload", payload_text)->required();
  app.add_option("--sender", sender);
  CLI11_PARSE(app, argc, argv);
  crypto_init();
  auto key = load_key_file(key_file);
  if (!key) return std::cerr << "txgen: " << key.status().message() << "\n", 1;
  auto payload = parse_strict_json(payload_text);
  if (!payload) return std::cerr << "txgen: payload: " << payload.status().message() << "\n", 1;
  TxPtr tx = make_signed_tx(chain_id, type, sender.empty() ? key->id : sender, nonce, *payload, {&key->secret_key});
  std::cout << tx->canonical << "\n";
}
