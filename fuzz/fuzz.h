/*
 * fuzz.h: what the fuzz targets share (fuzz_common.c): temporary
 * directories removed at exit, files of the source tree found by absolute
 * path (never through the current directory), a sample dossier made through
 * the public API, and the harness of the two import targets.
 *
 * Every target defines LLVMFuzzerInitialize and LLVMFuzzerTestOneInput; it
 * is linked either with libFuzzer (-Dfuzz=true, scripts/fuzz.sh) or with
 * driver.c, which replays files through the same function in the normal
 * test suite. A broken invariant is reported with fuzz_die(), which aborts
 * so that libFuzzer keeps the input. docs/fuzzing.md describes them all.
 */
#ifndef DOSSIER_FUZZ_H
#define DOSSIER_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include "dossier/dossier.h"
#include "dossier/import.h"
#include "base/util.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Print "fuzz: MESSAGE" on stderr and abort(): a harness failure or a
 * broken invariant, which libFuzzer records as a crash. */
void fuzz_die(const char *fmt, ...) DOSSIER_PRINTF(1, 2);

/* A new directory "dossier-fuzz-NAME-XXXXXX" under $TMPDIR (else /tmp),
 * removed with everything in it when the process exits normally. Never
 * NULL (dies instead). The caller frees the string. */
char *fuzz_tmpdir(const char *name);
/* Remove a directory tree; 0 or -1. */
int fuzz_rmtree(const char *path);
/* Write a whole file; dies on failure. */
void fuzz_write_file(const char *path, const void *data, size_t len);
/* An absolute path into the source tree (DOSSIER_SOURCE_ROOT). Caller frees. */
char *fuzz_source_path(const char *rel);
/* A NUL-terminated copy of the input. Caller frees. */
char *fuzz_strndup(const uint8_t *data, size_t size);

/* What any document the engine builds must satisfy: every provision is
 * found by its eId, has a citation and a text, and the document compared
 * with itself shows no change. Dies otherwise. */
void fuzz_check_document(const dossier_document *doc, const char *what);

/* The sample dossier: workflows/decree-simplified.yaml, revision v1 of
 * FUZZ_DRAFT by the drafting agency, and the member comment round open.
 * Made at `dir` (bare or not) through the public API at fixed times, so
 * that its commits are the same on every run. Dies on failure. */
#define FUZZ_WORKFLOW "workflows/decree-simplified.yaml"
#define FUZZ_AGENCY "moc"
#define FUZZ_NOW "2025-07-10T09:00:00"
extern const char FUZZ_DRAFT[];
void fuzz_make_dossier(const char *dir, bool bare);
/* Open it acting as `as` at time `now`. Dies on failure. */
dossier *fuzz_open_dossier(const char *dir, const char *as, const char *now);

/* The import targets: one input imported as JSON Lines or CSV into the
 * sample dossier (created on the first call). After an import that
 * succeeds, every comment must read back and `verify` must be clean; then
 * the branch goes back to where it was. */
void fuzz_import_init(void);
void fuzz_import_one(const uint8_t *data, size_t size, dossier_import_format format);

#endif
