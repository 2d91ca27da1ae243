/* queue.h - a bounded job counter shared by the workers (a static library). */
#ifndef QUEUE_H
#define QUEUE_H
int queue_take(void); /* 1: took a job, 0: none left */
void queue_fill(int jobs);
#endif
