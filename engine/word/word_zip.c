/*
 * word_zip.c: the .docx container, the module's only use of libzip. A
 * part is read with the limits of word_int.h counted on the bytes inflated,
 * never on the sizes the archive's directory claims, so that a zip bomb is
 * refused after at most the limit's worth of work; an encrypted entry is
 * refused by name. Archives we write have every entry deflated, stamped
 * 1980-01-01 00:00 (the zip epoch, whatever the time zone) and in the
 * order given, so the same parts always give the same bytes.
 */
#include "word/word_int.h"

#include <stdlib.h>
#include <string.h>

#include <zip.h>

const char *word_memmem(const char *hay, size_t len, const char *needle, size_t nlen)
{
	const char *p = hay, *end = hay + len;

	if (!nlen)
		return hay;
	while ((size_t)(end - p) >= nlen && (p = memchr(p, needle[0], (size_t)(end - p) - nlen + 1))) {
		if (!memcmp(p, needle, nlen))
			return p;
		p++;
	}
	return NULL;
}

struct word_zip {
	zip_t *za;
	char *path;
	size_t total;   /* bytes inflated so far, every part */
};

static int zip_fail(dossier_error *err, const char *path, const char *what, zip_error_t *ze)
{
	int rc = dossier_error_set_at(err, DOSSIER_EINVALID, path, 0, 0, "%s: %s", what,
		ze ? zip_error_strerror(ze) : "cannot read the archive");

	dossier_error_set_hint(err, "open the file in Word or LibreOffice and save it again as .docx");
	return rc;
}

int word_zip_open(word_zip **out, const char *path, const char *data, size_t len, dossier_error *err)
{
	zip_error_t ze;
	zip_source_t *src;
	zip_t *za;
	zip_int64_t n, i;
	word_zip *z;

	*out = NULL;
	zip_error_init(&ze);
	if (!(src = zip_source_buffer_create(data, len, 0, &ze))) {
		zip_error_fini(&ze);
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	}
	if (!(za = zip_open_from_source(src, ZIP_RDONLY, &ze))) {
		int rc = zip_fail(err, path, "not a readable zip archive", &ze);

		zip_source_free(src);
		zip_error_fini(&ze);
		return rc;
	}
	zip_error_fini(&ze);
	n = zip_get_num_entries(za, 0);
	if (n < 0 || (zip_uint64_t)n > WORD_ZIP_MAX_ENTRIES) {
		zip_discard(za);
		return dossier_error_set_at(err, DOSSIER_EINVALID, path, 0, 0,
			"the archive holds %lld entries, more than the %u a Word document may have",
			(long long)n, WORD_ZIP_MAX_ENTRIES);
	}
	for (i = 0; i < n; i++) {
		zip_stat_t st;

		if (zip_stat_index(za, (zip_uint64_t)i, 0, &st) == 0 && (st.valid & ZIP_STAT_ENCRYPTION_METHOD) &&
		    st.encryption_method != ZIP_EM_NONE) {
			int rc = dossier_error_set_at(err, DOSSIER_EINVALID, path, 0, 0,
				"the archive is encrypted (entry '%s')", st.name ? st.name : "?");

			dossier_error_set_hint(err, "remove the password in Word (File, Info, Protect "
				"Document) and save the file again");
			zip_discard(za);
			return rc;
		}
	}
	if (!(z = calloc(1, sizeof(*z))) || !(z->path = util_strdup(path ? path : ""))) {
		free(z);
		zip_discard(za);
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	}
	z->za = za;
	*out = z;
	return 0;
}

void word_zip_close(word_zip *z)
{
	if (!z)
		return;
	zip_discard(z->za);
	free(z->path);
	free(z);
}

static int bomb(word_zip *z, const char *name, const char *why, dossier_error *err)
{
	int rc = dossier_error_set_at(err, DOSSIER_EINVALID, z->path, 0, 0,
		"part '%s' of the archive %s: refused as a possible zip bomb", name, why);

	dossier_error_set_hint(err, "a Word document's parts are at most %zu MiB each and %zu MiB "
		"together, compressed at most %u to 1", WORD_ZIP_MAX_PART >> 20, WORD_ZIP_MAX_TOTAL >> 20,
		WORD_ZIP_MAX_RATIO);
	return rc;
}

int word_zip_read(char **out, size_t *len, word_zip *z, const char *name, dossier_error *err)
{
	zip_int64_t idx = zip_name_locate(z->za, name, 0);
	zip_stat_t st;
	zip_file_t *f;
	dstr buf = DSTR_INIT;
	char chunk[65536];
	zip_uint64_t comp = 0;
	int rc = 0;

	*out = NULL;
	if (len)
		*len = 0;
	if (idx < 0)
		return 0;
	if (zip_stat_index(z->za, (zip_uint64_t)idx, 0, &st) == 0 && (st.valid & ZIP_STAT_COMP_SIZE))
		comp = st.comp_size;
	if (!(f = zip_fopen_index(z->za, (zip_uint64_t)idx, 0))) {
		rc = dossier_error_set_at(err, DOSSIER_EINVALID, z->path, 0, 0, "cannot read part '%s': %s",
			name, zip_error_strerror(zip_get_error(z->za)));
		dossier_error_set_hint(err, "open the file in Word or LibreOffice and save it again as .docx");
		return rc;
	}
	for (;;) {
		zip_int64_t got = zip_fread(f, chunk, sizeof(chunk));

		if (got < 0) {
			rc = dossier_error_set_at(err, DOSSIER_EINVALID, z->path, 0, 0,
				"cannot inflate part '%s': %s", name, zip_error_strerror(zip_file_get_error(f)));
			dossier_error_set_hint(err, "the file is damaged: save it again from Word");
			break;
		}
		if (got == 0)
			break;
		if (dstr_add(&buf, chunk, (size_t)got) < 0) {
			rc = dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
			break;
		}
		if (buf.len > WORD_ZIP_MAX_PART) {
			rc = bomb(z, name, "inflates to more than the limit of one part", err);
			break;
		}
		if (z->total + buf.len > WORD_ZIP_MAX_TOTAL) {
			rc = bomb(z, name, "takes the parts read past the limit of the whole", err);
			break;
		}
		if (buf.len > ((size_t)1 << 20) && buf.len / (comp ? comp : 1) > WORD_ZIP_MAX_RATIO) {
			rc = bomb(z, name, "inflates beyond the compression ratio a document has", err);
			break;
		}
	}
	zip_fclose(f);
	if (rc < 0) {
		dstr_free(&buf);
		return rc;
	}
	z->total += buf.len;
	if (len)
		*len = buf.len;
	*out = dstr_detach(&buf);
	return *out ? 0 : dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
}

/* ---- writing ------------------------------------------------------------ */

struct word_zip_out {
	zip_source_t *src;
	zip_t *za;
};

int word_zip_out_new(word_zip_out **out, dossier_error *err)
{
	word_zip_out *z;
	zip_error_t ze;

	*out = NULL;
	if (!(z = calloc(1, sizeof(*z))))
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	zip_error_init(&ze);
	if (!(z->src = zip_source_buffer_create(NULL, 0, 0, &ze))) {
		zip_error_fini(&ze);
		free(z);
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	}
	zip_source_keep(z->src); /* it outlives the archive: the bytes are read from it */
	if (!(z->za = zip_open_from_source(z->src, ZIP_TRUNCATE, &ze))) {
		dossier_error_set(err, DOSSIER_ENOMEM, "cannot start an archive: %s", zip_error_strerror(&ze));
		zip_error_fini(&ze);
		zip_source_free(z->src);
		free(z);
		return DOSSIER_ENOMEM;
	}
	zip_error_fini(&ze);
	*out = z;
	return 0;
}

void word_zip_out_free(word_zip_out *z)
{
	if (!z)
		return;
	if (z->za)
		zip_discard(z->za);
	zip_source_free(z->src);
	free(z);
}

int word_zip_out_add(word_zip_out *z, const char *name, const char *data, size_t len, dossier_error *err)
{
	zip_source_t *s;
	zip_int64_t idx;
	void *copy = malloc(len ? len : 1);

	if (!copy)
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	memcpy(copy, data, len);
	if (!(s = zip_source_buffer(z->za, copy, len, 1))) {
		free(copy);
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	}
	if ((idx = zip_file_add(z->za, name, s, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE)) < 0) {
		zip_source_free(s);
		return dossier_error_set(err, DOSSIER_ENOMEM, "cannot add '%s' to the archive: %s", name,
			zip_strerror(z->za));
	}
	if (zip_set_file_compression(z->za, (zip_uint64_t)idx, ZIP_CM_DEFLATE, 9) < 0 ||
	    zip_file_set_dostime(z->za, (zip_uint64_t)idx, 0, (1 << 5) | 1, 0) < 0 ||
	    zip_file_set_external_attributes(z->za, (zip_uint64_t)idx, 0, ZIP_OPSYS_UNIX,
		    (zip_uint32_t)0100644 << 16) < 0)
		return dossier_error_set(err, DOSSIER_ENOMEM, "cannot add '%s' to the archive: %s", name,
			zip_strerror(z->za));
	return 0;
}

int word_zip_out_finish(char **out, size_t *len, word_zip_out *z, dossier_error *err)
{
	zip_stat_t st;
	char *buf;
	int rc = 0;

	*out = NULL;
	*len = 0;
	if (zip_close(z->za) < 0) {
		rc = dossier_error_set(err, DOSSIER_ENOMEM, "cannot write the archive: %s", zip_strerror(z->za));
		word_zip_out_free(z);
		return rc;
	}
	z->za = NULL;
	zip_stat_init(&st);
	if (zip_source_stat(z->src, &st) < 0 || !(st.valid & ZIP_STAT_SIZE) || zip_source_open(z->src) < 0) {
		word_zip_out_free(z);
		return dossier_error_set(err, DOSSIER_ENOMEM, "cannot read the archive written");
	}
	if (!(buf = malloc(st.size + 1))) {
		rc = dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	} else if (zip_source_read(z->src, buf, st.size) != (zip_int64_t)st.size) {
		rc = dossier_error_set(err, DOSSIER_ENOMEM, "cannot read the archive written");
		free(buf);
	} else {
		buf[st.size] = 0;
		*out = buf;
		*len = (size_t)st.size;
	}
	zip_source_close(z->src);
	word_zip_out_free(z);
	return rc;
}
