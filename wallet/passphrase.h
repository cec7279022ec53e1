// Passphrases that unlock keystore entries: where they come from and how long they live.
//
// A passphrase comes from $TFWALLET_PASSPHRASE when it is set (scripts, tests), else
// from a prompt on the controlling terminal (/dev/tty) with echo turned off. It is
// never logged or printed. Passphrase wipes its bytes (sodium_memzero) when destroyed
// and cannot be copied.
// Thread-safety: Passphrase is a plain value; the read functions use the terminal and
// must not run concurrently. A signal at the prompt restores the terminal before it
// ends the process.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "chain/util/status.h"

namespace tfl::wallet {

constexpr const char* kPassphraseEnv = "TFWALLET_PASSPHRASE";
constexpr size_t kMaxPassphraseBytes = 1024;

class Passphrase {
 public:
  explicit Passphrase(std::string_view text);
  Passphrase(Passphrase&& o) noexcept;
  Passphrase& operator=(Passphrase&& o) noexcept;
  Passphrase(const Passphrase&) = delete;
  Passphrase& operator=(const Passphrase&) = delete;
  ~Passphrase();

  const char* data() const { return bytes_.data(); }
  size_t size() const { return bytes_.size(); }
  bool empty() const { return bytes_.empty(); }

 private:
  void wipe();
  std::vector<char> bytes_;
};

// The passphrase of existing key `name`: $TFWALLET_PASSPHRASE, else asked once on the terminal.
Result<Passphrase> passphrase_to_unlock(const std::string& name);

// The passphrase for new key `name`: $TFWALLET_PASSPHRASE, else asked twice on the
// terminal (the two must match). Refuses an empty passphrase.
Result<Passphrase> passphrase_for_new_key(const std::string& name);

}  // namespace tfl::wallet
