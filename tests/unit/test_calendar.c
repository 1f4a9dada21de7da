/*
 * test_calendar.c: civil dates, weekdays, day arithmetic, working days with
 * weekends and holidays, deadlines at 23:59:59 in the zone, time parsing and
 * formatting, and time zone resolution from the system zoneinfo.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "dossier/calendar.h"

#define WEEKEND_SAT_SUN ((1u << 0) | (1u << 6))

static dossier_date D(int y, int m, int d)
{
	dossier_date out = { y, m, d };
	return out;
}

static void assert_date(dossier_date got, int y, int m, int d)
{
	char buf[16], want[16];
	dossier_date w = D(y, m, d);

	dossier_date_format(buf, sizeof(buf), &got);
	dossier_date_format(want, sizeof(want), &w);
	assert_string_equal(buf, want);
}

/* Tết 2025 (Monday 27 to Friday 31 January) and the spring/autumn holidays. */
static const dossier_date vn_holidays_2025[] = {
	{ 2025, 1, 1 },
	{ 2025, 1, 27 }, { 2025, 1, 28 }, { 2025, 1, 29 }, { 2025, 1, 30 }, { 2025, 1, 31 },
	{ 2025, 4, 7 }, { 2025, 4, 30 }, { 2025, 5, 1 }, { 2025, 9, 1 }, { 2025, 9, 2 },
};

static dossier_calendar vn_calendar(void)
{
	dossier_calendar cal;

	memset(&cal, 0, sizeof(cal));
	cal.zone_name = "Asia/Ho_Chi_Minh";
	cal.utc_offset = 7 * 3600;
	cal.weekend_mask = WEEKEND_SAT_SUN;
	cal.holidays = vn_holidays_2025;
	cal.nholidays = sizeof(vn_holidays_2025) / sizeof(vn_holidays_2025[0]);
	return cal;
}

static void test_leap_years_and_validity(void **state)
{
	dossier_date d;
	dossier_error err = DOSSIER_ERROR_INIT;

	(void)state;
	assert_true(dossier_date_valid(&(dossier_date){ 2024, 2, 29 }));
	assert_false(dossier_date_valid(&(dossier_date){ 2025, 2, 29 }));
	assert_true(dossier_date_valid(&(dossier_date){ 2000, 2, 29 }));
	assert_false(dossier_date_valid(&(dossier_date){ 1900, 2, 29 }));
	assert_false(dossier_date_valid(&(dossier_date){ 2025, 4, 31 }));
	assert_false(dossier_date_valid(&(dossier_date){ 2025, 13, 1 }));
	assert_false(dossier_date_valid(&(dossier_date){ 2025, 0, 1 }));
	assert_false(dossier_date_valid(&(dossier_date){ 2025, 1, 0 }));
	assert_false(dossier_date_valid(NULL));

	assert_int_equal(dossier_date_parse(&d, "2024-02-29", &err), 0);
	assert_date(d, 2024, 2, 29);

	assert_int_equal(dossier_date_parse(&d, "2025-02-30", &err), DOSSIER_EINVALID);
	assert_string_equal(err.message, "invalid date '2025-02-30': February 2025 has 28 days");
	dossier_error_clear(&err);
	assert_int_equal(dossier_date_parse(&d, "2025-02-29", &err), DOSSIER_EINVALID);
	dossier_error_clear(&err);
	assert_int_equal(dossier_date_parse(&d, "2025-13-01", &err), DOSSIER_EINVALID);
	assert_string_equal(err.message, "invalid date '2025-13-01': there is no month 13");
	dossier_error_clear(&err);
	assert_int_equal(dossier_date_parse(&d, "2025-7-1", &err), DOSSIER_EINVALID);
	assert_string_equal(err.message, "invalid date '2025-7-1' (expected YYYY-MM-DD)");
	dossier_error_clear(&err);
	assert_int_equal(dossier_date_parse(&d, "2025-07-01x", &err), DOSSIER_EINVALID);
	dossier_error_clear(&err);
	assert_int_equal(dossier_date_parse(&d, "", &err), DOSSIER_EINVALID);
	dossier_error_clear(&err);
	assert_int_equal(dossier_date_parse(&d, "0000-01-01", NULL), DOSSIER_EINVALID);
}

static void test_format_and_compare(void **state)
{
	char buf[11];
	dossier_date a = D(2025, 7, 25), b = D(2025, 8, 15);

	(void)state;
	dossier_date_format(buf, sizeof(buf), &a);
	assert_string_equal(buf, "2025-07-25");
	assert_true(dossier_date_cmp(&a, &b) < 0);
	assert_true(dossier_date_cmp(&b, &a) > 0);
	assert_int_equal(dossier_date_cmp(&a, &a), 0);
	assert_int_equal(dossier_date_diff(&a, &b), 21);
	assert_int_equal(dossier_date_diff(&b, &a), -21);
}

static void test_weekday(void **state)
{
	(void)state;
	assert_int_equal(dossier_date_weekday(&(dossier_date){ 1970, 1, 1 }), 4);
	assert_int_equal(dossier_date_weekday(&(dossier_date){ 2000, 1, 1 }), 6);
	assert_int_equal(dossier_date_weekday(&(dossier_date){ 2024, 2, 29 }), 4);
	assert_int_equal(dossier_date_weekday(&(dossier_date){ 2025, 7, 25 }), 5);
	assert_int_equal(dossier_date_weekday(&(dossier_date){ 2025, 8, 15 }), 5);
	assert_int_equal(dossier_date_weekday(&(dossier_date){ 2025, 1, 29 }), 3);
	assert_int_equal(dossier_date_weekday(&(dossier_date){ 1969, 12, 28 }), 0);
}

static void test_add_days(void **state)
{
	(void)state;
	assert_date(dossier_date_add_days(&(dossier_date){ 2025, 1, 31 }, 1), 2025, 2, 1);
	assert_date(dossier_date_add_days(&(dossier_date){ 2025, 2, 28 }, 1), 2025, 3, 1);
	assert_date(dossier_date_add_days(&(dossier_date){ 2024, 2, 28 }, 1), 2024, 2, 29);
	assert_date(dossier_date_add_days(&(dossier_date){ 2025, 12, 31 }, 1), 2026, 1, 1);
	assert_date(dossier_date_add_days(&(dossier_date){ 2025, 7, 1 }, 60), 2025, 8, 30);
	assert_date(dossier_date_add_days(&(dossier_date){ 2026, 1, 1 }, -1), 2025, 12, 31);
	assert_date(dossier_date_add_days(&(dossier_date){ 2025, 3, 1 }, -1), 2025, 2, 28);
	assert_date(dossier_date_add_days(&(dossier_date){ 2025, 7, 1 }, 365), 2026, 7, 1);
	assert_date(dossier_date_add_days(&(dossier_date){ 2024, 1, 1 }, 366), 2025, 1, 1);
}

static void test_working_days(void **state)
{
	dossier_calendar cal = vn_calendar();
	dossier_date d;

	(void)state;
	/* Friday 2025-07-25 + 1 working day skips the weekend. */
	d = dossier_calendar_add(&cal, &(dossier_date){ 2025, 7, 25 }, 1, DOSSIER_DAYS_WORKING);
	assert_date(d, 2025, 7, 28);
	/* Zero returns the day itself, even on a weekend. */
	d = dossier_calendar_add(&cal, &(dossier_date){ 2025, 7, 26 }, 0, DOSSIER_DAYS_WORKING);
	assert_date(d, 2025, 7, 26);
	/* Across Tết 2025: Friday 24 January + 1 working day is Monday 3 February. */
	d = dossier_calendar_add(&cal, &(dossier_date){ 2025, 1, 24 }, 1, DOSSIER_DAYS_WORKING);
	assert_date(d, 2025, 2, 3);
	/* 21-24 January, then 3-7 and 10 February. */
	d = dossier_calendar_add(&cal, &(dossier_date){ 2025, 1, 20 }, 10, DOSSIER_DAYS_WORKING);
	assert_date(d, 2025, 2, 10);
	/* The same in calendar days ignores weekends and holidays. */
	d = dossier_calendar_add(&cal, &(dossier_date){ 2025, 1, 20 }, 10, DOSSIER_DAYS_CALENDAR);
	assert_date(d, 2025, 1, 30);
	/* 30 April and 1 May. */
	d = dossier_calendar_add(&cal, &(dossier_date){ 2025, 4, 29 }, 1, DOSSIER_DAYS_WORKING);
	assert_date(d, 2025, 5, 2);
	/* Backwards. */
	d = dossier_calendar_add(&cal, &(dossier_date){ 2025, 2, 3 }, -1, DOSSIER_DAYS_WORKING);
	assert_date(d, 2025, 1, 24);
	/* Across the year end (1 January is a holiday, 2026 has none listed). */
	d = dossier_calendar_add(&cal, &(dossier_date){ 2024, 12, 31 }, 1, DOSSIER_DAYS_WORKING);
	assert_date(d, 2025, 1, 2);

	assert_true(dossier_calendar_is_holiday(&cal, &(dossier_date){ 2025, 1, 29 }));
	assert_false(dossier_calendar_is_holiday(&cal, &(dossier_date){ 2025, 1, 26 }));
	assert_false(dossier_calendar_is_working_day(&cal, &(dossier_date){ 2025, 1, 29 }));
	assert_false(dossier_calendar_is_working_day(&cal, &(dossier_date){ 2025, 7, 26 }));
	assert_true(dossier_calendar_is_working_day(&cal, &(dossier_date){ 2025, 7, 25 }));

	/* (Fri 24 Jan, Mon 3 Feb]: only 3 February works. */
	assert_int_equal(dossier_calendar_working_days_between(&cal,
		&(dossier_date){ 2025, 1, 24 }, &(dossier_date){ 2025, 2, 3 }), 1);
	assert_int_equal(dossier_calendar_working_days_between(&cal,
		&(dossier_date){ 2025, 2, 3 }, &(dossier_date){ 2025, 1, 24 }), -1);
	assert_int_equal(dossier_calendar_working_days_between(&cal,
		&(dossier_date){ 2025, 7, 1 }, &(dossier_date){ 2025, 7, 1 }), 0);
	/* July 2025 after the 1st: 22 weekdays left (2..31). */
	assert_int_equal(dossier_calendar_working_days_between(&cal,
		&(dossier_date){ 2025, 7, 1 }, &(dossier_date){ 2025, 7, 31 }), 22);
}

/* Tết Bính Ngọ 2026: Saturday 14 to Sunday 22 February, days off on the
 * weekdays 16–20 (workflows/calendars/vn-2026.yaml). */
static const dossier_date vn_tet_2026[] = {
	{ 2026, 2, 14 }, { 2026, 2, 15 }, { 2026, 2, 16 }, { 2026, 2, 17 }, { 2026, 2, 18 },
	{ 2026, 2, 19 }, { 2026, 2, 20 }, { 2026, 2, 21 }, { 2026, 2, 22 },
};

static void test_periods_as_the_civil_code_counts(void **state)
{
	dossier_calendar cal = vn_calendar();

	(void)state;
	cal.holidays = vn_tet_2026;
	cal.nholidays = sizeof(vn_tet_2026) / sizeof(vn_tet_2026[0]);
	/* 30 days from 15 January 2026: day 1 is the 16th, day 30 Saturday 14
	 * February, the first day of Tết; the period ends on Monday 23 February. */
	assert_date(dossier_calendar_period_end(&cal, &(dossier_date){ 2026, 1, 15 }, 30, DOSSIER_DAYS_CALENDAR, true),
		2026, 2, 23);
	assert_date(dossier_calendar_period_end(&cal, &(dossier_date){ 2026, 1, 15 }, 30, DOSSIER_DAYS_CALENDAR, false),
		2026, 2, 14);
	/* A last day on a working day stays. */
	assert_date(dossier_calendar_period_end(&cal, &(dossier_date){ 2026, 1, 15 }, 29, DOSSIER_DAYS_CALENDAR, true),
		2026, 2, 13);
	/* A plain weekend: 10 days from Wednesday 1 July 2026 is Saturday the 11th: Monday the 13th. */
	assert_date(dossier_calendar_period_end(&cal, &(dossier_date){ 2026, 7, 1 }, 10, DOSSIER_DAYS_CALENDAR, true),
		2026, 7, 13);
	/* Working days always end on a working day; rolling changes nothing. */
	assert_date(dossier_calendar_period_end(&cal, &(dossier_date){ 2026, 2, 12 }, 2, DOSSIER_DAYS_WORKING, true),
		2026, 2, 23);
	assert_date(dossier_calendar_period_end(&cal, &(dossier_date){ 2026, 2, 12 }, 2, DOSSIER_DAYS_WORKING, false),
		2026, 2, 23);
	assert_date(dossier_calendar_next_working_day(&cal, &(dossier_date){ 2026, 2, 13 }), 2026, 2, 13);
	assert_date(dossier_calendar_next_working_day(&cal, &(dossier_date){ 2026, 2, 15 }), 2026, 2, 23);
	/* No working day at all: the day as it is, no endless loop. */
	cal.weekend_mask = 0x7f;
	assert_date(dossier_calendar_period_end(&cal, &(dossier_date){ 2026, 1, 15 }, 30, DOSSIER_DAYS_CALENDAR, true),
		2026, 2, 14);
}

static void test_other_weekend(void **state)
{
	dossier_calendar cal;

	(void)state;
	memset(&cal, 0, sizeof(cal));
	cal.weekend_mask = (1u << 5) | (1u << 6); /* Friday and Saturday */
	assert_date(dossier_calendar_add(&cal, &(dossier_date){ 2025, 7, 24 }, 1, DOSSIER_DAYS_WORKING),
		2025, 7, 27);
	/* A calendar without working days does not loop for ever. */
	cal.weekend_mask = 0x7f;
	assert_date(dossier_calendar_add(&cal, &(dossier_date){ 2025, 7, 24 }, 2, DOSSIER_DAYS_WORKING),
		2025, 7, 26);
}

static void test_deadline_end_of_day(void **state)
{
	dossier_calendar cal = vn_calendar();
	dossier_date d = D(2025, 7, 25);
	dossier_time end, start;
	char buf[40];

	(void)state;
	end = dossier_calendar_end_of(&cal, &d);
	start = dossier_calendar_start_of(&cal, &d);
	/* 2025-07-25T23:59:59+07:00 = 2025-07-25T16:59:59Z = 1753462799 */
	assert_int_equal(end, 1753462799);
	assert_int_equal(end - start, 86399);
	dossier_time_format(buf, sizeof(buf), &cal, end);
	assert_string_equal(buf, "2025-07-25T23:59:59+07:00");
	dossier_time_format(buf, sizeof(buf), &cal, start);
	assert_string_equal(buf, "2025-07-25T00:00:00+07:00");
	assert_date(dossier_calendar_date_of(&cal, end), 2025, 7, 25);
	assert_date(dossier_calendar_date_of(&cal, end + 1), 2025, 7, 26);
	assert_date(dossier_calendar_date_of(&cal, start - 1), 2025, 7, 24);
	/* In UTC the same moment is still the 25th, 17:00 less a second. */
	dossier_time_format(buf, sizeof(buf), NULL, end);
	assert_string_equal(buf, "2025-07-25T16:59:59+00:00");
	/* Negative offsets and times before the epoch. */
	cal.utc_offset = -(5 * 3600 + 30 * 60);
	dossier_time_format(buf, sizeof(buf), &cal, -1);
	assert_string_equal(buf, "1969-12-31T18:29:59-05:30");
	assert_date(dossier_calendar_date_of(&cal, -1), 1969, 12, 31);
}

static void test_time_parse(void **state)
{
	dossier_calendar cal = vn_calendar();
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier_time t;
	char buf[40];

	(void)state;
	assert_int_equal(dossier_time_parse(&t, &cal, "2025-07-25", &err), 0);
	dossier_time_format(buf, sizeof(buf), &cal, t);
	assert_string_equal(buf, "2025-07-25T00:00:00+07:00");

	assert_int_equal(dossier_time_parse(&t, &cal, "2025-07-25T23:59:59+07:00", &err), 0);
	assert_int_equal(t, 1753462799);
	assert_int_equal(dossier_time_parse(&t, &cal, "2025-07-25T16:59:59Z", &err), 0);
	assert_int_equal(t, 1753462799);
	assert_int_equal(dossier_time_parse(&t, &cal, "2025-07-25T23:59:59", &err), 0);
	assert_int_equal(t, 1753462799);
	assert_int_equal(dossier_time_parse(&t, &cal, "2025-07-25T23:59", &err), 0);
	assert_int_equal(t, 1753462799 - 59);
	assert_int_equal(dossier_time_parse(&t, &cal, "2025-07-25T11:59:59-05:00", &err), 0);
	assert_int_equal(t, 1753462799);
	assert_int_equal(dossier_time_parse(&t, &cal, "2025-07-25T21:29:59+0430", &err), 0);
	assert_int_equal(t, 1753462799);
	/* Without a calendar the zone is UTC. */
	assert_int_equal(dossier_time_parse(&t, NULL, "1970-01-02", &err), 0);
	assert_int_equal(t, 86400);

	assert_int_equal(dossier_time_parse(&t, &cal, "2025-07-25T24:00", &err), DOSSIER_EINVALID);
	assert_non_null(strstr(err.message, "not a time of day"));
	dossier_error_clear(&err);
	assert_int_equal(dossier_time_parse(&t, &cal, "2025-07-25 10:00", &err), DOSSIER_EINVALID);
	assert_string_equal(err.message,
		"invalid time '2025-07-25 10:00' (expected YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM])");
	dossier_error_clear(&err);
	assert_int_equal(dossier_time_parse(&t, &cal, "2025-07-25T10", &err), DOSSIER_EINVALID);
	dossier_error_clear(&err);
	assert_int_equal(dossier_time_parse(&t, &cal, "2025-07-25T10:00+7", &err), DOSSIER_EINVALID);
	dossier_error_clear(&err);
	assert_int_equal(dossier_time_parse(&t, &cal, "2025-07-25T10:00Zx", &err), DOSSIER_EINVALID);
	dossier_error_clear(&err);
	assert_int_equal(dossier_time_parse(&t, &cal, "2025-02-30T10:00", &err), DOSSIER_EINVALID);
	assert_string_equal(err.message, "invalid time '2025-02-30T10:00': February 2025 has 28 days");
	dossier_error_clear(&err);
	assert_int_equal(dossier_time_parse(&t, &cal, "tomorrow", &err), DOSSIER_EINVALID);
	assert_non_null(strstr(err.message, "'tomorrow'"));
	dossier_error_clear(&err);
}

/* Times git cannot store (before 1970: a negative time wraps to 2106) or
 * that would not print in four digits are refused, in every zone. */
static void test_time_range(void **state)
{
	static const char *const outside[] = {
		"1970-01-01", "0001-01-01", "1969-12-31T23:59:59Z", "1989-12-31T23:59:59",
		"1989-12-31T16:59:59Z", "2099-12-31T23:59:59-01:00", "2099-12-31T17:00:00Z",
		"2106-02-07T06:28:16Z", "9999-12-31",
	};
	dossier_calendar cal = vn_calendar(), utc = { "UTC", 0, 0, NULL, 0 };
	dossier_error err = DOSSIER_ERROR_INIT;
	dossier_time t = 42;
	char buf[40];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(outside) / sizeof(*outside); i++) {
		assert_int_equal(dossier_time_parse_in_range(&t, &cal, outside[i], &err), DOSSIER_EINVALID);
		assert_non_null(strstr(err.message, "outside the supported range 1990-01-01 to 2099-12-31"));
		assert_non_null(strstr(err.message, outside[i]));
		assert_int_equal(t, 42);
		dossier_error_clear(&err);
		/* the plain parser reads any year */
		assert_int_equal(dossier_time_parse(&t, &cal, outside[i], &err), 0);
		t = 42;
	}
	/* The bounds themselves, in the calendar's zone. */
	assert_int_equal(dossier_time_parse_in_range(&t, &cal, "1990-01-01", &err), 0);
	dossier_time_format(buf, sizeof(buf), &cal, t);
	assert_string_equal(buf, "1990-01-01T00:00:00+07:00");
	assert_true(dossier_time_in_range(&cal, t));
	assert_false(dossier_time_in_range(&cal, t - 1));
	assert_int_equal(dossier_time_parse_in_range(&t, &cal, "2099-12-31T23:59:59", &err), 0);
	dossier_time_format(buf, sizeof(buf), &cal, t);
	assert_string_equal(buf, "2099-12-31T23:59:59+07:00");
	assert_false(dossier_time_in_range(&cal, t + 1));
	assert_int_equal(dossier_time_parse_in_range(&t, &utc, "2099-12-31T23:59:59Z", &err), 0);
	assert_int_equal(t, 4102444799);
	/* what libgit2 can write: an unsigned 32-bit number of seconds */
	assert_true(t < 4294967296LL);
	assert_false(dossier_time_in_range(&cal, 0));
	assert_false(dossier_time_in_range(&cal, -25200));
	assert_false(dossier_time_in_range(&utc, (dossier_time)4294967296LL * 60));
	assert_true(dossier_time_in_range(&cal, 1753462799));
}

static bool have_zoneinfo(const char *name)
{
	char path[256];

	snprintf(path, sizeof(path), "/usr/share/zoneinfo/%s", name);
	return access(path, R_OK) == 0;
}

static void test_zone_offset(void **state)
{
	dossier_error err = DOSSIER_ERROR_INIT;
	int off = 12345;

	(void)state;
	assert_int_equal(dossier_zone_offset(&off, "UTC", &err), 0);
	assert_int_equal(off, 0);
	assert_int_equal(dossier_zone_offset(&off, "+07:00", &err), 0);
	assert_int_equal(off, 25200);
	assert_int_equal(dossier_zone_offset(&off, "-0530", &err), 0);
	assert_int_equal(off, -19800);

	if (!have_zoneinfo("Asia/Ho_Chi_Minh")) {
		skip();
		return;
	}
	assert_int_equal(dossier_zone_offset(&off, "Asia/Ho_Chi_Minh", &err), 0);
	assert_int_equal(off, 25200);
	if (have_zoneinfo("Asia/Kolkata")) {
		assert_int_equal(dossier_zone_offset(&off, "Asia/Kolkata", &err), 0);
		assert_int_equal(off, 19800);
	}
	if (have_zoneinfo("Etc/UTC")) {
		assert_int_equal(dossier_zone_offset(&off, "Etc/UTC", &err), 0);
		assert_int_equal(off, 0);
	}
	if (have_zoneinfo("Europe/Paris")) {
		assert_int_equal(dossier_zone_offset(&off, "Europe/Paris", &err), DOSSIER_EINVALID);
		assert_non_null(strstr(err.message, "daylight saving"));
		assert_non_null(strstr(err.message, "'Europe/Paris'"));
		assert_non_null(err.hint);
		dossier_error_clear(&err);
	}
	off = 777;
	assert_int_equal(dossier_zone_offset(&off, "Asia/Atlantis", &err), DOSSIER_EINVALID);
	assert_string_equal(err.message,
		"unknown time zone 'Asia/Atlantis' (no '/usr/share/zoneinfo/Asia/Atlantis')");
	dossier_error_clear(&err);
	assert_int_equal(dossier_zone_offset(&off, "../etc/passwd", &err), DOSSIER_EINVALID);
	assert_non_null(strstr(err.message, "invalid time zone name"));
	dossier_error_clear(&err);
	assert_int_equal(dossier_zone_offset(&off, "/etc/passwd", &err), DOSSIER_EINVALID);
	dossier_error_clear(&err);
	assert_int_equal(dossier_zone_offset(&off, "Asia/../../etc/passwd", &err), DOSSIER_EINVALID);
	dossier_error_clear(&err);
	assert_int_equal(dossier_zone_offset(&off, "", &err), DOSSIER_EINVALID);
	dossier_error_clear(&err);
	/* A directory is not a zone. */
	assert_int_equal(dossier_zone_offset(&off, "Asia", &err), DOSSIER_EINVALID);
	dossier_error_clear(&err);
	/* The offset is untouched by the failures. */
	assert_int_equal(off, 777);
}

static void test_month_name(void **state)
{
	(void)state;
	assert_string_equal(dossier_month_name(1), "January");
	assert_string_equal(dossier_month_name(12), "December");
	assert_null(dossier_month_name(0));
	assert_null(dossier_month_name(13));
	assert_int_equal(DOSSIER_SECONDS_PER_DAY, 24 * DOSSIER_SECONDS_PER_HOUR);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_leap_years_and_validity),
		cmocka_unit_test(test_format_and_compare),
		cmocka_unit_test(test_weekday),
		cmocka_unit_test(test_add_days),
		cmocka_unit_test(test_working_days),
		cmocka_unit_test(test_periods_as_the_civil_code_counts),
		cmocka_unit_test(test_other_weekend),
		cmocka_unit_test(test_deadline_end_of_day),
		cmocka_unit_test(test_time_parse),
		cmocka_unit_test(test_time_range),
		cmocka_unit_test(test_zone_offset),
		cmocka_unit_test(test_month_name),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
