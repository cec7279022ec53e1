// A hostile peer for sync tests: it relays an honest node's answers but tampers the
// blocks it serves, and claims a greater height to attract syncing nodes.
//   lying_peer --listen PORT --upstream URL --mode tx|certificate|nonsense|forged|short
// tx:          alters a tx's payload in every block (tx_root no longer matches)
// certificate: drops all but one signature of every certificate (short certificate)
// nonsense:    answers blocks with JSON that is not a block
// forged:      re-signs every certificate with keys that are not the validators'
// short:       honest, but every page holds one block whatever was asked (as a page of
//              blocks bigger than a page would), and its height is the true one
#include <iostream>

#include <CLI/CLI.hpp>
#include <httplib.h>

#include "chain/block/block.h"
#include "chain/crypto/ed25519.h"

using tfl::Json;

namespace {

void tamper(Json& entry, const std::string& mode) {
  if (mode == "tx") {
    for (auto& tx : entry["block"]["txs"]) tx["payload"]["tampered"] = true;
  } else if (mode == "certificate") {
    auto& sigs = entry["commit"]["signatures"];
    if (sigs.size() > 1) sigs.erase(sigs.begin() + 1, sigs.end());
  } else if (mode == "forged") {
    auto commit = tfl::Commit::from_json(entry["commit"]).value();
    for (auto& s : commit.signatures) {
      tfl::KeyPair impostor = tfl::KeyPair::from_seed("impostor-" + s.validator);
      s.sig = tfl::sign(impostor.secret_key, tfl::vote_sign_bytes(entry["block"]["header"]["chain_id"], "precommit",
                                                                  commit.height, commit.round, commit.block_hash.hex()));
    }
    entry["commit"] = commit.to_json();
  }
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"lying_peer: a tampering relay for sync tests"};
  int port = 0;
  std::string upstream, mode;
  app.add_option("--listen", port)->required();
  app.add_option("--upstream", upstream)->required();
  app.add_option("--mode", mode)->required()->check(CLI::IsMember({"tx", "certificate", "nonsense", "forged", "short"}));
  CLI11_PARSE(app, argc, argv);

  httplib::Client client(upstream);
  client.set_read_timeout(10, 0);
  httplib::Server server;
  server.Get("/api/v1/status", [&](const httplib::Request&, httplib::Response& res) {
    auto r = client.Get("/api/v1/status");
    if (!r) return void(res.status = 502);
    Json j = Json::parse(r->body);
    if (mode != "short") j["height"] = j["height"].get<int64_t>() + 1000;  // lure syncing nodes
    res.set_content(j.dump(), "application/json");
  });
  server.Get("/p2p/v1/blocks", [&](const httplib::Request& req, httplib::Response& res) {
    if (mode == "nonsense") return res.set_content(R"({"blocks":[{"block":42,"commit":"no"}]})", "application/json");
    auto r = client.Get(("/p2p/v1/blocks?from=" + req.get_param_value("from") + "&limit=" + req.get_param_value("limit")).c_str());
    if (!r) return void(res.status = 502);
    Json j = Json::parse(r->body);
    for (auto& entry : j["blocks"]) tamper(entry, mode);
    if (mode == "short" && j["blocks"].size() > 1) j["blocks"].erase(j["blocks"].begin() + 1, j["blocks"].end());
    res.set_content(j.dump(), "application/json");
  });
  server.Post("/p2p/v1/consensus", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(R"({"accepted":0})", "application/json");
  });
  server.Post("/p2p/v1/txs", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(R"({"accepted":0})", "application/json");
  });
  if (!server.listen("127.0.0.1", port)) {
    std::cerr << "lying_peer: cannot listen on " << port << "\n";
    return 1;
  }
}
