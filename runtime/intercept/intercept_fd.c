/*
 * intercept_fd.c - file descriptors as synchronisation (hb/fdsync.h).
 *
 * A write to a pipe, a socket or an eventfd hands data to whichever
 * thread reads it, and programs hand work over that way (a notify pipe, a
 * socket pair, an eventfd, an epoll wake-up): without these edges every
 * such hand-off is a false race.  As ThreadSanitizer does: the calls that
 * create a descriptor give it a key, a write releases the key before the
 * call, a read that returned data (>= 0) acquires it after, close drops
 * it.  A descriptor with no key (a file, one created before the runtime
 * could see it) costs one table load per call; one with a key, once
 * tracking is live, a release or an acquire (about 370 instructions a
 * write + read pair, bench/RESULTS.md), small beside the system calls.
 * errno is kept across the runtime's work.
 */
#include <errno.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include "hb/fdsync.h"
#include "intercept/intercept.h"

enum edge { ACQUIRE, RELEASE, RESET };

/* For the calling thread if it is recorded, errno kept: acquire key k,
 * release k and `also` (when not 0), or reset k (its descriptor closed:
 * a later one with the number starts with nothing to acquire). */
static RW_NOINLINE void key_edge(uintptr_t k, uintptr_t also, enum edge op) {
  rw_thread *t = rw_icpt_thread();
  if (!t)
    return;
  int e = errno;
  if (op == ACQUIRE) {
    rw_icpt_observe(t, (const void *)k);
  } else if (op == RELEASE) {
    rw_icpt_signal(t, (const void *)k);
    if (also)
      rw_icpt_signal(t, (const void *)also);
  } else {
    t->in_runtime = 1;
    rw_sync_reset(k);
    t->in_runtime = 0;
  }
  errno = e;
}

/* Before a write: fd's key, and its epoll instance's. */
static RW_ALWAYS_INLINE void fd_release(int fd) {
  uintptr_t k = rw_fdsync_key(fd);
  if (RW_UNLIKELY(k))
    key_edge(k, rw_fdsync_poll_key(fd), RELEASE);
}

/* After a read that returned rc. */
static RW_ALWAYS_INLINE void fd_acquire(int fd, long rc) {
  uintptr_t k = rc >= 0 ? rw_fdsync_key(fd) : 0;
  if (RW_UNLIKELY(k))
    key_edge(k, 0, ACQUIRE);
}

/* ---- creation ---- */

RW_REAL_DECL(pipe);
RW_REAL_DECL(pipe2);
RW_REAL_DECL(socketpair);
RW_REAL_DECL(eventfd);
RW_REAL_DECL(epoll_create);
RW_REAL_DECL(epoll_create1);
RW_REAL_DECL(socket);
RW_REAL_DECL(accept);
RW_REAL_DECL(accept4);
RW_REAL_DECL(connect);
RW_REAL_DECL(dup);
RW_REAL_DECL(dup2);
RW_REAL_DECL(dup3);
RW_REAL_DECL(close);

RW_EXPORT int pipe(int fds[2]) {
  int rc = RW_REAL(pipe)(fds);
  if (rc == 0)
    rw_fdsync_pair(fds[0], fds[1]);
  return rc;
}

RW_EXPORT int pipe2(int fds[2], int flags) {
  int rc = RW_REAL(pipe2)(fds, flags);
  if (rc == 0)
    rw_fdsync_pair(fds[0], fds[1]);
  return rc;
}

RW_EXPORT int socketpair(int domain, int type, int protocol, int sv[2]) {
  int rc = RW_REAL(socketpair)(domain, type, protocol, sv);
  if (rc == 0)
    rw_fdsync_pair(sv[0], sv[1]);
  return rc;
}

RW_EXPORT int eventfd(unsigned int initval, int flags) {
  int fd = RW_REAL(eventfd)(initval, flags);
  rw_fdsync_own(fd);
  return fd;
}

RW_EXPORT int epoll_create(int size) {
  int fd = RW_REAL(epoll_create)(size);
  rw_fdsync_own(fd);
  return fd;
}

RW_EXPORT int epoll_create1(int flags) {
  int fd = RW_REAL(epoll_create1)(flags);
  rw_fdsync_own(fd);
  return fd;
}

RW_EXPORT int socket(int domain, int type, int protocol) {
  int fd = RW_REAL(socket)(domain, type, protocol);
  rw_fdsync_socket(fd);
  return fd;
}

RW_EXPORT int connect(int fd, const struct sockaddr *addr, socklen_t len) {
  if (rw_fdsync_key(fd))
    key_edge(rw_fdsync_connect_key(), 0, RELEASE);
  return RW_REAL(connect)(fd, addr, len);
}

/* An accepted connection: a socket, after whatever connected to it. */
static int accepted(int fd) {
  rw_fdsync_socket(fd);
  if (fd >= 0)
    key_edge(rw_fdsync_connect_key(), 0, ACQUIRE);
  return fd;
}

RW_EXPORT int accept(int fd, struct sockaddr *addr, socklen_t *len) {
  return accepted(RW_REAL(accept)(fd, addr, len));
}

RW_EXPORT int accept4(int fd, struct sockaddr *addr, socklen_t *len, int flags) {
  return accepted(RW_REAL(accept4)(fd, addr, len, flags));
}

RW_EXPORT int dup(int fd) {
  int nfd = RW_REAL(dup)(fd);
  if (nfd >= 0)
    rw_fdsync_dup(fd, nfd);
  return nfd;
}

RW_EXPORT int dup2(int fd, int nfd) {
  int rc = RW_REAL(dup2)(fd, nfd);
  if (rc >= 0 && fd != nfd)
    rw_fdsync_dup(fd, nfd);
  return rc;
}

RW_EXPORT int dup3(int fd, int nfd, int flags) {
  int rc = RW_REAL(dup3)(fd, nfd, flags);
  if (rc >= 0)
    rw_fdsync_dup(fd, nfd);
  return rc;
}

/* The key a descriptor made goes with it: a later pipe or eventfd that
 * gets its number starts with nothing to acquire. */
RW_EXPORT int close(int fd) {
  uintptr_t k = rw_fdsync_close(fd);
  if (k)
    key_edge(k, 0, RESET);
  return RW_REAL(close)(fd);
}

/* A vfork child shares the parent's memory: its close and dup2 before
 * exec would change the parent's keys (and any other state the runtime
 * keeps).  As ThreadSanitizer does, vfork is a fork: the child's calls
 * then act on its own copy. */
RW_EXPORT pid_t vfork(void) { return fork(); }

/* ---- epoll: a write to a watched descriptor wakes the waiter ---- */

RW_REAL_DECL(epoll_ctl);
RW_REAL_DECL(epoll_wait);
RW_REAL_DECL(epoll_pwait);

RW_EXPORT int epoll_ctl(int epfd, int op, int fd, struct epoll_event *ev) {
  if (op == EPOLL_CTL_ADD) {
    rw_fdsync_poll_add(epfd, fd);
    fd_release(epfd);
  }
  return RW_REAL(epoll_ctl)(epfd, op, fd, ev);
}

RW_EXPORT int epoll_wait(int epfd, struct epoll_event *ev, int n, int timeout) {
  int rc = RW_REAL(epoll_wait)(epfd, ev, n, timeout);
  fd_acquire(epfd, rc > 0 ? rc : -1);
  return rc;
}

RW_EXPORT int epoll_pwait(int epfd, struct epoll_event *ev, int n, int timeout,
                          const sigset_t *mask) {
  int rc = RW_REAL(epoll_pwait)(epfd, ev, n, timeout, mask);
  fd_acquire(epfd, rc > 0 ? rc : -1);
  return rc;
}

/* ---- writes release, reads acquire ---- */

RW_REAL_DECL(write);
RW_REAL_DECL(writev);
RW_REAL_DECL(pwrite);
RW_REAL_DECL(send);
RW_REAL_DECL(sendto);
RW_REAL_DECL(sendmsg);
RW_REAL_DECL(sendmmsg);
RW_REAL_DECL(read);
RW_REAL_DECL(readv);
RW_REAL_DECL(pread);
RW_REAL_DECL(recv);
RW_REAL_DECL(recvfrom);
RW_REAL_DECL(recvmsg);
RW_REAL_DECL(recvmmsg);

RW_EXPORT ssize_t write(int fd, const void *buf, size_t n) {
  fd_release(fd);
  return RW_REAL(write)(fd, buf, n);
}

RW_EXPORT ssize_t writev(int fd, const struct iovec *iov, int n) {
  fd_release(fd);
  return RW_REAL(writev)(fd, iov, n);
}

RW_EXPORT ssize_t pwrite(int fd, const void *buf, size_t n, off_t off) {
  fd_release(fd);
  return RW_REAL(pwrite)(fd, buf, n, off);
}

RW_EXPORT ssize_t send(int fd, const void *buf, size_t n, int flags) {
  fd_release(fd);
  return RW_REAL(send)(fd, buf, n, flags);
}

RW_EXPORT ssize_t sendto(int fd, const void *buf, size_t n, int flags,
                         const struct sockaddr *to, socklen_t len) {
  fd_release(fd);
  return RW_REAL(sendto)(fd, buf, n, flags, to, len);
}

RW_EXPORT ssize_t sendmsg(int fd, const struct msghdr *msg, int flags) {
  fd_release(fd);
  return RW_REAL(sendmsg)(fd, msg, flags);
}

RW_EXPORT int sendmmsg(int fd, struct mmsghdr *msgs, unsigned int n, int flags) {
  fd_release(fd);
  return RW_REAL(sendmmsg)(fd, msgs, n, flags);
}

RW_EXPORT ssize_t read(int fd, void *buf, size_t n) {
  ssize_t rc = RW_REAL(read)(fd, buf, n);
  fd_acquire(fd, rc);
  return rc;
}

RW_EXPORT ssize_t readv(int fd, const struct iovec *iov, int n) {
  ssize_t rc = RW_REAL(readv)(fd, iov, n);
  fd_acquire(fd, rc);
  return rc;
}

RW_EXPORT ssize_t pread(int fd, void *buf, size_t n, off_t off) {
  ssize_t rc = RW_REAL(pread)(fd, buf, n, off);
  fd_acquire(fd, rc);
  return rc;
}

RW_EXPORT ssize_t recv(int fd, void *buf, size_t n, int flags) {
  ssize_t rc = RW_REAL(recv)(fd, buf, n, flags);
  fd_acquire(fd, rc);
  return rc;
}

RW_EXPORT ssize_t recvfrom(int fd, void *buf, size_t n, int flags, struct sockaddr *from,
                           socklen_t *len) {
  ssize_t rc = RW_REAL(recvfrom)(fd, buf, n, flags, from, len);
  fd_acquire(fd, rc);
  return rc;
}

RW_EXPORT ssize_t recvmsg(int fd, struct msghdr *msg, int flags) {
  ssize_t rc = RW_REAL(recvmsg)(fd, msg, flags);
  fd_acquire(fd, rc);
  return rc;
}

RW_EXPORT int recvmmsg(int fd, struct mmsghdr *msgs, unsigned int n, int flags,
                       struct timespec *timeout) {
  int rc = RW_REAL(recvmmsg)(fd, msgs, n, flags, timeout);
  fd_acquire(fd, rc);
  return rc;
}

/* _FORTIFY_SOURCE's checked reads (the bound is checked by the real one). */
ssize_t __read_chk(int fd, void *buf, size_t n, size_t buflen);
ssize_t __pread_chk(int fd, void *buf, size_t n, off_t off, size_t buflen);
ssize_t __recv_chk(int fd, void *buf, size_t n, size_t buflen, int flags);
ssize_t __recvfrom_chk(int fd, void *buf, size_t n, size_t buflen, int flags,
                       struct sockaddr *from, socklen_t *len);
RW_REAL_DECL(__read_chk);
RW_REAL_DECL(__pread_chk);
RW_REAL_DECL(__recv_chk);
RW_REAL_DECL(__recvfrom_chk);

RW_EXPORT ssize_t __read_chk(int fd, void *buf, size_t n, size_t buflen) {
  ssize_t rc = RW_REAL(__read_chk)(fd, buf, n, buflen);
  fd_acquire(fd, rc);
  return rc;
}

RW_EXPORT ssize_t __pread_chk(int fd, void *buf, size_t n, off_t off, size_t buflen) {
  ssize_t rc = RW_REAL(__pread_chk)(fd, buf, n, off, buflen);
  fd_acquire(fd, rc);
  return rc;
}

RW_EXPORT ssize_t __recv_chk(int fd, void *buf, size_t n, size_t buflen, int flags) {
  ssize_t rc = RW_REAL(__recv_chk)(fd, buf, n, buflen, flags);
  fd_acquire(fd, rc);
  return rc;
}

RW_EXPORT ssize_t __recvfrom_chk(int fd, void *buf, size_t n, size_t buflen, int flags,
                                 struct sockaddr *from, socklen_t *len) {
  ssize_t rc = RW_REAL(__recvfrom_chk)(fd, buf, n, buflen, flags, from, len);
  fd_acquire(fd, rc);
  return rc;
}
