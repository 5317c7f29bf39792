/* fuzz_import_artists.c: fuzz target: the input as a CSV artists file for
 * ostrec_import_artists. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_import_artists(data, size, OSTREC_FORMAT_CSV);
    return 0;
}
