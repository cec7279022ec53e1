#include "chain/consensus/sign_guard.h"

#include <algorithm>
#include <cassert>
#include <charconv>
#include <tuple>

namespace tfl::consensus {

namespace {

constexpr char kMagic[] = "tfl-sign-guard/1";
constexpr char kNotSigned[] = "none";
constexpr char kNilVote[] = "nil";

bool is_lower_hex(const std::string& s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

bool well_formed(const SignedMessage& m) {
  if (m.height < 0 || m.round < 0 || !is_lower_hex(m.block_id)) return false;
  if (m.step == SignStep::kProposal) {
    return !is_nil(m.block_id) && m.valid_round >= -1 && m.valid_round < m.round;
  }
  return m.valid_round == -1;
}

auto order_key(const SignedMessage& m) {
  return std::make_tuple(m.height, m.round, static_cast<int>(m.step));
}

std::vector<std::string> split_spaces(const std::string& line) {
  std::vector<std::string> tokens;
  size_t begin = 0;
  while (begin <= line.size()) {
    size_t end = line.find(' ', begin);
    if (end == std::string::npos) end = line.size();
    tokens.push_back(line.substr(begin, end - begin));
    begin = end + 1;
  }
  return tokens;
}

// Reads the value of a "key=value" token; false if the token has another key.
bool field(const std::string& token, const std::string& key, std::string* value) {
  if (token.compare(0, key.size() + 1, key + "=") != 0) return false;
  *value = token.substr(key.size() + 1);
  return true;
}

template <typename Int>
bool parse_int(const std::string& text, Int* out) {
  if (text.empty()) return false;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), *out);
  return error == std::errc() && end == text.data() + text.size();
}

// "none" (nothing), "nil" (votes only) or a lowercase hex block id.
bool parse_slot(const std::string& text, bool nil_allowed, std::optional<BlockId>* slot) {
  if (text == kNotSigned) {
    slot->reset();
    return true;
  }
  if (text == kNilVote) {
    if (!nil_allowed) return false;
    *slot = BlockId();
    return true;
  }
  if (text.empty() || !is_lower_hex(text)) return false;
  *slot = text;
  return true;
}

}  // namespace

const char* sign_step_name(SignStep step) {
  switch (step) {
    case SignStep::kProposal: return "proposal";
    case SignStep::kPrevote: return "prevote";
    case SignStep::kPrecommit: return "precommit";
  }
  return "unknown";
}

SignedMessage SignedMessage::of(const Vote& vote) {
  SignStep step = vote.type == VoteType::kPrevote ? SignStep::kPrevote : SignStep::kPrecommit;
  return SignedMessage{vote.height, vote.round, step, vote.block_id, -1};
}

SignedMessage SignedMessage::of(const Proposal& proposal) {
  return SignedMessage{proposal.height, proposal.round, SignStep::kProposal, proposal.block_id,
                       proposal.valid_round};
}

Vote SignedMessage::to_vote(const std::string& validator) const {
  assert(step != SignStep::kProposal);
  VoteType type = step == SignStep::kPrevote ? VoteType::kPrevote : VoteType::kPrecommit;
  return Vote{type, height, round, block_id, validator, ""};
}

Proposal SignedMessage::to_proposal(const std::string& proposer) const {
  assert(step == SignStep::kProposal);
  return Proposal{height, round, block_id, valid_round, proposer, ""};
}

bool operator==(const SignedMessage& a, const SignedMessage& b) {
  return order_key(a) == order_key(b) && a.block_id == b.block_id &&
         a.valid_round == b.valid_round;
}

bool SignGuard::may_sign(const SignedMessage& message) const {
  if (!well_formed(message)) return false;
  if (last_round_.empty()) return true;
  if (order_key(message) > order_key(last_round_.back())) return true;
  return std::find(last_round_.begin(), last_round_.end(), message) != last_round_.end();
}

Status SignGuard::record(const SignedMessage& message) {
  if (!may_sign(message)) {
    return Status::conflict(std::string("refusing to sign ") + sign_step_name(message.step) +
                            " at height " + std::to_string(message.height) + " round " +
                            std::to_string(message.round) +
                            ": it may conflict with an earlier signature");
  }
  if (!last_round_.empty() && order_key(message) <= order_key(last_round_.back())) {
    return Status::ok();  // signed already
  }
  if (last_round_.empty() || last_round_.back().height != message.height) lock_ = Lock{};
  if (last_round_.empty() || last_round_.back().height != message.height ||
      last_round_.back().round != message.round) {
    last_round_.clear();
  }
  if (message.step == SignStep::kPrecommit && !is_nil(message.block_id)) {
    lock_ = Lock{message.round, message.block_id};
  }
  last_round_.push_back(message);
  return Status::ok();
}

std::optional<SignedMessage> SignGuard::last_signed() const {
  if (last_round_.empty()) return std::nullopt;
  return last_round_.back();
}

Lock SignGuard::lock_at(int64_t height) const {
  if (last_round_.empty() || last_round_.back().height != height) return Lock{};
  return lock_;
}

Recovery SignGuard::recovery_at(int64_t height) const {
  if (last_round_.empty() || last_round_.back().height != height) return Recovery{};
  return Recovery{last_round_.back().round, lock_};
}

std::string SignGuard::serialize() const {
  if (last_round_.empty()) return std::string(kMagic) + " none";
  std::string slots[3] = {kNotSigned, kNotSigned, kNotSigned};
  int32_t valid_round = -1;
  for (const SignedMessage& m : last_round_) {
    slots[static_cast<int>(m.step)] = is_nil(m.block_id) ? kNilVote : m.block_id;
    if (m.step == SignStep::kProposal) valid_round = m.valid_round;
  }
  const SignedMessage& last = last_round_.back();
  return std::string(kMagic) + " h=" + std::to_string(last.height) +
         " r=" + std::to_string(last.round) + " proposal=" + slots[0] +
         " vr=" + std::to_string(valid_round) + " prevote=" + slots[1] +
         " precommit=" + slots[2] + " lock_r=" + std::to_string(lock_.round) +
         " lock=" + (is_nil(lock_.block_id) ? kNotSigned : lock_.block_id);
}

Result<SignGuard> SignGuard::parse(const std::string& input) {
  std::string line = input;
  if (!line.empty() && line.back() == '\n') line.pop_back();
  const Status bad = Status::corruption("malformed sign guard record: '" + line + "'");
  std::vector<std::string> tokens = split_spaces(line);
  if (tokens.empty() || tokens[0] != kMagic) return bad;
  SignGuard guard;
  if (tokens.size() == 2 && tokens[1] == "none") return guard;
  if (tokens.size() != 9) return bad;

  std::string text[8];
  const char* keys[8] = {"h", "r", "proposal", "vr", "prevote", "precommit", "lock_r", "lock"};
  for (int k = 0; k < 8; ++k) {
    if (!field(tokens[k + 1], keys[k], &text[k])) return bad;
  }
  int64_t height;
  int32_t round, valid_round;
  std::optional<BlockId> slots[3], lock;
  if (!parse_int(text[0], &height) || !parse_int(text[1], &round) ||
      !parse_slot(text[2], false, &slots[0]) || !parse_int(text[3], &valid_round) ||
      !parse_slot(text[4], true, &slots[1]) || !parse_slot(text[5], true, &slots[2]) ||
      !parse_int(text[6], &guard.lock_.round) || !parse_slot(text[7], false, &lock)) {
    return bad;
  }
  if (!slots[0] && valid_round != -1) return bad;
  for (int step = 0; step < 3; ++step) {
    if (!slots[step]) continue;
    SignedMessage m{height, round, static_cast<SignStep>(step), *slots[step],
                    step == 0 ? valid_round : -1};
    if (!well_formed(m)) return bad;
    guard.last_round_.push_back(m);
  }
  guard.lock_.block_id = lock.value_or(BlockId());
  const Lock& l = guard.lock_;
  bool lock_consistent = (l.round == -1) == !lock.has_value() && l.round >= -1 &&
                         l.round <= round && (l.round < round || slots[2] == l.block_id);
  if (guard.last_round_.empty() || !lock_consistent) return bad;
  return guard;
}

}  // namespace tfl::consensus
