// The Catch2 main of test_wallet.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
