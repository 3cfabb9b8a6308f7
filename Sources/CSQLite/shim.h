#include <sqlite3.h>

/// SQLITE_TRANSIENT is a macro casting -1 to a function pointer; Swift cannot import it.
static inline sqlite3_destructor_type kaowu_sqlite_transient(void) { return SQLITE_TRANSIENT; }

/// Process-wide settings, before the first connection: no global memory statistics (a mutex
/// taken on every allocation). `sqlite3_config` is variadic, which Swift cannot call.
static inline int kaowu_sqlite_configure(void) { return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); }
