/* blas_room.c: a guard before each BLAS call. OpenBLAS maps a work buffer
 * of 128 MiB (plus a page) the first time a thread calls it, and when that
 * mapping fails (a process under 'ulimit -v') it retries forever at full
 * CPU. So see first whether the process can map that much now, and fail
 * with a message instead of hanging. */
#include "internal.h"

#include <sys/mman.h>

/* OpenBLAS's BUFFER_SIZE on x86_64 (32 << 22) and the page it adds. */
#define BLAS_BUFFER_BYTES (((size_t)32 << 22) + 4096)

int blas_room(ostrec *db)
{
    void *probe = mmap(NULL, BLAS_BUFFER_BYTES, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (probe == MAP_FAILED)
        return ostrec__fail(db, OSTREC_ENOMEM,
                            "out of memory: scoring needs %zu MiB of address space for the BLAS work buffer "
                            "(is a memory limit such as 'ulimit -v' set?)",
                            BLAS_BUFFER_BYTES >> 20);
    munmap(probe, BLAS_BUFFER_BYTES);
    return OSTREC_OK;
}
