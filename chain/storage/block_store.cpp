#include "chain/storage/block_store.h"

#include <leveldb/db.h>
#include <leveldb/filter_policy.h>
#include <leveldb/write_batch.h>

#include "chain/codec/json_fields.h"

namespace tfl {
namespace {

// The layout of the state this build writes: format 2 keeps each participant's nonce at
// s/n/<id> and history entries without their block's height and time. A store in another
// format holds another state for the same blocks, whose roots no node of this build would
// agree with. A store without m/format is format 1.
constexpr const char* kStateFormat = "2";

Status from_leveldb(const leveldb::Status& s) {
  if (s.ok()) return Status::ok();
  if (s.IsNotFound()) return Status::not_found(s.ToString());
  if (s.IsCorruption()) return Status::corruption(s.ToString());
  return Status::io_error(s.ToString());
}

Result<ChainTip> tip_from_json(const Json& j) {
  ChainTip t;
  TFL_ASSIGN_OR_RETURN(t.height, get_int(j, "height", 0));
  TFL_ASSIGN_OR_RETURN(std::string hash, get_string(j, "hash"));
  TFL_ASSIGN_OR_RETURN(t.hash, Hash::from_hex(hash));
  TFL_ASSIGN_OR_RETURN(std::string root, get_string(j, "state_root"));
  TFL_ASSIGN_OR_RETURN(t.state_root, Hash::from_hex(root));
  TFL_ASSIGN_OR_RETURN(t.time_ms, get_int(j, "time", 0));
  return t;
}

// The texts below are canonical JSON written member by member (members in key order):
// a block writes thousands of them.

// A tx's index entry: {"height", "index", "ok", "reason"?, "time"} (time: the block's).
std::string location_text(const BlockHeader& header, size_t index, const TxOutcome& o) {
  std::string out = "{\"height\":" + std::to_string(header.height) + ",\"index\":" + std::to_string(index) +
                    (o.ok ? ",\"ok\":true" : ",\"ok\":false");
  if (!o.ok) {
    out += ",\"reason\":";
    append_canonical_string(out, o.reason);
  }
  return out + ",\"time\":" + std::to_string(header.time_ms) + "}";
}

// The summary of a block (see summary_text_at): hash is block.hash(), outcomes[i] the result
// of block.txs[i]. {"hash", "results": [{"id", "reason"?, "sender", "status", "type"}]}
std::string summary_text(const Block& block, const Hash& hash, const std::vector<TxOutcome>& outcomes) {
  std::string out = "{\"hash\":\"" + hash.hex() + "\",\"results\":[";
  for (size_t i = 0; i < block.txs.size() && i < outcomes.size(); ++i) {
    const Transaction& tx = *block.txs[i];
    out += i ? ",{\"id\":\"" : "{\"id\":\"";
    out += tx.id.hex();
    out += '"';
    if (!outcomes[i].ok) {
      out += ",\"reason\":";
      append_canonical_string(out, outcomes[i].reason);
    }
    out += ",\"sender\":";
    append_canonical_string(out, tx.sender);
    out += outcomes[i].ok ? ",\"status\":\"committed\",\"type\":" : ",\"status\":\"failed\",\"type\":";
    append_canonical_string(out, tx.type);
    out += '}';
  }
  return out + "]}";
}

}  // namespace

std::string height_key(char prefix, int64_t height) {
  std::string k{prefix, '/'};
  for (int shift = 56; shift >= 0; shift -= 8) k.push_back(static_cast<char>((static_cast<uint64_t>(height) >> shift) & 0xff));
  return k;
}

Json ChainTip::to_json() const {
  return Json{{"height", height}, {"hash", hash.hex()}, {"state_root", state_root.hex()}, {"time", time_ms}};
}

BlockStore::~BlockStore() = default;

Result<std::unique_ptr<BlockStore>> BlockStore::open(const std::string& dir, const Genesis& genesis) {
  std::unique_ptr<BlockStore> store(new BlockStore());
  // Most reads on the hot path look for keys that are not there (a new tx's index entry,
  // a new document's id): a Bloom filter answers those without reading table blocks.
  store->filter_.reset(leveldb::NewBloomFilterPolicy(10));
  leveldb::Options options;
  options.create_if_missing = true;
  options.paranoid_checks = true;
  options.filter_policy = store->filter_.get();
  // Each memtable flush is soon followed by a compaction that rewrites the overlapping
  // level-2 tables: a tx's keys (its id, its documents) are spread over the whole key
  // space, and a lookup that passes through two tables charges the first a "seek";
  // a few hundred of those compact it. A larger buffer means fewer, larger flushes.
  options.write_buffer_size = 32 << 20;
  leveldb::DB* raw = nullptr;
  Status st = from_leveldb(leveldb::DB::Open(options, dir, &raw));
  if (!st) return st.with_context("opening store " + dir);
  store->db_.reset(raw);

  std::string stored_genesis;
  Status g = store->read("m/genesis", &stored_genesis);
  if (g.code() == Code::kNotFound) {
    leveldb::WriteBatch batch;
    for (const auto& [k, v] : genesis_writes(genesis)) batch.Put(k, *v);
    ChainTip tip{0, genesis.hash, genesis_state_root(genesis), genesis.genesis_time_ms};
    batch.Put("m/genesis", genesis.hash.hex());
    batch.Put("m/format", kStateFormat);
    batch.Put("m/tip", canonical_json(tip.to_json()));
    leveldb::WriteOptions wo;
    wo.sync = true;
    TFL_RETURN_IF_ERROR(from_leveldb(store->db_->Write(wo, &batch)));
    store->tip_ = tip;
    return store;
  }
  TFL_RETURN_IF_ERROR(g);
  if (stored_genesis != genesis.hash.hex())
    return Status::corruption("store " + dir + " belongs to genesis " + stored_genesis + ", not " + genesis.hash.hex());
  std::string format = "1";
  Status f = store->read("m/format", &format);
  if (!f && f.code() != Code::kNotFound) return f.with_context("reading m/format");
  if (format != kStateFormat)
    return Status::conflict("store " + dir + " holds state format " + format + "; this build keeps format " +
                            kStateFormat + ", so a chain begun by an earlier build cannot go on here: start the "
                            "network again from a new genesis with fresh node homes (docs/operations.md)");
  std::string tip_raw;
  TFL_RETURN_IF_ERROR(store->read("m/tip", &tip_raw).with_context("reading m/tip"));
  auto tip_json = parse_strict_json(tip_raw);
  if (!tip_json) return Status::corruption("m/tip: " + tip_json.status().message());
  auto tip = tip_from_json(*tip_json);
  if (!tip) return Status::corruption("m/tip: " + tip.status().message());
  store->tip_ = *tip;
  return store;
}

ChainTip BlockStore::tip() const {
  std::lock_guard<std::mutex> lock(tip_mu_);
  return tip_;
}

Status BlockStore::read(const std::string& key, std::string* value) const {
  return from_leveldb(db_->Get(leveldb::ReadOptions(), key, value));
}

Status BlockStore::commit(const Block& block, const Commit& commit, const BlockExecution& exec) {
  const int64_t h = block.header.height;
  const Hash hash = block.hash();
  leveldb::WriteBatch batch;
  batch.Put(height_key('b', h), block.canonical_text());
  batch.Put(height_key('c', h), canonical_json(commit.to_json()));
  batch.Put(height_key('r', h), summary_text(block, hash, exec.outcomes));
  batch.Put("h/" + hash.hex(), std::to_string(h));
  for (size_t i = 0; i < exec.outcomes.size(); ++i)
    batch.Put("t/" + exec.outcomes[i].id.hex(), location_text(block.header, i, exec.outcomes[i]));
  for (const auto& [k, v] : exec.writes) {
    if (v) batch.Put(k, *v);
    else batch.Delete(k);
  }
  ChainTip next{h, hash, exec.state_root, block.header.time_ms};
  batch.Put("m/tip", canonical_json(next.to_json()));
  leveldb::WriteOptions wo;
  wo.sync = true;
  state_cache_.begin_commit();
  Status written = from_leveldb(db_->Write(wo, &batch));
  state_cache_.end_commit(exec.writes, written.is_ok());
  TFL_RETURN_IF_ERROR(written.with_context("committing block " + std::to_string(h)));
  std::lock_guard<std::mutex> lock(tip_mu_);
  tip_ = next;
  tip_header_ = block.header;
  return Status::ok();
}

std::optional<std::string> BlockStore::get(const std::string& key) const {
  auto read_committed = [this](const std::string& k) -> std::optional<std::string> {
    std::string value;
    if (!read(k, &value)) return std::nullopt;
    return value;
  };
  if (key.compare(0, 2, "s/") == 0) return state_cache_.get(key, read_committed);
  return read_committed(key);
}

BlockStore::StateCacheStats BlockStore::state_cache_stats() const {
  return StateCacheStats{state_cache_.hits(), state_cache_.misses(), state_cache_.bytes()};
}

Result<Json> BlockStore::block_json_at(int64_t height) const {
  TFL_ASSIGN_OR_RETURN(std::string raw, block_text_at(height));
  auto j = parse_strict_json(raw);
  if (!j) return Status::corruption("block " + std::to_string(height) + ": " + j.status().message());
  if (!j->is_object() || !j->contains("header") || !j->contains("txs") || !(*j)["txs"].is_array())
    return Status::corruption("block " + std::to_string(height) + " is not a stored block");
  return j;
}

Result<Block> BlockStore::block_at(int64_t height) const {
  TFL_ASSIGN_OR_RETURN(Json j, block_json_at(height));
  auto b = Block::from_json(j);
  if (!b) return Status::corruption("block " + std::to_string(height) + ": " + b.status().message());
  return b;
}

Result<Commit> BlockStore::commit_at(int64_t height) const {
  std::string raw;
  TFL_RETURN_IF_ERROR(read(height_key('c', height), &raw).with_context("certificate " + std::to_string(height)));
  auto j = parse_strict_json(raw);
  if (!j) return Status::corruption("certificate " + std::to_string(height) + ": " + j.status().message());
  auto c = Commit::from_json(*j);
  if (!c) return Status::corruption("certificate " + std::to_string(height) + ": " + c.status().message());
  return c;
}

Result<std::string> BlockStore::block_text_at(int64_t height) const {
  std::string raw;
  TFL_RETURN_IF_ERROR(read(height_key('b', height), &raw).with_context("block " + std::to_string(height)));
  return raw;
}

Result<std::string> BlockStore::commit_text_at(int64_t height) const {
  std::string raw;
  TFL_RETURN_IF_ERROR(read(height_key('c', height), &raw).with_context("certificate " + std::to_string(height)));
  return raw;
}

Result<std::string> BlockStore::summary_text_at(int64_t height) const {
  std::string raw;
  Status stored = read(height_key('r', height), &raw);
  if (stored) return raw;
  if (stored.code() != Code::kNotFound) return stored;
  TFL_ASSIGN_OR_RETURN(Block block, block_at(height));
  std::vector<TxOutcome> outcomes;
  for (const auto& tx : block.txs) {
    auto loc = tx_location(tx->id);
    if (!loc) return Status::corruption("block " + std::to_string(height) + ": tx " + tx->id.hex() + " is not indexed");
    outcomes.push_back(TxOutcome{tx->id, loc->ok, loc->reason});
  }
  return summary_text(block, block.hash(), outcomes);
}

Result<TxPtr> BlockStore::tx_at(int64_t height, int64_t index) const {
  TFL_ASSIGN_OR_RETURN(Json j, block_json_at(height));
  const Json& txs = j["txs"];
  if (index < 0 || static_cast<size_t>(index) >= txs.size())
    return Status::not_found("block " + std::to_string(height) + " has no tx " + std::to_string(index));
  auto tx = decode_tx(txs[static_cast<size_t>(index)]);
  if (!tx) return Status::corruption("block " + std::to_string(height) + " tx " + std::to_string(index) + ": " + tx.status().message());
  return tx;
}

Result<BlockHeader> BlockStore::header_at(int64_t height) const {
  {
    std::lock_guard<std::mutex> lock(tip_mu_);
    if (tip_header_ && tip_header_->height == height) return *tip_header_;
  }
  TFL_ASSIGN_OR_RETURN(Json j, block_json_at(height));
  auto header = BlockHeader::from_json(j["header"]);
  if (!header) return Status::corruption("block " + std::to_string(height) + ": " + header.status().message());
  std::lock_guard<std::mutex> lock(tip_mu_);
  if (height == tip_.height) tip_header_ = *header;
  return header;
}

std::optional<int64_t> BlockStore::height_of(const Hash& block_hash) const {
  std::string raw;
  if (!read("h/" + block_hash.hex(), &raw)) return std::nullopt;
  return std::stoll(raw);
}

std::optional<TxLocation> BlockStore::tx_location(const Hash& tx_id) const {
  std::string raw;
  if (!read("t/" + tx_id.hex(), &raw)) return std::nullopt;
  Json j = Json::parse(raw);
  TxLocation loc{j["height"].get<int64_t>(), j["index"].get<int64_t>(), j["ok"].get<bool>(), "",
                 j["time"].get<int64_t>()};
  if (j.contains("reason")) loc.reason = j["reason"].get<std::string>();
  return loc;
}

void BlockStore::scan(const std::string& prefix, const std::string& start_after,
                      const std::function<bool(const std::string&, const std::string&)>& fn) const {
  std::unique_ptr<leveldb::Iterator> it(db_->NewIterator(leveldb::ReadOptions()));
  if (start_after.empty()) it->Seek(prefix);
  else {
    it->Seek(start_after);
    if (it->Valid() && it->key().ToString() == start_after) it->Next();
  }
  for (; it->Valid(); it->Next()) {
    leveldb::Slice k = it->key();
    if (!k.starts_with(prefix)) break;
    if (!fn(k.ToString(), it->value().ToString())) break;
  }
}

Status BlockStore::check_tip(const Genesis& genesis) const {
  ChainTip t = tip();
  if (t.height == 0) {
    if (t.hash != genesis.hash) return Status::corruption("m/tip at height 0 does not name the genesis");
    return Status::ok();
  }
  auto block = block_at(t.height);
  if (!block) return block.status();
  if (block->hash() != t.hash) return Status::corruption("tip block hash differs from m/tip");
  auto cert = commit_at(t.height);
  if (!cert) return cert.status();
  if (cert->block_hash != t.hash) return Status::corruption("tip certificate is for another block");
  Status v = cert->verify(genesis);
  if (!v) return Status::corruption("tip certificate: " + v.message());
  std::optional<BlockHeader> prev;
  if (t.height > 1) {
    auto p = header_at(t.height - 1);
    if (!p) return p.status();
    prev = *p;
  }
  Status links = check_block_links(*block, genesis, prev);
  if (!links) return Status::corruption("tip block: " + links.message());
  return Status::ok();
}

}  // namespace tfl
