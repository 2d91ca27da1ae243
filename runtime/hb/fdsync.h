/*
 * fdsync.h - the synchronisation objects of file descriptors
 * (runtime/hb/fdsync.c), as ThreadSanitizer models them (io_sync=1).
 *
 * Data handed to another thread through the kernel (a pipe, a socket, an
 * eventfd, an epoll wake-up) is ordered by the write that sends it and
 * the read that receives it: the interceptors (intercept/intercept_fd.c)
 * release a descriptor's key before a write and acquire it after a read
 * that returned data.  Keys: both ends of a pipe or socket pair share
 * one; an eventfd or an epoll instance has its own; every other socket
 * shares the socket key (a send on one connection orders before a later
 * receive on any: which connection carried a hand-off is not known); a
 * descriptor the runtime did not see created (a file, an inherited one)
 * has none.  A descriptor added to an epoll instance also releases the
 * instance's key on write, so the epoll_wait that reports it acquires it.
 *
 * Bounded: descriptors below RW_FDSYNC_MAX, 8 bytes each in a static
 * table (resident only where touched), and one key byte each; higher
 * descriptors have no key.  Entries change with relaxed atomics: a
 * descriptor's creation, use and close are ordered by the program (a use
 * of a closed descriptor is the program's bug).  Cost: a table load per
 * read or write; the sync layer's release or acquire (hb/sync.h) only for
 * a descriptor with a key.
 */
#ifndef RW_FDSYNC_H
#define RW_FDSYNC_H

#include <stdint.h>

#define RW_FDSYNC_MAX 65536

/* The key (a sync-layer address) a read or write on fd acquires or
 * releases, 0 for none; the epoll instance's key its writes also
 * release, 0 for none. */
uintptr_t rw_fdsync_key(int fd);
uintptr_t rw_fdsync_poll_key(int fd);

/* Created: a pipe or socket pair (one shared key), an eventfd or epoll
 * instance (its own), a socket (the socket key). */
void rw_fdsync_pair(int a, int b);
void rw_fdsync_own(int fd);
void rw_fdsync_socket(int fd);
/* connect releases it, accept acquires it (a connection made in-process
 * orders the connecting thread before the accepting one). */
uintptr_t rw_fdsync_connect_key(void);
/* fd was added to epoll instance epfd. */
void rw_fdsync_poll_add(int epfd, int fd);
/* newfd is now a copy of oldfd. */
void rw_fdsync_dup(int oldfd, int newfd);
/* fd is being closed: it has no key any more.  Returns the key it owned
 * (its own or its pair's, made when it was created), which the caller
 * resets so that a later descriptor with the number starts unordered; 0
 * if none. */
uintptr_t rw_fdsync_close(int fd);

#endif
