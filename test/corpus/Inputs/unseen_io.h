/*
 * unseen_io.h - read and write through raw system calls, which the
 * runtime does not intercept: tests that must hand data between threads
 * without creating happens-before (a pipe's write and read order what
 * came before them, intercept/intercept_fd.c) use these.
 */
#ifndef UNSEEN_IO_H
#define UNSEEN_IO_H

#include <sys/syscall.h>
#include <unistd.h>

#define unseen_read(fd, buf, n) syscall(SYS_read, (fd), (buf), (n))
#define unseen_write(fd, buf, n) syscall(SYS_write, (fd), (buf), (n))

#endif
