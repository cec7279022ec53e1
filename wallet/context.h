// Context: what every tfwallet command runs with — the global flags, the output stream,
// the node client and the keystore (both made on first use) — and the verb chosen on
// the command line.
// Thread-safety: single-threaded, one per run of the CLI.
#pragma once

#include <functional>
#include <memory>
#include <ostream>
#include <string>

#include "chain/codec/canonical_json.h"
#include "wallet/command_result.h"
#include "wallet/keystore.h"
#include "wallet/node_client.h"

namespace tfl::wallet {

struct GlobalFlags {
  std::string node_url;  // empty: default_node_url()
  bool json = false;
  std::string home;  // empty: Keystore::default_home()
};

class Context {
 public:
  explicit Context(std::ostream& out) : out_(out) {}

  GlobalFlags& flags() { return flags_; }
  bool json() const { return flags_.json; }
  std::ostream& out() { return out_; }
  // Pretty-printed JSON and a newline.
  void print_json(const Json& value);

  // REQUIRES: check_node_url(node_url()).is_ok()
  NodeClient& node();
  std::string node_url() const;
  const Keystore& keystore();

  // The clear entry of key `name`, then its secret once the passphrase opens it.
  Result<UnlockedKey> unlock(const std::string& name);

  // The verb to run once parsing is done.
  void select(std::function<CommandResult()> run) { selected_ = std::move(run); }
  bool has_selection() const { return static_cast<bool>(selected_); }
  CommandResult run_selected() { return selected_(); }

 private:
  std::ostream& out_;
  GlobalFlags flags_;
  std::unique_ptr<NodeClient> node_;
  std::unique_ptr<Keystore> keystore_;
  std::function<CommandResult()> selected_;
};

}  // namespace tfl::wallet
