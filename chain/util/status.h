// Status and Result<T>: the value every fallible operation in tfledger returns for
// expected errors (bad input, a rule of the ledger refused, a missing record, I/O).
// Exceptions never cross a module boundary; code that calls a throwing library
// (nlohmann::json, LevelDB's C++ API does not throw) catches and converts.
//
// Thread-safety: plain values; safe to copy between threads.
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <utility>

namespace tfl {

// Machine-readable error codes. They travel in HTTP error bodies as lowercase
// strings (see code_name) so clients can branch on them.
enum class Code {
  kOk = 0,
  kInvalidArgument,   // malformed input: bad JSON, wrong type, missing field
  kUnauthorized,      // bad or missing signature, unknown signer, threshold not met
  kConflict,          // a rule of the ledger refuses it against the current state
  kNotFound,
  kAlreadyExists,
  kResourceExhausted, // a bound was hit: mempool full, rate limit
  kTooLarge,          // an input larger than its cap (request body, tx)
  kUnavailable,       // a peer or node cannot be reached
  kCorruption,        // stored data failed a check
  kIOError,
  kInternal,
};

const char* code_name(Code code);

class Status {
 public:
  Status() = default;
  Status(Code code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status ok() { return Status(); }
  static Status invalid(std::string m) { return {Code::kInvalidArgument, std::move(m)}; }
  static Status unauthorized(std::string m) { return {Code::kUnauthorized, std::move(m)}; }
  static Status conflict(std::string m) { return {Code::kConflict, std::move(m)}; }
  static Status not_found(std::string m) { return {Code::kNotFound, std::move(m)}; }
  static Status already_exists(std::string m) { return {Code::kAlreadyExists, std::move(m)}; }
  static Status exhausted(std::string m) { return {Code::kResourceExhausted, std::move(m)}; }
  static Status too_large(std::string m) { return {Code::kTooLarge, std::move(m)}; }
  static Status unavailable(std::string m) { return {Code::kUnavailable, std::move(m)}; }
  static Status corruption(std::string m) { return {Code::kCorruption, std::move(m)}; }
  static Status io_error(std::string m) { return {Code::kIOError, std::move(m)}; }
  static Status internal(std::string m) { return {Code::kInternal, std::move(m)}; }

  bool is_ok() const { return code_ == Code::kOk; }
  explicit operator bool() const { return is_ok(); }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }
  // "conflict: nonce 3 already spent"
  std::string to_string() const;

  // Returns a copy whose message is prefixed with `context: `.
  Status with_context(const std::string& context) const;

 private:
  Code code_ = Code::kOk;
  std::string message_;
};

// Either a value or a non-ok Status.
template <typename T>
class Result {
 public:
  Result(T value) : value_(std::move(value)) {}                  // NOLINT(implicit)
  Result(Status status) : status_(std::move(status)) {           // NOLINT(implicit)
    assert(!status_.is_ok() && "Result needs a value or an error");
  }

  bool is_ok() const { return value_.has_value(); }
  explicit operator bool() const { return is_ok(); }
  const Status& status() const { return status_; }

  // REQUIRES: is_ok()
  T& value() & { assert(is_ok()); return *value_; }
  const T& value() const& { assert(is_ok()); return *value_; }
  T&& value() && { assert(is_ok()); return std::move(*value_); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::optional<T> value_;
  Status status_;
};

}  // namespace tfl

// Returns early from the enclosing function when `expr` yields a non-ok Status.
#define TFL_RETURN_IF_ERROR(expr)              \
  do {                                         \
    ::tfl::Status _tfl_st = (expr);            \
    if (!_tfl_st.is_ok()) return _tfl_st;      \
  } while (0)

#define TFL_CONCAT_INNER(a, b) a##b
#define TFL_CONCAT(a, b) TFL_CONCAT_INNER(a, b)
// Declares `lhs` from a Result<T> expression or returns its Status.
#define TFL_ASSIGN_OR_RETURN(lhs, expr)                                   \
  auto TFL_CONCAT(_tfl_res_, __LINE__) = (expr);                          \
  if (!TFL_CONCAT(_tfl_res_, __LINE__).is_ok())                           \
    return TFL_CONCAT(_tfl_res_, __LINE__).status();                      \
  lhs = std::move(TFL_CONCAT(_tfl_res_, __LINE__)).value()
