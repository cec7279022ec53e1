// When a node may start its next height (node/height_pacing.h), on an explicit clock.
#include <catch2/catch.hpp>

#include "node/height_pacing.h"

using namespace tfl;

TEST_CASE("height pacing: after a partial block, a trickle waits out the interval") {
  auto pacing = HeightPacing::after(/*previous_started_ms=*/1000, /*start_at_once=*/false, 200, 4000);
  CHECK_FALSE(pacing.may_start(1100, 5, false));
  CHECK(pacing.may_start(1200, 5, false));
  CHECK(pacing.may_start(1500, 1, false));
}

TEST_CASE("height pacing: a full block's worth of waiting txs starts at once") {
  auto pacing = HeightPacing::after(1000, false, 200, 4000);
  CHECK(pacing.may_start(1001, 4000, false));
  CHECK(pacing.due_in_ms(1001, 4000) == 0);
}

TEST_CASE("height pacing: after a full block, the next height does not wait") {
  auto pacing = HeightPacing::after(1000, true, 200, 4000);
  CHECK(pacing.may_start(1001, 1, false));
  CHECK(pacing.due_in_ms(1001, 1) == 0);
}

TEST_CASE("height pacing: nothing to order starts nothing, at any time") {
  auto pacing = HeightPacing::after(1000, false, 200, 4000);
  CHECK_FALSE(pacing.may_start(5000, 0, false));
  CHECK(pacing.may_start(5000, 0, true));        // begun: a peer's message, or a signature before a restart
  CHECK_FALSE(pacing.may_start(1100, 0, true));  // but not before the interval
}

TEST_CASE("height pacing: a driver is told to wake when the interval ends, not later") {
  auto pacing = HeightPacing::after(1000, false, 200, 4000);
  // Txs waiting: the height becomes due when the interval ends, so the driver must not
  // sleep past it (it used to wake at its next 100 ms poll, up to 100 ms late).
  REQUIRE(pacing.due_in_ms(1030, 515).has_value());
  CHECK(*pacing.due_in_ms(1030, 515) == 170);
  CHECK(*pacing.due_in_ms(1250, 515) == 0);
  // No tx waiting: only an event (a tx, a peer's message) can start the height.
  CHECK_FALSE(pacing.due_in_ms(1030, 0).has_value());
}
