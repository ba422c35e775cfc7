/* Replications split across MPI ranks (built with ./configure --with-mpi; without it every
 * function here is the single-process answer: one rank, rank 0).
 *
 * Under mpirun every rank runs the same command on the same files, deterministically, so every
 * rank makes the same calls in the same order.  Each wf_sim_run_jobs (wf_sim_run_all: one
 * job) runs only its rank's share of the work units, a job's replications one after another
 * (static interleaved split: unit u on rank u mod size), and then exchanges them, so that
 * every rank holds every replication's result, in replication order, and reduces them exactly as a single process does: the results are byte-identical for any
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

/* The share of this rank among `total` work units: first, first + step, ... below total. */
void wf_mpi_share(long *first, long *step);

/* After this rank ran its share of the jobs' work units (wf_sim_run_jobs: unit u, job j's
 * replication u - first unit of j, is rank u mod size's) into their results (each
 * initialised): collects the other ranks' units and agrees with them on the outcome.
 * failed_unit/unit_err are this rank's lowest failed unit (-1 if none) and its message; on
 * return they are the lowest of all ranks (or unit 0 with a message when the ranks do not
 * run the same thing), the same on every rank; the results are complete only when
 * *failed_unit is -1.  Collective: every rank calls it once per wf_sim_run_jobs.  Without MPI
 * (or with one rank) it does nothing. */
void wf_mpi_gather(const struct wf_sim_job *jobs, size_t n_jobs, long *failed_unit, char *unit_err,
		   size_t errlen);

#endif
