/*
 * word_load.c: a document from a file, whatever its form, told apart by its
 * first bytes and never by its name: a zip archive is read as a .docx; a
 * binary Office file (OLE2) is refused as a Word 97–2003 .doc or, when it
 * holds an "EncryptedPackage" stream, as a password-protected document; RTF
 * is refused; UTF-16 with a byte-order mark is decoded; the rest is Akoma
 * Ntoso or structured text (docs/word.md). Every refusal says what to do.
 */
#include "dossier/word.h"

#include <stdlib.h>
#include <string.h>

#include "dossier/akn.h"
#include "dossier/textparse.h"
#include "word/word_int.h"
#include "akn/akn_html.h"

static int refuse(dossier_error *err, const char *path, const char *hint, const char *msg)
{
	int rc = dossier_error_set_at(err, DOSSIER_EINVALID, path, 0, 0, "%s", msg);

	dossier_error_set_hint(err, "%s", hint);
	dossier_error_set_tag(err, "unsupported-format");
	return rc;
}

/* UTF-16 (little or big endian, after its BOM) to UTF-8; surrogates must pair. */
static int utf16_decode(char **out, size_t *outlen, const char *path, const unsigned char *s,
	size_t len, bool big, dossier_error *err)
{
	dstr d = DSTR_INIT;
	size_t i;

	*out = NULL;
	if (len % 2)
		return refuse(err, path, "save the file again as UTF-8 text",
			"UTF-16 text with an odd number of bytes: the file is cut short");
	for (i = 0; i < len; i += 2) {
		uint32_t cp = big ? (uint32_t)(s[i] << 8 | s[i + 1]) : (uint32_t)(s[i + 1] << 8 | s[i]);
		char u[4];
		size_t n;

		if (cp >= 0xD800 && cp <= 0xDBFF && i + 3 < len) {
			uint32_t lo = big ? (uint32_t)(s[i + 2] << 8 | s[i + 3]) : (uint32_t)(s[i + 3] << 8 | s[i + 2]);

			if (lo >= 0xDC00 && lo <= 0xDFFF) {
				cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
				i += 2;
			}
		}
		if (cp >= 0xD800 && cp <= 0xDFFF) {
			dstr_free(&d);
			return dossier_error_set_at(err, DOSSIER_EINVALID, path, 0, 0,
				"UTF-16 text with an unpaired surrogate at byte offset %zu", i),
				dossier_error_set_hint(err, "save the file again as UTF-8 text"), DOSSIER_EINVALID;
		}
		if (cp < 0x80) {
			u[0] = (char)cp;
			n = 1;
		} else if (cp < 0x800) {
			u[0] = (char)(0xC0 | cp >> 6);
			u[1] = (char)(0x80 | (cp & 0x3F));
			n = 2;
		} else if (cp < 0x10000) {
			u[0] = (char)(0xE0 | cp >> 12);
			u[1] = (char)(0x80 | (cp >> 6 & 0x3F));
			u[2] = (char)(0x80 | (cp & 0x3F));
			n = 3;
		} else {
			u[0] = (char)(0xF0 | cp >> 18);
			u[1] = (char)(0x80 | (cp >> 12 & 0x3F));
			u[2] = (char)(0x80 | (cp >> 6 & 0x3F));
			u[3] = (char)(0x80 | (cp & 0x3F));
			n = 4;
		}
		dstr_add(&d, u, n);
	}
	if (d.oom)
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	*outlen = d.len;
	*out = dstr_detach(&d);
	return 0;
}

/* NULs in every other byte of the start: UTF-16 that lost its BOM. */
static bool looks_utf16(const unsigned char *s, size_t len)
{
	size_t i, even = 0, odd = 0, n = len < 200 ? len : 200;

	if (n < 8)
		return false;
	for (i = 0; i < n; i++)
		if (!s[i])
			*(i % 2 ? &odd : &even) += 1;
	return odd >= n / 2 - 2 || even >= n / 2 - 2;
}

/* XML: "<?xml", "<akomaNtoso", or any '<' first (after a BOM and blanks). */
static bool looks_like_xml(const char *data, size_t len)
{
	size_t i = 0;

	if (dossier_document_is_akn(data, len))
		return true;
	if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3))
		i = 3;
	while (i < len && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' || data[i] == '\n'))
		i++;
	return i < len && data[i] == '<';
}

static int read_plain(dossier_document **out, dossier_input_kind *kind, const char *path,
	const char *data, size_t len, const dossier_text_options *opts, dossier_diags *diags,
	dossier_error *err)
{
	if (akn_html_is(data, len)) {
		/* A published text's web page: the text it shows, parsed as text;
		 * LINE is a line of that text. */
		char *text = NULL;
		size_t n = 0;
		int rc;

		if (kind)
			*kind = DOSSIER_INPUT_HTML;
		if ((rc = akn_html_text(&text, &n, path, data, len, err)) < 0)
			return rc;
		rc = dossier_text_parse_opts(out, path, text, n, opts, diags, err);
		free(text);
		return rc;
	}
	if (looks_like_xml(data, len)) {
		if (kind)
			*kind = DOSSIER_INPUT_AKN;
		return dossier_akn_read(out, path, data, len, diags, err);
	}
	return dossier_text_parse_opts(out, path, data, len, opts, diags, err);
}

static int read_any(dossier_document **out, dossier_input_kind *kind, const char *path,
	const char *data, size_t len, const dossier_text_options *opts, dossier_diags *diags,
	dossier_error *err)
{
	const unsigned char *s = (const unsigned char *)data;

	*out = NULL;
	if (kind)
		*kind = DOSSIER_INPUT_TEXT;
	if (len >= 4 && s[0] == 'P' && s[1] == 'K' && ((s[2] == 3 && s[3] == 4) || (s[2] == 5 && s[3] == 6))) {
		if (kind)
			*kind = DOSSIER_INPUT_DOCX;
		return word_read_docx(out, path, data, len, diags, err);
	}
	if (len >= 8 && !memcmp(s, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8)) {
		if (word_memmem(data, len, "E\0n\0c\0r\0y\0p\0t\0e\0d\0P\0a\0c\0k\0a\0g\0e\0", 32))
			return refuse(err, path, "remove the password in Word (File, Info, Protect Document, "
				"Encrypt with Password) and save the file again",
				"an encrypted, password-protected Word document: it cannot be read");
		return refuse(err, path, "open it in Word or LibreOffice and save it as .docx "
			"(Word Document), or as plain text (UTF-8)",
			"Word 97–2003 file: save it as .docx");
	}
	if (len >= 5 && !memcmp(s, "{\\rtf", 5))
		return refuse(err, path, "open it in Word or LibreOffice and save it as .docx, or as "
			"plain text (UTF-8)", "an RTF file: save it as .docx");
	if (len >= 2 && ((s[0] == 0xFF && s[1] == 0xFE) || (s[0] == 0xFE && s[1] == 0xFF))) {
		char *utf8 = NULL;
		size_t n = 0;
		int rc;

		if ((rc = utf16_decode(&utf8, &n, path, s + 2, len - 2, s[0] == 0xFE, err)) < 0)
			return rc;
		rc = read_plain(out, kind, path, utf8, n, opts, diags, err);
		if (kind && *kind == DOSSIER_INPUT_TEXT)
			*kind = DOSSIER_INPUT_UTF16;
		free(utf8);
		return rc;
	}
	if (looks_utf16(s, len))
		return refuse(err, path, "save the file as UTF-8 (in Notepad: Save As, Encoding UTF-8)",
			"UTF-16 text without a byte-order mark: it cannot be told from binary data");
	return read_plain(out, kind, path, data, len, opts, diags, err);
}

int dossier_document_read(dossier_document **out, dossier_input_kind *kind, const char *path,
	const char *data, size_t len, dossier_diags *diags, dossier_error *err)
{
	return read_any(out, kind, path, data, len, NULL, diags, err);
}

int dossier_document_load(dossier_document **out, int *was_akn,
	const char *path, dossier_diags *diags, dossier_error *err)
{
	return dossier_document_load_opts(out, was_akn, path, NULL, diags, err);
}

int dossier_document_load_opts(dossier_document **out, int *was_akn, const char *path,
	const dossier_text_options *opts, dossier_diags *diags, dossier_error *err)
{
	dossier_input_kind kind = DOSSIER_INPUT_TEXT;
	char *data = NULL;
	size_t len = 0;
	int rc;

	*out = NULL;
	if (was_akn)
		*was_akn = 0;
	if ((rc = util_read_file(&data, &len, path, err)) < 0)
		return rc;
	rc = read_any(out, &kind, path, data, len, opts, diags, err);
	if (was_akn)
		*was_akn = kind == DOSSIER_INPUT_AKN;
	free(data);
	return rc;
}
