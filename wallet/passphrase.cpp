#include "wallet/passphrase.h"

#include <fcntl.h>
#include <signal.h>
#include <sodium.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <iterator>
#include <optional>

namespace tfl::wallet {

Passphrase::Passphrase(std::string_view text) : bytes_(text.begin(), text.end()) {}

Passphrase::Passphrase(Passphrase&& o) noexcept : bytes_(std::move(o.bytes_)) { o.bytes_.clear(); }

Passphrase& Passphrase::operator=(Passphrase&& o) noexcept {
  if (this != &o) {
    wipe();
    bytes_ = std::move(o.bytes_);
    o.bytes_.clear();
  }
  return *this;
}

Passphrase::~Passphrase() { wipe(); }

void Passphrase::wipe() {
  if (!bytes_.empty()) sodium_memzero(bytes_.data(), bytes_.size());
  bytes_.clear();
}

namespace {

// The terminal state a signal handler restores when SIGINT, SIGTERM, SIGHUP or SIGQUIT
// ends the process at the prompt, so the shell does not keep echo off.
int g_tty_fd = -1;
termios g_tty_saved{};
constexpr int kRestoreSignals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};

void restore_tty_and_reraise(int sig) {
  if (g_tty_fd >= 0) ::tcsetattr(g_tty_fd, TCSAFLUSH, &g_tty_saved);
  ::signal(sig, SIG_DFL);
  ::raise(sig);
}

// Turns terminal echo off for its lifetime.
class EchoOff {
 public:
  explicit EchoOff(int fd) : fd_(fd) {
    if (::tcgetattr(fd_, &saved_) != 0) return;
    g_tty_saved = saved_;
    g_tty_fd = fd_;
    struct sigaction sa {};
    sa.sa_handler = restore_tty_and_reraise;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < std::size(kRestoreSignals); ++i) ::sigaction(kRestoreSignals[i], &sa, &old_[i]);
    termios quiet = saved_;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    quiet.c_lflag |= ECHONL;
    active_ = ::tcsetattr(fd_, TCSAFLUSH, &quiet) == 0;
  }
  ~EchoOff() {
    if (g_tty_fd < 0) return;
    if (active_) ::tcsetattr(fd_, TCSAFLUSH, &saved_);
    for (size_t i = 0; i < std::size(kRestoreSignals); ++i) ::sigaction(kRestoreSignals[i], &old_[i], nullptr);
    g_tty_fd = -1;
  }
  EchoOff(const EchoOff&) = delete;
  EchoOff& operator=(const EchoOff&) = delete;

 private:
  int fd_;
  termios saved_{};
  struct sigaction old_[std::size(kRestoreSignals)]{};
  bool active_ = false;
};

// Writes `prompt` to the terminal and reads one line without echo.
Result<Passphrase> prompt_on_tty(int fd, const std::string& prompt) {
  if (::write(fd, prompt.data(), prompt.size()) < 0)
    return Status::io_error(std::string("cannot write to the terminal: ") + std::strerror(errno));
  EchoOff quiet(fd);
  char buf[kMaxPassphraseBytes];
  size_t len = 0;
  bool too_long = false;
  while (true) {
    char c = 0;
    ssize_t n = ::read(fd, &c, 1);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0 || c == '\n' || c == '\r') break;
    if (len < sizeof buf)
      buf[len++] = c;
    else
      too_long = true;
  }
  Passphrase out(std::string_view(buf, len));
  sodium_memzero(buf, sizeof buf);
  if (too_long) return Status::invalid("passphrase longer than " + std::to_string(kMaxPassphraseBytes) + " bytes");
  return out;
}

// The terminal, or an error telling how to supply a passphrase without one.
Result<int> open_tty() {
  int fd = ::open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY);
  if (fd < 0)
    return Status::invalid(std::string("no passphrase: set ") + kPassphraseEnv + " or run tfwallet on a terminal");
  return fd;
}

std::optional<Passphrase> from_env() {
  const char* v = std::getenv(kPassphraseEnv);
  if (!v) return std::nullopt;
  return Passphrase(v);
}

bool same(const Passphrase& a, const Passphrase& b) {
  return a.size() == b.size() && (a.size() == 0 || sodium_memcmp(a.data(), b.data(), a.size()) == 0);
}

}  // namespace

Result<Passphrase> passphrase_to_unlock(const std::string& name) {
  if (auto env = from_env()) return std::move(*env);
  TFL_ASSIGN_OR_RETURN(int fd, open_tty());
  auto p = prompt_on_tty(fd, "Passphrase for key " + name + ": ");
  ::close(fd);
  return p;
}

Result<Passphrase> passphrase_for_new_key(const std::string& name) {
  if (auto env = from_env()) {
    if (env->empty()) return Status::invalid(std::string(kPassphraseEnv) + " is empty; a key needs a passphrase");
    return std::move(*env);
  }
  TFL_ASSIGN_OR_RETURN(int fd, open_tty());
  auto first = prompt_on_tty(fd, "New passphrase for key " + name + ": ");
  if (!first) {
    ::close(fd);
    return first.status();
  }
  auto second = prompt_on_tty(fd, "Repeat the passphrase: ");
  ::close(fd);
  if (!second) return second.status();
  if (first->empty()) return Status::invalid("a key needs a non-empty passphrase");
  if (!same(*first, *second)) return Status::invalid("the passphrases do not match");
  return std::move(*first);
}

}  // namespace tfl::wallet
