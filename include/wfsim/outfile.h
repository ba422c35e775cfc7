/* Output files that appear whole or not at all, written without harm to what the name
 * points at, and a registry of temporary files that a signal handler removes. */
#ifndef WFSIM_OUTFILE_H
#define WFSIM_OUTFILE_H
#include <stdio.h>
#include <stddef.h>
#include <sys/types.h>

struct wf_outfile {
	FILE *fp;
	char *name;	/* as the caller gave it, for messages */
	char *path;	/* the file renamed over (symlinks resolved); NULL when written directly */
	char *tmp;	/* the temporary file beside path; NULL when written directly */
	int slot;	/* registry slot of tmp, or -1 */
	int direct;	/* 1: a device, FIFO, socket or inherited descriptor, written in place */
};

/* Reads the umask (once: it is a process-wide setting that can only be read by changing it)
 * and, when catch_signals is 1, makes SIGINT, SIGTERM and SIGHUP remove every registered
 * temporary file, say what was interrupted and exit with 128 + the signal number.  A signal
 * ignored when the program started (nohup, a background job of a shell) stays ignored.
 * Call it at start-up, before any thread exists; wf_outfile_open calls it (without
 * signals) when nobody did. */
void wf_outfile_init(int catch_signals);

/* Opens `path` for writing.  "-" is standard output.  A regular file or a name that does not
 * exist yet is written to a temporary file beside it, renamed into place by commit; a
 * symlink is followed first, so its target is replaced and the link stays.  Anything else
 * (a character device, a FIFO, a socket, /dev/stdout, /dev/fd/N) is opened and written
 * directly.  0, or -1 with err ("cannot write 'x': reason"). */
int wf_outfile_open(struct wf_outfile *o, const char *path, char *err, size_t errlen);
/* Flushes and checks every write.  A temporary file is fsync'ed, closed, renamed into place
 * and its directory fsync'ed; on any failure it is removed and the old file stays as it
 * was.  0, or -1 with err. */
int wf_outfile_commit(struct wf_outfile *o, char *err, size_t errlen);
/* Discards the temporary file (after an error elsewhere). */
void wf_outfile_abort(struct wf_outfile *o);
/* Open, fill(fp, ctx), commit: the whole file, or nothing and err.  fill need not check its
 * writes: commit does.  0, or -1 with err. */
int wf_outfile_write(const char *path, void (*fill)(FILE *fp, const void *ctx), const void *ctx,
		     char *err, size_t errlen);
/* Whether `path` can be opened by wf_outfile_open, without creating anything: its
 * directory exists, it is not a directory, a symlink loop or an unusable descriptor.  Run
 * before a long simulation so that a typo costs nothing.  0, or -1 with err. */
int wf_outfile_check(const char *path, char *err, size_t errlen);
/* The same for a directory that mkdir -p would make: the nearest existing ancestor is a
 * writable directory.  0, or -1 with err. */
int wf_outfile_check_dir(const char *dir, char *err, size_t errlen);
/* 1 if paths a and b name the same existing file (to refuse writing over an input). */
int wf_same_file(const char *a, const char *b);
/* 1 if `path` is written directly rather than replaced (see wf_outfile_open); "-" is. */
int wf_outfile_is_direct(const char *path);

/* ---- the registry of temporary files ---- */

#define WF_OUTFILE_MAX_TEMPS 128	/* registered at once; more are simply not registered */

/* Registers a temporary file (dir 0) or directory (dir 1, removed after the files) to be
 * removed if a signal ends the program.  The string is not copied: it must stay valid until
 * wf_outfile_temp_drop.  Returns the slot, or -1 when the registry is full. */
int wf_outfile_temp_add(const char *path, int dir);
/* Forgets a slot (after the file was renamed or removed); -1 is ignored. */
void wf_outfile_temp_drop(int slot);
/* Removes every registered file, then every registered directory, and empties the
 * registry: what the signal handler does, async-signal-safe.  Returns how many were
 * removed. */
int wf_outfile_temp_cleanup(void);
/* A child process (gnuplot) whose output is registered: killed and reaped on a signal
 * before its files are removed.  0 clears it. */
void wf_outfile_child(pid_t pid);
/* What the program is doing, for the message on a signal ("simulating 'm.yaml'"); NULL
 * clears it.  Copied. */
void wf_outfile_doing(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
