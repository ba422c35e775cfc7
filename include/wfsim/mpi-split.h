/* Replications split across MPI ranks (built with ./configure --with-mpi; without it every
 * function here is the single-process answer: one rank, rank 0).
 *
 * Under mpirun every rank runs the same command on the same files, deterministically, so every
 * rank makes the same calls in the same order.  Each wf_sim_run_all runs only its rank's share
 * of the replications (static interleaved split: replication r on rank r mod size) and then
 * exchanges them, so that every rank holds every replication's result, in replication order,
 * and reduces them exactly as a single process does: the results are byte-identical for any
 * number of ranks and threads.  Rank 0 alone prints and writes files. */
#ifndef WFSIM_MPI_SPLIT_H
#define WFSIM_MPI_SPLIT_H
#include <stddef.h>
#include "wfsim/sim.h"

/* Runs fn(argc, argv) as the program: under MPI it initialises MPI first and, on ranks other
 * than 0, sends standard output to /dev/null and keeps standard error aside.  Afterwards, when
 * every rank succeeded or all agreed on a failure (a failed replication is known to all), MPI
 * is finalised and fn's exit code returned; when this rank alone failed, it prints what it
 * kept of standard error (rank 0's is already printed), prefixed with its rank, and ends the
 * whole job with MPI_Abort and that code.  Without MPI: fn(argc, argv). */
int wf_mpi_main(int argc, char **argv, int (*fn)(int, char **));

/* 1 on rank 0 (and always without MPI): the rank that prints and writes outputs. */
int wf_mpi_root(void);

/* The share of this rank among `total` replications: first, first + step, ... below total. */
void wf_mpi_share(long *first, long *step);

/* After this rank ran its share of set->replications into results[] (each initialised):
 * collects the other ranks' replications into results[] and agrees with them on the outcome.
 * failed_rep/rep_err are this rank's lowest failed replication (-1 if none) and its message;
 * on return they are the lowest of all ranks (or replication 0 with a message when the ranks
 * do not run the same thing), the same on every rank; results[] are complete only when
 * *failed_rep is -1.  Collective: every rank calls it once per wf_sim_run_all.  Without MPI
 * (or with one rank) it does nothing. */
void wf_mpi_gather(const struct wf_model *m, const struct wf_settings *set, struct wf_rep_result *results,
		   long *failed_rep, char *rep_err, size_t errlen);

#endif
