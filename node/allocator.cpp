#include "node/allocator.h"

#ifdef TFL_JEMALLOC
#include <jemalloc/jemalloc.h>

// Read by jemalloc at its first allocation. Two arenas, as for glibc below: every HTTP and
// sync thread would otherwise get an arena of its own holding freed blocks of txs, and
// memory would grow with the number of threads rather than with what is in use. Freed
// pages go back to the system within half a second (jemalloc's default keeps them 10 s):
// a syncing node frees a page of decoded blocks several times a second, and kept them all.
extern "C" {
const char* malloc_conf = "narenas:2,background_thread:true,dirty_decay_ms:500,muzzy_decay_ms:0";
}
#else
#include <malloc.h>
#endif

namespace tfl {

#ifdef TFL_JEMALLOC
void tune_allocator() {}
void release_freed_memory() {}  // jemalloc's background thread purges freed pages
std::string allocator_name() {
  const char* version = nullptr;
  size_t size = sizeof version;
  if (mallctl("version", &version, &size, nullptr, 0) != 0 || version == nullptr) return "jemalloc";
  return std::string("jemalloc ") + version;
}
#else
void tune_allocator() { mallopt(M_ARENA_MAX, 2); }
void release_freed_memory() { malloc_trim(0); }
std::string allocator_name() { return "glibc malloc"; }
#endif

}  // namespace tfl
