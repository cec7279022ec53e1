// CommandResult: how one tfwallet command ended, and the exit status it maps to.
//
//   ok       exit 0
//   usage    exit 2: the command line was wrong (a missing flag, "12,500" as an amount,
//            an id or date of the wrong form). Nothing was sent.
//   failure  exit 1: the command was well formed but did not succeed: the node is
//            unreachable, refused the tx or committed it as failed, a file is bad,
//            a passphrase is wrong.
// Thread-safety: plain value.
#pragma once

#include <utility>

#include "chain/util/status.h"

namespace tfl::wallet {

class CommandResult {
 public:
  static CommandResult ok() { return CommandResult(0, Status::ok()); }
  // REQUIRES: !s.is_ok()
  static CommandResult usage(Status s) { return CommandResult(2, std::move(s)); }
  static CommandResult failure(Status s) { return CommandResult(1, std::move(s)); }
  // A Status from a step that checks arguments and may also ask the node: an
  // invalid argument is a usage error, anything else a failure.
  static CommandResult from_checked(Status s) {
    if (s.is_ok()) return ok();
    return s.code() == Code::kInvalidArgument ? usage(std::move(s)) : failure(std::move(s));
  }

  bool is_ok() const { return exit_code_ == 0; }
  int exit_code() const { return exit_code_; }
  const Status& status() const { return status_; }

 private:
  CommandResult(int exit_code, Status status) : exit_code_(exit_code), status_(std::move(status)) {}
  int exit_code_;
  Status status_;
};

}  // namespace tfl::wallet
