// Where each kind of record lives in the state (DESIGN §7: `s/` for state, `x/`
// for indexes). Every handler names keys through these functions only.
#pragma once

#include <string>

namespace tfl::keys {

inline std::string participant(const std::string& id) { return "s/p/" + id; }
// A participant's next nonce, apart from its record: each tx rewrites a number only.
inline std::string nonce(const std::string& participant_id) { return "s/n/" + participant_id; }
inline std::string document(const std::string& id) { return "s/d/" + id; }
inline std::string financing(const std::string& id) { return "s/f/" + id; }
inline std::string fingerprint(const std::string& hex) { return "s/fp/" + hex; }
inline std::string lc(const std::string& id) { return "s/l/" + id; }
inline std::string presentation(const std::string& id) { return "s/lp/" + id; }
inline std::string evidence(const std::string& id) { return "s/ev/" + id; }
inline std::string evidence_prefix() { return "s/ev/"; }

// Indexes: the value is empty; the key is the fact. Scanned by prefix.
inline std::string by_party(const std::string& party, const std::string& kind, const std::string& id) {
  return "x/party/" + party + "/" + kind + "/" + id;
}
inline std::string by_doc(const std::string& doc_id, const std::string& kind, const std::string& id) {
  return "x/doc/" + doc_id + "/" + kind + "/" + id;
}
inline std::string participant_prefix() { return "s/p/"; }

}  // namespace tfl::keys
