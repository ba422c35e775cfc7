/* Tests of the event calendar: order by time, FIFO among equal times, lazy cancellation by
 * seq, reuse across resets, agreement with a sort on random input, the zero-delay FIFO
 * merged with the heap in exact (t, seq) order, and the root a pop leaves vacant. */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include "wfsim/evq.h"

START_TEST(test_order)
{
	struct wf_evq q;
	struct wf_event e;
	double t[] = { 5, 1, 4, 1, 3, 9, 0, 2, 2, 7 };
	double last = -1;
	size_t i;

	wf_evq_init(&q);
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		wf_evq_push(&q, t[i], 0, (int)i);
	ck_assert_uint_eq(wf_evq_size(&q), 10);
	ck_assert_int_eq(wf_evq_peek(&q, &e), 0);
	ck_assert_double_eq(e.t, 0);
	for (i = 0; i < 10; i++) {
		ck_assert_int_eq(wf_evq_pop(&q, &e), 0);
		ck_assert(e.t >= last);
		last = e.t;
	}
	ck_assert_int_eq(wf_evq_pop(&q, &e), -1);
	ck_assert_int_eq(wf_evq_peek(&q, &e), -1);
	wf_evq_fini(&q);
}
END_TEST

/* Times are ordered through an integer image of the double: negative, zero of either sign
 * (equal, so in push order), subnormal, huge and infinite times keep their numeric order and
 * come back exactly. */
START_TEST(test_time_keys)
{
	struct wf_evq q;
	struct wf_event e;
	double t[] = { 1e300, -0.0, 4.9e-324, -3.5, INFINITY, 0.0, -1e-300, 2.5, -INFINITY, 1 };
	double want[] = { -INFINITY, -3.5, -1e-300, 0, 0, 4.9e-324, 1, 2.5, 1e300, INFINITY };
	size_t i;

	wf_evq_init(&q);
	for (i = 0; i < 10; i++)
		wf_evq_push(&q, t[i], 0, (int)i);
	for (i = 0; i < 10; i++) {
		ck_assert_int_eq(wf_evq_pop(&q, &e), 0);
		ck_assert(e.t == want[i]);
		if (i == 3)
			ck_assert_int_eq(e.ref, 1);	/* -0 was pushed before +0 */
	}
	wf_evq_fini(&q);
}
END_TEST

START_TEST(test_fifo_ties)
{
	struct wf_evq q;
	struct wf_event e;
	int i;

	wf_evq_init(&q);
	/* interleave two times so ties are separated in the heap */
	for (i = 0; i < 1000; i++)
		wf_evq_push(&q, i % 2 ? 1.0 : 2.0, i % 3, i);
	for (i = 0; i < 1000; i++) {
		int want = i < 500 ? 2 * i + 1 : 2 * (i - 500);

		ck_assert_int_eq(wf_evq_pop(&q, &e), 0);
		ck_assert_int_eq(e.ref, want);
		ck_assert_int_eq(e.kind, want % 3);
	}
	wf_evq_fini(&q);
}
END_TEST

START_TEST(test_cancel_by_seq)
{
	struct wf_evq q;
	struct wf_event e;
	uint64_t keep, drop;
	int fired = 0;

	wf_evq_init(&q);
	drop = wf_evq_push(&q, 3, 1, 7);
	keep = wf_evq_push(&q, 4, 1, 7);
	ck_assert(drop != keep && drop >= 1);
	/* the owner now expects only `keep` for ref 7 */
	while (wf_evq_pop(&q, &e) == 0)
		if (e.seq == keep)
			fired++;
		else
			ck_assert_uint_eq(e.seq, drop);
	ck_assert_int_eq(fired, 1);
	wf_evq_fini(&q);
}
END_TEST

static int
cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

START_TEST(test_random_vs_sort)
{
	struct wf_evq q;
	struct wf_event e;
	enum { N = 20000 };
	double *t = malloc(N * sizeof(double));
	size_t i, n = 0, out = 0;
	double *popped = malloc(N * sizeof(double));
	unsigned s = 12345;
	int round;

	wf_evq_init(&q);
	for (round = 0; round < 2; round++) {
		wf_evq_reset(&q);
		ck_assert_uint_eq(q.next_seq, 1);
		n = out = 0;
		/* mixed pushes and pops like a simulation: pops never go back in time */
		for (i = 0; i < N; i++) {
			s = s * 1103515245u + 12345u;
			t[n++] = (s >> 8) / 65536.0;
			wf_evq_push(&q, t[n - 1], 0, 0);
			if (i % 3 == 2) {
				ck_assert_int_eq(wf_evq_pop(&q, &e), 0);
				popped[out++] = e.t;
			}
		}
		while (wf_evq_pop(&q, &e) == 0)
			popped[out++] = e.t;
		ck_assert_uint_eq(out, N);
		/* the multiset popped equals the multiset pushed */
		qsort(t, n, sizeof(double), cmp);
		qsort(popped, out, sizeof(double), cmp);
		for (i = 0; i < N; i++)
			ck_assert_double_eq(t[i], popped[i]);
	}
	/* a full drain after pushes gives sorted order */
	for (i = 0; i < N; i++)
		wf_evq_push(&q, t[N - 1 - i], 0, (int)i);
	for (i = 0; i < N; i++) {
		ck_assert_int_eq(wf_evq_pop(&q, &e), 0);
		ck_assert_double_eq(e.t, t[i]);
	}
	wf_evq_fini(&q);
	free(t);
	free(popped);
}
END_TEST

/* Like a simulation: each pop schedules zero-delay events (into the FIFO) and events a
 * whole number of time units later (ties in the heap with the FIFO's).  The pops must come
 * out in strictly increasing (t, seq), every event exactly once, with peek and size agreeing
 * with pop all along. */
START_TEST(test_zero_delay_merge)
{
	struct wf_evq q;
	struct wf_event e, p;
	double last_t = -1;
	uint64_t last_seq = 0;
	unsigned s = 777;
	long pushed = 0, popped = 0, zero = 0;
	int round;

	wf_evq_init(&q);
	for (round = 0; round < 2; round++) {
		wf_evq_reset(&q);
		last_t = -1;
		last_seq = 0;
		wf_evq_push(&q, 0, 0, 0);
		pushed++;
		while (wf_evq_peek(&q, &p) == 0) {
			size_t n = wf_evq_size(&q);
			int k;

			ck_assert_int_eq(wf_evq_pop(&q, &e), 0);
			ck_assert_uint_eq(wf_evq_size(&q), n - 1);
			ck_assert(e.t == p.t && e.seq == p.seq && e.kind == p.kind);
			ck_assert(e.t > last_t || (e.t == last_t && e.seq > last_seq));
			last_t = e.t;
			last_seq = e.seq;
			popped++;
			for (k = 0; k < 3 && pushed < 200000 * (round + 1); k++) {
				s = s * 1103515245u + 12345u;
				if ((s >> 16) % 3 == 0) {
					wf_evq_push(&q, e.t, 1, 0);
					zero++;
				} else
					wf_evq_push(&q, e.t + (double)((s >> 20) % 3), 0, 0);
				pushed++;
			}
		}
		ck_assert_int_eq(popped, pushed);
	}
	ck_assert(zero > 10000);
	wf_evq_fini(&q);
}
END_TEST

/* A pop leaves the heap's root vacant until the next push fills it or the next pop settles
 * it, and the solo slot holds an event beside the heap.  Random pushes (into the future and
 * the past, some at the current instant, some solo), pops and peeks in every order, against
 * a brute-force minimum over the events pending: each pop and peek must give exactly the
 * earliest (t, seq) and the size must count every event. */
START_TEST(test_vacant_root)
{
	enum { CAP = 200 };
	struct wf_evq q;
	struct wf_event e, p;
	double t[CAP];
	uint64_t seq[CAP];
	size_t n = 0, i, best;
	unsigned s = 4242;
	long step, pops = 0;

	wf_evq_init(&q);
	for (step = 0; step < 300000; step++) {
		unsigned op;

		s = s * 1103515245u + 12345u;
		op = (s >> 16) % 8;
		/* pushes and pops balanced, so the size wanders through 0 and up to about 60 */
		if (op < 4 && n < CAP) {
			double now = q.now != 0 && pops > 0 ? e.t : 0;

			s = s * 1103515245u + 12345u;
			t[n] = op == 0 ? now : now + (double)((s >> 12) % 64) - 8;
			/* one push in four into the solo slot (a second one moves the first into
			 * the heap): the order must not change */
			seq[n] = op == 3 ? wf_evq_push_solo(&q, t[n], 0, (int)n) :
			    wf_evq_push(&q, t[n], 0, (int)n);
			n++;
		} else if (op < 7) {
			if (n == 0) {
				ck_assert_int_eq(wf_evq_pop(&q, &e), -1);
				continue;
			}
			best = 0;
			for (i = 1; i < n; i++)
				if (t[i] < t[best] || (t[i] == t[best] && seq[i] < seq[best]))
					best = i;
			ck_assert_int_eq(wf_evq_peek(&q, &p), 0);
			ck_assert_int_eq(wf_evq_pop(&q, &e), 0);
			pops++;
			ck_assert(e.t == t[best] && e.seq == seq[best]);
			ck_assert(p.t == e.t && p.seq == e.seq);
			t[best] = t[n - 1];
			seq[best] = seq[n - 1];
			n--;
		}
		ck_assert_uint_eq(wf_evq_size(&q), n);
		if (n == 0)
			ck_assert_int_eq(wf_evq_peek(&q, &p), -1);
	}
	ck_assert(pops > 50000);
	wf_evq_fini(&q);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("evq");
	SRunner *sr;
	int failed;
	TCase *tc;

	tc = tcase_create("order");
	tcase_add_test(tc, test_order);
	suite_add_tcase(s, tc);
	tc = tcase_create("time_keys");
	tcase_add_test(tc, test_time_keys);
	suite_add_tcase(s, tc);
	tc = tcase_create("fifo_ties");
	tcase_add_test(tc, test_fifo_ties);
	suite_add_tcase(s, tc);
	tc = tcase_create("cancel_by_seq");
	tcase_add_test(tc, test_cancel_by_seq);
	suite_add_tcase(s, tc);
	tc = tcase_create("random_vs_sort");
	tcase_add_test(tc, test_random_vs_sort);
	suite_add_tcase(s, tc);
	tc = tcase_create("zero_delay_merge");
	tcase_add_test(tc, test_zero_delay_merge);
	suite_add_tcase(s, tc);
	tc = tcase_create("vacant_root");
	tcase_add_test(tc, test_vacant_root);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
