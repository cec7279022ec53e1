// tfnode: `tfnode testnet …` writes a local network; `tfnode run --home DIR` runs a node.

#include <atomic>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <iostream>
#include <thread>

#include <CLI/CLI.hpp>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "node/allocator.h"
#include "node/config.h"
#include "node/http_api.h"
#include "node/node.h"
#include "node/stop_signals.h"
#include "node/testnet.h"

namespace {

int fail(const std::string& message) {
  std::cerr << "tfnode: " << message << "\n";
  return 1;
}

int run_node(const std::string& home) {
  tfl::StopSignals signals;  // first: every thread the node starts leaves the signals to it
  auto config = tfl::load_node_config(home);
  if (!config) return fail(config.status().message());
  spdlog::set_level(spdlog::level::from_str(config->log_level));
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ [" + config->node_id + "] %v");
  auto node = tfl::Node::open(*config);
  if (!node) return fail(node.status().message());
  tfl::HttpServer server(tfl::HttpLimits{config->http_threads, config->max_connections_per_ip, config->api_limit_loopback});
  tfl::install_api(server, **node);
  if (!server.bind_to_port(config->listen_host.c_str(), config->listen_port))
    return fail("cannot listen on " + config->listen_host + ":" + std::to_string(config->listen_port) +
                " (in use?)");
  std::atomic<bool> serving_over{false};
  const bool armed = signals.arm([&] {
    (*node)->request_stop();
    // The server may not listen yet, and stop() does nothing before it does.
    while (!serving_over && !server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    if (!serving_over) server.stop();
  });
  if (!armed) {  // stopped while the store opened
    spdlog::info("shutting down before serving");
    return 0;
  }
  std::signal(SIGPIPE, SIG_IGN);
  tfl::Status started = (*node)->start();
  if (started) {
    auto tip = (*node)->store().tip();
    spdlog::info("node {} serving http://{}:{} chain {} at height {} state_root {} ({})", config->node_id,
                 config->listen_host, config->listen_port, (*node)->genesis().chain_id, tip.height,
                 tip.state_root.hex(), tfl::allocator_name());
    // listen_after_bind returns false only when accepting failed: a stop returns true.
    if (!signals.received() && !server.listen_after_bind() && !signals.received())
      started = tfl::Status::internal("the server stopped accepting connections on " + config->listen_host + ":" +
                                      std::to_string(config->listen_port));
    spdlog::info("shutting down");
  }
  serving_over = true;
  (*node)->stop();
  signals.stop();  // before the node and the server go
  return started ? 0 : fail(started.message());
}

}  // namespace

int main(int argc, char** argv) {
  tfl::tune_allocator();
  CLI::App app{"tfnode: a tfledger validator or observer node"};
  app.require_subcommand(1);

  tfl::TestnetOptions testnet;
  auto* tn = app.add_subcommand("testnet", "write a local test network: genesis, node homes, key files");
  tn->add_option("--validators", testnet.validators, "number of validators (1..64)")->default_val(1);
  tn->add_option("--corporates", testnet.corporates, "number of corporates corp1..corpM")->default_val(2);
  tn->add_option("--out", testnet.out, "output directory")->required();
  tn->add_option("--base-port", testnet.base_port, "validator i listens on 127.0.0.1:BASE+i")->default_val(7000);
  tn->add_option("--chain-id", testnet.chain_id, "chain id")->default_val("tfledger-testnet");
  tn->add_option("--block-interval-ms", testnet.block_interval_ms, "block interval while txs wait")->default_val(200);

  tfl::ObserverOptions observer;
  auto* init = app.add_subcommand("init", "make the home of an observer node that follows a chain without voting");
  init->add_option("--home", observer.home, "directory to create")->required();
  init->add_option("--genesis", observer.genesis_path, "the chain's genesis.json")->required();
  init->add_option("--peer", observer.peers, "URL of a node to follow (repeatable)")->required();
  init->add_option("--listen", observer.listen, "HOST:PORT to serve the API on")->default_val("127.0.0.1:7100");
  init->add_option("--node-id", observer.node_id, "this node's name")->default_val("observer");

  std::string home;
  auto* run = app.add_subcommand("run", "run a node from its home directory");
  run->add_option("--home", home, "node home (holds config.json)")->required();

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  if (tn->parsed()) {
    auto st = tfl::write_testnet(testnet);
    if (!st) return fail(st.message());
    std::cout << "testnet written to " << testnet.out << " (" << testnet.validators << " validators, "
              << testnet.corporates << " corporates)\n";
    return 0;
  }
  if (init->parsed()) {
    auto st = tfl::write_observer_home(observer);
    if (!st) return fail(st.message());
    std::cout << "observer home written to " << observer.home << "; start it with: tfnode run --home " << observer.home
              << "\n";
    return 0;
  }
  return run_node(home);
}
