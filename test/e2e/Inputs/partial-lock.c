/* Compiled WITHOUT the plugin by partial-instrumentation.c. */
#include <pthread.h>
static pthread_mutex_t lib_lock = PTHREAD_MUTEX_INITIALIZER;
void lib_enter(void) { pthread_mutex_lock(&lib_lock); }
void lib_leave(void) { pthread_mutex_unlock(&lib_lock); }
