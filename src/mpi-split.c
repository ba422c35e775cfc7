/* Replications split across MPI ranks (mpi-split.h): start-up and shut-down under mpirun,
 * which replications are this rank's, and the exchange that gives every rank all of them.
 * Without --with-mpi (WFSIM_MPI undefined) only the single-process answers are compiled. */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "wfsim/mpi-split.h"

#ifndef WFSIM_MPI

int
wf_mpi_main(int argc, char **argv, int (*fn)(int, char **))
{
	return fn(argc, argv);
}

int
wf_mpi_root(void)
{
	return 1;
}

void
wf_mpi_share(long *first, long *step)
{
	*first = 0;
	*step = 1;
}

void
wf_mpi_gather(const struct wf_model *m, const struct wf_settings *set, struct wf_rep_result *results,
	      long *failed_rep, char *rep_err, size_t errlen)
{
	(void)m, (void)set, (void)results, (void)failed_rep, (void)rep_err, (void)errlen;
}

#else /* WFSIM_MPI */

#include <stdint.h>
#include <unistd.h>
#include <mpi.h>
#include "wfsim/rep-pack.h"
#include "wfsim/xalloc.h"

/* MPI's rank and size are properties of the process, set once by wf_mpi_main before any
 * thread exists and only read afterwards: the one place wfsim keeps process-wide state. */
static int my_rank, n_ranks = 1;
static int agreed_failure;	/* the last exchange ended in a failure every rank knows of */
static int kept_stderr = -1;	/* ranks > 0: the real standard error while fd 2 is a temp file */
static FILE *stderr_aside;

int
wf_mpi_root(void)
{
	return my_rank == 0;
}

void
wf_mpi_share(long *first, long *step)
{
	*first = my_rank;
	*step = n_ranks;
}

/* Ranks other than 0 run the same command: what they would print is rank 0's too.  Standard
 * output goes nowhere; standard error is kept in a temporary file, shown only if this rank
 * alone fails (a model file missing on its node, say). */
static void
quiet(void)
{
	fflush(stdout);
	fflush(stderr);
	if (freopen("/dev/null", "w", stdout) == NULL)
		return;
	stderr_aside = tmpfile();
	if (stderr_aside == NULL || (kept_stderr = dup(STDERR_FILENO)) < 0 ||
	    dup2(fileno(stderr_aside), STDERR_FILENO) < 0) {
		if (kept_stderr >= 0)
			close(kept_stderr);
		kept_stderr = -1;
	}
}

/* Copies what this rank wrote to standard error to the real one, each line prefixed. */
static void
show_stderr(void)
{
	char line[1024];
	FILE *out;
	int bol = 1;

	if (kept_stderr < 0 || stderr_aside == NULL)
		return;
	fflush(stderr);
	out = fdopen(kept_stderr, "w");
	if (out == NULL)
		return;
	rewind(stderr_aside);
	while (fgets(line, sizeof(line), stderr_aside) != NULL) {
		if (bol)
			fprintf(out, "wfsim: rank %d of %d: ", my_rank, n_ranks);
		fputs(line, out);
		bol = strchr(line, '\n') != NULL;
	}
	if (!bol)
		fputc('\n', out);
	fflush(out);
}

int
wf_mpi_main(int argc, char **argv, int (*fn)(int, char **))
{
	int provided, rc;

	/* FUNNELED: worker threads simulate, only the main thread talks to other ranks */
	if (MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS) {
		fprintf(stderr, "wfsim: error: MPI could not start\n");
		return 3;
	}
	MPI_Comm_rank(MPI_COMM_WORLD, &my_rank);
	MPI_Comm_size(MPI_COMM_WORLD, &n_ranks);
	if (my_rank != 0)
		quiet();
	rc = fn(argc, argv);
	if (rc == 0 || agreed_failure || n_ranks == 1) {
		MPI_Finalize();
		return rc;
	}
	/* This rank failed where the others may be waiting for it in an exchange: only ending
	 * the job frees them.  A failure every rank meets (a bad model) is printed by rank 0,
	 * which ends the job at once; the others wait a moment first so that, as a rule, their
	 * copy of the same message is never shown. */
	if (my_rank != 0) {
		sleep(2);
		show_stderr();
	}
	fflush(stdout);
	fflush(stderr);
	MPI_Abort(MPI_COMM_WORLD, rc);
	return rc;
}

/* What each rank tells the others before the results: its lowest failed replication and
 * what it simulated (settings and the model's shape, doubles as their bits), which must be
 * rank 0's. */
enum { PLAN_WORDS = 10 };
#define EXCHANGE_BYTES ((size_t)16 << 20)
struct header {
	int64_t failed_rep;
	uint64_t plan[PLAN_WORDS];
	char err[512];
};

static uint64_t
bits(double x)
{
	uint64_t u;

	memcpy(&u, &x, sizeof(u));
	return u;
}

void
wf_mpi_gather(const struct wf_model *m, const struct wf_settings *set, struct wf_rep_result *results,
	      long *failed_rep, char *rep_err, size_t errlen)
{
	struct header me, *all;
	unsigned char *send, *recv;
	size_t size, batch, nb, b;
	long rounds, j, r;
	int k;

	agreed_failure = 0;
	if (n_ranks == 1)
		return;
	size = wf_rep_pack_size(m);
	memset(&me, 0, sizeof(me));
	me.failed_rep = *failed_rep;
	me.plan[0] = (uint64_t)set->replications;
	me.plan[1] = set->seed;
	me.plan[2] = set->stream;
	me.plan[3] = size;
	me.plan[4] = m->n_steps;
	me.plan[5] = m->n_resources;
	me.plan[6] = m->n_outcomes;
	me.plan[7] = bits(set->horizon);
	me.plan[8] = bits(set->warmup);
	me.plan[9] = bits(set->drain);
	if (*failed_rep >= 0)
		snprintf(me.err, sizeof(me.err), "%s", rep_err);
	all = wf_xcalloc((size_t)n_ranks, sizeof(*all));
	MPI_Allgather(&me, (int)sizeof(me), MPI_BYTE, all, (int)sizeof(me), MPI_BYTE, MPI_COMM_WORLD);

	/* Every rank reads the same headers, so every rank comes to the same verdict. */
	for (k = 0; k < n_ranks; k++) {
		if (memcmp(all[k].plan, all[0].plan, sizeof(all[0].plan)) != 0) {
			*failed_rep = 0;
			snprintf(rep_err, errlen, "rank %d of %d simulates other models or settings than "
				 "rank 0: under mpirun every rank must run the same command on the same "
				 "files", k, n_ranks);
			break;
		}
		if (all[k].failed_rep >= 0 && (*failed_rep < 0 || all[k].failed_rep < *failed_rep)) {
			*failed_rep = (long)all[k].failed_rep;
			snprintf(rep_err, errlen, "%s", all[k].err);
		}
	}
	free(all);
	if (*failed_rep < 0 && (uint64_t)n_ranks * size > INT32_MAX) {
		*failed_rep = 0;
		snprintf(rep_err, errlen, "a replication's results (%zu bytes) times %d ranks are more "
			 "than one MPI message holds: use fewer ranks", size, n_ranks);
	}
	if (*failed_rep >= 0) {
		agreed_failure = 1;
		return;
	}

	/* Round j holds replications j*n_ranks ... j*n_ranks + n_ranks - 1, one per rank (rank
	 * k's is k's share; a rank past the end sends unused bytes).  One collective carries a
	 * batch of rounds, at most EXCHANGE_BYTES from all ranks together: few messages (their
	 * latency, and the wait for the slowest rank, are paid once per batch), bounded memory. */
	batch = EXCHANGE_BYTES / ((size_t)n_ranks * size);
	if (batch < 1)
		batch = 1;
	rounds = (set->replications + n_ranks - 1) / n_ranks;
	if ((long)batch > rounds)
		batch = (size_t)rounds;
	send = wf_xcalloc(batch, size);
	recv = wf_xmalloc((size_t)n_ranks * batch * size);
	for (j = 0; j < rounds; j += (long)nb) {
		nb = rounds - j < (long)batch ? (size_t)(rounds - j) : batch;
		for (b = 0; b < nb; b++) {
			r = (j + (long)b) * n_ranks + my_rank;
			if (r < set->replications)
				wf_rep_pack(&results[r], m, send + b * size);
		}
		MPI_Allgather(send, (int)(nb * size), MPI_BYTE, recv, (int)(nb * size), MPI_BYTE,
			      MPI_COMM_WORLD);
		for (k = 0; k < n_ranks; k++)
			for (b = 0; b < nb; b++) {
				r = (j + (long)b) * n_ranks + k;
				if (k != my_rank && r < set->replications)
					wf_rep_unpack(&results[r], m, recv + ((size_t)k * nb + b) * size);
			}
	}
	free(send);
	free(recv);
}

#endif /* WFSIM_MPI */
