/* test_sent.c - which of a slot's events were sent (transport/sent.h):
 * records dropped at a full ring keep their seqs (capture.h), so a gap in
 * the seqs the encoder sees is not a reason to forget what was sent
 * before it; an event not sent, or a given-up stretch, is. */
#include "check.h"
#include "transport/sent.h"

int main(void) {
  rw_sent s = {0};
  for (uint64_t seq = 1; seq <= 3; seq++)
    rw_sent_note(&s, seq, 1);
  rw_sent_note(&s, 7, 1);              /* 4..6 dropped at capture */
  rw_sent_note(&s, 8, 1);
  CHECK(rw_sent_has(&s, 2) && rw_sent_has(&s, 8), "sent across a gap of dropped records");
  CHECK(s.nruns == 0, "a gap closed the run: %u runs", s.nruns);
  CHECK(!rw_sent_has(&s, 9), "not encoded yet");
  /* Many gaps (a thread that drops most of its records): the first
   * events are still known as sent. */
  for (uint64_t seq = 10; seq < 1000; seq += 3)
    rw_sent_note(&s, seq, 1);
  CHECK(rw_sent_has(&s, 1), "runs fragmented by drops");
  rw_sent_note(&s, 1000, 0);           /* refused by a full batch */
  rw_sent_note(&s, 1001, 1);
  CHECK(!rw_sent_has(&s, 1000) && rw_sent_has(&s, 1001) && rw_sent_has(&s, 997),
        "an event not sent ends the run");
  rw_sent_lost(&s, 1100);              /* a ring given up */
  rw_sent_note(&s, 1101, 1);
  CHECK(!rw_sent_has(&s, 1050) && rw_sent_has(&s, 1101), "a given-up stretch is not sent");
  return check_summary("test_sent");
}
