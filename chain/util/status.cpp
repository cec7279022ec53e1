#include "chain/util/status.h"

namespace tfl {

const char* code_name(Code code) {
  switch (code) {
    case Code::kOk: return "ok";
    case Code::kInvalidArgument: return "invalid_argument";
    case Code::kUnauthorized: return "unauthorized";
    case Code::kConflict: return "conflict";
    case Code::kNotFound: return "not_found";
    case Code::kAlreadyExists: return "already_exists";
    case Code::kResourceExhausted: return "resource_exhausted";
    case Code::kTooLarge: return "too_large";
    case Code::kUnavailable: return "unavailable";
    case Code::kCorruption: return "corruption";
    case Code::kIOError: return "io_error";
    case Code::kInternal: return "internal";
  }
  return "unknown";
}

std::string Status::to_string() const {
  if (is_ok()) return "ok";
  return std::string(code_name(code_)) + ": " + message_;
}

Status Status::with_context(const std::string& context) const {
  if (is_ok()) return *this;
  return Status(code_, context + ": " + message_);
}

}  // namespace tfl
