// tfwallet: the wallet command line (DESIGN §9). See wallet/cli.h.
#include <iostream>

#include "wallet/cli.h"

int main(int argc, char** argv) { return tfl::wallet::run_cli(argc, argv, std::cout, std::cerr); }
