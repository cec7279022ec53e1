// Domain-separated sign bytes (DESIGN §4): the ASCII tag, one 0x0A byte, then the
// canonical bytes of the object. A signature for one purpose can never be replayed
// as another, and chain_id lives inside every signed object.
#pragma once

#include <string>
#include <string_view>

#include "chain/codec/canonical_json.h"

namespace tfl {

inline constexpr std::string_view kTxDomain = "tfledger/tx/v1";
inline constexpr std::string_view kVoteDomain = "tfledger/vote/v1";
inline constexpr std::string_view kProposalDomain = "tfledger/proposal/v1";

// REQUIRES: check_profile(value).is_ok()
std::string sign_bytes(std::string_view domain, const Json& value);

}  // namespace tfl
