/*
 * csv.c: the synthesis report as CSV, for spreadsheets (Excel, LibreOffice).
 *
 * RFC 4180: a header row, records ended by CRLF, a field quoted when it
 * holds a comma, a double quote, CR or LF, quotes inside doubled. Line
 * breaks inside a field are kept as they are in the text (LF), inside the
 * quotes. The file starts with a UTF-8 byte-order mark, which is how Excel
 * recognises UTF-8 (without it, Vietnamese text is read as Windows-1258 or
 * 1252 and comes out garbled); LibreOffice and Python's "utf-8-sig" accept
 * it too. docs/report.md lists the columns.
 *
 * A spreadsheet takes a cell that begins with '=', '+', '-', '@', a tab or
 * a carriage return for a formula (CSV injection: =HYPERLINK(…) in a
 * comment from the public would run in the drafting agency's Excel). As
 * OWASP advises, such a cell is written with a single quote before it and
 * inside double quotes, so that it is read as text.
 */
#include "dossier/report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"

static const char *const header[] = {
	"STT",                               /* number */
	"eId",
	"Điều khoản",                        /* provision (citation) in the revision commented on */
	"Dự thảo góp ý",                     /* that revision */
	"Điều khoản trong dự thảo mới nhất", /* its citation in the latest revision */
	"Nội dung điều khoản",               /* provision text */
	"Mã ý kiến",                         /* comment id */
	"Cơ quan góp ý",                     /* commenting body */
	"Nội dung góp ý",                    /* comment */
	"Đề xuất sửa đổi",                   /* proposal */
	"Ý kiến tiếp thu",                   /* disposition */
	"Giải trình",                        /* explanation */
	"Tình trạng trong dự thảo mới nhất", /* status in the latest revision */
	"Thời gian góp ý",                   /* time */
	"Ghi chú tiếp thu",                  /* accepted but not taken in, or how it was taken in otherwise */
};
#define NCOLS (sizeof(header) / sizeof(*header))

static bool needs_quotes(const char *s)
{
	return s[strcspn(s, ",\"\r\n")] != '\0';
}

/* What Excel and LibreOffice would evaluate (OWASP, "CSV Injection"). */
static bool formula_like(const char *s)
{
	return s[0] != '\0' && strchr("=+-@\t\r", s[0]) != NULL;
}

static void add_field(dstr *out, const char *s)
{
	const char *p;

	if (!s)
		s = "";
	if (formula_like(s)) {
		dstr_adds(out, "\"'");
	} else if (!needs_quotes(s)) {
		dstr_adds(out, s);
		return;
	} else {
		dstr_addc(out, '"');
	}
	for (p = s; *p; p++) {
		if (*p == '"')
			dstr_addc(out, '"');
		dstr_addc(out, *p);
	}
	dstr_addc(out, '"');
}

char *dossier_csv_field(const char *s)
{
	dstr out = DSTR_INIT;

	dstr_add(&out, "", 0);
	add_field(&out, s);
	if (out.oom) {
		dstr_free(&out);
		return NULL;
	}
	return dstr_detach(&out);
}

static void add_record(dstr *out, const char *const *fields, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (i)
			dstr_addc(out, ',');
		add_field(out, fields[i]);
	}
	dstr_adds(out, "\r\n");
}

int dossier_report_csv(char **out, size_t *len, const dossier_report *r, dossier_error *err)
{
	dstr s = DSTR_INIT;
	size_t i;

	*out = NULL;
	if (len)
		*len = 0;
	dstr_adds(&s, "\xEF\xBB\xBF");
	add_record(&s, header, NCOLS);
	for (i = 0; i < r->nrows; i++) {
		const dossier_report_row *row = &r->rows[i];
		const dossier_report_group *g = &r->groups[row->group];
		const dossier_comment_record *c = row->comment;
		const char *f[NCOLS];
		char num[24];

		snprintf(num, sizeof(num), "%zu", row->number);
		f[0] = num;
		f[1] = g->eid;
		f[2] = g->citation;
		f[3] = g->revision;
		f[4] = g->now_citation;
		f[5] = g->text;
		f[6] = c->id;
		f[7] = row->body;
		f[8] = c->text;
		f[9] = c->proposal;
		f[10] = dossier_disposition_label(c->disposition);
		f[11] = c->reason;
		f[12] = dossier_report_status_label(g->status);
		f[13] = row->time;
		f[14] = row->untaken ? "Đã tiếp thu nhưng chưa chỉnh sửa" : c->taken_otherwise;
		add_record(&s, f, NCOLS);
	}
	if (s.oom) {
		dstr_free(&s);
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	}
	if (len)
		*len = s.len;
	*out = dstr_detach(&s);
	return 0;
}
