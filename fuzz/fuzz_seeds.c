/*
 * fuzz_seeds.c: `fuzz_seeds OUTDIR` writes the seeds that no file of the
 * source tree holds: a comment round played on the sample dossier through
 * the public API (comments, responses, a second revision, an import, stage
 * changes), then
 *   OUTDIR/record/  every JSON record those commits wrote and every commit
 *                   message (for fuzz_record),
 *   OUTDIR/hook/    the history as fuzz_hook scripts: each prefix of the
 *                   round pushed on the server's tip, and its revision tag,
 *   OUTDIR/akn/     the Akoma Ntoso our writer makes of each TEXT given
 *                   (`fuzz_seeds OUTDIR [TEXT...]`), for fuzz_akn.
 * Deterministic (fixed times), so the seeds are the same on every run.
 * scripts/fuzz.sh runs it before fuzzing those two targets.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"
#include "facade/facade_int.h"

static const char *outdir;
static unsigned nrecords;

static void step(const char *what, int rc, dossier_error *err)
{
	if (rc < 0) {
		char *m = dossier_error_format(err);

		/* A later change of the engine may refuse a step: keep the seeds
		 * made so far rather than none. */
		fprintf(stderr, "fuzz_seeds: %s: %s (stopping the round here)\n", what, m ? m : "?");
		free(m);
	}
	dossier_error_clear(err);
}

static int play(const char *repo, const char *tmp)
{
	struct action {
		const char *as, *now, *kind, *a, *b, *c;
	} round[] = {
		{ "most", "2025-07-10T09:00:00", "comment", "art_1", "Đề nghị làm rõ phạm vi điều chỉnh.", NULL },
		{ "hanoi", "2025-07-11T10:30:00", "comment", "art_2__para_1", "Bổ sung khái niệm dữ liệu mở.",
		  "Đô thị thông minh là đô thị ứng dụng công nghệ số và dữ liệu mở." },
		{ "moc", "2025-07-12T08:00:00", "respond", "most-1", "accept", "Tiếp thu." },
		{ "moc", "2025-07-13T08:00:00", "respond", "hanoi-1", "partial", "Tiếp thu một phần, chỉnh sửa câu chữ." },
		{ "moc", "2025-07-14T08:00:00", "revise", NULL, NULL, NULL },
		{ "moc", "2025-07-15T08:00:00", "import", NULL, NULL, NULL },
		{ "viettel", "2025-07-16T14:00:00", "comment", "general", "Cần quy định lộ trình chuyển đổi số.", NULL },
		{ "moc", "2025-07-26T08:00:00", "advance", "workshop", NULL, NULL },
		{ "vcci", "2025-07-27T09:00:00", "comment", "art_3", "Đề nghị bổ sung trách nhiệm của doanh nghiệp.", NULL },
		{ "moc", "2025-07-28T08:00:00", "respond", "vcci-1", "reject", "Không thuộc phạm vi điều chỉnh." },
	};
	size_t i;

	for (i = 0; i < sizeof(round) / sizeof(*round); i++) {
		const struct action *x = &round[i];
		dossier *d = fuzz_open_dossier(repo, x->as, x->now);
		dossier_error err = DOSSIER_ERROR_INIT;
		char *out = NULL, *path;
		int rc = 0;

		if (!strcmp(x->kind, "comment")) {
			dossier_comment_options o = DOSSIER_COMMENT_OPTIONS_INIT;

			o.on = x->a;
			o.text = x->b;
			o.proposal = x->c;
			rc = dossier_comment(&out, d, &o, &err);
		} else if (!strcmp(x->kind, "respond")) {
			dossier_disposition disp = !strcmp(x->b, "accept") ? DOSSIER_DISPOSITION_ACCEPTED :
				!strcmp(x->b, "partial") ? DOSSIER_DISPOSITION_PARTIAL : DOSSIER_DISPOSITION_REJECTED;

			rc = dossier_respond(d, x->a, disp, x->c, NULL, &err);
		} else if (!strcmp(x->kind, "revise")) {
			char *v2 = util_sprintf("%.*sĐiều 5. Điều khoản chuyển tiếp\nCác dự án đã phê duyệt được tiếp tục thực hiện.\n",
				(int)strlen(FUZZ_DRAFT), FUZZ_DRAFT);

			path = util_sprintf("%s/v2.txt", tmp);
			fuzz_write_file(path, v2, strlen(v2));
			rc = dossier_revise(&out, d, path, "dự thảo lần 2", NULL, &err);
			free(path);
			free(v2);
		} else if (!strcmp(x->kind, "import")) {
			static const char jsonl[] =
				"{\"author_name\": \"Trần Thị Bình\", \"organisation\": \"Hiệp hội Doanh nghiệp nhỏ và vừa\", "
				"\"on\": \"general\", \"text\": \"Dự thảo cần đánh giá tác động.\", \"received\": \"2025-07-03\"}\n"
				"{\"author_email\": \"vanthu@mof.gov.vn\", \"on\": \"art_4\", \"text\": \"Đề nghị lùi hiệu lực.\", "
				"\"received\": \"2025-07-04T10:00:00+07:00\"}\n";
			dossier_import_result res;

			path = util_sprintf("%s/import.jsonl", tmp);
			fuzz_write_file(path, jsonl, strlen(jsonl));
			rc = dossier_import(&res, d, path, NULL, NULL, &err);
			free(path);
		} else {
			rc = dossier_advance(d, x->a, NULL, &err);
		}
		free(out);
		dossier_free(d);
		if (rc < 0) {
			step(x->kind, rc, &err);
			break;
		}
	}
	return 0;
}

/* ---- writing the seeds ----------------------------------------------------- */

static void write_seed(const char *sub, const char *name, const char *data, size_t len)
{
	char *path = util_sprintf("%s/%s/%s", outdir, sub, name);

	fuzz_write_file(path, data, len);
	free(path);
}

typedef struct history {
	dossier_store *store;
	dstr script;          /* the commits so far, as a fuzz_hook script */
	unsigned n;
	unsigned revise_at;   /* the commit of the last revision, 0: none */
	char revision[16];
	dossier_time last;
	const dossier_snap *snap;
	const dossier_snap *parent;
} history;

static int add_change(const char *path, char status, void *payload)
{
	history *hi = payload;
	char *data = NULL, name[64];
	size_t len = 0;

	if (status == 'D') {
		dstr_addf(&hi->script, "%%%%rm %s\n", path);
		return 0;
	}
	if (snap_read(&data, &len, hi->snap, path, NULL) < 0)
		return 0;
	dstr_addf(&hi->script, "%%%%file %s\n", path);
	dstr_add(&hi->script, data, len);
	if (len && data[len - 1] != '\n')
		dstr_addc(&hi->script, '\n');
	if (len > 5 && !strcmp(path + strlen(path) - 5, ".json")) {
		snprintf(name, sizeof(name), "record-%03u.json", ++nrecords);
		write_seed("record", name, data, len);
	}
	free(data);
	return 0;
}

static int add_commit(const dossier_snap *snap, void *payload)
{
	history *hi = payload;
	dossier_snap *parent = NULL;
	ds_trailers tr;
	char name[64];
	const char *msg = snap_message(snap);
	int off = snap_offset(snap);
	dstr seed = DSTR_INIT;

	hi->n++;
	snprintf(name, sizeof(name), "message-%03u.txt", hi->n);
	write_seed("record", name, msg, strlen(msg));
	dstr_addf(&hi->script, "%%%%commit %s <%s> %lld %c%02d%02d\n", snap_author_name(snap),
		snap_author_email(snap), (long long)snap_time(snap), off < 0 ? '-' : '+', abs(off) / 3600,
		abs(off) % 3600 / 60);
	dstr_adds(&hi->script, msg);
	if (*msg && msg[strlen(msg) - 1] != '\n')
		dstr_addc(&hi->script, '\n');
	if (snap_parent(&parent, snap, 0, NULL) < 0)
		return -1;
	hi->snap = snap;
	snap_changes(parent, snap, add_change, hi, NULL);
	snap_free(parent);
	memset(&tr, 0, sizeof(tr));
	if (ds_trailers_parse(&tr, msg) == 0 && !strcmp(tr.event, "revise") && tr.revision) {
		hi->revise_at = hi->n;
		snprintf(hi->revision, sizeof(hi->revision), "%s", tr.revision);
	}
	ds_trailers_clear(&tr);
	if (snap_time(snap) > hi->last)
		hi->last = snap_time(snap);
	/* This prefix of the round, pushed a day after its last event. */
	dstr_add(&seed, hi->script.ptr, hi->script.len);
	{
		char now[40];
		dossier_calendar utc = { "UTC", 0, 0, NULL, 0 };

		dossier_time_format(now, sizeof(now), &utc, hi->last + 86400);
		dstr_addf(&seed, "%%%%now %s\n", now);
	}
	if (hi->revise_at)
		dstr_addf(&seed, "%%%%tag %s %u\n", hi->revision, hi->revise_at);
	snprintf(name, sizeof(name), "push-%03u.txt", hi->n);
	write_seed("hook", name, seed.ptr, seed.len);
	dstr_free(&seed);
	return 0;
}

/* Our own AKN of a structured text, when it parses. */
static void akn_seed(const char *path)
{
	dossier_akn_options o = DOSSIER_AKN_OPTIONS_INIT;
	dossier_document *doc = NULL;
	char *data = NULL, *xml = NULL, *name;
	const char *base = strrchr(path, '/');
	size_t len = 0;

	if (util_read_file(&data, &len, path, NULL) == 0 &&
	    dossier_text_parse(&doc, path, data, len, NULL, NULL) == 0 &&
	    dossier_akn_write(&xml, &len, doc, &o, NULL) == 0) {
		name = util_sprintf("%s.xml", base ? base + 1 : path);
		write_seed("akn", name, xml, len);
		free(name);
	}
	free(xml);
	free(data);
	dossier_document_free(doc);
}

static void mkdir_p(const char *dir)
{
	if (mkdir(dir, 0777) < 0 && errno != EEXIST)
		fuzz_die("cannot make '%s': %s", dir, strerror(errno));
}

int main(int argc, char **argv)
{
	char *tmp, *repo, *sub, base[41], tip[41];
	dossier *d;
	history hi;
	dossier_error err = DOSSIER_ERROR_INIT;

	int i;

	if (argc < 2) {
		fprintf(stderr, "usage: fuzz_seeds OUTDIR [TEXT...]\n");
		return 2;
	}
	outdir = argv[1];
	mkdir_p(outdir);
	sub = util_sprintf("%s/record", outdir);
	mkdir_p(sub);
	free(sub);
	sub = util_sprintf("%s/hook", outdir);
	mkdir_p(sub);
	free(sub);
	sub = util_sprintf("%s/akn", outdir);
	mkdir_p(sub);
	free(sub);
	for (i = 2; i < argc; i++)
		akn_seed(argv[i]);
	dossier_global_init();
	tmp = fuzz_tmpdir("seeds");
	repo = util_sprintf("%s/dossier.git", tmp);
	fuzz_make_dossier(repo, true);
	d = fuzz_open_dossier(repo, NULL, NULL);
	if (store_ref_read(base, d->store, DOSSIER_BRANCH, &err) < 0)
		fuzz_die("cannot read the branch");
	dossier_free(d);
	play(repo, tmp);
	d = fuzz_open_dossier(repo, NULL, NULL);
	memset(&hi, 0, sizeof(hi));
	hi.store = d->store;
	if (store_ref_read(tip, d->store, DOSSIER_BRANCH, &err) < 0 ||
	    store_walk_range(d->store, tip, base, add_commit, &hi, &err) < 0)
		fuzz_die("cannot walk the round: %s", err.message ? err.message : "?");
	/* The base's own records too: the state a round starts from. */
	{
		dossier_snap *snap = NULL;
		char *data = NULL;
		size_t len = 0;

		if (store_lookup(&snap, d->store, base, NULL) == 0 &&
		    snap_read(&data, &len, snap, PATH_STATE, NULL) == 0)
			write_seed("record", "state-base.json", data, len);
		free(data);
		snap_free(snap);
	}
	dstr_free(&hi.script);
	dossier_free(d);
	printf("%u commits, %u records in %s\n", hi.n, nrecords, outdir);
	free(repo);
	free(tmp);
	dossier_global_shutdown();
	return 0;
}
