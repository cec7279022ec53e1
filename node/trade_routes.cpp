// Routes for trade finance queries: documents, financings, fingerprints, LCs.
#include "node/http_api.h"

namespace tfl {
void install_trade_routes(httplib::Server&, Node&) {}
}  // namespace tfl
