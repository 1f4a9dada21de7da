/*
 * attach.c: what opens a text attached to a Thông tư or Quyết định (docs/
 * text-format.md, "Attached texts"). After the signature of "Quyết định
 * ban hành Quy định …" comes the regulation itself: its type line in
 * capitals ("QUY ĐỊNH"), its title, and "(Ban hành kèm theo Quyết định số
 * 07/2025/QĐ-UBND …)"; then its own chapters and articles, numbered from
 * 1 again. The parser (textparse.c) starts an attachment at a type line
 * with such an intro line within the next lines.
 */
#include "text/attach_int.h"

#include <string.h>

#include "text/textheading_int.h"

static int starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

int text_attach_type(const char *flat)
{
	static const char *const types[] = {
		"QUY ĐỊNH", "QUY CHẾ", "CHƯƠNG TRÌNH", "ĐIỀU LỆ", "HƯỚNG DẪN", "KẾ HOẠCH",
		"ĐỀ ÁN", "CHIẾN LƯỢC", "QUY TRÌNH", "NỘI QUY", "ĐỊNH MỨC", "TIÊU CHUẨN",
		"QUY CHUẨN", "DANH MỤC", "CHẾ ĐỘ", "BẢN QUY ĐỊNH",
	};
	size_t i;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		size_t n = strlen(types[i]);

		if (flat[0] == types[i][0] && starts(flat, types[i]) && (flat[n] == 0 || flat[n] == ' '))
			return th_is_upper(flat);
	}
	return 0;
}

int text_attach_intro(const char *flat)
{
	return starts(flat, "(Ban hành kèm theo") || starts(flat, "(ban hành kèm theo") ||
		starts(flat, "(Kèm theo") || starts(flat, "(kèm theo") ||
		starts(flat, "(Ban hành theo") || starts(flat, "(BAN HÀNH KÈM THEO");
}
