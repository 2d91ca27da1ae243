/*
 * keptfd.h - a file descriptor the runtime took at start and checks is
 * still its own before each use (runtime/common/keptfd.c).
 *
 * Programs close and reuse descriptors, and forbid opening files, after
 * the runtime started: gnulib's close_stdout and xz's exit path fclose
 * stderr before exit; daemons close every descriptor above 2; a sandbox
 * (Landlock in xz, seccomp, pledge) refuses open() once entered.  So what
 * the runtime writes at exit (its messages, the JSON report) is taken when
 * it starts, and before writing, fstat says whether the number still names
 * that file (device and inode): a number the program closed and reused
 * for a file of its own is never written to.
 *
 * Cost: one fstat per check; only messages and exit make one.
 */
#ifndef RW_KEPTFD_H
#define RW_KEPTFD_H

#include <stddef.h>
#include <sys/types.h>

typedef struct rw_keptfd {
  int fd;                       /* -1: none */
  dev_t dev;
  ino_t ino;
} rw_keptfd;

#define RW_KEPTFD_NONE {-1, 0, 0}

/* Keep a copy of fd (close-on-exec, numbered 3 or more).  0; -1 if fd is
 * not open or no descriptor is left (errno). */
int rw_keptfd_dup(rw_keptfd *k, int fd);
/* Keep fd itself, a descriptor the runtime opened.  0; -1 (errno). */
int rw_keptfd_adopt(rw_keptfd *k, int fd);
/* Create or truncate path for writing and keep it (close-on-exec, 0644
 * less the umask).  0; -1 (errno).  *created: 1 if it did not exist. */
int rw_keptfd_open(rw_keptfd *k, const char *path, int *created);
/* k's descriptor if it still names the file kept, else -1. */
int rw_keptfd_get(const rw_keptfd *k);
/* Write all n bytes of buf to fd, again after EINTR.  0; -1 (errno). */
int rw_keptfd_write_all(int fd, const void *buf, size_t n);
/* Close k if it is still its own descriptor; k becomes none. */
void rw_keptfd_close(rw_keptfd *k);

#endif
