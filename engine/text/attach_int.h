/*
 * attach_int.h: the lines that open a text "ban hành kèm theo" another
 * (attach.c): a regulation, programme or rules attached after the
 * signature. Private to the text module.
 */
#ifndef DOSSIER_TEXT_ATTACH_INT_H
#define DOSSIER_TEXT_ATTACH_INT_H

/* An attached text's type line, in capitals: "QUY ĐỊNH", "QUY CHẾ",
 * "CHƯƠNG TRÌNH BỒI DƯỠNG …", "ĐIỀU LỆ", "HƯỚNG DẪN", … */
int text_attach_type(const char *flat);

/* "(Ban hành kèm theo Quyết định số …", "(Kèm theo …": the line that says
 * which text it is attached to. */
int text_attach_intro(const char *flat);

#endif
