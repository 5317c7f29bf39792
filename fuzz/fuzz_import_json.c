/* fuzz_import_json.c: fuzz target: the input as a JSON file for ostrec_import. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_import(data, size, OSTREC_FORMAT_JSON);
    return 0;
}
