#include <atomic>
#include <map>
#include <mutex>
#include <string>
#include <thread>

#include <catch2/catch.hpp>

#include "chain/storage/state_cache.h"

namespace tfl {
namespace {

// What LevelDB would hold: the committed values, with a count of reads.
struct Committed {
  std::map<std::string, std::string> values;
  int reads = 0;
  std::optional<std::string> read(const std::string& key) {
    ++reads;
    auto it = values.find(key);
    if (it == values.end()) return std::nullopt;
    return it->second;
  }
  auto reader() {
    return [this](const std::string& k) { return read(k); };
  }
};

void commit(StateCache& cache, Committed& db, const WriteSet& writes, bool written = true) {
  cache.begin_commit();
  if (written)
    for (const auto& [k, v] : writes) {
      if (v) db.values[k] = *v;
      else db.values.erase(k);
    }
  cache.end_commit(writes, written);
}

}  // namespace

TEST_CASE("state cache: a key read once is answered from the cache after") {
  StateCache cache(1 << 20);
  Committed db;
  db.values["s/p/alice"] = "A1";
  REQUIRE(cache.get("s/p/alice", db.reader()) == std::optional<std::string>("A1"));
  REQUIRE(cache.get("s/p/alice", db.reader()) == std::optional<std::string>("A1"));
  CHECK(db.reads == 1);
  CHECK(cache.hits() == 1);
  CHECK(cache.misses() == 1);
  // Absent keys are not cached: a later commit may create them.
  CHECK_FALSE(cache.get("s/d/new", db.reader()));
  CHECK_FALSE(cache.get("s/d/new", db.reader()));
  CHECK(db.reads == 3);
}

TEST_CASE("state cache: a commit's writes replace and delete cached values") {
  StateCache cache(1 << 20);
  Committed db;
  db.values = {{"s/a", "1"}, {"s/b", "1"}};
  cache.get("s/a", db.reader());
  cache.get("s/b", db.reader());
  commit(cache, db, {{"s/a", std::string("2")}, {"s/b", std::nullopt}, {"s/c", std::string("new")}});
  const int reads = db.reads;
  CHECK(cache.get("s/a", db.reader()) == std::optional<std::string>("2"));
  CHECK(db.reads == reads);  // updated in place, not read again
  CHECK_FALSE(cache.get("s/b", db.reader()));
  CHECK(cache.get("s/c", db.reader()) == std::optional<std::string>("new"));
}

TEST_CASE("state cache: a commit LevelDB refused leaves no value of it cached") {
  StateCache cache(1 << 20);
  Committed db;
  db.values = {{"s/a", "1"}};
  cache.get("s/a", db.reader());
  commit(cache, db, {{"s/a", std::string("2")}}, /*written=*/false);
  CHECK(cache.get("s/a", db.reader()) == std::optional<std::string>("1"));
}

TEST_CASE("state cache: while a commit is written, reads go to LevelDB and are not cached") {
  StateCache cache(1 << 20);
  Committed db;
  db.values = {{"s/a", "1"}};
  cache.get("s/a", db.reader());
  cache.begin_commit();
  db.values["s/a"] = "2";  // LevelDB has taken the batch; end_commit has not run yet
  CHECK(cache.get("s/a", db.reader()) == std::optional<std::string>("2"));
  CHECK(cache.get("s/x", db.reader()) == std::nullopt);
  db.values["s/y"] = "y";
  CHECK(cache.get("s/y", db.reader()) == std::optional<std::string>("y"));
  cache.end_commit({{"s/a", std::string("2")}}, true);
  const int reads = db.reads;
  CHECK(cache.get("s/a", db.reader()) == std::optional<std::string>("2"));
  CHECK(cache.get("s/y", db.reader()) == std::optional<std::string>("y"));
  CHECK(db.reads == reads + 1);  // s/a from the cache; s/y was read during the commit, so not kept
}

TEST_CASE("state cache: a value read before a commit began is not kept after it") {
  StateCache cache(1 << 20);
  Committed db;
  db.values = {{"s/a", "1"}};
  // The read of LevelDB happens, then a whole commit of s/a, then the reader would cache.
  auto slow_reader = [&](const std::string& k) {
    auto v = db.read(k);
    commit(cache, db, {{"s/a", std::string("2")}});
    return v;
  };
  CHECK(cache.get("s/a", slow_reader) == std::optional<std::string>("1"));
  CHECK(cache.get("s/a", db.reader()) == std::optional<std::string>("2"));
}

TEST_CASE("state cache: stays within its capacity, dropping the least recently used") {
  const std::string value(1000, 'v');
  StateCache cache(64 * 1024);
  Committed db;
  for (int i = 0; i < 200; ++i) db.values["s/" + std::to_string(i)] = value;
  for (int i = 0; i < 200; ++i) {
    cache.get("s/" + std::to_string(i), db.reader());
    cache.get("s/0", db.reader());  // kept in use
    CHECK(cache.bytes() <= 64 * 1024);
  }
  const int reads = db.reads;
  cache.get("s/0", db.reader());
  cache.get("s/199", db.reader());
  CHECK(db.reads == reads);
  cache.get("s/1", db.reader());
  CHECK(db.reads == reads + 1);
  // A value bigger than an eighth of the capacity is never kept.
  db.values["s/big"] = std::string(9 * 1024, 'b');
  cache.get("s/big", db.reader());
  cache.get("s/big", db.reader());
  CHECK(db.reads == reads + 3);
}

TEST_CASE("state cache: a read never sees an older state than a read before it saw") {
  // Each commit writes i to both keys. s/small is cached; s/big is too big to be, so
  // it is always read from LevelDB. Reading s/big then s/small, a reader must never
  // find s/small behind: that would be a cached value older than what LevelDB showed.
  StateCache cache(64 * 1024);
  const std::string pad(16 * 1024, ' ');
  std::mutex db_mu;  // LevelDB is safe to use from many threads; the map is not
  std::map<std::string, std::string> db{{"s/small", "0"}, {"s/big", "0" + pad}};
  auto read = [&](const std::string& k) -> std::optional<std::string> {
    std::lock_guard<std::mutex> lock(db_mu);
    return db.at(k);
  };
  std::atomic<bool> done{false};
  std::atomic<int> inversions{0}, reads{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < 3; ++t)
    readers.emplace_back([&] {
      while (!done) {
        const int big = std::stoi(*cache.get("s/big", read));
        const int small = std::stoi(*cache.get("s/small", read));
        if (small < big) ++inversions;
        ++reads;
      }
    });
  for (int i = 1; i <= 3000; ++i) {
    const std::string v = std::to_string(i);
    cache.begin_commit();
    {
      std::lock_guard<std::mutex> lock(db_mu);
      db["s/small"] = v;
      db["s/big"] = v + pad;
    }
    std::this_thread::yield();  // let readers into the window between LevelDB and the cache
    cache.end_commit({{"s/big", v + pad}, {"s/small", v}}, true);
  }
  done = true;
  for (auto& r : readers) r.join();
  CHECK(reads > 0);
  CHECK(inversions == 0);
  CHECK(*cache.get("s/small", read) == "3000");
  CHECK(cache.hits() > 0);
}

}  // namespace tfl
