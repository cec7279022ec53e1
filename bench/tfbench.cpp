// tfbench: the load generator and limit meter behind scripts/bench.
//   tfbench verify-limit [--seconds S]        Ed25519 verifies per second on all cores (L),
//                                            over 4,096 distinct tx signatures
//   tfbench load --node URL… --keys DIR --txs N [--connections C] [--batch B] [--rate TX/S]
// `load` pre-signs N purchase orders from every corporate key in DIR before the clock
// starts, submits them over the batch endpoint on C keep-alive connections (each
// sender's txs on one connection, in nonce order), and follows the blocks to time each
// tx from submission to commit. It prints one JSON object with the figures.
//   tfbench exec --genesis FILE --keys DIR [--txs N] [--block B]
//                                            one core's rate for decode, verify and execute
//   tfbench wait --node URL --height H [--timeout S]
//                                            polls the node (every 20 ms, one keep-alive
//                                            connection) until its height reaches H and
//                                            prints the seconds that took
//   tfbench soak --node URL… --keys DIR --seconds S --rate TX/S --ids-out FILE   (soak_load.h)
//   tfbench audit --node URL… [--ids FILE] [--wait S]                           (chain_audit.h)
// `soak` is scripts/soak's steady load; `audit` checks that nodes agree and hold every
// accepted tx exactly once.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <map>
#include <mutex>
#include <thread>
#include <unordered_map>

#include <CLI/CLI.hpp>
#include <httplib.h>

#include "bench/chain_audit.h"
#include "bench/senders.h"
#include "bench/soak_load.h"
#include "chain/crypto/ed25519.h"
#include "chain/state/executor.h"
#include "chain/state/participant.h"
#include "chain/tx/transaction.h"
#include "node/config.h"
#include "node/mempool.h"

using namespace tfl;
using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

namespace {

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

unsigned all_cores() { return std::max(1u, std::thread::hardware_concurrency()); }

// Verifies per second on all cores, each thread looping over `txs` from its own offset.
double verify_rate(const std::vector<TxPtr>& txs, double seconds) {
  const unsigned threads = all_cores();
  std::atomic<uint64_t> total{0};
  std::vector<std::thread> pool;
  auto start = Clock::now();
  for (unsigned t = 0; t < threads; ++t)
    pool.emplace_back([&, t] {
      uint64_t n = 0;
      size_t i = t * txs.size() / threads;
      while (seconds_since(start) < seconds) {
        for (int k = 0; k < 100; ++k, i = (i + 1) % txs.size()) n += verify_tx_signatures(*txs[i]) ? 1 : 0;
      }
      total += n;
    });
  for (auto& t : pool) t.join();
  return total / seconds_since(start);
}

// L: Ed25519 verifies per second on all cores, of the signatures a node checks: 4,096
// purchase orders from 64 senders, each signature different, shaped as `load` signs
// them. One signature checked over and over measures 4-7 % faster (libsodium's check is
// variable-time, and the CPU's predictors and caches learn the one signature), a rate
// no node sees; it is printed beside L for comparison.
int verify_limit(double seconds) {
  crypto_init();
  constexpr int kSenders = 64, kTxs = 4096;
  std::vector<bench::Sender> senders;
  for (int i = 0; i < kSenders; ++i) {
    KeyPair kp = KeyPair::generate();
    senders.push_back(bench::Sender{KeyFile{"corp" + std::to_string(i), "corporate", kp.secret_key, kp.public_key}, 1});
  }
  std::vector<TxPtr> txs;
  for (int i = 0; i < kTxs; ++i) {
    bench::Sender& from = senders[i % kSenders];
    txs.push_back(bench::sign_purchase_order("tfledger-limit", from, senders[(i + 1) % kSenders].key.id,
                                             "LIMIT-" + std::to_string(i), 100000 + i));
  }
  const double rate = verify_rate(txs, seconds);
  const double same = verify_rate({txs.front()}, std::max(0.5, seconds / 3));
  std::cout << Json{{"verifies_per_second", static_cast<int64_t>(rate)},
                    {"same_signature_verifies_per_second", static_cast<int64_t>(same)},
                    {"threads", all_cores()},
                    {"distinct_signatures", kTxs}}
                   .dump()
            << "\n";
  return 0;
}

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * (v.size() - 1)))];
}

// One core's rate for each stage a tx goes through on a node: parse + decode, verify,
// execute (in blocks of `block` txs on the genesis state).
int exec_limit(const std::string& genesis_path, const std::string& keys_dir, int64_t n_txs, size_t block) {
  crypto_init();
  auto genesis = load_genesis(genesis_path);
  if (!genesis) return std::cerr << "tfbench: " << genesis.status().message() << "\n", 1;
  EmptyState empty;
  StateOverlay state(empty);
  for (const auto& [k, v] : genesis_writes(*genesis))
    if (v) state.put(k, *v);
  auto loaded = bench::load_senders(keys_dir, [&](const std::string& id) -> std::optional<int64_t> {
    if (!load_participant(state, id)) return std::nullopt;
    return next_nonce(state, id);
  });
  if (!loaded) return std::cerr << "tfbench: " << loaded.status().message() << "\n", 1;
  std::vector<bench::Sender> senders = std::move(loaded).value();
  if (senders.size() < 2) return std::cerr << "tfbench: need at least 2 corporate keys in " << keys_dir << "\n", 1;
  std::vector<TxPtr> txs;
  for (int64_t i = 0; i < n_txs; ++i) {
    size_t s = static_cast<size_t>(i) % senders.size();
    bench::Sender& from = senders[s];
    std::string doc_id = "EXEC-" + from.key.id + "-" + std::to_string(from.nonce);
    txs.push_back(bench::sign_purchase_order(genesis->chain_id, from, senders[(s + 1) % senders.size()].key.id, doc_id,
                                             100000 + i));
  }

  auto start = Clock::now();
  for (const auto& tx : txs)
    if (!parse_tx(tx->canonical)) return std::cerr << "tfbench: a pre-signed tx does not decode\n", 1;
  const double decode_s = seconds_since(start);
  start = Clock::now();
  for (const auto& tx : txs)
    if (!verify_tx_signatures(*tx)) return std::cerr << "tfbench: a pre-signed tx does not verify\n", 1;
  const double verify_s = seconds_since(start);
  Executor executor(*genesis, default_handlers());
  Hash root;
  start = Clock::now();
  for (size_t i = 0, height = 1; i < txs.size(); i += block, ++height) {
    std::vector<TxPtr> part(txs.begin() + static_cast<std::ptrdiff_t>(i),
                            txs.begin() + static_cast<std::ptrdiff_t>(std::min(txs.size(), i + block)));
    BlockEnv env{static_cast<int64_t>(height), 1795000000000, "2026-11-24"};
    auto exec = executor.execute_block(state, root, part, env, [](const Hash&) { return true; });
    if (!exec) return std::cerr << "tfbench: " << exec.status().message() << "\n", 1;
    for (auto& [k, v] : exec->writes) v ? state.put(k, *v) : state.erase(k);
    root = exec->state_root;
  }
  const double execute_s = seconds_since(start);
  const double n = static_cast<double>(n_txs);
  std::cout << Json{{"txs", n_txs},
                    {"tx_bytes", txs.empty() ? 0 : txs[0]->canonical.size()},
                    {"decode_per_second_one_core", n / decode_s},
                    {"verify_per_second_one_core", n / verify_s},
                    {"execute_per_second_one_core", n / execute_s}}
                   .dump()
            << "\n";
  return 0;
}

int load(const std::vector<std::string>& nodes, const std::string& keys_dir, int64_t n_txs, int connections, int batch,
         double rate, double timeout_s) {
  crypto_init();
  httplib::Client probe(nodes[0]);
  auto st = probe.Get("/api/v1/status");
  if (!st || st->status != 200) return std::cerr << "tfbench: cannot reach " << nodes[0] << "\n", 1;
  const Json status = Json::parse(st->body);
  const std::string chain_id = status["chain_id"];
  const int64_t start_height = status["height"];

  auto loaded = bench::load_senders(probe, keys_dir);
  if (!loaded) return std::cerr << "tfbench: " << loaded.status().message() << "\n", 1;
  std::vector<bench::Sender> senders = std::move(loaded).value();
  if (senders.size() < 2) return std::cerr << "tfbench: need at least 2 corporate keys in " << keys_dir << "\n", 1;

  // Pre-sign: tx i is from sender i % S, a purchase order to the next corporate.
  std::vector<std::vector<TxPtr>> per_conn(connections);
  for (int64_t i = 0; i < n_txs; ++i) {
    size_t s = static_cast<size_t>(i) % senders.size();
    bench::Sender& from = senders[s];
    std::string doc_id = "BENCH-" + from.key.id + "-" + std::to_string(from.nonce) + "-" + std::to_string(start_height);
    per_conn[s % connections].push_back(
        bench::sign_purchase_order(chain_id, from, senders[(s + 1) % senders.size()].key.id, doc_id, 100000 + i));
  }

  std::mutex mu;
  std::unordered_map<Hash, double, HashHasher> submitted_at, committed_at;
  std::atomic<int64_t> refused{0};
  std::string first_refusal;
  auto start = Clock::now();
  std::atomic<bool> done{false};

  // Follow the chain: the commit time of a tx is when its block is first seen. The
  // summary view carries each tx's id without its body: the full view is five times the
  // bytes, and serving and parsing it took cores the nodes under test share with us.
  std::thread watcher([&] {
    httplib::Client c(nodes[0]);
    c.set_keep_alive(true);
    int64_t next = start_height + 1;
    while (!done) {
      auto r = c.Get(("/api/v1/blocks?from=" + std::to_string(next) + "&limit=100&view=summary").c_str());
      if (r && r->status == 200) {
        Json j = Json::parse(r->body);
        double now = seconds_since(start);
        std::lock_guard<std::mutex> lock(mu);
        for (const auto& b : j["blocks"]) {
          for (const auto& res : b["results"]) committed_at.emplace(Hash::from_hex(res["id"].get<std::string>()).value(), now);
          next = b["header"]["height"].get<int64_t>() + 1;
        }
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  });

  std::vector<std::thread> workers;
  const double per_conn_rate = rate > 0 ? rate / connections : 0;
  for (int c = 0; c < connections; ++c)
    workers.emplace_back([&, c] {
      httplib::Client client(nodes[c % nodes.size()]);
      client.set_keep_alive(true);
      client.set_tcp_nodelay(true);
      client.set_read_timeout(30, 0);
      const auto& txs = per_conn[c];
      for (size_t i = 0; i < txs.size(); i += batch) {
        size_t end = std::min(txs.size(), i + batch);
        if (per_conn_rate > 0) {
          double due = i / per_conn_rate;
          double wait = due - seconds_since(start);
          if (wait > 0) std::this_thread::sleep_for(std::chrono::duration<double>(wait));
        }
        std::string body = "[";
        for (size_t k = i; k < end; ++k) body += (k > i ? "," : "") + txs[k]->canonical;
        body += "]";
        double t = seconds_since(start);
        {
          std::lock_guard<std::mutex> lock(mu);
          for (size_t k = i; k < end; ++k) submitted_at.emplace(txs[k]->id, t);
        }
        auto r = client.Post("/api/v1/txs/batch", body, "application/json");
        if (!r || r->status != 202) {
          refused += static_cast<int64_t>(end - i);
          continue;
        }
        Json j = Json::parse(r->body);
        int64_t bad = static_cast<int64_t>(end - i) - j["accepted"].get<int64_t>();
        if (bad > 0) {
          refused += bad;
          std::lock_guard<std::mutex> lock(mu);
          if (first_refusal.empty())
            for (const auto& res : j["results"])
              if (res.contains("error")) { first_refusal = res["error"]["message"]; break; }
        }
      }
    });
  for (auto& w : workers) w.join();
  const double submit_seconds = seconds_since(start);
  while (seconds_since(start) < timeout_s) {
    {
      std::lock_guard<std::mutex> lock(mu);
      if (static_cast<int64_t>(committed_at.size()) >= n_txs - refused) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  done = true;
  watcher.join();

  std::vector<double> latencies;
  double last_commit = 0;
  for (const auto& [id, t] : committed_at) {
    auto s = submitted_at.find(id);
    if (s == submitted_at.end()) continue;
    latencies.push_back(t - s->second);
    last_commit = std::max(last_commit, t);
  }
  const int64_t committed = static_cast<int64_t>(latencies.size());
  Json out{{"txs", n_txs},
           {"senders", senders.size()},
           {"connections", connections},
           {"batch", batch},
           {"offered_rate", rate},
           {"refused", refused.load()},
           {"committed", committed},
           {"submit_seconds", submit_seconds},
           {"seconds", last_commit},
           {"committed_tx_per_second", last_commit > 0 ? committed / last_commit : 0},
           {"latency_p50_ms", percentile(latencies, 0.50) * 1000},
           {"latency_p99_ms", percentile(latencies, 0.99) * 1000}};
  if (!first_refusal.empty()) out["first_refusal"] = first_refusal;
  std::cout << out.dump() << "\n";
  return committed == n_txs - refused ? 0 : 1;
}

// Waits for `node` to reach `height`. Cheap on purpose: the bench times a syncing
// node with it, and a poller that spawned processes would take CPU from that node.
int wait_for_height(const std::string& node, int64_t height, double timeout) {
  auto start = Clock::now();
  httplib::Client client(node);
  client.set_keep_alive(true);
  while (seconds_since(start) < timeout) {
    auto res = client.Get("/api/v1/status");
    if (res && res->status == 200) {
      auto st = Json::parse(res->body, nullptr, false);
      if (st.is_object() && st.value("height", int64_t{0}) >= height) {
        std::cout << Json{{"height", st["height"]}, {"seconds", seconds_since(start)}}.dump() << "\n";
        return 0;
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  std::cerr << "tfbench wait: " << node << " did not reach height " << height << " in " << timeout << " s\n";
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"tfbench: tfledger's load generator"};
  app.require_subcommand(1);
  double seconds = 2;
  auto* vl = app.add_subcommand("verify-limit", "Ed25519 verifies per second on all cores");
  vl->add_option("--seconds", seconds)->default_val(2);
  std::vector<std::string> nodes;
  std::string keys;
  int64_t txs = 10000;
  int connections = 4, batch = 200;
  double rate = 0, timeout = 120;
  auto* ld = app.add_subcommand("load", "submit pre-signed txs and time them to commit");
  ld->add_option("--node", nodes, "node URL (repeatable)")->required();
  ld->add_option("--keys", keys, "testnet keys directory")->required();
  ld->add_option("--txs", txs)->default_val(10000);
  ld->add_option("--connections", connections)->default_val(4)->check(CLI::Range(1, 64));
  ld->add_option("--batch", batch)->default_val(200)->check(CLI::Range(1, 1000));
  ld->add_option("--rate", rate, "offered tx/s (0: as fast as possible)")->default_val(0);
  ld->add_option("--timeout", timeout, "seconds to wait for all commits")->default_val(120);
  bench::SoakOptions soak;
  auto* sk = app.add_subcommand("soak", "steady load that re-sends until committed; records accepted tx ids");
  sk->add_option("--node", soak.nodes, "node URL (repeatable)")->required();
  sk->add_option("--keys", soak.keys_dir, "testnet keys directory")->required();
  sk->add_option("--seconds", soak.seconds, "seconds of load")->default_val(60)->check(CLI::Range(1.0, 86400.0));
  sk->add_option("--rate", soak.rate, "offered tx/s")->default_val(40)->check(CLI::Range(0.1, 100000.0));
  sk->add_option("--settle", soak.settle, "seconds to wait for the last commits")->default_val(60)->check(CLI::Range(0.0, 3600.0));
  sk->add_option("--resend-after", soak.resend_after, "seconds before an uncommitted tx is re-sent")
      ->default_val(5)->check(CLI::Range(0.5, 600.0));
  sk->add_option("--ids-out", soak.ids_out, "file for the accepted tx ids")->required();
  bench::AuditOptions audit;
  auto* au = app.add_subcommand("audit", "check that nodes agree and hold every accepted tx once");
  au->add_option("--node", audit.nodes, "node URL (repeatable)")->required();
  au->add_option("--ids", audit.ids, "file of accepted tx ids, one a line");
  au->add_option("--wait", audit.wait, "seconds to wait for the nodes to converge")->default_val(60)->check(CLI::Range(0.0, 3600.0));
  std::string wait_node;
  int64_t wait_height = 0;
  auto* wt = app.add_subcommand("wait", "wait until a node reaches a height; prints the seconds it took");
  wt->add_option("--node", wait_node, "node URL")->required();
  wt->add_option("--height", wait_height)->required()->check(CLI::Range(int64_t{0}, int64_t{1} << 53));
  wt->add_option("--timeout", timeout, "seconds")->default_val(600)->check(CLI::Range(0.1, 86400.0));
  std::string genesis;
  size_t block = 4000;
  auto* ex = app.add_subcommand("exec", "one core's rate for each stage of a tx: decode, verify, execute");
  ex->add_option("--genesis", genesis, "the chain's genesis.json")->required();
  ex->add_option("--keys", keys, "testnet keys directory")->required();
  ex->add_option("--txs", txs)->default_val(10000)->check(CLI::Range(int64_t{1}, int64_t{10000000}));
  ex->add_option("--block", block, "txs per block")->default_val(4000)->check(CLI::Range(1, 10000));
  CLI11_PARSE(app, argc, argv);
  if (vl->parsed()) return verify_limit(seconds);
  if (wt->parsed()) return wait_for_height(wait_node, wait_height, timeout);
  if (ex->parsed()) return exec_limit(genesis, keys, txs, block);
  if (sk->parsed()) return bench::soak_load(soak);
  if (au->parsed()) return bench::chain_audit(audit);
  return load(nodes, keys, txs, connections, batch, rate, timeout);
}
