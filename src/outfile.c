/* Whole-or-nothing output files.  A crash, a full disk or an interrupted run never leaves a
 * half-written JSON, CSV or report where the user expects a good one: everything goes to a
 * temporary file in the same directory (so rename is atomic) and is renamed at the end. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "wfsim/outfile.h"
#include "wfsim/xalloc.h"

int
wf_outfile_open(struct wf_outfile *o, const char *path, char *err, size_t errlen)
{
	int fd;

	memset(o, 0, sizeof(*o));
	if (strcmp(path, "-") == 0) {
		o->fp = stdout;
		return 0;
	}
	o->path = wf_xstrdup(path);
	o->tmp = wf_xasprintf("%s.tmpXXXXXX", path);
	fd = mkstemp(o->tmp);
	if (fd < 0 || (o->fp = fdopen(fd, "w")) == NULL) {
		snprintf(err, errlen, "cannot write '%s': %s", path, strerror(errno));
		if (fd >= 0) {
			close(fd);
			unlink(o->tmp);
		}
		free(o->path);
		free(o->tmp);
		memset(o, 0, sizeof(*o));
		return -1;
	}
	/* mkstemp makes the file 0600; results are ordinary files, subject to the umask. */
	{
		mode_t mask = umask(0);

		umask(mask);
		fchmod(fd, 0666 & ~mask);
	}
	return 0;
}

int
wf_outfile_commit(struct wf_outfile *o, char *err, size_t errlen)
{
	int bad;

	if (o->fp == NULL)
		return -1;
	if (o->path == NULL) {	/* stdout */
		bad = fflush(o->fp) != 0 || ferror(o->fp);
		o->fp = NULL;
		if (bad) {
			snprintf(err, errlen, "cannot write to standard output: %s", strerror(errno));
			return -1;
		}
		return 0;
	}
	bad = fflush(o->fp) != 0 || ferror(o->fp);
	if (fclose(o->fp) != 0)
		bad = 1;
	o->fp = NULL;
	if (!bad && rename(o->tmp, o->path) != 0)
		bad = 1;
	if (bad) {
		snprintf(err, errlen, "cannot write '%s': %s", o->path, strerror(errno ? errno : EIO));
		unlink(o->tmp);
	}
	free(o->path);
	free(o->tmp);
	o->path = o->tmp = NULL;
	return bad ? -1 : 0;
}

void
wf_outfile_abort(struct wf_outfile *o)
{
	if (o->fp != NULL && o->path != NULL) {
		fclose(o->fp);
		unlink(o->tmp);
	}
	free(o->path);
	free(o->tmp);
	memset(o, 0, sizeof(*o));
}

int
wf_same_file(const char *a, const char *b)
{
	struct stat sa, sb;

	if (stat(a, &sa) != 0 || stat(b, &sb) != 0)
		return 0;
	return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}
