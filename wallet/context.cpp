#include "wallet/context.h"

namespace tfl::wallet {

void Context::print_json(const Json& value) {
  out_ << value.dump(2, ' ', false, Json::error_handler_t::replace) << "\n";
}

std::string Context::node_url() const { return flags_.node_url.empty() ? default_node_url() : flags_.node_url; }

NodeClient& Context::node() {
  if (!node_) node_ = std::make_unique<NodeClient>(node_url());
  return *node_;
}

const Keystore& Context::keystore() {
  if (!keystore_) keystore_ = std::make_unique<Keystore>(flags_.home.empty() ? Keystore::default_home() : flags_.home);
  return *keystore_;
}

Result<UnlockedKey> Context::unlock(const std::string& name) {
  TFL_ASSIGN_OR_RETURN(KeyEntry entry, keystore().find(name));
  TFL_ASSIGN_OR_RETURN(Passphrase pass, passphrase_to_unlock(entry.name));
  return keystore().unlock(entry.name, pass);
}

}  // namespace tfl::wallet
