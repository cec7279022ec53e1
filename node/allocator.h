// The node's memory allocator and how it is tuned (docs/performance.md).
//
// Release builds link jemalloc (TFL_JEMALLOC): a node allocates and frees millions of
// small JSON values per second from dozens of HTTP threads, where glibc malloc spent a
// third of the node's time in its locks and free lists. Sanitizer builds keep glibc
// malloc, which ASan replaces; they then cap glibc's arenas and trim after each block.
//
// Thread-safety: both functions may be called from any thread.
#pragma once

#include <string>

namespace tfl {

// Call once at the start of main, before threads start.
void tune_allocator();

// Hands memory freed by a committed block's decoding and execution back to the system
// where the allocator does not do so by itself.
void release_freed_memory();

// "jemalloc 5.3.0-0-g…" or "glibc malloc": for the log line at start-up.
std::string allocator_name();

}  // namespace tfl
