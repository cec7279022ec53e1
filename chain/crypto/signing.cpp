#include "chain/crypto/signing.h"

namespace tfl {

std::string sign_bytes(std::string_view domain, const Json& value) {
  std::string out(domain);
  out.push_back('\n');
  out += canonical_json(value);
  return out;
}

}  // namespace tfl
