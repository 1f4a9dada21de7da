/*
 * textquote_int.h: the shape of a quotation in structured legal text (an
 * amending provision's new wording between “ and ”) and of an amending
 * instruction, by line: what textparse.c asks to find where a quotation
 * starts and ends, and amend.c to find the instructions. Private to
 * engine/text.
 */
#ifndef DOSSIER_TEXTQUOTE_INT_H
#define DOSSIER_TEXTQUOTE_INT_H

#include <stddef.h>

/* The line (trimmed) opens with a quotation mark “. */
int tq_opens(const char *line);

/* Opening minus closing quotation marks (“ ”) in the line. */
int tq_balance(const char *line);

/* In place: the opening mark of a quotation's first line (first) and the
 * closing mark, with the punctuation after it ("”.", "”;"), of its last
 * (last); the ends trimmed again. Returns the new length. */
size_t tq_strip(char *line, int first, int last);

/* The text reads as an amending instruction: it opens with "Sửa đổi",
 * "Bổ sung", "Bãi bỏ", "Thay thế", "Bỏ", "Hủy bỏ", "Đình chỉ" (any letter
 * case of the first letter) or "Amend", "Insert", "Repeal", "Replace",
 * "Delete". */
int tq_instruction_like(const char *text);

/* The text ends with ':' (an instruction announcing its quotation), spaces
 * after it ignored. */
int tq_announces(const char *text);

#endif
