/* Whole-or-nothing output files.  A crash, a full disk or an interrupted run never leaves a
 * half-written JSON, CSV or report where the user expects a good one: a regular file goes to
 * a temporary file in the same directory (so rename is atomic) and is renamed at the end.
 * What is not a regular file (a device, a FIFO, an inherited descriptor) is written in place:
 * renaming over it would destroy it.  Temporary files are registered so that SIGINT, SIGTERM
 * and SIGHUP remove them. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "wfsim/outfile.h"
#include "wfsim/xalloc.h"

#define MAX_HOPS 40	/* symlinks followed, as the kernel's ELOOP limit */

/* ---- start-up: the umask and the signals ---- */

static mode_t file_mode = 0644;
static atomic_int initialised;

/* ---- the registry: fixed arrays of atomics, so the signal handler reads them safely ---- */

static const char *_Atomic temps[WF_OUTFILE_MAX_TEMPS];
static atomic_int temp_is_dir[WF_OUTFILE_MAX_TEMPS];
static atomic_int dying;		/* a handler is removing the files: nobody frees one */
static atomic_int child_pid;
static pid_t owner_pid;			/* a forked child before exec must not clean up */
static int stderr_tty;			/* a progress line may be open: start on a new line */
static char doing_buf[2][256];		/* written alternately, so the handler reads a whole one */
static atomic_int doing_cur = -1;

int
wf_outfile_temp_add(const char *path, int dir)
{
	int i;

	for (i = 0; i < WF_OUTFILE_MAX_TEMPS; i++) {
		const char *expect = NULL;

		if (atomic_load(&temps[i]) != NULL)
			continue;
		/* the main thread alone registers: the flag cannot change under another's entry */
		atomic_store(&temp_is_dir[i], dir);
		if (atomic_compare_exchange_strong(&temps[i], &expect, path))
			return i;
	}
	return -1;
}

void
wf_outfile_temp_drop(int slot)
{
	if (slot < 0 || slot >= WF_OUTFILE_MAX_TEMPS)
		return;
	atomic_store(&temps[slot], NULL);
	/* A handler in another thread may still be reading the string: the process is about to
	 * end, so wait for that rather than let the caller free it. */
	while (atomic_load(&dying))
		pause();
}

int
wf_outfile_temp_cleanup(void)
{
	int i, pass, n = 0;

	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < WF_OUTFILE_MAX_TEMPS; i++) {
			const char *p;

			if (atomic_load(&temp_is_dir[i]) != pass || (p = atomic_load(&temps[i])) == NULL)
				continue;
			if ((pass ? rmdir(p) : unlink(p)) == 0)
				n++;
			atomic_store(&temps[i], NULL);
		}
	return n;
}

void
wf_outfile_child(pid_t pid)
{
	atomic_store(&child_pid, (int)pid);
}

void
wf_outfile_doing(const char *fmt, ...)
{
	int next = atomic_load(&doing_cur) == 0 ? 1 : 0;
	va_list ap;

	if (fmt == NULL) {	/* nothing to say any more */
		atomic_store(&doing_cur, -1);
		return;
	}
	va_start(ap, fmt);
	vsnprintf(doing_buf[next], sizeof doing_buf[next], fmt, ap);
	va_end(ap);
	atomic_store(&doing_cur, doing_buf[next][0] ? next : -1);
}

static void
say(const char *s)
{
	size_t len = strlen(s);

	while (len > 0) {
		ssize_t n = write(STDERR_FILENO, s, len);

		if (n <= 0)
			break;
		s += n;
		len -= (size_t)n;
	}
}

/* Only async-signal-safe calls: kill, waitpid, unlink, rmdir, write, _exit. */
static void
on_signal(int sig)
{
	static atomic_flag once = ATOMIC_FLAG_INIT;
	const char *name = sig == SIGINT ? "SIGINT" : sig == SIGTERM ? "SIGTERM" : "SIGHUP";
	int cur, removed;
	pid_t child;

	if (getpid() != owner_pid)
		_exit(128 + sig);
	if (atomic_flag_test_and_set(&once))
		for (;;)	/* a second signal, maybe in another thread: the first one exits */
			pause();
	atomic_store(&dying, 1);
	if ((child = (pid_t)atomic_load(&child_pid)) > 0) {
		kill(child, SIGKILL);
		waitpid(child, NULL, 0);
	}
	removed = wf_outfile_temp_cleanup();
	say(stderr_tty ? "\nwfsim: interrupted by " : "wfsim: interrupted by ");
	say(name);
	cur = atomic_load(&doing_cur);
	if (cur == 0 || cur == 1) {
		say(" while ");
		say(doing_buf[cur]);
	}
	say(removed ? "; unfinished output files removed\n" : "\n");
	_exit(128 + sig);
}

void
wf_outfile_init(int catch_signals)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	size_t i;

	if (!atomic_exchange(&initialised, 1)) {
		/* The only way to read the umask is to set it: done once, before any thread. */
		mode_t mask = umask(0);

		umask(mask);
		file_mode = 0666 & ~mask;
	}
	if (!catch_signals)
		return;
	owner_pid = getpid();
	stderr_tty = isatty(STDERR_FILENO);
	for (i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
		struct sigaction sa, old;

		if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
			continue;
		memset(&sa, 0, sizeof sa);
		sa.sa_handler = on_signal;
		sigemptyset(&sa.sa_mask);
		sigaddset(&sa.sa_mask, SIGINT);
		sigaddset(&sa.sa_mask, SIGTERM);
		sigaddset(&sa.sa_mask, SIGHUP);
		sigaction(sigs[i], &sa, NULL);
	}
}

/* ---- where a name really leads ---- */

/* The descriptor that /dev/stdout, /dev/stderr, /dev/fd/N or /proc/self/fd/N stands for, or
 * -1.  These are written through a duplicate of the descriptor: reopening them would start a
 * new file offset (and a regular file behind them would be truncated under the shell). */
static int
fd_alias(const char *p)
{
	const char *n = NULL;
	char *end;
	long fd;

	if (strcmp(p, "/dev/stdout") == 0)
		return STDOUT_FILENO;
	if (strcmp(p, "/dev/stderr") == 0)
		return STDERR_FILENO;
	if (strncmp(p, "/dev/fd/", 8) == 0)
		n = p + 8;
	else if (strncmp(p, "/proc/self/fd/", 14) == 0)
		n = p + 14;
	if (n == NULL || *n < '0' || *n > '9')
		return -1;
	errno = 0;
	fd = strtol(n, &end, 10);
	if (*end != '\0' || errno || fd > INT_MAX)
		return -1;
	return (int)fd;
}

/* Follows symlinks from path to the name that is really written, kept in *real (the
 * caller frees it); *alias is set for a descriptor name.  0, or -1 with errno (ELOOP). */
static int
resolve(const char *path, char **real, int *alias)
{
	char *p = wf_xstrdup(path), *buf = wf_xmalloc(PATH_MAX);
	int hops;

	*real = NULL;
	for (hops = 0; ; hops++) {
		struct stat st;
		ssize_t n;
		char *next, *slash;

		if ((*alias = fd_alias(p)) >= 0 || lstat(p, &st) != 0 || !S_ISLNK(st.st_mode))
			break;
		if (hops == MAX_HOPS) {
			errno = ELOOP;
			goto fail;
		}
		n = readlink(p, buf, PATH_MAX - 1);
		if (n < 0)
			goto fail;
		buf[n] = '\0';
		slash = strrchr(p, '/');
		if (buf[0] == '/' || slash == NULL)
			next = wf_xstrdup(buf);
		else
			next = wf_xasprintf("%.*s/%s", (int)(slash - p), p, buf);
		free(p);
		p = next;
	}
	free(buf);
	*real = p;
	return 0;
fail:
	free(buf);
	free(p);
	return -1;
}

/* A duplicate of descriptor fd if it is open for writing, or -1 with errno. */
static int
dup_writable(int fd)
{
	int fl = fcntl(fd, F_GETFL), d;

	if (fl == -1)
		return -1;
	if ((fl & O_ACCMODE) == O_RDONLY) {
		errno = EBADF;
		return -1;
	}
	d = fcntl(fd, F_DUPFD_CLOEXEC, 3);
	return d;
}

int
wf_outfile_is_direct(const char *path)
{
	struct stat st;
	char *real;
	int alias, direct;

	if (strcmp(path, "-") == 0)
		return 1;
	if (resolve(path, &real, &alias) != 0)
		return 0;
	direct = alias >= 0 || (stat(real, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode));
	free(real);
	return direct;
}

/* Directory part of path ("." for a bare name). */
static char *
dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		return wf_xstrdup(".");
	if (slash == path)
		return wf_xstrdup("/");
	return wf_xstrndup(path, (size_t)(slash - path));
}

/* Whether a new file can be made as `base`.tmpXXXXXX: made and removed at once.  access(2)
 * would not do: root passes it on a read-only file system or in /proc.  0 or an errno. */
static int
probe(const char *base)
{
	char *tmp = wf_xasprintf("%s.tmpXXXXXX", base);
	int slot = wf_outfile_temp_add(tmp, 0), fd = mkstemp(tmp), e = fd == -1 ? errno : 0;

	if (fd != -1) {
		close(fd);
		unlink(tmp);
	}
	wf_outfile_temp_drop(slot);
	free(tmp);
	return e;
}

int
wf_outfile_check(const char *path, char *err, size_t errlen)
{
	struct stat st;
	char *real;
	int alias, fd, e = 0;

	if (strcmp(path, "-") == 0)
		return 0;
	if (resolve(path, &real, &alias) != 0) {
		snprintf(err, errlen, "cannot write '%s': %s", path, strerror(errno));
		return -1;
	}
	if (alias >= 0) {
		if ((fd = dup_writable(alias)) == -1)
			e = errno;
		else
			close(fd);
	} else if (stat(real, &st) == 0 && S_ISDIR(st.st_mode)) {
		e = EISDIR;
	} else if (stat(real, &st) == 0 && !S_ISREG(st.st_mode)) {
		/* not opened here: opening a FIFO waits for its reader */
		if (access(real, W_OK) != 0)
			e = errno;
	} else {
		e = probe(real);	/* replaced or created: its directory must take a new file */
	}
	free(real);
	if (e != 0) {
		snprintf(err, errlen, "cannot write '%s': %s", path, strerror(e));
		return -1;
	}
	return 0;
}

int
wf_outfile_check_dir(const char *dir, char *err, size_t errlen)
{
	char *p = wf_xstrdup(dir);
	struct stat st;
	int e = 0;

	/* Up to the nearest ancestor that exists: it must be a directory we may write in. */
	for (;;) {
		char *slash;

		if (stat(p, &st) == 0) {
			if (!S_ISDIR(st.st_mode)) {
				e = ENOTDIR;
			} else {
				char *base = wf_xasprintf("%s/.wfsim", p);

				e = probe(base);
				free(base);
			}
			break;
		}
		if (errno != ENOENT || strcmp(p, ".") == 0) {
			e = errno;
			break;
		}
		while ((slash = strrchr(p, '/')) != NULL && slash[1] == '\0' && slash != p)
			*slash = '\0';	/* trailing slashes */
		slash = strrchr(p, '/');
		if (slash == NULL) {
			free(p);
			p = wf_xstrdup(".");
		} else if (slash == p) {
			p[1] = '\0';
		} else {
			*slash = '\0';
		}
	}
	free(p);
	if (e != 0) {
		snprintf(err, errlen, "cannot create directory '%s': %s", dir, strerror(e));
		return -1;
	}
	return 0;
}

/* ---- writing ---- */

static void
release(struct wf_outfile *o)
{
	wf_outfile_temp_drop(o->slot);
	free(o->name);
	free(o->path);
	free(o->tmp);
	memset(o, 0, sizeof(*o));
	o->slot = -1;
}

int
wf_outfile_open(struct wf_outfile *o, const char *path, char *err, size_t errlen)
{
	struct stat st;
	char *real = NULL;
	int fd = -1, alias, e;

	memset(o, 0, sizeof(*o));
	o->slot = -1;
	if (strcmp(path, "-") == 0) {
		o->fp = stdout;
		o->direct = 1;
		return 0;
	}
	if (!atomic_load(&initialised))
		wf_outfile_init(0);
	o->name = wf_xstrdup(path);
	if (resolve(path, &real, &alias) != 0)
		goto fail;
	if (alias >= 0 || (stat(real, &st) == 0 && !S_ISREG(st.st_mode))) {
		o->direct = 1;
		if (alias >= 0)
			fd = dup_writable(alias);
		else if (S_ISDIR(st.st_mode))
			errno = EISDIR;
		else
			fd = open(real, O_WRONLY | O_NOCTTY | O_CLOEXEC);
		if (fd == -1)
			goto fail;
	} else {
		o->path = real;
		real = NULL;
		o->tmp = wf_xasprintf("%s.tmpXXXXXX", o->path);
		/* Registered before it exists: no moment where a signal leaves it behind. */
		o->slot = wf_outfile_temp_add(o->tmp, 0);
		fd = mkstemp(o->tmp);
		if (fd == -1)
			goto fail;
		/* mkstemp makes the file 0600; results are ordinary files, subject to the umask. */
		fchmod(fd, file_mode);
	}
	if ((o->fp = fdopen(fd, "w")) == NULL)
		goto fail;
	free(real);
	return 0;
fail:
	e = errno;
	snprintf(err, errlen, "cannot write '%s': %s", path, strerror(e));
	if (fd >= 0) {
		close(fd);
		if (o->tmp != NULL)
			unlink(o->tmp);
	}
	free(real);
	release(o);
	return -1;
}

/* Makes the rename durable: 0 or an errno.  Some file systems cannot sync a directory
 * (EINVAL); that is not an error. */
static int
sync_dir(const char *path)
{
	char *dir = dir_of(path);
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), e = 0;

	if (fd == -1)
		e = errno;
	else if (fsync(fd) != 0 && errno != EINVAL && errno != EROFS)
		e = errno;
	if (fd != -1)
		close(fd);
	free(dir);
	return e;
}

int
wf_outfile_write(const char *path, void (*fill)(FILE *fp, const void *ctx), const void *ctx,
		 char *err, size_t errlen)
{
	struct wf_outfile o;

	if (wf_outfile_open(&o, path, err, errlen) != 0)
		return -1;
	fill(o.fp, ctx);
	return wf_outfile_commit(&o, err, errlen);
}

int
wf_outfile_commit(struct wf_outfile *o, char *err, size_t errlen)
{
	const char *what = NULL;
	int e = 0;

	if (o->fp == NULL)
		return -1;
	if (o->fp == stdout && o->name == NULL) {
		o->fp = NULL;
		if (fflush(stdout) != 0 || ferror(stdout)) {
			snprintf(err, errlen, "cannot write to standard output: %s", strerror(errno ? errno : EIO));
			return -1;
		}
		return 0;
	}
	if (fflush(o->fp) != 0 || ferror(o->fp))
		e = errno ? errno : EIO;
	/* fsync before the rename: else a crash may leave the new name on empty blocks */
	if (e == 0 && !o->direct && fsync(fileno(o->fp)) != 0 && errno != EINVAL)
		e = errno;
	if (fclose(o->fp) != 0 && e == 0)
		e = errno ? errno : EIO;
	o->fp = NULL;
	if (e == 0 && !o->direct && rename(o->tmp, o->path) != 0)
		e = errno;
	if (e != 0 && o->tmp != NULL)
		unlink(o->tmp);
	if (e == 0 && !o->direct && (e = sync_dir(o->path)) != 0)
		what = "is in place, but its directory could not be synced";
	if (e != 0) {
		if (what != NULL)
			snprintf(err, errlen, "'%s' %s: %s", o->name, what, strerror(e));
		else
			snprintf(err, errlen, "cannot write '%s': %s", o->name, strerror(e));
	}
	release(o);
	return e != 0 ? -1 : 0;
}

void
wf_outfile_abort(struct wf_outfile *o)
{
	if (o->fp != NULL && o->name != NULL) {
		fclose(o->fp);
		if (o->tmp != NULL)
			unlink(o->tmp);
	}
	release(o);
}

int
wf_same_file(const char *a, const char *b)
{
	struct stat sa, sb;

	if (stat(a, &sa) != 0 || stat(b, &sb) != 0)
		return 0;
	return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}
