/* Tests of the output writer: fsync of the file before the rename and of its directory after,
 * the umask read once rather than toggled per file, the registry of temporary files, and the
 * names that are written in place.  fsync and umask are interposed here (the library is
 * linked statically, so these definitions are the ones it calls) to watch what it does. */
#include <check.h>
#include "testutil.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "wfsim/outfile.h"
#include "wfsim/xalloc.h"

/* ---- interposed system calls ---- */

static int n_umask;

mode_t
umask(mode_t mask)
{
	n_umask++;
	return (mode_t)syscall(SYS_umask, mask);
}

struct sync_seen {
	int is_dir;
	char target[16];	/* what the watched name held at that moment */
};
static struct sync_seen syncs[16];
static int n_sync;
static const char *watched;

static void
read_small(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");
	size_t n = 0;

	if (f != NULL) {
		n = fread(buf, 1, len - 1, f);
		fclose(f);
	}
	buf[n] = '\0';
}

int
fsync(int fd)
{
	struct stat st;

	if (n_sync < 16) {
		syncs[n_sync].is_dir = fstat(fd, &st) == 0 && S_ISDIR(st.st_mode);
		if (watched != NULL)
			read_small(watched, syncs[n_sync].target, sizeof syncs[n_sync].target);
		n_sync++;
	}
	return (int)syscall(SYS_fsync, fd);
}

/* ---- helpers ---- */

static char *
tmpdir(void)
{
	char *d = wf_xstrdup("/tmp/wfsim-outfile-XXXXXX");

	ck_assert_ptr_nonnull(mkdtemp(d));
	return d;
}

static void
put(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

/* Entries of dir other than . and .. */
static int
entries(const char *dir)
{
	char *cmd = wf_xasprintf("test $(ls -A '%s' | wc -l) -eq 0", dir);
	int n = system(cmd) == 0 ? 0 : 1;

	free(cmd);
	return n;
}

static void
rmrf(const char *dir)
{
	char *cmd = wf_xasprintf("rm -rf '%s'", dir);

	ck_assert_int_eq(system(cmd), 0);
	free(cmd);
}

static void
write_through(const char *path, const char *text)
{
	struct wf_outfile o;
	char err[256];

	ck_assert_msg(wf_outfile_open(&o, path, err, sizeof err) == 0, "%s", err);
	fputs(text, o.fp);
	ck_assert_msg(wf_outfile_commit(&o, err, sizeof err) == 0, "%s", err);
}

/* ---- tests ---- */

/* The new contents are on disk before the name points at them, and the rename is on disk
 * before commit returns: fsync of the file while the old contents are still in place, then
 * of the directory once the new ones are. */
START_TEST(test_sync_order)
{
	char *dir = tmpdir(), *path = wf_xasprintf("%s/r.json", dir);

	put(path, "old");
	watched = path;
	n_sync = 0;
	write_through(path, "new");
	watched = NULL;
	ck_assert_int_eq(n_sync, 2);
	ck_assert_int_eq(syncs[0].is_dir, 0);
	ck_assert_str_eq(syncs[0].target, "old");
	ck_assert_int_eq(syncs[1].is_dir, 1);
	ck_assert_str_eq(syncs[1].target, "new");
	rmrf(dir);
	free(path);
	free(dir);
}
END_TEST

/* The umask is read once, at start-up: writing files never changes it, even for a moment
 * (another thread creating a file then would get the wrong mode).  Files still get its mode. */
START_TEST(test_umask_once)
{
	char *dir = tmpdir(), *path;
	struct stat st;
	int i, after_init;

	syscall(SYS_umask, 027);
	n_umask = 0;
	wf_outfile_init(0);
	after_init = n_umask;
	ck_assert_int_le(after_init, 2);
	for (i = 0; i < 5; i++) {
		path = wf_xasprintf("%s/f%d", dir, i);
		write_through(path, "x");
		ck_assert_int_eq(stat(path, &st), 0);
		ck_assert_int_eq(st.st_mode & 0777, 0640);
		free(path);
	}
	ck_assert_int_eq(n_umask, after_init);
	rmrf(dir);
	free(dir);
}
END_TEST

/* What the signal handler removes: an open output's temporary file, registered files, then
 * registered directories; a committed file is no longer registered. */
START_TEST(test_registry)
{
	char *dir = tmpdir(), *path = wf_xasprintf("%s/ev.csv", dir);
	char *sub = wf_xasprintf("%s/plots", dir), *pic = wf_xasprintf("%s/plots/a.png", dir);
	struct wf_outfile o;
	char err[256];
	int s1, s2;

	ck_assert_int_eq(wf_outfile_open(&o, path, err, sizeof err), 0);
	fputs("case_id\n", o.fp);
	fflush(o.fp);
	ck_assert_int_eq(access(o.tmp, F_OK), 0);
	ck_assert_int_eq(mkdir(sub, 0777), 0);
	put(pic, "png");
	s1 = wf_outfile_temp_add(sub, 1);
	s2 = wf_outfile_temp_add(pic, 0);
	ck_assert_int_ge(s1, 0);
	ck_assert_int_ge(s2, 0);
	ck_assert_int_eq(wf_outfile_temp_cleanup(), 3);
	ck_assert_int_eq(entries(dir), 0);
	ck_assert_int_eq(wf_outfile_temp_cleanup(), 0);
	wf_outfile_abort(&o);
	write_through(path, "kept");
	ck_assert_int_eq(wf_outfile_temp_cleanup(), 0);
	ck_assert_int_eq(access(path, F_OK), 0);
	rmrf(dir);
	free(path);
	free(sub);
	free(pic);
	free(dir);
}
END_TEST

/* A FIFO, a descriptor and a symlink: the first two are written in place, the link's target is
 * replaced and the link stays. */
START_TEST(test_in_place)
{
	char *dir = tmpdir(), *fifo = wf_xasprintf("%s/fifo", dir), *fdname, buf[64];
	char *target = wf_xasprintf("%s/target", dir), *link = wf_xasprintf("%s/link", dir);
	struct stat st;
	int rd, fds[2];
	ssize_t n;

	ck_assert_int_eq(mkfifo(fifo, 0600), 0);
	rd = open(fifo, O_RDONLY | O_NONBLOCK);	/* a reader, so that opening to write goes on */
	ck_assert_int_ge(rd, 0);
	ck_assert_int_eq(wf_outfile_is_direct(fifo), 1);
	write_through(fifo, "through the fifo");
	n = read(rd, buf, sizeof buf - 1);
	ck_assert_int_gt(n, 0);
	buf[n] = '\0';
	ck_assert_str_eq(buf, "through the fifo");
	ck_assert_int_eq(lstat(fifo, &st), 0);
	ck_assert(S_ISFIFO(st.st_mode));
	close(rd);

	ck_assert_int_eq(pipe(fds), 0);
	fdname = wf_xasprintf("/dev/fd/%d", fds[1]);
	write_through(fdname, "through a descriptor");
	close(fds[1]);
	n = read(fds[0], buf, sizeof buf - 1);
	ck_assert_int_gt(n, 0);
	buf[n] = '\0';
	ck_assert_str_eq(buf, "through a descriptor");
	close(fds[0]);

	put(target, "old");
	ck_assert_int_eq(symlink("target", link), 0);
	ck_assert_int_eq(wf_outfile_is_direct(link), 0);
	write_through(link, "new");
	ck_assert_int_eq(lstat(link, &st), 0);
	ck_assert(S_ISLNK(st.st_mode));
	read_small(target, buf, sizeof buf);
	ck_assert_str_eq(buf, "new");
	rmrf(dir);
	free(fifo);
	free(fdname);
	free(target);
	free(link);
	free(dir);
}
END_TEST

/* The checks before a run name the fault and create nothing. */
START_TEST(test_check)
{
	char *dir = tmpdir(), *missing = wf_xasprintf("%s/no/x.json", dir);
	char *file = wf_xasprintf("%s/file", dir), *under = wf_xasprintf("%s/file/plots", dir);
	char *loop = wf_xasprintf("%s/loop", dir), *ok = wf_xasprintf("%s/a/b/c", dir), err[512];

	ck_assert_int_eq(wf_outfile_check(missing, err, sizeof err), -1);
	ck_assert_ptr_nonnull(strstr(err, "No such file or directory"));
	ck_assert_int_eq(wf_outfile_check(dir, err, sizeof err), -1);
	ck_assert_ptr_nonnull(strstr(err, "Is a directory"));
	ck_assert_int_eq(symlink("loop", loop), 0);
	ck_assert_int_eq(wf_outfile_check(loop, err, sizeof err), -1);
	ck_assert_ptr_nonnull(strstr(err, "symbolic links"));
	put(file, "x");
	ck_assert_int_eq(wf_outfile_check(file, err, sizeof err), 0);
	ck_assert_int_eq(wf_outfile_check_dir(under, err, sizeof err), -1);
	ck_assert_ptr_nonnull(strstr(err, "Not a directory"));
	ck_assert_int_eq(wf_outfile_check_dir(ok, err, sizeof err), 0);
	ck_assert_int_eq(wf_outfile_check("/dev/fd/99", err, sizeof err), -1);
	ck_assert_int_eq(access(ok, F_OK), -1);	/* nothing made */
	rmrf(dir);
	free(missing);
	free(file);
	free(under);
	free(loop);
	free(ok);
	free(dir);
}
END_TEST

int
main(void)
{
	const struct tu_test tests[] = {
		{ "fsync before and after the rename", test_sync_order },
		{ "umask read once", test_umask_once },
		{ "registry of temporary files", test_registry },
		{ "written in place", test_in_place },
		{ "checks before a run", test_check },
	};

	return tu_run("outfile", tests, sizeof(tests) / sizeof(tests[0]), 0);
}
