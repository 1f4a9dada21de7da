/*
 * workflow_int.h: what the files of the workflow loader share.
 * workflow_load.c reads the YAML with libyaml into a dossier_workflow,
 * checking keys, types, names and values as it goes, with the node helpers
 * of workflow_yaml.c; workflow_stages.c reads the stages, their
 * transitions and guards; workflow_check.c runs the checks that need the
 * whole definition (the stage graph and the order of deadlines along it);
 * workflow_find.c finds things in a loaded definition. Only
 * workflow_load.c calls the others, and none calls it back. Every
 * allocation of a definition belongs to one list, freed at once by
 * dossier_workflow_free().
 */
#ifndef DOSSIER_WORKFLOW_PRIVATE_H
#define DOSSIER_WORKFLOW_PRIVATE_H

#include <yaml.h>

#include "dossier/workflow.h"

/* The definition as allocated: the public part first, so that a
 * dossier_workflow pointer is also a wf_impl pointer. */
/* A calendar the definition included (`calendar: include:`), as read. */
typedef struct wf_include {
	const char *path;      /* as the definition names it */
	int year;
	const dossier_date *holidays;
	size_t nholidays;
} wf_include;

typedef struct wf_impl {
	dossier_workflow pub;
	void **blocks;   /* every allocation made for the definition */
	size_t nblocks, cap;
	wf_include *includes;
	size_t nincludes;
} wf_impl;

/* The state of one load. */
typedef struct wf_ctx {
	const char *path;
	dossier_diags *diags;
	yaml_document_t *doc;
	wf_impl *impl;
	int oom;
	size_t guard_nodes;
	int graph_incomplete; /* a transition, stage or the start was dropped */
	int roles_incomplete; /* a role's action or a participant's role was dropped */
	int final_unknown;    /* a stage's 'final' could not be read */
	int deep_reported;    /* guard-too-deep reported for the current transition */
	int stage_unsure;     /* the current stage had a key or value dropped */
	int pinned;           /* a dossier's pinned definition (workflow_pinned.h) */
	yaml_document_t *pin; /* its second document, what init took from outside it; or NULL */
	/* Names collected before the full walk, for resolving references. */
	const char **role_ids;
	size_t nrole_ids;
	const char **stage_ids;
	size_t nstage_ids;
	const char **participant_ids;
	size_t nparticipant_ids;
} wf_ctx;

/* Allocation owned by the definition being loaded (NULL and c->oom on failure). */
void *wf_alloc(wf_ctx *c, size_t n, size_t size);
const char *wf_strdup(wf_ctx *c, const char *s);

/* ---- workflow_yaml.c: the node helpers ---- */

/* Report an error at a libyaml mark (0-based, shown 1-based); returns -1. */
int wf_at(wf_ctx *c, yaml_mark_t m, const char *code, const char *fmt, ...) DOSSIER_PRINTF(4, 5);
/* A check added to the format after dossiers may have pinned their
 * definitions: an error, but a warning in a pinned definition
 * (workflow_pinned.h). Returns whether the value may be kept. */
bool wf_later_check(wf_ctx *c, yaml_mark_t m, const char *code, const char *fmt, ...) DOSSIER_PRINTF(4, 5);
/* "did you mean" on the last diagnostic, when a candidate is close. */
void wf_hint_closest(wf_ctx *c, const char *word, const char *const *cands, size_t n);

/* Node helpers: each reports what it expected and returns NULL/-1 on a mismatch. */
yaml_node_t *wf_node(wf_ctx *c, int index);
const char *wf_kind_name(const yaml_node_t *n);
bool wf_is_null(const yaml_node_t *n);
const char *wf_scalar(wf_ctx *c, yaml_node_t *n, const char *what);
int wf_boolean(wf_ctx *c, yaml_node_t *n, const char *what, bool *out);
yaml_node_t *wf_sequence(wf_ctx *c, yaml_node_t *n, const char *what);
size_t wf_seq_len(const yaml_node_t *n);
yaml_node_t *wf_seq_item(wf_ctx *c, const yaml_node_t *n, size_t i);
size_t wf_map_len(const yaml_node_t *n);
/* A mapping with a fixed set of keys: values[i]/keys[i] for names[i];
 * unknown and duplicate keys reported. -1 when n is not a mapping. */
int wf_fields(wf_ctx *c, yaml_node_t *n, const char *what, const char *const *names,
	size_t nnames, yaml_node_t **values, yaml_node_t **keys);
int wf_require(wf_ctx *c, yaml_node_t *n, yaml_node_t *value, const char *key, const char *what);
const char *wf_id_value(wf_ctx *c, yaml_node_t *n, const char *what);
ptrdiff_t wf_find(const char *const *names, size_t n, const char *s);
bool wf_looks_like_date(const char *s);
int wf_date_value(wf_ctx *c, yaml_node_t *n, const char *what, dossier_date *out);
int wf_period_value(wf_ctx *c, yaml_node_t *n, const char *what, dossier_period *out);
/* Report an error diagnostic (1-based place). Returns 0 or DOSSIER_ENOMEM. */
int wf_diag(dossier_diags *diags, const char *code, const char *path,
	unsigned line, unsigned column, const char *fmt, ...) DOSSIER_PRINTF(6, 7);

/* ---- workflow_find.c ---- */

/* The actions (1u << dossier_action) `role` may take; 0 for no role. */
unsigned wf_role_actions(const dossier_workflow *wf, const char *role);

/* ---- workflow_keys.c ---- */

/* A participant's `key` / `keys` (either may be NULL). */
void wf_load_participant_keys(wf_ctx *c, dossier_participant *p, yaml_node_t *key, yaml_node_t *keys);
/* `signatures`, `vouchers` and `key-managers` (each may be
 * NULL), once the participants are loaded; also that no key is given twice. */
void wf_load_signatures(wf_ctx *c, yaml_node_t *signatures, yaml_node_t *vouchers, yaml_node_t *managers);

/* ---- workflow_stages.c ---- */

/* The `stages` mapping (roles and participants already loaded). */
void wf_load_stages(wf_ctx *c, yaml_node_t *n);

/* ---- workflow_check.c ---- */

/* The graph checks: the order of absolute deadlines along every path and,
 * when `paths` is true (every stage and transition loaded), unreachable
 * stages and stages from which no final stage can be reached. Transition
 * targets naming no stage are skipped. Returns 0 or DOSSIER_ENOMEM. */
int wf_check_graph(const dossier_workflow *wf, dossier_diags *diags, bool paths);

#endif
