/*
 * fuzz_hook.c: the server's pre-receive check (engine/facade/hook.c) on a
 * pushed history made from the fuzzer's input. The server holds the sample
 * dossier (fuzz_common.c); each input is a small script of commits built
 * on its tip, written into a quarantine object directory as git does for
 * a push, then checked by dossier_hook_pre_receive with the quarantine as
 * GIT_OBJECT_DIRECTORY. The quarantine is emptied after every input, so
 * that no input sees another's objects and the server never grows.
 *
 * The script is text; a line starting with "%%" is a directive and the
 * lines after it, up to the next directive, are its body:
 *
 *   %%commit [NAME <EMAIL>] [TIME [+HHMM]]   a new commit; body: its message
 *   %%parent N      its parent: commit N of the script (0: the server's tip;
 *                   default: the commit before it)
 *   %%file PATH     add or replace a file of the commit; body: its content
 *   %%rm PATH       remove a file (or a directory) from the commit
 *   %%tag NAME [N]  also push refs/tags/NAME at commit N (default: the last)
 *   %%ref REF [N]   also push REF at commit N ("delete": its deletion)
 *   %%old N|zero    main's old value in the push (default: the server's tip)
 *   %%nomain        do not push main
 *   %%now TIME      the server's clock (default 2025-07-20T12:00:00)
 *   %%as ACCOUNT    the account the server authenticated (REMOTE_USER)
 *
 * A body keeps the newline of its last line. With FUZZ_VERBOSE set in the
 * environment, the hook's verdict and refusals are printed.
 * At most 16 commits of at most 64 edits each, to stay fast. The seeds
 * (fuzz_seeds) are the real commits of a comment round written this way.
 * Every refusal must carry its place; nothing may crash or leak. A push
 * of main that the hook lets in must leave a dossier every reader can read:
 * its status, its comments and its log (checked in the push repository,
 * whose main is moved to the pushed tip).
 */
#include "fuzz.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "facade/facade_int.h"

#define ZERO_ID "0000000000000000000000000000000000000000"
#define MAX_COMMITS 16
#define MAX_EDITS 64
#define MAX_UPDATES 8

static struct {
	char *dir;
	char *server;       /* the server's dossier (bare) */
	char *push;         /* the repository the pushed commits are written through */
	char *quarantine;   /* the pushed objects, emptied after every input */
	char *alternates;   /* what the quarantine reads through: the server's objects */
	char tip[41];       /* the server's main */
} h;

static void reset_quarantine(void)
{
	char *info = util_sprintf("%s/info", h.quarantine), *pack = util_sprintf("%s/pack", h.quarantine);
	char *alt = util_sprintf("%s/alternates", info), *objects = util_sprintf("%s/objects", h.server);

	fuzz_rmtree(h.quarantine);
	if (mkdir(h.quarantine, 0777) < 0 || mkdir(info, 0777) < 0 || mkdir(pack, 0777) < 0)
		fuzz_die("cannot make '%s': %s", h.quarantine, strerror(errno));
	fuzz_write_file(alt, objects, strlen(objects));
	free(info);
	free(pack);
	free(alt);
	free(objects);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	dossier *d;
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier_store *q = NULL;

	(void)argc;
	(void)argv;
	dossier_global_init();
	h.dir = fuzz_tmpdir("hook");
	h.server = util_sprintf("%s/server.git", h.dir);
	fuzz_make_dossier(h.server, true);
	d = fuzz_open_dossier(h.server, NULL, NULL);
	if (store_ref_read(h.tip, d->store, DOSSIER_BRANCH, &err) < 0)
		fuzz_die("cannot read the server's main: %s", err.message ? err.message : "?");
	dossier_free(d);
	/* The pushed objects are written through a repository of their own
	 * whose object directory is the quarantine. */
	h.push = util_sprintf("%s/push.git", h.dir);
	if (store_init(&q, h.push, true, &err) < 0)
		fuzz_die("cannot make '%s': %s", h.push, err.message ? err.message : "?");
	store_free(q);
	h.quarantine = util_sprintf("%s/objects", h.push);
	h.alternates = util_sprintf("%s/objects", h.server);
	reset_quarantine();
	return 0;
}

/* ---- the script ------------------------------------------------------------ */

typedef struct edit {
	char *path;
	const char *data;   /* NULL: remove */
	size_t len;
} edit;

typedef struct commit {
	char *name, *email;
	dossier_time when;
	int offset;
	int parent;         /* -1: the one before */
	const char *msg;
	size_t msglen;
	edit edits[MAX_EDITS];
	size_t nedits;
	char id[41];
} commit;

typedef struct script {
	commit commits[MAX_COMMITS];
	size_t n;
	char *refs[MAX_UPDATES];
	int ref_at[MAX_UPDATES];   /* -2: delete, -1: the last commit */
	size_t nrefs;
	int old;                   /* -1: zero id */
	bool nomain;
	char *now;
	char *as;
} script;

static void script_free(script *s)
{
	size_t i, k;

	for (i = 0; i < s->n; i++) {
		free(s->commits[i].name);
		free(s->commits[i].email);
		for (k = 0; k < s->commits[i].nedits; k++)
			free(s->commits[i].edits[k].path);
	}
	for (i = 0; i < s->nrefs; i++)
		free(s->refs[i]);
	free(s->now);
	free(s->as);
}

/* The directive's argument: the rest of the line after the keyword. */
static char *arg(const char *p, size_t len)
{
	while (len && (*p == ' ' || *p == '\t')) {
		p++;
		len--;
	}
	while (len && (p[len - 1] == ' ' || p[len - 1] == '\t' || p[len - 1] == '\r'))
		len--;
	return util_strndup(p, len);
}

static int num(const char *s, int dflt)
{
	char *end;
	long v;

	if (!s || !*s)
		return dflt;
	v = strtol(s, &end, 10);
	return end != s && v >= 0 && v <= MAX_COMMITS ? (int)v : dflt;
}

/* "NAME <EMAIL> TIME +HHMM", every part optional. */
static void parse_author(commit *c, const char *a)
{
	const char *lt = strchr(a, '<'), *gt = lt ? strchr(lt, '>') : NULL, *rest = a;
	long long t;
	int hh, mm;
	char sign;

	c->when = 1752112800;   /* 2025-07-10T09:00:00+07:00 */
	c->offset = 7 * 3600;
	if (lt && gt) {
		size_t nl = (size_t)(lt - a);

		while (nl && a[nl - 1] == ' ')
			nl--;
		c->name = util_strndup(a, nl);
		c->email = util_strndup(lt + 1, (size_t)(gt - lt - 1));
		rest = gt + 1;
	}
	if (sscanf(rest, " %lld", &t) == 1) {
		c->when = (dossier_time)t;
		if (sscanf(rest, " %*d %c%2d%2d", &sign, &hh, &mm) == 3 && (sign == '+' || sign == '-'))
			c->offset = (sign == '-' ? -1 : 1) * (hh * 3600 + mm * 60);
	}
	if (!c->name)
		c->name = util_strdup("Fuzz");
	if (!c->email)
		c->email = util_strdup("fuzz@example.org");
}

static void parse_script(script *s, const char *data, size_t size)
{
	const char *p = data, *end = data + size;
	const char **body = NULL;   /* where the current directive's body goes */
	size_t *bodylen = NULL;
	commit *c = NULL;

	memset(s, 0, sizeof(*s));
	s->old = 0;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *next = nl ? nl + 1 : end;
		size_t len = (size_t)((nl ? nl : end) - p);

		if (len >= 2 && p[0] == '%' && p[1] == '%') {
			const char *kw = p + 2, *sp = memchr(kw, ' ', len - 2);
			size_t kwlen = sp ? (size_t)(sp - kw) : len - 2;
			char *a = arg(kw + kwlen, len - 2 - kwlen);

			body = NULL;
			bodylen = NULL;
			if (kwlen == 6 && !memcmp(kw, "commit", 6) && s->n < MAX_COMMITS) {
				c = &s->commits[s->n++];
				c->parent = -1;
				parse_author(c, a);
				body = &c->msg;
				bodylen = &c->msglen;
			} else if (kwlen == 6 && !memcmp(kw, "parent", 6) && c) {
				c->parent = num(a, -1);
			} else if ((kwlen == 4 && !memcmp(kw, "file", 4)) || (kwlen == 2 && !memcmp(kw, "rm", 2))) {
				if (c && c->nedits < MAX_EDITS) {
					edit *e = &c->edits[c->nedits++];

					e->path = a;
					a = NULL;
					if (kwlen == 4) {
						e->data = next;
						body = &e->data;
						bodylen = &e->len;
					}
				}
			} else if (((kwlen == 3 && !memcmp(kw, "tag", 3)) || (kwlen == 3 && !memcmp(kw, "ref", 3))) &&
			           s->nrefs < MAX_UPDATES && a[0]) {
				char *sp2 = strchr(a, ' ');

				if (sp2)
					*sp2++ = '\0';
				s->ref_at[s->nrefs] = sp2 && !strcmp(sp2, "delete") ? -2 : num(sp2, -1);
				s->refs[s->nrefs++] = kw[0] == 't' ? util_sprintf("refs/tags/%s", a) : util_strdup(a);
			} else if (kwlen == 3 && !memcmp(kw, "old", 3)) {
				s->old = !strcmp(a, "zero") ? -1 : num(a, 0);
			} else if (kwlen == 6 && !memcmp(kw, "nomain", 6)) {
				s->nomain = true;
			} else if (kwlen == 3 && !memcmp(kw, "now", 3)) {
				free(s->now);
				s->now = a;
				a = NULL;
			} else if (kwlen == 2 && !memcmp(kw, "as", 2)) {
				free(s->as);
				s->as = a;
				a = NULL;
			}
			free(a);
			if (body)
				*body = next;
		} else if (body) {
			/* the body runs to the end of this line, its newline included */
			*bodylen = (size_t)(next - *body);
		}
		p = next;
	}
}

/* ---- building and checking -------------------------------------------------- */

static const char *commit_id(const script *s, int n)
{
	return n <= 0 || (size_t)n > s->n ? h.tip : s->commits[n - 1].id;
}

/* Write the script's commits into the quarantine; how many were made. */
static size_t build(script *s)
{
	dossier_store *q = NULL;
	size_t i, k, made = 0;

	if (store_open(&q, h.push, NULL) < 0)
		fuzz_die("cannot open the push repository '%s'", h.push);
	for (i = 0; i < s->n; i++) {
		commit *c = &s->commits[i];
		const char *parent = c->parent < 0 ? commit_id(s, (int)i) : commit_id(s, c->parent);
		dossier_snap *base = NULL;
		dossier_txn *txn = NULL;
		dossier_sig sig = { c->name, c->email, c->when, c->offset };
		char *msg = util_strndup(c->msg ? c->msg : "", c->msglen);
		int rc = 0;

		if (c->parent > (int)i)
			parent = h.tip;
		if (store_lookup(&base, q, parent, NULL) < 0 || txn_begin(&txn, q, base, NULL) < 0)
			rc = -1;
		for (k = 0; rc == 0 && k < c->nedits; k++) {
			const edit *e = &c->edits[k];

			if (e->data)
				txn_put(txn, e->path, e->data, e->len, NULL);
			else
				txn_remove(txn, e->path, NULL);
		}
		if (rc == 0 && txn_write(c->id, txn, &sig, msg, NULL) < 0)
			rc = -1;
		txn_free(txn);
		snap_free(base);
		free(msg);
		if (rc < 0)
			break;
		made++;
	}
	store_free(q);
	return made;
}

/* The server would now hold `tip`: the readers must all work on it. */
static void check_readers(const char *tip)
{
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier_status *st = NULL;
	dossier_comment_list *cl = NULL;
	dossier_event_list *el = NULL;
	dossier_store *q = NULL;
	dossier *d = NULL;
	char *m;

	if (store_open(&q, h.push, NULL) < 0 || store_ref_write(q, DOSSIER_BRANCH, tip, "fuzz", NULL) < 0)
		fuzz_die("cannot move the push repository's main to %s", tip);
	store_free(q);
	if (dossier_open(&d, h.push, NULL, &err) < 0 || dossier_get_status(&st, d, &err) < 0 ||
	    dossier_get_comments(&cl, d, NULL, &err) < 0 || dossier_get_log(&el, d, &err) < 0) {
		m = dossier_error_format(&err);
		fuzz_die("the hook accepted a push that the dossier's readers cannot read: %s", m ? m : "?");
	}
	dossier_status_free(st);
	dossier_comment_list_free(cl);
	dossier_event_list_free(el);
	dossier_free(d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	dossier_hook_options o = DOSSIER_HOOK_OPTIONS_INIT;
	dossier_hook_account acct = { "REMOTE_USER", NULL };
	dossier_diags *diags = NULL;
	dossier_error err = DOSSIER_ERROR_INIT;
	dstr input = DSTR_INIT;
	script s;
	size_t i, made;
	int rc;

	parse_script(&s, (const char *)data, size);
	made = build(&s);
	if (made < s.n)
		goto done;   /* a commit libgit2 refuses to write is no push */
	if (!s.nomain && s.n > 0)
		dstr_addf(&input, "%s %s %s\n", s.old < 0 ? ZERO_ID : commit_id(&s, s.old), s.commits[s.n - 1].id,
			DOSSIER_BRANCH);
	for (i = 0; i < s.nrefs; i++)
		dstr_addf(&input, "%s %s %s\n", ZERO_ID,
			s.ref_at[i] == -2 ? ZERO_ID : s.ref_at[i] == -1 ? commit_id(&s, (int)s.n) :
			commit_id(&s, s.ref_at[i]), s.refs[i]);
	if (!input.ptr)
		goto done;
	o.now = s.now ? s.now : "2025-07-20T12:00:00";
	o.object_dir = h.quarantine;
	o.alternates = h.alternates;
	if (s.as) {
		acct.value = s.as;
		o.accounts = &acct;
		o.naccounts = 1;
	}
	if (dossier_diags_new(&diags) < 0)
		fuzz_die("out of memory");
	rc = dossier_hook_pre_receive(h.server, input.ptr, &o, diags, &err);
	if (getenv("FUZZ_VERBOSE")) {
		char *m = dossier_error_format(&err);

		fprintf(stderr, "hook: %d commits, exit %d%s%s\n", (int)s.n, rc, m ? ": " : "", m ? m : "");
		free(m);
	}
	for (i = 0; i < dossier_diags_count(diags); i++) {
		const dossier_diag *g = dossier_diags_get(diags, i);
		char *f = dossier_diag_format(g);

		if (!f)
			fuzz_die("out of memory");
		if (!g->path || !*g->path)
			fuzz_die("a refusal without its place (a ref or a commit): %s", f);
		if (getenv("FUZZ_VERBOSE"))
			fprintf(stderr, "  %s\n", f);
		free(f);
	}
	if (rc == 0 && !s.nomain && s.n > 0 && s.old == 0)
		check_readers(s.commits[s.n - 1].id);
	dossier_diags_free(diags);
	dossier_error_clear(&err);
done:
	dstr_free(&input);
	script_free(&s);
	reset_quarantine();
	return 0;
}
