/*
 * frontend.h: what a long-running front end (the web server of web/, see
 * docs/serve.md) needs beyond the command line's calls: one handle that
 * serves many requests in turn, each with its own actor and time; the
 * list of revisions; a revision's Akoma Ntoso exactly as stored. Like
 * every call of the façade, these never print and never exit; a handle is
 * used by one thread at a time.
 */
#ifndef DOSSIER_FRONTEND_H
#define DOSSIER_FRONTEND_H

#include "facade.h"

/*
 * Act with this handle as another participant, at another time (`who` may
 * be NULL: the git user.email and the clock, as dossier_open). What the
 * handle keeps between calls (the pinned workflow, the last revision's eId
 * index) stays; the actor and the time of the next call are resolved
 * again. The strings are copied.
 */
DOSSIER_API int dossier_set_identity(dossier *d, const dossier_identity *who, dossier_error *err);

/* The dossier's git directory (".../.git/", or the bare repository
 * itself), with a trailing '/': where a front end keeps files of its own
 * that must never be cloned, pushed or checked out (the web's account
 * store, GITDIR/dossier/accounts). Borrowed, valid while the handle is. */
DOSSIER_API const char *dossier_git_dir(const dossier *d);
/* The repository's directory: the working tree, or the git directory of a bare dossier. */
DOSSIER_API const char *dossier_path(const dossier *d);

/* One revision of the draft, from its record (revisions/vN.json). */
typedef struct dossier_revision_info {
	unsigned number;     /* N of vN */
	char *name;          /* "v2" */
	char *by;            /* the participant who made it */
	char *by_name;       /* their name in the workflow, or NULL */
	char *stage;         /* the stage it was made in */
	dossier_time time;
	char *message;       /* or NULL */
	char *source;        /* the file's base name, or NULL */
} dossier_revision_info;

typedef struct dossier_revision_list {
	dossier_revision_info *items;  /* v1 first */
	size_t n;
} dossier_revision_list;

/* Every revision at the tip, v1 first (reads one small record each). */
DOSSIER_API int dossier_get_revisions(dossier_revision_list **out, dossier *d, dossier_error *err);
DOSSIER_API void dossier_revision_list_free(dossier_revision_list *l);
/* The stable JSON form (docs/api.md): {"format": DOSSIER_JSON_FORMAT,
 * "revisions": [{"revision", "by", "by_name", "stage", "time", "message",
 * "source"}, ...]}. Caller frees. */
DOSSIER_API char *dossier_revisions_json(const dossier_revision_list *l, const dossier *d);

/*
 * A revision's Akoma Ntoso as the dossier stores it ("vN"; NULL: the
 * latest). *out is NUL-terminated (not counted in *len), caller frees.
 * A name that is not vN is DOSSIER_EINVALID ("invalid-revision"), a
 * revision the dossier does not have DOSSIER_ENOTFOUND
 * ("unknown-revision").
 */
DOSSIER_API int dossier_get_revision_akn(char **out, size_t *len, dossier *d, const char *revision,
	dossier_error *err);

/*
 * One comment with its response, read by id at the tip (two small records,
 * whatever the number of comments): *out is a list of one. An id the
 * dossier does not have is DOSSIER_ENOTFOUND ("unknown-comment").
 */
DOSSIER_API int dossier_get_comment(dossier_comment_list **out, dossier *d, const char *id,
	dossier_error *err);
/*
 * The comment that the last dossier_comment on this handle recorded, as it
 * was committed, without reading the dossier again (a server answers with
 * it): *out is a list of one, without a response. DOSSIER_ENOTFOUND when
 * the handle's last comment failed or there was none.
 */
DOSSIER_API int dossier_last_comment(dossier_comment_list **out, dossier *d, dossier_error *err);
/* One comment as the objects of dossier_comments_json, with "format" first (docs/cli.md). Caller frees. */
DOSSIER_API char *dossier_comment_json(const dossier_comment_record *c, const dossier *d);

#endif
