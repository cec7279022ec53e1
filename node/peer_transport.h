// PeerTransport: how a node talks to its peers over HTTP (DESIGN §6 transport).
//
// broadcast() queues an item for every peer on the channel of its path: per peer, each
// path has its own queue, sender thread and keep-alive connection, which POSTs the
// channel's queued items in batches ({"from", "items": […]}, at most kMaxBatch items and
// kMaxBatchBytes), retrying a failed batch with back-off. Consensus messages therefore
// never wait behind gossiped txs (a burst of 20,000 txs is 40 batches, each admitted by
// the peer before it answers), nor behind a slow batch of them. Each channel's queue is
// bounded in items and bytes: when a peer is down or slow for long, the channel's oldest
// items are dropped (consensus re-sends its latest messages periodically, and a node
// that missed blocks syncs them), and a flood on one channel drops nothing of another.
// Every call has a connect, read and write timeout and a limit on its whole duration
// (CallDeadline), so a peer that never answers, or answers a byte at a time, holds
// only its own sender threads, and a GET for at most its timeout.
//
// Thread-safety: all methods are thread-safe.
#pragma once

#include <atomic>
#include <cstdint>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "chain/codec/canonical_json.h"
#include "chain/util/status.h"

namespace tfl {

struct PeerInfo {
  std::string url;
  bool up = false;
  int64_t last_ok_ms = 0;
  size_t queued = 0;
  uint64_t sent = 0;
  uint64_t failures = 0;
};

class PeerTransport {
 public:
  PeerTransport(std::vector<std::string> peer_urls, std::string self_id);
  ~PeerTransport();

  void start();
  void stop();

  // Queues `text`, one JSON value already written out, for POST to `path` on every peer;
  // every peer's queue shares it. The first item for a path starts that path's channel.
  void broadcast(const std::string& path, std::shared_ptr<const std::string> text);
  bool has_peers() const { return !peers_.empty(); }

  // One GET to one peer, with a timeout: the body as parsed JSON, or as sent (get_text).
  // Non-2xx answers become errors.
  Result<Json> get(const std::string& peer_url, const std::string& path_and_query, int timeout_ms = 3000) const;
  Result<std::string> get_text(const std::string& peer_url, const std::string& path_and_query,
                               int timeout_ms = 3000) const;

  std::vector<std::string> peer_urls() const;
  std::vector<PeerInfo> info() const;

  static constexpr size_t kMaxQueuedPerChannel = 20000;
  static constexpr size_t kMaxQueuedBytesPerChannel = 64 << 20;  // a full proposal carries its block
  static constexpr int64_t kPostDeadlineMs = 30000;
  static constexpr size_t kMaxBatch = 500;
  static constexpr size_t kMaxBatchBytes = 16 << 20;  // under the peers' 32 MiB body cap

 private:
  struct Channel;
  struct Peer;
  void run_sender(Peer& peer, Channel& channel);
  // REQUIRES: peer.mu held, channel.sender not running.
  void start_sender_locked(Peer& peer, Channel& channel);
  // REQUIRES: peer.mu held, channel.queue not empty.
  static void pop_front_locked(Channel& channel);
  // Takes off what is still queued of a batch of `count` items whose first was item
  // `batch_first` (counted as Channel::popped counts). REQUIRES: peer.mu held.
  static void pop_sent_locked(Channel& channel, uint64_t batch_first, size_t count);
  // Records whether a peer answered (a GET also tells that it is up).
  void note_contact(const std::string& peer_url, bool ok) const;

  const std::string self_id_;
  std::vector<std::unique_ptr<Peer>> peers_;
  std::atomic<bool> running_{false};
};

}  // namespace tfl
