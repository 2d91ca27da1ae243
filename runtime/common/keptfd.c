/*
 * keptfd.c - descriptors taken at start, checked before use (keptfd.h).
 */
#include "common/keptfd.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

int rw_keptfd_adopt(rw_keptfd *k, int fd) {
  struct stat st;
  k->fd = -1;
  if (fd < 0 || fstat(fd, &st) != 0)
    return -1;
  k->fd = fd;
  k->dev = st.st_dev;
  k->ino = st.st_ino;
  return 0;
}

/* Keep fd, opened for k: closed again if it cannot be kept. */
static int keep(rw_keptfd *k, int fd) {
  if (fd < 0)
    return -1;
  if (rw_keptfd_adopt(k, fd) != 0) {
    int err = errno;
    close(fd);
    errno = err;
    return -1;
  }
  return 0;
}

int rw_keptfd_dup(rw_keptfd *k, int fd) {
  k->fd = -1;
  return keep(k, fcntl(fd, F_DUPFD_CLOEXEC, 3));
}

int rw_keptfd_open(rw_keptfd *k, const char *path, int *created) {
  k->fd = -1;
  int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  *created = fd >= 0;
  if (fd < 0 && errno == EEXIST)
    fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
  return keep(k, fd);
}

int rw_keptfd_get(const rw_keptfd *k) {
  struct stat st;
  if (k->fd < 0 || fstat(k->fd, &st) != 0)
    return -1;
  return st.st_dev == k->dev && st.st_ino == k->ino ? k->fd : -1;
}

int rw_keptfd_write_all(int fd, const void *buf, size_t n) {
  const char *p = buf;
  while (n) {
    ssize_t w = write(fd, p, n);
    if (w < 0 && errno == EINTR)
      continue;
    if (w <= 0)
      return -1;
    p += w;
    n -= (size_t)w;
  }
  return 0;
}

void rw_keptfd_close(rw_keptfd *k) {
  if (rw_keptfd_get(k) >= 0)
    close(k->fd);
  k->fd = -1;
}
