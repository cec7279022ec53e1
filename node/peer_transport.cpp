#include "node/peer_transport.h"

#include <algorithm>
#include <chrono>

#include <httplib.h>
#include <spdlog/spdlog.h>

#include "node/call_deadline.h"
#include "node/node.h"

namespace tfl {

// One path's traffic to one peer. Guarded by its peer's mu.
struct PeerTransport::Channel {
  explicit Channel(std::string p) : path(std::move(p)) {}
  const std::string path;
  std::condition_variable cv;
  std::deque<std::shared_ptr<const std::string>> queue;  // items as JSON text
  size_t queued_bytes = 0;
  uint64_t popped = 0;  // items ever taken off the front (sent, refused or dropped)
  std::thread sender;
};

struct PeerTransport::Peer {
  explicit Peer(std::string u) : url(std::move(u)) {}
  const std::string url;
  mutable std::mutex mu;
  std::vector<std::unique_ptr<Channel>> channels;  // one per path, started by its first item
  PeerInfo stats;
};

namespace {

std::unique_ptr<httplib::Client> make_client(const std::string& url, int timeout_ms) {
  auto client = std::make_unique<httplib::Client>(url);
  client->set_keep_alive(true);
  client->set_tcp_nodelay(true);
  client->set_connection_timeout(0, 500 * 1000);
  client->set_read_timeout(timeout_ms / 1000, (timeout_ms % 1000) * 1000);
  client->set_write_timeout(5, 0);
  return client;
}

}  // namespace

PeerTransport::PeerTransport(std::vector<std::string> peer_urls, std::string self_id) : self_id_(std::move(self_id)) {
  for (auto& url : peer_urls) {
    peers_.push_back(std::make_unique<Peer>(url));
    peers_.back()->stats.url = url;
  }
}

PeerTransport::~PeerTransport() { stop(); }

void PeerTransport::start() {
  if (running_.exchange(true)) return;
  for (auto& p : peers_) {
    std::lock_guard<std::mutex> lock(p->mu);
    for (auto& c : p->channels)  // items broadcast before the start
      if (!c->sender.joinable()) start_sender_locked(*p, *c);
  }
}

void PeerTransport::stop() {
  if (!running_.exchange(false)) return;
  for (auto& p : peers_) {
    std::vector<std::thread> senders;
    {
      std::lock_guard<std::mutex> lock(p->mu);
      for (auto& c : p->channels) {
        c->cv.notify_all();
        if (c->sender.joinable()) senders.push_back(std::move(c->sender));
      }
    }
    for (auto& t : senders) t.join();
  }
}

void PeerTransport::broadcast(const std::string& path, std::shared_ptr<const std::string> text) {
  for (auto& p : peers_) {
    std::lock_guard<std::mutex> lock(p->mu);
    auto it = std::find_if(p->channels.begin(), p->channels.end(), [&](const auto& c) { return c->path == path; });
    if (it == p->channels.end()) {
      p->channels.push_back(std::make_unique<Channel>(path));
      it = std::prev(p->channels.end());
      if (running_) start_sender_locked(*p, **it);
    }
    Channel& c = **it;
    c.queue.push_back(text);
    c.queued_bytes += text->size();
    while (c.queue.size() > kMaxQueuedPerChannel || c.queued_bytes > kMaxQueuedBytesPerChannel) pop_front_locked(c);
    c.cv.notify_one();
  }
}

void PeerTransport::start_sender_locked(Peer& peer, Channel& channel) {
  channel.sender = std::thread([this, &peer, &channel] { run_sender(peer, channel); });
}

void PeerTransport::pop_front_locked(Channel& channel) {
  channel.queued_bytes -= channel.queue.front()->size();
  channel.queue.pop_front();
  ++channel.popped;
}

void PeerTransport::pop_sent_locked(Channel& channel, uint64_t batch_first, size_t count) {
  while (channel.popped < batch_first + count && !channel.queue.empty()) pop_front_locked(channel);
}

void PeerTransport::run_sender(Peer& peer, Channel& channel) {
  auto client = make_client(peer.url, 5000);
  int backoff_ms = 50;
  while (running_) {
    std::string body;
    size_t count = 0;
    uint64_t batch_first = 0;  // the batch's first item, counted as channel.popped counts
    {
      std::unique_lock<std::mutex> lock(peer.mu);
      channel.cv.wait_for(lock, std::chrono::milliseconds(500), [&] { return !channel.queue.empty() || !running_; });
      if (!running_) return;
      if (channel.queue.empty()) continue;
      // A batch of the oldest items, kept in the queue until sent.
      batch_first = channel.popped;
      body = "{\"from\":" + Json(self_id_).dump() + ",\"items\":[";
      for (auto it = channel.queue.begin(); it != channel.queue.end() && count < kMaxBatch; ++it) {
        if (count > 0 && body.size() + (*it)->size() > kMaxBatchBytes) break;
        body += (count++ ? "," : "") + **it;
      }
      body += "]}";
    }
    httplib::Result res = [&] {
      CallDeadline deadline(*client, kPostDeadlineMs);
      return client->Post(channel.path.c_str(), body, "application/json");
    }();
    std::unique_lock<std::mutex> lock(peer.mu);
    if (res && res->status >= 200 && res->status < 300) {
      // Items queued meanwhile went to the back; what is left of the batch is at the
      // front (a full queue may have dropped some of it meanwhile).
      pop_sent_locked(channel, batch_first, count);
      peer.stats.up = true;
      peer.stats.last_ok_ms = now_unix_ms();
      peer.stats.sent += count;
      backoff_ms = 50;
      continue;
    }
    if (res && res->status >= 400 && res->status < 500) {
      // The peer refused the batch itself: retrying the same bytes cannot help.
      spdlog::warn("peer {} refused {} items on {}: HTTP {} {}", peer.url, count, channel.path, res->status,
                   res->body.substr(0, 200));
      pop_sent_locked(channel, batch_first, count);
      peer.stats.up = true;
      continue;
    }
    peer.stats.up = false;
    peer.stats.failures++;
    channel.cv.wait_for(lock, std::chrono::milliseconds(backoff_ms), [&] { return !running_; });
    backoff_ms = std::min(backoff_ms * 2, 1000);
  }
}

void PeerTransport::note_contact(const std::string& peer_url, bool ok) const {
  for (const auto& p : peers_) {
    if (p->url != peer_url) continue;
    std::lock_guard<std::mutex> lock(p->mu);
    p->stats.up = ok;
    if (ok) p->stats.last_ok_ms = now_unix_ms();
  }
}

Result<Json> PeerTransport::get(const std::string& peer_url, const std::string& path_and_query, int timeout_ms) const {
  TFL_ASSIGN_OR_RETURN(std::string body, get_text(peer_url, path_and_query, timeout_ms));
  auto j = parse_strict_json(body);
  if (!j) return j.status().with_context("answer of " + peer_url);
  return j;
}

Result<std::string> PeerTransport::get_text(const std::string& peer_url, const std::string& path_and_query,
                                            int timeout_ms) const {
  auto client = make_client(peer_url, timeout_ms);
  httplib::Result res = [&] {
    // The connect timeout plus the read timeout: the whole call, however the peer dribbles.
    CallDeadline deadline(*client, timeout_ms + 500);
    return client->Get(path_and_query.c_str());
  }();
  note_contact(peer_url, res && res->status < 500);
  if (!res) return Status::unavailable("cannot reach " + peer_url + ": " + httplib::to_string(res.error()));
  if (res->status < 200 || res->status >= 300)
    return Status::unavailable(peer_url + path_and_query + " answered HTTP " + std::to_string(res->status));
  return std::move(res->body);
}

std::vector<std::string> PeerTransport::peer_urls() const {
  std::vector<std::string> out;
  for (const auto& p : peers_) out.push_back(p->url);
  return out;
}

std::vector<PeerInfo> PeerTransport::info() const {
  std::vector<PeerInfo> out;
  for (const auto& p : peers_) {
    std::lock_guard<std::mutex> lock(p->mu);
    PeerInfo i = p->stats;
    for (const auto& c : p->channels) i.queued += c->queue.size();
    out.push_back(i);
  }
  return out;
}

}  // namespace tfl
