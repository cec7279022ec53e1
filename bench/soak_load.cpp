#include "bench/soak_load.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <fstream>
#include <iostream>
#include <mutex>
#include <thread>
#include <unordered_map>

#include <httplib.h>

#include "bench/senders.h"
#include "node/mempool.h"

namespace tfl::bench {
namespace {

using Clock = std::chrono::steady_clock;
constexpr size_t kMaxBatch = 500;

std::unique_ptr<httplib::Client> make_client(const std::string& url) {
  auto c = std::make_unique<httplib::Client>(url);
  c->set_keep_alive(true);
  c->set_tcp_nodelay(true);
  c->set_connection_timeout(1, 0);
  c->set_read_timeout(3, 0);
  c->set_write_timeout(3, 0);
  return c;
}

// One keep-alive client per node; a node that failed to answer is skipped for a
// back-off that doubles up to 8 s. Thread-compatible (the submitting thread only).
class NodeSet {
 public:
  explicit NodeSet(const std::vector<std::string>& urls) : backoff_(urls.size(), 0), down_until_(urls.size(), 0) {
    for (const auto& u : urls) clients_.push_back(make_client(u));
  }
  size_t size() const { return clients_.size(); }
  httplib::Client& client(size_t i) { return *clients_[i]; }
  bool usable(size_t i, double now) const { return now >= down_until_[i]; }
  void failed(size_t i, double now) {
    backoff_[i] = std::min(8.0, std::max(1.0, backoff_[i] * 2));
    down_until_[i] = now + backoff_[i];
  }
  void answered(size_t i) { backoff_[i] = 0; }

 private:
  std::vector<std::unique_ptr<httplib::Client>> clients_;
  std::vector<double> backoff_, down_until_;
};

// Follows the chain from `from_height` on whichever node answers and collects the ids
// of committed txs. Thread-safe: a thread of its own fills what take() drains.
class CommitFollower {
 public:
  CommitFollower(const std::vector<std::string>& urls, int64_t from_height)
      : urls_(urls), next_(from_height), thread_([this] { run(); }) {}
  ~CommitFollower() {
    stop_ = true;
    thread_.join();
  }
  std::vector<Hash> take() {
    std::lock_guard<std::mutex> lock(mu_);
    return std::exchange(fresh_, {});
  }

 private:
  void run() {
    size_t current = 0;
    auto client = make_client(urls_[current]);
    while (!stop_) {
      auto r = client->Get(("/api/v1/blocks?from=" + std::to_string(next_) + "&limit=100").c_str());
      auto j = r && r->status == 200 ? parse_strict_json(r->body) : Result<Json>(Status::unavailable("no answer"));
      if (!j) {
        current = (current + 1) % urls_.size();
        client = make_client(urls_[current]);
      } else {
        std::lock_guard<std::mutex> lock(mu_);
        for (const auto& b : (*j)["blocks"]) {
          for (const auto& res : b["results"]) fresh_.push_back(Hash::from_hex(res["id"].get<std::string>()).value());
          next_ = b["header"]["height"].get<int64_t>() + 1;
        }
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }

  const std::vector<std::string> urls_;
  int64_t next_;
  std::atomic<bool> stop_{false};
  std::mutex mu_;
  std::vector<Hash> fresh_;
  std::thread thread_;
};

struct Tracked {
  TxPtr tx;
  bool accepted = false;
  bool committed = false;
  double sent_at = -1;  // last time it was sent; < 0: never
};

// One corporate's txs in nonce order and where they stand.
struct Stream {
  Sender sender;
  std::string seller;
  std::vector<Tracked> txs;
  size_t first_open = 0;   // the oldest tx not seen committed
  size_t next_unsent = 0;
  size_t node = 0;         // the node this stream sends to
  double resend_at = -1;   // when to re-send txs[first_open, next_unsent); < 0: not due
};

struct Counters {
  int64_t resends = 0, refusals = 0, node_switches = 0;
  std::string first_refusal;
};

class Soak {
 public:
  Soak(const SoakOptions& o, std::string chain_id, std::vector<Stream> streams)
      : o_(o), chain_id_(std::move(chain_id)), streams_(std::move(streams)), nodes_(o.nodes) {}

  // Creates the txs due by `now` (rate × elapsed, round-robin over the streams).
  void create_due(double now, const std::string& run_tag) {
    const auto due = static_cast<int64_t>(o_.rate * std::min(now, o_.seconds));
    for (; created_ < due; ++created_) {
      size_t s = static_cast<size_t>(created_) % streams_.size();
      Stream& st = streams_[s];
      std::string doc_id = "SOAK-" + st.sender.key.id + "-" + std::to_string(st.sender.nonce) + "-" + run_tag;
      TxPtr tx = sign_purchase_order(chain_id_, st.sender, st.seller, doc_id, 100000 + created_);
      where_[tx->id] = {s, st.txs.size()};
      st.txs.push_back(Tracked{tx});
    }
  }

  void mark_committed(const std::vector<Hash>& ids) {
    for (const Hash& id : ids) {
      auto it = where_.find(id);
      if (it == where_.end()) continue;
      streams_[it->second.first].txs[it->second.second].committed = true;
    }
  }

  void pump(Stream& st, double now) {
    while (st.first_open < st.next_unsent && st.txs[st.first_open].committed) ++st.first_open;
    const bool overdue = st.first_open < st.next_unsent && now - st.txs[st.first_open].sent_at > o_.resend_after;
    if (overdue && st.resend_at < 0) st.resend_at = now;
    size_t from = st.resend_at >= 0 && now >= st.resend_at ? st.first_open : st.next_unsent;
    for (size_t attempts = 0; from < st.txs.size() && attempts < nodes_.size();) {
      if (!nodes_.usable(st.node, now)) {
        switch_node(st, &from);
        ++attempts;
        continue;
      }
      const size_t to = std::min(st.txs.size(), from + kMaxBatch);
      if (from == st.first_open) st.resend_at = -1;
      if (!send(st, from, to, now)) {
        switch_node(st, &from);
        ++attempts;
        continue;
      }
      st.next_unsent = std::max(st.next_unsent, to);
      from = to;
    }
  }

  void run(const std::string& run_tag, CommitFollower& follower) {
    const auto start = Clock::now();
    while (true) {
      const double now = std::chrono::duration<double>(Clock::now() - start).count();
      create_due(now, run_tag);
      mark_committed(follower.take());
      for (auto& st : streams_) pump(st, now);
      if (now >= o_.seconds && (all_committed() || now >= o_.seconds + o_.settle)) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    mark_committed(follower.take());
  }

  // Prints the summary, writes the accepted ids; true when every accepted tx was seen committed.
  bool report() const {
    int64_t submitted = 0, accepted = 0, committed = 0;
    std::ofstream ids(o_.ids_out);
    for (const auto& st : streams_)
      for (const auto& t : st.txs) {
        submitted += t.sent_at >= 0 ? 1 : 0;
        if (!t.accepted) continue;
        ++accepted;
        committed += t.committed ? 1 : 0;
        ids << t.tx->id.hex() << "\n";
      }
    Json out{{"submitted", submitted},         {"accepted", accepted},          {"committed_seen", committed},
             {"resends", counters_.resends},   {"refusals", counters_.refusals}, {"node_switches", counters_.node_switches}};
    if (!counters_.first_refusal.empty()) out["first_refusal"] = counters_.first_refusal;
    std::cout << out.dump() << "\n";
    if (!ids) std::cerr << "tfbench: cannot write " << o_.ids_out << "\n";
    return ids && committed == accepted;
  }

 private:
  bool all_committed() const {
    for (const auto& st : streams_)
      if (st.first_open < st.txs.size()) return false;  // pump() moved first_open past every committed tx
    return true;
  }

  // The stream's node failed: move to the next and re-send its open txs there.
  void switch_node(Stream& st, size_t* from) {
    st.node = (st.node + 1) % nodes_.size();
    ++counters_.node_switches;
    *from = st.first_open;
  }

  // POSTs txs [from, to) of `st` to its node; false when the node did not answer.
  bool send(Stream& st, size_t from, size_t to, double now) {
    std::string body = "[";
    for (size_t k = from; k < to; ++k) {
      body += (k > from ? "," : "") + st.txs[k].tx->canonical;
      if (st.txs[k].sent_at >= 0) ++counters_.resends;
      st.txs[k].sent_at = now;
    }
    body += "]";
    auto r = nodes_.client(st.node).Post("/api/v1/txs/batch", body, "application/json");
    if (r && r->status == 429) {  // the node is up but sheds load: try it again in a second
      refused(st, now, "node busy (429)");
      return true;
    }
    auto j = r && r->status == 202 ? parse_strict_json(r->body) : Result<Json>(Status::unavailable("no answer"));
    if (!j || !(*j)["results"].is_array() || (*j)["results"].size() != to - from) {
      nodes_.failed(st.node, now);
      return false;
    }
    nodes_.answered(st.node);
    for (size_t k = from; k < to; ++k) {
      const Json& res = (*j)["results"][k - from];
      const bool known = res.contains("error") && res["error"].value("code", "") == "already_exists";
      if (res.value("status", 0) == 202 || known)
        st.txs[k].accepted = true;
      else
        refused(st, now, res.contains("error") ? res["error"].value("message", "") : res.dump());
    }
    return true;
  }

  // A node refused a tx (a nonce gap after a crash emptied a mempool, a busy node): the
  // stream re-sends its open txs in a second.
  void refused(Stream& st, double now, const std::string& why) {
    ++counters_.refusals;
    if (counters_.first_refusal.empty()) counters_.first_refusal = why;
    if (st.resend_at < 0) st.resend_at = now + 1;
  }

  const SoakOptions& o_;
  const std::string chain_id_;
  std::vector<Stream> streams_;
  NodeSet nodes_;
  std::unordered_map<Hash, std::pair<size_t, size_t>, HashHasher> where_;
  int64_t created_ = 0;
  Counters counters_;
};

}  // namespace

int soak_load(const SoakOptions& o) {
  crypto_init();
  auto probe = make_client(o.nodes[0]);
  auto st = probe->Get("/api/v1/status");
  auto status = st && st->status == 200 ? parse_strict_json(st->body) : Result<Json>(Status::unavailable(""));
  if (!status) return std::cerr << "tfbench: cannot reach " << o.nodes[0] << "\n", 1;
  const int64_t start_height = (*status)["height"].get<int64_t>();
  auto senders = load_senders(*probe, o.keys_dir);
  if (!senders) return std::cerr << "tfbench: " << senders.status().message() << "\n", 1;
  if (senders->size() < 2) return std::cerr << "tfbench: need at least 2 corporate keys in " << o.keys_dir << "\n", 1;
  std::vector<Stream> streams;
  for (size_t i = 0; i < senders->size(); ++i) {
    Stream s;
    s.sender = (*senders)[i];
    s.seller = (*senders)[(i + 1) % senders->size()].key.id;
    s.node = i % o.nodes.size();
    streams.push_back(std::move(s));
  }
  const std::string run_tag = std::to_string(start_height) + "-" +
                              std::to_string(std::chrono::system_clock::now().time_since_epoch() / std::chrono::seconds(1));
  Soak soak(o, (*status)["chain_id"].get<std::string>(), std::move(streams));
  CommitFollower follower(o.nodes, start_height + 1);
  soak.run(run_tag, follower);
  return soak.report() ? 0 : 1;
}

}  // namespace tfl::bench
