/* output.c: where a command's -o FILE output goes, written so that nothing
 * but a regular file is ever replaced and no planted link is ever followed. */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The directory part of `path` ("." when it has none), for fsync after a
 * rename; the caller frees it. */
static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (slash == NULL) return strdup(".");
    if (slash == path) return strdup("/");
    return strndup(path, (size_t)(slash - path));
}

/* Start writing in place: a FIFO, a device or anything else that is not a
 * regular file is opened as it is, never created or truncated. Returns 1 when
 * it turned out to be a regular file after all (then nothing is open). */
static int open_in_place(cli_output *o)
{
    int fd = open(o->target, O_WRONLY | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        cli_error("cannot write '%s': %s", o->path, strerror(errno));
        return -1;
    }
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) { /* replaced since it was looked at */
        close(fd);
        return 1;
    }
    if ((o->f = fdopen(fd, "w")) == NULL) {
        cli_error("cannot write '%s': %s", o->path, strerror(errno));
        close(fd);
        return -1;
    }
    return 0;
}

/* Start writing a temporary beside the target, made with mkstemp (a fresh
 * name, O_EXCL), with the target's permissions, or the ones a new file gets. */
static int open_temporary(cli_output *o, const struct stat *existing)
{
    size_t n = strlen(o->target) + sizeof ".XXXXXX";
    if ((o->tmp = malloc(n)) == NULL) {
        cli_error("out of memory");
        return -1;
    }
    snprintf(o->tmp, n, "%s.XXXXXX", o->target);
    int fd = mkstemp(o->tmp);
    if (fd < 0) {
        cli_error("cannot write '%s': cannot create a temporary file beside it: %s", o->path, strerror(errno));
        free(o->tmp);
        o->tmp = NULL;
        return -1;
    }
    mode_t mode;
    if (existing != NULL) {
        mode = existing->st_mode & 07777;
    } else {
        mode_t mask = umask(0);
        umask(mask);
        mode = 0666 & ~mask;
    }
    if (fchmod(fd, mode) != 0 || (o->f = fdopen(fd, "w")) == NULL) {
        cli_error("cannot write '%s': %s", o->path, strerror(errno));
        close(fd);
        unlink(o->tmp);
        free(o->tmp);
        o->tmp = NULL;
        return -1;
    }
    return 0;
}

int cli_output_open(cli_output *o, const char *path)
{
    memset(o, 0, sizeof *o);
    o->path = path;
    if (path == NULL || strcmp(path, "-") == 0) {
        o->f = stdout;
        return EXIT_OK;
    }
    struct stat st;
    int exists = lstat(path, &st) == 0, lstat_errno = exists ? 0 : errno;
    if (exists && S_ISLNK(st.st_mode)) {
        /* Write through to the file the link names; the link stays. */
        o->target = realpath(path, NULL);
        if (o->target == NULL || stat(o->target, &st) != 0) {
            cli_error("cannot write '%s': it is a symbolic link to a file that does not exist (%s)", path,
                      strerror(errno));
            free(o->target);
            o->target = NULL;
            return EXIT_RUNTIME;
        }
    } else {
        o->target = strdup(path);
        if (o->target == NULL) {
            cli_error("out of memory");
            return EXIT_RUNTIME;
        }
    }
    if (!exists && lstat_errno != ENOENT) {
        cli_error("cannot write '%s': %s", path, strerror(lstat_errno));
    } else if (exists && S_ISDIR(st.st_mode)) {
        cli_error("cannot write '%s': it is a directory", path);
    } else if (exists && !S_ISREG(st.st_mode)) {
        int rc = open_in_place(o);
        if (rc == 0) return EXIT_OK;
        if (rc == 1 && open_temporary(o, NULL) == 0) return EXIT_OK;
    } else if (open_temporary(o, exists ? &st : NULL) == 0) {
        return EXIT_OK;
    }
    free(o->target);
    o->target = NULL;
    return EXIT_RUNTIME;
}

int cli_output_finish(cli_output *o, int status)
{
    if (o->f == stdout || o->f == NULL) return status; /* main checks standard output */
    int err = 0;
    if (fflush(o->f) != 0 || ferror(o->f)) err = errno ? errno : EIO;
    if (err == 0 && o->tmp != NULL && fsync(fileno(o->f)) != 0) err = errno;
    if (fclose(o->f) != 0 && err == 0) err = errno;
    o->f = NULL;
    if (status == EXIT_OK && err != 0) {
        cli_error("cannot write '%s': %s", o->path, strerror(err));
        status = EXIT_RUNTIME;
    }
    if (o->tmp != NULL) {
        if (status == EXIT_OK && rename(o->tmp, o->target) != 0) {
            cli_error("cannot write '%s': cannot replace it: %s", o->path, strerror(errno));
            status = EXIT_RUNTIME;
        }
        if (status != EXIT_OK) {
            unlink(o->tmp);
        } else { /* make the rename itself durable */
            char *dir = dir_of(o->target);
            int fd = dir ? open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
            if (fd >= 0) {
                fsync(fd);
                close(fd);
            }
            free(dir);
        }
    }
    free(o->tmp);
    free(o->target);
    o->tmp = o->target = NULL;
    return status;
}
