// The bounded memory of recently rejected or turned-away tx ids (node/recent_ids.h).
#include <catch2/catch.hpp>

#include "node/recent_ids.h"

using namespace tfl;

namespace {
Hash id_of(int i) { return sha256("tx" + std::to_string(i)); }
}  // namespace

TEST_CASE("recent ids: the oldest is forgotten first, past the capacity") {
  RecentIds ids(3);
  for (int i = 0; i < 4; ++i) ids.remember(id_of(i), "why " + std::to_string(i));
  CHECK(ids.find(id_of(0)) == nullptr);
  REQUIRE(ids.find(id_of(3)) != nullptr);
  CHECK(*ids.find(id_of(3)) == "why 3");
  CHECK(ids.size() == 3);
}

TEST_CASE("recent ids: an id forgotten and remembered again is not dropped by its old position") {
  RecentIds ids(3);
  ids.remember(id_of(0), "rejected");
  ids.forget(id_of(0));  // admitted again
  CHECK(ids.find(id_of(0)) == nullptr);
  ids.remember(id_of(0), "rejected again");
  ids.remember(id_of(1), "b");
  // Id 0's first, stale position leaves here; it must not take the live note along (it
  // did: the note went with whichever of the id's positions left first).
  ids.remember(id_of(2), "c");
  REQUIRE(ids.find(id_of(0)) != nullptr);
  CHECK(*ids.find(id_of(0)) == "rejected again");
  ids.remember(id_of(3), "d");
  CHECK(ids.find(id_of(0)) == nullptr);  // now it was the oldest of the last three
  CHECK(ids.size() == 3);
}

TEST_CASE("recent ids: remembering an id again replaces its note and makes it recent") {
  RecentIds ids(2);
  ids.remember(id_of(0), "first");
  ids.remember(id_of(1), "b");
  ids.remember(id_of(0), "second");
  ids.remember(id_of(2), "c");  // id 1 is now the oldest
  CHECK(ids.find(id_of(1)) == nullptr);
  REQUIRE(ids.find(id_of(0)) != nullptr);
  CHECK(*ids.find(id_of(0)) == "second");
}
