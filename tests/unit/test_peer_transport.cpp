// PeerTransport against a real HTTP peer on 127.0.0.1: each path travels on its own
// channel, so consensus messages are not held behind gossiped txs.
#include <catch2/catch.hpp>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <httplib.h>

#include "node/peer_transport.h"

using namespace tfl;

namespace {

// A peer whose tx handler holds every POST until released; its consensus handler
// records what it is sent.
class StalledPeer {
 public:
  StalledPeer() {
    server_.Post("/p2p/v1/txs", [this](const httplib::Request& req, httplib::Response& res) {
      std::unique_lock<std::mutex> lock(mu_);
      ++txs_posts_;
      for (size_t at = req.body.find("{\"tx\":"); at != std::string::npos; at = req.body.find("{\"tx\":", at + 1))
        txs_received_.push_back(std::stoi(req.body.substr(at + 6)));
      cv_.notify_all();
      cv_.wait_for(lock, std::chrono::seconds(20), [&] { return released_; });
      res.set_content("{}", "application/json");
    });
    server_.Post("/p2p/v1/consensus", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard<std::mutex> lock(mu_);
      consensus_bodies_.push_back(req.body);
      cv_.notify_all();
      res.set_content("{}", "application/json");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~StalledPeer() {
    release();
    server_.stop();
    thread_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  void release() {
    std::lock_guard<std::mutex> lock(mu_);
    released_ = true;
    cv_.notify_all();
  }
  // Waits (at most 10 s) until `done` holds under the lock; returns whether it did.
  template <typename Pred>
  bool wait_until(Pred done) {
    std::unique_lock<std::mutex> lock(mu_);
    return cv_.wait_for(lock, std::chrono::seconds(10), [&] { return done(); });
  }
  int txs_posts() const { return txs_posts_; }  // REQUIRES: mu_ held (inside wait_until)
  const std::vector<int>& txs_received() const { return txs_received_; }  // REQUIRES: as above
  const std::vector<std::string>& consensus_bodies() const { return consensus_bodies_; }  // REQUIRES: as above

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::mutex mu_;
  std::condition_variable cv_;
  int txs_posts_ = 0;
  std::vector<int> txs_received_;  // the "tx" numbers of the items, in arrival order
  bool released_ = false;
  std::vector<std::string> consensus_bodies_;
};

}  // namespace

TEST_CASE("a consensus message reaches a peer while that peer is still taking a batch of gossiped txs") {
  StalledPeer peer;
  PeerTransport transport({peer.url()}, "node1");
  transport.start();

  for (int i = 0; i < 1200; ++i)  // more than one batch: the rest waits behind the stalled one
    transport.broadcast("/p2p/v1/txs", std::make_shared<const std::string>("{\"tx\":" + std::to_string(i) + "}"));
  REQUIRE(peer.wait_until([&] { return peer.txs_posts() == 1; }));

  transport.broadcast("/p2p/v1/consensus", std::make_shared<const std::string>("{\"vote\":1}"));
  // The tx batch is still held (it is released below, or after 20 s).
  REQUIRE(peer.wait_until([&] { return !peer.consensus_bodies().empty(); }));
  CHECK(peer.wait_until([&] { return peer.consensus_bodies().front() == "{\"from\":\"node1\",\"items\":[{\"vote\":1}]}"; }));

  // The txs are counted as queued until their channel has sent them (the vote may
  // still be, until its answer is read).
  const auto info = transport.info();
  REQUIRE(info.size() == 1);
  CHECK(info[0].queued >= 1200);

  peer.release();
  CHECK(peer.wait_until([&] { return peer.txs_posts() == 3; }));  // 1,200 txs in batches of 500
  transport.stop();
}

TEST_CASE("items broadcast before the transport starts are sent once it starts, each path on its channel") {
  StalledPeer peer;
  peer.release();
  PeerTransport transport({peer.url()}, "node1");
  transport.broadcast("/p2p/v1/consensus", std::make_shared<const std::string>("{\"vote\":2}"));
  transport.broadcast("/p2p/v1/txs", std::make_shared<const std::string>("{\"tx\":1}"));
  transport.start();
  CHECK(peer.wait_until([&] { return peer.consensus_bodies().size() == 1 && peer.txs_posts() == 1; }));
  transport.stop();
}

TEST_CASE("a full channel drops its oldest items, and a batch sent meanwhile takes only itself off the queue") {
  StalledPeer peer;
  PeerTransport transport({peer.url()}, "node1");
  auto tx = [](int i) { return std::make_shared<const std::string>("{\"tx\":" + std::to_string(i) + "}"); };

  // Queued before the start, so that the first batch is exactly these 500 (kMaxBatch).
  for (int i = 0; i < 500; ++i) transport.broadcast("/p2p/v1/txs", tx(i));
  transport.start();
  REQUIRE(peer.wait_until([&] { return peer.txs_posts() == 1; }));  // items 0..499 in flight, held
  // Past the channel's bound: the oldest 500 (the batch in flight) are dropped from the queue.
  const int more = static_cast<int>(PeerTransport::kMaxQueuedPerChannel);
  for (int i = 500; i < 500 + more; ++i) transport.broadcast("/p2p/v1/txs", tx(i));
  peer.release();

  // Every item after the batch arrives once, in order: none was taken off the queue as if
  // it were part of the batch.
  REQUIRE(peer.wait_until([&] { return peer.txs_received().size() == static_cast<size_t>(500 + more); }));
  std::vector<int> expected(static_cast<size_t>(500 + more));
  for (size_t i = 0; i < expected.size(); ++i) expected[i] = static_cast<int>(i);
  CHECK(peer.wait_until([&] { return peer.txs_received() == expected; }));
  transport.stop();
}
