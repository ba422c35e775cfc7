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
wf_mpi_gather(const struct wf_sim_job *jobs, size_t n_jobs, long *failed_unit, char *unit_err, size_t errlen)
{
	(void)jobs, (void)n_jobs, (void)failed_unit, (void)unit_err, (void)errlen;
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

/* What each rank tells the others before the results: its lowest failed work unit and what
 * it simulated (a hash of every job's settings and model shape, doubles as their bits), which
 * must be rank 0's. */
enum { PLAN_WORDS = 3 };
#define EXCHANGE_BYTES ((size_t)16 << 20)
struct header {
	int64_t failed_unit;
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

/* FNV-1a over the bytes of w, onto h. */
static uint64_t
mix(uint64_t h, uint64_t w)
{
	int i;

	for (i = 0; i < 8; i++, w >>= 8) {
		h ^= w & 0xff;
		h *= UINT64_C(0x100000001b3);
	}
	return h;
}

static uint64_t
plan_hash(const struct wf_sim_job *jobs, size_t n_jobs)
{
	uint64_t h = UINT64_C(0xcbf29ce484222325);
	size_t j;

	for (j = 0; j < n_jobs; j++) {
		const struct wf_model *m = jobs[j].m;
		const struct wf_settings *set = jobs[j].set;
		const uint64_t w[] = { (uint64_t)set->replications, set->seed, set->stream,
				       wf_rep_pack_size(m), m->n_steps, m->n_resources, m->n_outcomes,
				       bits(set->horizon), bits(set->warmup), bits(set->drain) };
		size_t i;

		for (i = 0; i < sizeof(w) / sizeof(w[0]); i++)
			h = mix(h, w[i]);
	}
	return h;
}

/* The job of work unit u, given first[j] (job j's first unit). */
static size_t
job_of(const long *first, size_t n_jobs, long u)
{
	size_t lo = 0, hi = n_jobs - 1;

	while (lo < hi) {
		size_t mid = lo + (hi - lo + 1) / 2;

		if (first[mid] <= u)
			lo = mid;
		else
			hi = mid - 1;
	}
	return lo;
}

/* Agrees with the other ranks on the outcome (the lowest failed unit of all, or a plan that
 * differs): 1 if the results are to be exchanged. */
static int
agree(const struct wf_sim_job *jobs, size_t n_jobs, long total, size_t max_size, long *failed_unit,
      char *unit_err, size_t errlen)
{
	struct header me, *all;
	int k;

	memset(&me, 0, sizeof(me));
	me.failed_unit = *failed_unit;
	me.plan[0] = n_jobs;
	me.plan[1] = (uint64_t)total;
	me.plan[2] = plan_hash(jobs, n_jobs);
	if (*failed_unit >= 0)
		snprintf(me.err, sizeof(me.err), "%s", unit_err);
	all = wf_xcalloc((size_t)n_ranks, sizeof(*all));
	MPI_Allgather(&me, (int)sizeof(me), MPI_BYTE, all, (int)sizeof(me), MPI_BYTE, MPI_COMM_WORLD);

	/* Every rank reads the same headers, so every rank comes to the same verdict. */
	for (k = 0; k < n_ranks; k++) {
		if (memcmp(all[k].plan, all[0].plan, sizeof(all[0].plan)) != 0) {
			*failed_unit = 0;
			snprintf(unit_err, errlen, "rank %d of %d simulates other models or settings than "
				 "rank 0: under mpirun every rank must run the same command on the same "
				 "files", k, n_ranks);
			break;
		}
		if (all[k].failed_unit >= 0 && (*failed_unit < 0 || all[k].failed_unit < *failed_unit)) {
			*failed_unit = (long)all[k].failed_unit;
			snprintf(unit_err, errlen, "%s", all[k].err);
		}
	}
	free(all);
	if (*failed_unit < 0 && max_size > INT32_MAX / 2) {
		*failed_unit = 0;
		snprintf(unit_err, errlen, "a replication's results (%zu bytes) are more than one MPI "
			 "message holds", max_size);
	}
	if (*failed_unit >= 0) {
		agreed_failure = 1;
		return 0;
	}
	return 1;
}

void
wf_mpi_gather(const struct wf_sim_job *jobs, size_t n_jobs, long *failed_unit, char *unit_err, size_t errlen)
{
	unsigned char *send, *recv;
	size_t *size, max_size = 0, bytes, j;
	long *first, total, u0, u1, u;
	int *count, *displ, k;

	agreed_failure = 0;
	if (n_ranks == 1 || n_jobs == 0)
		return;
	size = wf_xcalloc(n_jobs, sizeof(*size));
	first = wf_xcalloc(n_jobs + 1, sizeof(*first));
	for (j = 0; j < n_jobs; j++) {
		size[j] = wf_rep_pack_size(jobs[j].m);
		if (size[j] > max_size)
			max_size = size[j];
		first[j + 1] = first[j] + (jobs[j].set->replications > 0 ? jobs[j].set->replications : 0);
	}
	total = first[n_jobs];
	if (!agree(jobs, n_jobs, total, max_size, failed_unit, unit_err, errlen) || total == 0) {
		free(size);
		free(first);
		return;
	}

	/* Work unit u is rank u mod n_ranks's.  One collective carries a run of consecutive
	 * units, at most EXCHANGE_BYTES from all ranks together (or one unit): few messages
	 * (their latency, and the wait for the slowest rank, are paid once per batch), bounded
	 * memory.  Every rank knows every unit's size, so every rank computes the same counts;
	 * each rank's part holds its units of the run in order. */
	count = wf_xcalloc((size_t)n_ranks, sizeof(*count));
	displ = wf_xcalloc((size_t)n_ranks, sizeof(*displ));
	/* a batch stops at the first unit past EXCHANGE_BYTES, and never holds more than all */
	bytes = 0;
	for (j = 0; j < n_jobs; j++)
		bytes += size[j] * (size_t)(first[j + 1] - first[j]);
	if (bytes > EXCHANGE_BYTES + max_size)
		bytes = EXCHANGE_BYTES + max_size;
	send = wf_xmalloc(bytes);
	recv = wf_xmalloc(bytes);
	for (u0 = 0; u0 < total; u0 = u1) {
		size_t off = 0;

		memset(count, 0, (size_t)n_ranks * sizeof(*count));
		bytes = 0;
		for (u1 = u0; u1 < total; u1++) {
			size_t s = size[job_of(first, n_jobs, u1)];

			if (u1 > u0 && bytes + s > EXCHANGE_BYTES)
				break;
			bytes += s;
			count[u1 % n_ranks] += (int)s;
		}
		for (k = 1; k < n_ranks; k++)
			displ[k] = displ[k - 1] + count[k - 1];
		for (u = u0 + (my_rank - u0 % n_ranks + n_ranks) % n_ranks; u < u1; u += n_ranks) {
			j = job_of(first, n_jobs, u);
			wf_rep_pack(&jobs[j].results[u - first[j]], jobs[j].m, send + off);
			off += size[j];
		}
		MPI_Allgatherv(send, count[my_rank], MPI_BYTE, recv, count, displ, MPI_BYTE, MPI_COMM_WORLD);
		for (k = 0; k < n_ranks; k++) {
			if (k == my_rank)
				continue;
			off = (size_t)displ[k];
			for (u = u0 + (k - u0 % n_ranks + n_ranks) % n_ranks; u < u1; u += n_ranks) {
				j = job_of(first, n_jobs, u);
				wf_rep_unpack(&jobs[j].results[u - first[j]], jobs[j].m, recv + off);
				off += size[j];
			}
		}
	}
	free(send);
	free(recv);
	free(count);
	free(displ);
	free(size);
	free(first);
}

#endif /* WFSIM_MPI */
