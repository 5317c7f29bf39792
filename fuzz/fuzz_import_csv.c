/* fuzz_import_csv.c: fuzz target: the input as a CSV file for ostrec_import. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_import(data, size, OSTREC_FORMAT_CSV);
    return 0;
}
