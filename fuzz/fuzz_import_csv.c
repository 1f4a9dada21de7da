/*
 * fuzz_import_csv.c: `dossier import` of a CSV file from the fuzzer into the
 * sample dossier (fuzz_common.c): the CSV reader, then the checks of every
 * record against the dossier (provision, revision, time window, author).
 * Every problem must carry its line; an import that succeeds must read back
 * (every comment listed, `verify` clean), and is then undone so that each
 * input meets the same dossier. Seeds: tests/fixtures/import.
 */
#include "fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_import_init();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_import_one(data, size, DOSSIER_IMPORT_CSV);
	return 0;
}
