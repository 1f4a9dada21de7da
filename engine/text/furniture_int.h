/*
 * furniture_int.h: the lines a published text carries that are not the
 * text (furniture.c): the Official Gazette's page headers
 * ("CÔNG BÁO/Số 294/Ngày 31-05-2026"), page numbers beside them, its
 * section line ("VĂN BẢN QUY PHẠM PHÁP LUẬT") and the electronic
 * signature stamp ("Người ký: …", "Email: …", "Cơ quan: …", "Thời gian
 * ký: …"). Private to the text module.
 */
#ifndef DOSSIER_TEXT_FURNITURE_INT_H
#define DOSSIER_TEXT_FURNITURE_INT_H

#include <stddef.h>

/* flat[i] is line i, trimmed and with runs of spaces collapsed ("" for a
 * blank line). Sets drop[i] to 1 for each line of page furniture and
 * returns how many there are. */
size_t text_furniture_mark(unsigned char *drop, const char *const *flat, size_t n);

#endif
