/*
 * record.h: the records a dossier keeps in its git tree, as JSON (jansson):
 * the cached state (state.json), comments, responses and revision notes, the
 * fan-out paths they live at, and the commit trailers that name each event.
 * Private to the engine; the layout is documented in docs/data-model.md.
 *
 * apply_* functions are the single definition of how an event changes the
 * state: actions use them to write the new state, and verify uses them to
 * replay the history and compare.
 */
#ifndef DOSSIER_RECORD_H
#define DOSSIER_RECORD_H

#include "dossier/facade.h"
#include "comment/comment.h"
#include "dossier/workflow.h"

#define DOSSIER_FORMAT 1

/* Paths in the tree. */
#define PATH_META "dossier.json"
#define PATH_WORKFLOW "workflow.yaml"
#define PATH_STATE "state.json"
#define PATH_KEYS "keys.json"      /* the keys in force, from the first key event (keys.c) */
#define PATH_DRAFT "draft.xml"

typedef struct ds_member {
	char *id;
	unsigned seq;        /* comments made so far (all stages); the next id is seq + 1 */
	unsigned in_stage;   /* comments made in the current stage */
} ds_member;

typedef struct ds_stage_entry {
	char *stage;
	dossier_time entered;
	char *by;
} ds_stage_entry;

typedef struct ds_state {
	char *stage;
	dossier_time entered;
	unsigned revision;          /* latest vN; 0 before the first */
	bool revised_in_stage;
	bool accepted_since_revision;
	size_t events;
	size_t comments;
	size_t responses;           /* comments that have a response */
	size_t unanswered;
	ds_member *members;
	size_t nmembers;
	ds_stage_entry *stages;     /* every stage entered, in order */
	size_t nstages;
} ds_state;

void ds_state_clear(ds_state *st);
int ds_state_copy(ds_state *dst, const ds_state *src);
ds_member *ds_state_member(ds_state *st, const char *id, bool create);

/* The state a new dossier starts in. */
int ds_state_initial(ds_state *st, const dossier_workflow *wf, const char *actor, dossier_time now);

int ds_state_parse(ds_state *st, const char *json, size_t len, const dossier_calendar *cal,
	dossier_error *err);
/*
 * The writers of records: canonical JSON (sorted keys, two-space indent, a
 * trailing newline) in *out, which the caller frees. A record is written
 * whole or not at all: a member that cannot be written (a string that is
 * not UTF-8, a required one that is NULL, no memory) is an error naming it
 * (err->field), never a record without it.
 */
int ds_state_dump(char **out, const ds_state *st, const dossier_calendar *cal, dossier_error *err);
/* The same always through jansson (ds_state_dump writes the usual state
 * without it, the same bytes; tests compare the two). */
int ds_state_dump_jansson(char **out, const ds_state *st, const dossier_calendar *cal, dossier_error *err);

/* The facts the machine's guards read; commenters borrow from st. Free
 * facts->commenters with free(). */
int ds_state_facts(dossier_facts *facts, const ds_state *st);

/* How each event changes the state (the event counter included). */
int apply_revise(ds_state *st);
int apply_advance(ds_state *st, const char *stage, const char *actor, dossier_time now);
int apply_comment(ds_state *st, const char *actor, unsigned *out_seq);
/* The member that numbers imported comments from the public (pub-1, pub-2…). */
#define DS_PUBLIC "pub"
/* A bulk import, one event: authors[i] is the participant who made record
 * i, or NULL for a member of the public (counted as DS_PUBLIC, which never
 * counts as commenting in the stage); out_seqs[i] (may be NULL) receives
 * each record's number, so its id is "<author or pub>-<n>". */
int apply_import(ds_state *st, const char *const *authors, size_t n, unsigned *out_seqs);
/* `first` is whether the comment had no response before. */
int apply_respond(ds_state *st, bool first, dossier_disposition disposition);
/* Several responses as one event (respond-many): first[i] and
 * dispositions[i] for each; the event counter moves once. */
int apply_respond_many(ds_state *st, const bool *first, const dossier_disposition *dispositions, size_t n);

/* comments/<2 hex>/<id>.json, responses/<2 hex>/<id>.json. Caller frees. */
char *comment_path(const char *id);
/* The fan-out directory (0..255) of a comment's or response's id, as in
 * its path: "comments/%02x/<id>.json". */
unsigned record_fanout(const char *id);
char *response_path(const char *id);
char *revision_path(unsigned n);        /* revisions/vN.xml */
char *revision_meta_path(unsigned n);   /* revisions/vN.json */
char *revision_index_path(unsigned n);  /* revisions/vN.eids: one "eId<TAB>citation" line per provision */
char *revision_model_path(unsigned n);  /* models/vN.model: the model read from revisions/vN.xml, cheap to load (text/docbin.h); outside the working tree */

/* The boundary check of a string a caller hands the façade for a record
 * (dossier_text_check): 0, or DOSSIER_EINVALID naming `field` in the
 * message and in err->field. NULL is fine (an optional member). */
int record_check_field(const char *field, const char *value, dossier_error *err);
/* The same for the file name (after the last '/') of a path a record names. */
int record_check_source(const char *field, const char *path, dossier_error *err);

/* dossier.json: what the dossier is. */
int record_meta_dump(char **out, const char *title, const char *workflow_id, const char *created,
	dossier_error *err);

/* The title in dossier.json, or NULL (not there, not JSON, no memory). */
char *record_meta_title(const char *json, size_t len);

/* revisions/vN.json: who made a revision, when, from what file. */
int record_revision_dump(char **out, const char *rev, const char *by, const char *time, const char *stage,
	const char *source, const char *message, dossier_error *err);

/* revisions/vN.json as read back: each member a copy of the string
 * there, NULL when it is missing or not a string. */
typedef struct record_revision {
	char *revision;
	char *by;
	char *time;
	char *stage;
	char *source;
	char *message;
} record_revision;

/* Why a record could not be read as a JSON object: jansson's text and
 * place (the text empty when it was JSON but not an object). */
typedef struct record_syntax {
	char text[160];
	int line, column;
} record_syntax;

/* Read a revision's record: 0; DOSSIER_EINVALID when it is not a JSON
 * object, with why (may be NULL) filled; DOSSIER_ENOMEM. Nothing is set
 * in an error: each reader words its own. */
int record_revision_parse(record_revision *out, const char *json, size_t len, record_syntax *why);
void record_revision_clear(record_revision *r);

/* Records. */
int comment_dump(char **out, const dossier_comment_record *c, const dossier_calendar *cal, dossier_error *err);
/* An imported comment from outside the workflow's participants: "author"
 * is null and "external" names them. comment_parse() then gives the
 * comment's own id as its author. */
typedef struct ds_external {
	const char *name;
	const char *email;
	const char *organisation;
} ds_external;
int comment_dump_external(char **out, const dossier_comment_record *c, const ds_external *ext,
	const dossier_calendar *cal, dossier_error *err);
/* record_scan.c: the members named in keys of a JSON object whose members
 * are strings, nulls, small integers, or objects of those: kinds[i] says
 * what each is, values[i] is a string's value (malloc'd), else NULL. 1 when
 * read; 0 when the text is not one this reader is sure to read as jansson
 * does (all NULL and absent: ask jansson); DOSSIER_ENOMEM. */
enum { RECORD_SCAN_ABSENT, RECORD_SCAN_STRING, RECORD_SCAN_NULL, RECORD_SCAN_NUMBER, RECORD_SCAN_OBJECT };
int record_scan_flat(char **values, int *kinds, const char *const *keys, size_t nkeys, const char *json,
	size_t len);
/* record_scan.c: the length of the UTF-8 sequence at p (its first byte
 * >= 0x80) as jansson checks it (no overlong form, no surrogate, nothing
 * past U+10FFFF), or 0 when it is not one. */
size_t record_utf8_len(const unsigned char *p, const unsigned char *end);
/* record_dump.c: a comment record (ext NULL: a participant's; else one
 * from the public) written straight as the bytes comment_dump() and
 * comment_dump_external() make with jansson. 1 written into *out; 0 when
 * it is left to jansson (a member missing or not text jansson takes as
 * it is); DOSSIER_ENOMEM. */
int record_dump_comment(char **out, const dossier_comment_record *c, const ds_external *ext,
	const dossier_calendar *cal);
/* The same with the record's time already written as dossier_time_format
 * writes c->time (an import formats 100,000 of them; see import.c). */
int record_dump_comment_when(char **out, const dossier_comment_record *c, const ds_external *ext,
	const char *when);
/* record_scan.c: one line of an import's JSON Lines, as the import reads
 * it with jansson (json_loadb with JSON_REJECT_DUPLICATES): the string
 * value of each member whose name is one of keys (lowercase, at most 32)
 * in values[i] (malloc'd; NULL when null,
 * empty or absent), and in cols[i] the column (in characters, from 1) of
 * its name on the line when it is a string (0 otherwise). Other members
 * are read over. 1 when read; 0 (all NULL and 0) when the line is not one
 * this reader is sure to read as jansson does (a field that is not a
 * string or null, a name given twice or in capitals, an escape \u, a nested value,
 * invalid UTF-8, ...): ask jansson; DOSSIER_ENOMEM. */
int record_scan_line(char **values, unsigned *cols, const char *const *keys, size_t nkeys, const char *json,
	size_t len);
int comment_parse(dossier_comment_record *c, const char *json, size_t len, const dossier_calendar *cal,
	dossier_error *err);
/* `taken_otherwise` (may be NULL: the member is then left out) says how an
 * accepted comment was taken in other than by changing its provision. */
int response_dump(char **out, const char *comment_id, dossier_disposition disp, const char *reason,
	const char *adopted, const char *taken_otherwise, const char *by, dossier_time time, const char *stage,
	unsigned revision, const dossier_calendar *cal, dossier_error *err);
/* Fills the response fields of c. */
int response_parse(dossier_comment_record *c, const char *json, size_t len, const dossier_calendar *cal,
	dossier_error *err);

/* Commit trailers. */
typedef struct ds_trailers {
	char *event;
	char *actor;
	char *stage;
	char *time;
	char *id;
	char *revision;
	char *target;
} ds_trailers;

void ds_trailers_clear(ds_trailers *t);
/* Parse the "Dossier-*:" lines of a commit message. DOSSIER_ENOTFOUND when
 * there is no Dossier-Event. */
int ds_trailers_parse(ds_trailers *t, const char *message);
/* subject, a blank line, the body when not NULL, a blank line, the trailers. Caller frees. */
char *ds_message(const char *subject, const char *body, const ds_trailers *t);

#endif
