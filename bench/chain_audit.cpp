#include "bench/chain_audit.h"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <fstream>
#include <iostream>
#include <memory>
#include <thread>
#include <unordered_map>

#include <httplib.h>

#include "chain/codec/canonical_json.h"
#include "chain/util/status.h"

namespace tfl::bench {
namespace {

Result<Json> get_json(httplib::Client& c, const std::string& path) {
  auto r = c.Get(path.c_str());
  if (!r) return Status::unavailable("no answer to GET " + path);
  if (r->status != 200) return Status::unavailable("GET " + path + ": HTTP " + std::to_string(r->status));
  return parse_strict_json(r->body);
}

// What one node holds: its status, and per height its block hash and tx ids.
struct NodeView {
  std::unique_ptr<httplib::Client> client;
  Json status;
  std::vector<std::string> hashes;                    // [h - 1]
  std::unordered_map<std::string, int> occurrences;  // tx id → times in the chain
};

// Polls every node's status until all answer with one height that held for a second.
bool converge(std::vector<NodeView>& nodes, double wait_s) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(wait_s);
  int64_t last = -1;
  while (true) {
    int64_t common = -1;
    bool same = true;
    for (auto& n : nodes) {
      auto st = get_json(*n.client, "/api/v1/status");
      if (!st) {
        same = false;
        continue;
      }
      n.status = *st;
      int64_t h = (*st)["height"].get<int64_t>();
      if (common >= 0 && h != common) same = false;
      common = h;
    }
    if (same && common >= 0 && common == last) return true;
    last = same ? common : -1;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::seconds(1));
  }
}

Status read_chain(NodeView& n, int64_t height) {
  for (int64_t from = 1; from <= height;) {
    TFL_ASSIGN_OR_RETURN(Json page, get_json(*n.client, "/api/v1/blocks?from=" + std::to_string(from) + "&limit=100"));
    if (page["blocks"].empty()) return Status::unavailable("no block " + std::to_string(from));
    for (const auto& b : page["blocks"]) {
      if (from > height) break;
      n.hashes.push_back(b["hash"].get<std::string>());
      for (const auto& res : b["results"]) ++n.occurrences[res["id"].get<std::string>()];
      ++from;
    }
  }
  return Status::ok();
}

std::vector<std::string> read_ids(const std::string& path) {
  std::vector<std::string> ids;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) ids.push_back(line);
  return ids;
}

}  // namespace

int chain_audit(const AuditOptions& o) {
  std::vector<std::string> urls = o.nodes;
  std::vector<NodeView> nodes(urls.size());
  for (size_t i = 0; i < nodes.size(); ++i) {
    nodes[i].client = std::make_unique<httplib::Client>(o.nodes[i]);
    nodes[i].client->set_keep_alive(true);
    nodes[i].client->set_read_timeout(10, 0);
  }
  const bool converged = converge(nodes, o.wait);
  std::string first_problem;
  auto problem = [&](const std::string& p) {
    if (first_problem.empty()) first_problem = p;
  };
  if (!converged) problem("the nodes did not settle on one height within " + std::to_string(static_cast<int>(o.wait)) + " s");

  // A node that never answered is reported and left out of the comparisons.
  for (size_t i = 0; i < nodes.size();) {
    if (nodes[i].status.is_object()) {
      ++i;
      continue;
    }
    problem(urls[i] + " does not answer");
    nodes.erase(nodes.begin() + static_cast<std::ptrdiff_t>(i));
    urls.erase(urls.begin() + static_cast<std::ptrdiff_t>(i));
  }
  if (nodes.empty()) return std::cout << Json{{"first_problem", first_problem}}.dump() << "\n", 1;
  int64_t height = INT64_MAX;
  for (const auto& n : nodes) height = std::min(height, n.status["height"].get<int64_t>());
  std::vector<std::thread> readers;
  std::vector<Status> read_status(nodes.size(), Status::ok());
  for (size_t i = 0; i < nodes.size(); ++i)
    readers.emplace_back([&, i] { read_status[i] = read_chain(nodes[i], height); });
  for (auto& t : readers) t.join();
  for (size_t i = 0; i < nodes.size(); ++i)
    if (!read_status[i]) {
      problem(urls[i] + ": " + read_status[i].message());
      height = std::min<int64_t>(height, static_cast<int64_t>(nodes[i].hashes.size()));
    }

  int64_t forks = 0;
  for (int64_t h = 1; h <= height; ++h)
    for (size_t i = 1; i < nodes.size(); ++i)
      if (nodes[i].hashes[h - 1] != nodes[0].hashes[h - 1]) {
        ++forks;
        problem("fork at height " + std::to_string(h) + ": " + urls[0] + " and " + urls[i] + " differ");
        break;
      }

  bool roots_equal = converged;
  for (const auto& n : nodes)
    if (!n.status.is_object() || n.status["state_root"] != nodes[0].status["state_root"]) roots_equal = false;
  if (!roots_equal) problem("state roots differ (or a node did not answer)");

  int64_t duplicates = 0;
  for (size_t i = 0; i < nodes.size(); ++i)
    for (const auto& [id, count] : nodes[i].occurrences)
      if (count > 1) {
        ++duplicates;
        problem("tx " + id + " is " + std::to_string(count) + " times in the chain of " + urls[i]);
      }

  // Every accepted id, on every node, through the tx index (one thread a node).
  const std::vector<std::string> ids = o.ids.empty() ? std::vector<std::string>{} : read_ids(o.ids);
  std::vector<std::vector<char>> ok(nodes.size(), std::vector<char>(ids.size(), 0));
  std::vector<int64_t> failed(nodes.size(), 0);
  readers.clear();
  for (size_t i = 0; i < nodes.size(); ++i)
    readers.emplace_back([&, i] {
      for (size_t k = 0; k < ids.size(); ++k) {
        auto t = get_json(*nodes[i].client, "/api/v1/txs/" + ids[k]);
        const std::string st = t ? (*t).value("status", "") : "";
        auto occ = nodes[i].occurrences.find(ids[k]);
        ok[i][k] = (st == "committed" || st == "failed") && occ != nodes[i].occurrences.end() && occ->second == 1;
        failed[i] += st == "failed" ? 1 : 0;
      }
    });
  for (auto& t : readers) t.join();
  int64_t lost = 0;
  for (size_t k = 0; k < ids.size(); ++k)
    for (size_t i = 0; i < nodes.size(); ++i)
      if (!ok[i][k]) {
        ++lost;
        problem("accepted tx " + ids[k] + " is not committed once on " + urls[i]);
        break;
      }

  Json out{{"nodes", o.nodes.size()},   {"height", height},     {"converged", converged},
           {"forks", forks},          {"state_roots_equal", roots_equal},
           {"accepted", ids.size()},  {"committed", static_cast<int64_t>(ids.size()) - lost},
           {"failed", failed[0]},     {"lost", lost},         {"duplicates", duplicates}};
  if (!first_problem.empty()) out["first_problem"] = first_problem;
  std::cout << out.dump() << "\n";
  return first_problem.empty() ? 0 : 1;
}

}  // namespace tfl::bench
