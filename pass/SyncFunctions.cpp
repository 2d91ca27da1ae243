//===- SyncFunctions.cpp - library calls that synchronise threads ---------===//

#include "SyncFunctions.h"

using namespace llvm;

namespace raceway {

bool isSyncFunction(StringRef Name) {
  // Whole families: every operation on these objects orders threads.
  static const char *const Prefixes[] = {"pthread_mutex_", "pthread_rwlock_",
                                         "pthread_spin_",  "pthread_cond_",
                                         "mtx_",           "cnd_"};
  static const char *const Names[] = {
      "pthread_barrier_wait", "pthread_create", "pthread_join",
      "pthread_detach",       "pthread_exit",   "pthread_once",
      "sem_wait",             "sem_trywait",    "sem_timedwait",
      "sem_post",             "thrd_create",    "thrd_join",
      "call_once"};
  for (StringRef Prefix : Prefixes)
    if (Name.substr(0, Prefix.size()) == Prefix)
      return true;
  for (StringRef Known : Names)
    if (Name == Known)
      return true;
  return false;
}

} // namespace raceway
