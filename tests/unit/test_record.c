/*
 * test_record.c: the records of a dossier's tree (engine/facade/record.c).
 * A record is written whole or not at all: a member jansson would refuse
 * (a string that is not UTF-8) or a required member without a value fails
 * the writer, naming the member, instead of a record without it (issue 11,
 * item 1). The readers refuse what is not a whole record, and a response
 * that cannot be read leaves the comment it would answer as it was. The
 * façade's boundary check names the field.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <jansson.h>

#include "facade/record_int.h"

static const dossier_calendar cal = { "Asia/Ho_Chi_Minh", 7 * 3600, 0, NULL, 0 };

static dossier_comment_record sample(void)
{
	dossier_comment_record c;

	memset(&c, 0, sizeof(c));
	c.id = "most-1";
	c.author = "most";
	c.author_name = "Bộ Khoa học và Công nghệ";
	c.on = "art_1";
	c.citation = "Điều 1";
	c.revision = "v1";
	c.stage = "member-comment";
	c.time = 1751331600;
	c.text = "Đề nghị làm rõ";
	c.proposal = NULL;
	return c;
}

static void test_comment_round_trip(void **state)
{
	dossier_comment_record c = sample(), back;
	dossier_error err = DOSSIER_ERROR_INIT;
	char *json = NULL;

	(void)state;
	assert_int_equal(comment_dump(&json, &c, &cal, &err), 0);
	assert_non_null(strstr(json, "\"text\": \"Đề nghị làm rõ\""));
	assert_non_null(strstr(json, "\"proposal\": null"));
	assert_int_equal(comment_parse(&back, json, strlen(json), &cal, &err), 0);
	assert_string_equal(back.text, c.text);
	assert_int_equal(back.time, c.time);
	comment_record_clear(&back);
	free(json);
}

static void test_writer_never_drops_a_member(void **state)
{
	static const char *const bad[] = { "x\xff\xfey", "\xC0\xAF", "\xED\xA0\x80" };
	dossier_comment_record c;
	dossier_error err = DOSSIER_ERROR_INIT;
	char *json = (char *)1;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		c = sample();
		c.text = (char *)bad[i];
		assert_int_equal(comment_dump(&json, &c, &cal, &err), DOSSIER_EINVALID);
		assert_null(json);
		assert_string_equal(err.field, "text");
		assert_non_null(strstr(err.message, "cannot write the comment record: 'text' holds invalid UTF-8"));
		dossier_error_clear(&err);
	}
	/* An optional member is checked as well. */
	c = sample();
	c.proposal = "\xff";
	assert_int_equal(comment_dump(&json, &c, &cal, &err), DOSSIER_EINVALID);
	assert_string_equal(err.field, "proposal");
	dossier_error_clear(&err);
	/* A required member without a value is an error, not a missing key. */
	c = sample();
	c.text = NULL;
	assert_int_equal(comment_dump(&json, &c, &cal, &err), DOSSIER_EINVALID);
	assert_string_equal(err.field, "text");
	assert_non_null(strstr(err.message, "'text' has no value"));
	dossier_error_clear(&err);
	c = sample();
	c.author = NULL;
	assert_int_equal(comment_dump(&json, &c, &cal, &err), DOSSIER_EINVALID);
	assert_string_equal(err.field, "author");
	dossier_error_clear(&err);

	assert_int_equal(response_dump(&json, "most-1", DOSSIER_DISPOSITION_REJECTED, "l\xfd do", NULL, NULL, "moc",
		1751331600, "member-comment", 1, &cal, &err), DOSSIER_EINVALID);
	assert_null(json);
	assert_string_equal(err.field, "reason");
	dossier_error_clear(&err);
	assert_int_equal(record_meta_dump(&json, "T\xc3", "wf", "2025-06-20", &err), DOSSIER_EINVALID);
	assert_string_equal(err.field, "title");
	dossier_error_clear(&err);
	assert_int_equal(record_revision_dump(&json, "v1", "moc", "t", "drafting", "/tmp/d\xe9.txt", NULL, &err),
		DOSSIER_EINVALID);
	assert_string_equal(err.field, "source");
	dossier_error_clear(&err);
}

static void test_external_comment(void **state)
{
	dossier_comment_record c = sample(), back;
	ds_external ext = { "Nguyễn Văn An", NULL, "Hiệp hội" };
	dossier_error err = DOSSIER_ERROR_INIT;
	char *json = NULL;

	(void)state;
	c.id = "pub-1";
	c.author = NULL;
	assert_int_equal(comment_dump_external(&json, &c, &ext, &cal, &err), 0);
	assert_non_null(strstr(json, "\"author\": null"));
	assert_int_equal(comment_parse(&back, json, strlen(json), &cal, &err), 0);
	assert_string_equal(back.author, "pub-1");
	comment_record_clear(&back);
	free(json);
	ext.name = "\xff";
	assert_int_equal(comment_dump_external(&json, &c, &ext, &cal, &err), DOSSIER_EINVALID);
	assert_string_equal(err.field, "name");
	dossier_error_clear(&err);
}

static void test_reader_refuses_a_partial_record(void **state)
{
	static const char *const bad[] = {
		"", "[]", "{\"id\": \"most-1\"", "\"text\"",
		/* the old bug's record: everything but the text */
		"{\"id\": \"most-1\", \"author\": \"most\", \"on\": \"art_1\", \"revision\": \"v1\", "
		"\"time\": \"2025-07-01T08:00:00+07:00\"}",
		"{\"id\": \"most-1\", \"author\": \"most\", \"on\": \"art_1\", \"revision\": \"v1\", "
		"\"time\": \"2025-07-01T08:00:00+07:00\", \"text\": 5}",
		"{\"id\": \"most-1\", \"author\": \"most\", \"on\": \"art_1\", \"revision\": \"v1\", "
		"\"time\": \"2025-07-01T08:00:00+07:00\", \"text\": \"x\xff\"}",
		"{\"id\": \"most-1\", \"author\": \"most\", \"on\": \"art_1\", \"revision\": \"v1\", "
		"\"time\": \"soon\", \"text\": \"x\"}",
		/* what the writer requires too (found by fuzz/fuzz_record.c: these
		 * read, but no writer could write them back) */
		"{\"id\": \"most-1\", \"author\": \"most\", \"on\": \"art_1\", \"revision\": \"v1\", "
		"\"stage\": \"member-comment\", \"time\": \"2025-07-01T08:00:00+07:00\", \"text\": \"x\"}",
		"{\"id\": \"most-1\", \"author\": \"most\", \"author_name\": \"Bộ\", \"on\": \"art_1\", "
		"\"revision\": \"v1\", \"time\": \"2025-07-01T08:00:00+07:00\", \"text\": \"x\"}",
	};
	dossier_comment_record c;
	dossier_error err = DOSSIER_ERROR_INIT;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		assert_int_equal(comment_parse(&c, bad[i], strlen(bad[i]), &cal, &err), DOSSIER_EINVALID);
		assert_null(c.id);
		assert_non_null(err.message);
		dossier_error_clear(&err);
	}
}

/* A cached state whose participant id the writer would refuse (a control
 * character) is refused by the reader too (found by fuzz/fuzz_record.c:
 * such a state read, and the next action could not write it back). */
static void test_state_reader_refuses_what_cannot_be_written(void **state)
{
	const char *good = "{\"stage\": \"member-comment\", \"entered\": \"2025-06-26T08:00:00+07:00\", "
		"\"participants\": {\"hanoi\": {\"comments\": 1, \"in_stage\": 1}}}";
	const char *bad = "{\"stage\": \"member-comment\", \"entered\": \"2025-06-26T08:00:00+07:00\", "
		"\"participants\": {\"han\\u007fi\": {\"comments\": 1, \"in_stage\": 1}}}";
	dossier_error err = DOSSIER_ERROR_INIT;
	ds_state st;
	char *out = NULL;

	(void)state;
	assert_int_equal(ds_state_parse(&st, good, strlen(good), &cal, &err), 0);
	assert_int_equal(ds_state_dump(&out, &st, &cal, &err), 0);
	free(out);
	ds_state_clear(&st);
	assert_int_equal(ds_state_parse(&st, bad, strlen(bad), &cal, &err), DOSSIER_EINVALID);
	assert_string_equal(err.message, "invalid cached state: a participant id is not text");
	assert_null(st.members);
	dossier_error_clear(&err);
}

/* state.json written directly (ds_state_dump's usual path) is byte for
 * byte what jansson writes: states empty and full, members out of order,
 * large counts, and strings the quick path leaves to jansson (a quote, a
 * non-ASCII letter). */
static void test_state_writer_is_jansson(void **state)
{
	const char *texts[] = {
		"{\"stage\": \"drafting\", \"entered\": \"2025-06-20T09:00:00+07:00\"}",
		"{\"stage\": \"member-comment\", \"entered\": \"2025-06-26T08:00:00+07:00\", \"revision\": 3, "
		"\"revised_in_stage\": true, \"accepted_since_revision\": true, \"events\": 4294967301, "
		"\"comments\": 100467, \"responses\": 12, \"unanswered\": 7, "
		"\"participants\": {\"most\": {\"comments\": 4, \"in_stage\": 2}, \"m10\": {\"comments\": 1065, "
		"\"in_stage\": 0}, \"hanoi\": {\"comments\": 0, \"in_stage\": 0}, \"pub\": {\"comments\": 99000, "
		"\"in_stage\": 99000}}, \"stages\": [{\"stage\": \"drafting\", \"entered\": "
		"\"2025-06-20T09:00:00+07:00\", \"by\": \"moc\"}, {\"stage\": \"member-comment\", \"entered\": "
		"\"2025-06-26T08:00:00+07:00\", \"by\": \"moc\"}]}",
		"{\"stage\": \"g\\u00f3p-\\\"\\u00fd\", \"entered\": \"2025-06-26T08:00:00+07:00\", "
		"\"participants\": {\"b\\u1ed9\": {\"comments\": 1, \"in_stage\": 1}}}",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		dossier_error err = DOSSIER_ERROR_INIT;
		char *quick = NULL, *slow = NULL;
		ds_state st;

		if (ds_state_parse(&st, texts[i], strlen(texts[i]), &cal, &err) < 0)
			fail_msg("state %zu: %s", i, err.message);
		if (i == 1) {   /* a member added by an action, as apply_comment does */
			assert_non_null(ds_state_member(&st, "aaa", true));
		}
		assert_int_equal(ds_state_dump(&quick, &st, &cal, &err), 0);
		assert_int_equal(ds_state_dump_jansson(&slow, &st, &cal, &err), 0);
		assert_string_equal(quick, slow);
		free(quick);
		free(slow);
		ds_state_clear(&st);
	}
}

static void test_bad_response_leaves_the_comment_as_it_was(void **state)
{
	static const char *const bad[] = {
		"{", "{\"disposition\": \"maybe\", \"by\": \"moc\", \"time\": \"2025-07-02\"}",
		"{\"disposition\": \"accepted\", \"time\": \"2025-07-02\"}",
		"{\"comment\": \"mof-1\", \"disposition\": \"accepted\", \"by\": \"moc\", \"time\": \"2025-07-02\"}",
	};
	dossier_comment_record c = sample();
	dossier_error err = DOSSIER_ERROR_INIT;
	const char *good = "{\"comment\": \"most-1\", \"disposition\": \"rejected\", \"by\": \"moc\", "
		"\"reason\": \"đã có\", \"time\": \"2025-07-02\"}";
	size_t i;

	(void)state;
	c.id = "most-1";
	for (i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		assert_int_equal(response_parse(&c, bad[i], strlen(bad[i]), &cal, &err), DOSSIER_EINVALID);
		assert_int_equal(c.disposition, DOSSIER_DISPOSITION_NONE);
		assert_null(c.reason);
		assert_null(c.responder);
		dossier_error_clear(&err);
	}
	assert_int_equal(response_parse(&c, good, strlen(good), &cal, &err), 0);
	assert_int_equal(c.disposition, DOSSIER_DISPOSITION_REJECTED);
	assert_string_equal(c.reason, "đã có");
	/* A bad one after a good one keeps the good one. */
	assert_int_equal(response_parse(&c, bad[1], strlen(bad[1]), &cal, &err), DOSSIER_EINVALID);
	assert_int_equal(c.disposition, DOSSIER_DISPOSITION_REJECTED);
	dossier_error_clear(&err);
	free(c.reason);
	free(c.responder);
	free(c.adopted);
}

/* A response is read without jansson's tree when it is one the engine
 * writes, and by jansson otherwise: the same answer either way. */
static void test_response_reader_agrees_with_jansson(void **state)
{
	static const struct {
		const char *json;
		const char *reason, *adopted, *by;
		dossier_disposition disp;
	} cases[] = {
		/* as the engine writes it: the quick reader */
		{ "{\n  \"adopted\": \"Văn bản mới\",\n  \"by\": \"moc\",\n  \"comment\": \"most-1\",\n"
		  "  \"disposition\": \"partial\",\n  \"format\": 1,\n  \"reason\": \"một \\\"phần\\\"\",\n"
		  "  \"revision\": 1,\n  \"stage\": \"member-comment\",\n  \"time\": \"2025-07-02T09:00:00+07:00\"\n}\n",
		  "một \"phần\"", "Văn bản mới", "moc", DOSSIER_DISPOSITION_PARTIAL },
		{ "{\"reason\": null, \"adopted\": null, \"by\": \"moc\", \"disposition\": \"noted\", "
		  "\"time\": \"2025-07-02\"}", NULL, NULL, "moc", DOSSIER_DISPOSITION_NOTED },
		/* what only jansson reads: an escape \u, a name given twice */
		{ "{\"reason\": \"\\u0111\u00e3 c\\u00f3\", \"by\": \"moc\", \"disposition\": \"rejected\", "
		  "\"time\": \"2025-07-02\"}", "đã có", NULL, "moc", DOSSIER_DISPOSITION_REJECTED },
		{ "{\"by\": \"mof\", \"by\": \"moc\", \"disposition\": \"accepted\", \"time\": \"2025-07-02\"}",
		  NULL, NULL, "moc", DOSSIER_DISPOSITION_ACCEPTED },
	};
	dossier_error err = DOSSIER_ERROR_INIT;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		dossier_comment_record c = sample();

		c.id = "most-1";
		assert_int_equal(response_parse(&c, cases[i].json, strlen(cases[i].json), &cal, &err), 0);
		assert_int_equal(c.disposition, cases[i].disp);
		if (cases[i].reason)
			assert_string_equal(c.reason, cases[i].reason);
		else
			assert_null(c.reason);
		if (cases[i].adopted)
			assert_string_equal(c.adopted, cases[i].adopted);
		else
			assert_null(c.adopted);
		assert_string_equal(c.responder, cases[i].by);
		assert_true(c.response_time > 0);
		free(c.reason);
		free(c.adopted);
		free(c.responder);
		free(c.taken_otherwise);
	}
}

/* The quick reader of records (record_scan.c) answers only where jansson
 * reads the same: on the engine's own records, and on every one-byte change
 * and every cut of them, it reads what jansson reads or leaves it to
 * jansson. */
static const char *const scan_keys[] = { "id", "author", "proposal", "text", "external", "format" };

static void scan_agrees(const char *json, size_t len)
{
	char *v[6];
	int kind[6], rc = record_scan_flat(v, kind, scan_keys, 6, json, len);
	json_t *root;
	size_t i;

	assert_true(rc == 0 || rc == 1);
	if (rc == 0) {
		for (i = 0; i < 6; i++) {
			assert_null(v[i]);
			assert_int_equal(kind[i], RECORD_SCAN_ABSENT);
		}
		return;
	}
	root = json_loadb(json, len, 0, NULL);
	assert_non_null(root);
	assert_true(json_is_object(root));
	for (i = 0; i < 6; i++) {
		json_t *m = json_object_get(root, scan_keys[i]);

		switch (kind[i]) {
		case RECORD_SCAN_ABSENT: assert_null(m); break;
		case RECORD_SCAN_NULL: assert_true(json_is_null(m)); break;
		case RECORD_SCAN_NUMBER: assert_true(json_is_integer(m)); break;
		case RECORD_SCAN_OBJECT: assert_true(json_is_object(m)); break;
		default:
			assert_int_equal(kind[i], RECORD_SCAN_STRING);
			assert_true(json_is_string(m));
			assert_int_equal(strlen(v[i]), json_string_length(m));
			assert_string_equal(v[i], json_string_value(m));
		}
		free(v[i]);
	}
	json_decref(root);
}

static void test_scan_agrees_with_jansson(void **state)
{
	static const char *const odd[] = {
		"{}", " {\"id\":\"a\"} ", "{\"id\":\"a\",\"id\":\"b\"}", "{\"x\":1,\"x\":\"y\"}",
		"{\"id\":\"\\u0041\"}", "{\"id\":\"\\u0000\"}", "{\"id\":\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\"}",
		"{\"id\":\"a\\x\"}", "{\"format\":01}", "{\"format\":-0}", "{\"format\":1.5}", "{\"format\":1e3}",
		"{\"format\":12345678901234567890123}", "{\"format\":-}", "{\"id\":true}", "{\"id\":[\"a\"]}",
		"{\"external\":{\"name\":\"a\",\"x\":{}}}", "{\"external\":{}}", "{\"external\":null}",
		"{\"id\":\"a\"}x", "{\"id\":\"a\"}{}", "{\"id\":\"a\",}", "{,}", "{\"id\" \"a\"}", "{\"id\":nul}",
		"{\"id\":\"\xc0\xaf\"}", "{\"id\":\"\xed\xa0\x80\"}", "{\"id\":\"\xf4\x90\x80\x80\"}",
		"{\"id\":\"\xe0\x80\xaf\"}", "{\"id\":\"\xf0\x8f\xbf\xbf\"}", "{\"id\":\"\xf0\x9f\x98\x80\"}",
		"{\"id\":\"\x7f\"}", "{\"id\":\"\x1f\"}", "{\"\xff\":\"a\"}", "\xef\xbb\xbf{}", "{\"id\":\"a\"}\x00",
	};
	dossier_comment_record c = sample();
	ds_external ext = { "Nguyễn Văn An", NULL, "Hiệp hội" };
	dossier_error err = DOSSIER_ERROR_INIT;
	char *json[2] = { NULL, NULL }, *buf;
	char *v[6];
	int kind[6];
	size_t i, k, len;
	static const char bytes[] = { '"', '\\', '{', '}', ',', ':', ' ', 'n', '0', '-', '.', 'u', '\0',
		'\x01', '\x80', '\xbf', '\xc3', '\xe1', '\xf0', '\xff' };

	(void)state;
	c.proposal = "Sửa \"Điều 1\"\n\tthành\\";
	for (i = 0; i < sizeof(odd) / sizeof(*odd); i++)
		scan_agrees(odd[i], strlen(odd[i]) + (i == sizeof(odd) / sizeof(*odd) - 1));
	assert_int_equal(comment_dump(&json[0], &c, &cal, &err), 0);
	c.id = "pub-1";
	c.author = NULL;
	assert_int_equal(comment_dump_external(&json[1], &c, &ext, &cal, &err), 0);
	for (k = 0; k < 2; k++) {
		len = strlen(json[k]);
		/* the engine's own records are read here, not left to jansson */
		assert_int_equal(record_scan_flat(v, kind, scan_keys, 6, json[k], len), 1);
		for (i = 0; i < 6; i++)
			free(v[i]);
		buf = malloc(len + 1);
		assert_non_null(buf);
		for (i = 0; i <= len; i++)
			scan_agrees(json[k], i);
		for (i = 0; i < len; i++) {
			size_t b;

			for (b = 0; b < sizeof(bytes); b++) {
				memcpy(buf, json[k], len + 1);
				buf[i] = bytes[b];
				scan_agrees(buf, len);
			}
		}
		free(buf);
		free(json[k]);
	}
}

/* The quick writer (record_dump.c) writes what jansson writes: jansson
 * reads every record it makes, with the values given, and writes it back
 * byte for byte (sorted keys, two-space indent), escapes included. */
static void dump_is_canonical(const dossier_comment_record *c, const ds_external *ext)
{
	char *json = NULL, *again;
	json_t *root, *m;
	int rc = record_dump_comment(&json, c, ext, &cal);
	size_t len;

	assert_int_equal(rc, 1);
	len = strlen(json);
	assert_true(len > 2 && json[len - 1] == '\n');
	root = json_loadb(json, len, JSON_REJECT_DUPLICATES, NULL);
	assert_non_null(root);
	again = json_dumps(root, JSON_INDENT(2) | JSON_SORT_KEYS);
	assert_non_null(again);
	assert_int_equal(strlen(again), len - 1);
	assert_memory_equal(again, json, len - 1);
	assert_string_equal(json_string_value(json_object_get(root, "text")), c->text);
	m = json_object_get(root, "proposal");
	if (c->proposal)
		assert_string_equal(json_string_value(m), c->proposal);
	else
		assert_true(json_is_null(m));
	if (ext) {
		assert_true(json_is_null(json_object_get(root, "author")));
		m = json_object_get(json_object_get(root, "external"), "name");
		if (ext->name)
			assert_string_equal(json_string_value(m), ext->name);
		else
			assert_true(json_is_null(m));
	} else {
		assert_string_equal(json_string_value(json_object_get(root, "author")), c->author);
	}
	free(again);
	json_decref(root);
	free(json);
}

static void test_quick_writer_is_jansson(void **state)
{
	static const char *const texts[] = {
		"Đề nghị làm rõ", "", "a \"quoted\" word", "back\\slash", "line\nbreak\tand tab", "a/b",
		"\xf0\x9f\x98\x80 emoji", "\x7f del", "\xe2\x80\xa8 line separator", "x\x01y",
	};
	dossier_comment_record c = sample();
	ds_external ext = { "Trần Thị \"Bình\"", NULL, "Hiệp hội" };
	dossier_error err = DOSSIER_ERROR_INIT;
	char *json = NULL;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(texts) / sizeof(*texts); i++) {
		c.text = (char *)texts[i];
		c.proposal = (char *)texts[(i + 3) % (sizeof(texts) / sizeof(*texts))];
		c.citation = i % 2 ? NULL : "Điều 1";
		dump_is_canonical(&c, NULL);
		ext.email = i % 3 ? NULL : "an@example.vn";
		dump_is_canonical(&c, &ext);
	}
	/* what jansson refuses, or a missing member: left to record.c and its message */
	c.text = "bad \xff byte";
	assert_int_equal(record_dump_comment(&json, &c, NULL, &cal), 0);
	assert_null(json);
	assert_int_equal(comment_dump(&json, &c, &cal, &err), DOSSIER_EINVALID);
	dossier_error_clear(&err);
	c.text = "ok";
	c.author = NULL;
	assert_int_equal(record_dump_comment(&json, &c, NULL, &cal), 0);
	assert_int_equal(record_dump_comment(&json, &c, &ext, &cal), 1);
	free(json);
}

/* The import's quick line reader reads what the import reads with jansson
 * (JSON_REJECT_DUPLICATES; names in any case), or leaves the line to it. */
static const char *const line_keys[] = { "author_name", "on", "text", "proposal" };

static void line_agrees(const char *json, size_t len)
{
	char *v[4];
	unsigned col[4];
	int rc = record_scan_line(v, col, line_keys, 4, json, len);
	json_t *root;
	size_t i;

	assert_true(rc == 0 || rc == 1);
	if (rc == 0) {
		for (i = 0; i < 4; i++) {
			assert_null(v[i]);
			assert_int_equal(col[i], 0);
		}
		return;
	}
	root = json_loadb(json, len, JSON_REJECT_DUPLICATES, NULL);
	assert_non_null(root);
	assert_true(json_is_object(root));
	for (i = 0; i < 4; i++) {
		json_t *m = json_object_get(root, line_keys[i]);

		if (!m || json_is_null(m) || !json_string_length(m)) {
			assert_null(v[i]);
		} else {
			assert_true(json_is_string(m));
			assert_non_null(v[i]);
			assert_string_equal(v[i], json_string_value(m));
		}
		assert_true(col[i] == 0 || (m && json_is_string(m)));
		free(v[i]);
	}
	json_decref(root);
}

static void test_line_reader_agrees_with_jansson(void **state)
{
	static const char *const odd[] = {
		"{}", "{\"text\":\"a\",\"text\":\"b\"}", "{\"text\":null,\"text\":\"b\"}", "{\"Text\":\"a\"}",
		"{\"x\":1,\"x\":2}", "{\"x\":{\"y\":1}}", "{\"x\":[1]}", "{\"x\":true}", "{\"x\":1.5}",
		"{\"text\":1}", "{\"text\":\"\"}", "{\"text\":\"\\u0041\"}", "{\"text\":\"a\\nb\\\"c\"}",
		"{\"text\":\"a\"} ", " {\"text\":\"a\"}\r", "{\"text\":\"a\"}x", "[\"text\"]", "\"text\"",
		"{\"text\":\"\xc3\x28\"}", "{\"te\\u0078t\":\"a\"}",
	};
	static const char line[] = "{\"received\": \"2025-07-01\", \"on\": \"art_1\", \"text\": \"Đề nghị \\\"làm rõ\\\"\", "
		"\"proposal\": null, \"author_name\": \"Lê Văn A\", \"id\": 17}";
	static const char bytes[] = { '"', '\\', '{', '}', ',', ':', ' ', 'n', '0', 'T', '\0', '\x01', '\x80', '\xc3' };
	char *v[4], buf[sizeof(line)];
	unsigned col[4];
	size_t i, b, len = sizeof(line) - 1;

	(void)state;
	for (i = 0; i < sizeof(odd) / sizeof(*odd); i++)
		line_agrees(odd[i], strlen(odd[i]));
	/* the usual line is read here, with the columns of the names */
	assert_int_equal(record_scan_line(v, col, line_keys, 4, line, len), 1);
	assert_string_equal(v[2], "Đề nghị \"làm rõ\"");
	assert_null(v[3]);
	assert_int_equal(col[1], 28);
	assert_int_equal(col[3], 0);
	for (i = 0; i < 4; i++)
		free(v[i]);
	for (i = 0; i <= len; i++)
		line_agrees(line, i);
	for (i = 0; i < len; i++) {
		for (b = 0; b < sizeof(bytes); b++) {
			memcpy(buf, line, len + 1);
			buf[i] = bytes[b];
			line_agrees(buf, len);
		}
	}
}

static void test_check_field(void **state)
{
	dossier_error err = DOSSIER_ERROR_INIT;

	(void)state;
	assert_int_equal(record_check_field("text", NULL, &err), 0);
	assert_int_equal(record_check_field("text", "Ý kiến", &err), 0);
	assert_int_equal(record_check_field("reason", "a\x01", &err), DOSSIER_EINVALID);
	assert_string_equal(err.field, "reason");
	assert_string_equal(err.message, "field 'reason' holds control character U+0001 at character 2");
	dossier_error_clear(&err);
	assert_int_equal(record_check_source("path", "/d\xff/draft.txt", &err), 0);
	assert_int_equal(record_check_source("path", "/dir/dr\xe1\x66t.txt", &err), DOSSIER_EINVALID);
	assert_string_equal(err.field, "path");
	assert_string_equal(err.message, "the file's name holds invalid UTF-8 (byte 0xe1) at character 3");
	dossier_error_clear(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_comment_round_trip),
		cmocka_unit_test(test_writer_never_drops_a_member),
		cmocka_unit_test(test_external_comment),
		cmocka_unit_test(test_reader_refuses_a_partial_record),
		cmocka_unit_test(test_state_reader_refuses_what_cannot_be_written),
		cmocka_unit_test(test_state_writer_is_jansson),
		cmocka_unit_test(test_bad_response_leaves_the_comment_as_it_was),
		cmocka_unit_test(test_scan_agrees_with_jansson),
		cmocka_unit_test(test_response_reader_agrees_with_jansson),
		cmocka_unit_test(test_quick_writer_is_jansson),
		cmocka_unit_test(test_line_reader_agrees_with_jansson),
		cmocka_unit_test(test_check_field),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
