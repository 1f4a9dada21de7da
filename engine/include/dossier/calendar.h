/*
 * calendar.h: civil dates, the workflow's time zone, calendar and working
 * days, holidays and deadline arithmetic. Pure: no I/O, no global state
 * (the time zone is resolved once into a value, never through setenv("TZ")).
 *
 * A deadline ends at 23:59:59 of its day in the workflow's time zone.
 */
#ifndef DOSSIER_CALENDAR_H
#define DOSSIER_CALENDAR_H

#include "error.h"

typedef struct dossier_date {
	int year;
	int month; /* 1..12 */
	int day;   /* 1..31 */
} dossier_date;

/* A moment: seconds since the Unix epoch, UTC. */
typedef int64_t dossier_time;

/* The lengths of time the engine counts in; no other module writes the
 * numbers out. */
#define DOSSIER_SECONDS_PER_HOUR 3600
#define DOSSIER_SECONDS_PER_DAY 86400

/* The calendar of a workflow: its zone, weekend days and public holidays. */
typedef struct dossier_calendar {
	const char *zone_name;    /* IANA name, e.g. "Asia/Ho_Chi_Minh" */
	int utc_offset;           /* seconds east of UTC, resolved from zone_name */
	unsigned weekend_mask;    /* bit d set = weekday d is a weekend day (0 = Sunday … 6 = Saturday) */
	const dossier_date *holidays; /* sorted ascending */
	size_t nholidays;
} dossier_calendar;

typedef enum {
	DOSSIER_DAYS_CALENDAR = 0,
	DOSSIER_DAYS_WORKING = 1,
} dossier_day_unit;

/* A UTC offset in seconds as ISO 8601 writes it: "+07:00", "-03:30"
 * (buf >= 8). */
DOSSIER_API void dossier_utc_offset_format(char *buf, size_t size, int offset);

/* The month's English name, "January" for 1 … "December" for 12; NULL for
 * another number. */
DOSSIER_API const char *dossier_month_name(int month);

/* Parse "YYYY-MM-DD"; an impossible date (2025-02-30) is DOSSIER_EINVALID. */
DOSSIER_API int dossier_date_parse(dossier_date *out, const char *s, dossier_error *err);
DOSSIER_API bool dossier_date_valid(const dossier_date *d);
/* Writes "YYYY-MM-DD" into buf (at least 11 bytes). */
DOSSIER_API void dossier_date_format(char *buf, size_t size, const dossier_date *d);
DOSSIER_API int dossier_date_cmp(const dossier_date *a, const dossier_date *b);
/* 0 = Sunday … 6 = Saturday */
DOSSIER_API int dossier_date_weekday(const dossier_date *d);
DOSSIER_API dossier_date dossier_date_add_days(const dossier_date *d, int days);
/* b - a in calendar days */
DOSSIER_API int dossier_date_diff(const dossier_date *a, const dossier_date *b);

DOSSIER_API bool dossier_calendar_is_working_day(const dossier_calendar *cal, const dossier_date *d);
DOSSIER_API bool dossier_calendar_is_holiday(const dossier_calendar *cal, const dossier_date *d);
/* `n` days after `from` in the given unit. For working days, day 1 is the
 * first working day after `from`; n = 0 returns `from` itself. */
DOSSIER_API dossier_date dossier_calendar_add(const dossier_calendar *cal,
	const dossier_date *from, int n, dossier_day_unit unit);
/* `d` when it is a working day, else the first working day after it (a
 * calendar without working days: `d`). */
DOSSIER_API dossier_date dossier_calendar_next_working_day(const dossier_calendar *cal,
	const dossier_date *d);
/* The last day of a period of `n` days (of `unit`) from the event on
 * `from`, as the Civil Code counts it (Bộ luật Dân sự 2015, arts. 147–148;
 * docs/calendar.md): day 1 is the day after `from`; with `roll`, a last day
 * that is a weekend day or a holiday moves to the next working day (the
 * period then ends at the end of that day). */
DOSSIER_API dossier_date dossier_calendar_period_end(const dossier_calendar *cal,
	const dossier_date *from, int n, dossier_day_unit unit, bool roll);
/* Working days in (a, b]; negative when b < a. */
DOSSIER_API int dossier_calendar_working_days_between(const dossier_calendar *cal,
	const dossier_date *a, const dossier_date *b);

/* The zone's offset for an IANA name, from the system's zoneinfo (the POSIX
 * TZ footer of the TZif file); zones with daylight saving are refused. */
DOSSIER_API int dossier_zone_offset(int *out_offset, const char *zone_name, dossier_error *err);

/* The civil date of a moment in the calendar's zone. */
DOSSIER_API dossier_date dossier_calendar_date_of(const dossier_calendar *cal, dossier_time t);
/* 00:00:00 and 23:59:59 of a day in the calendar's zone. */
DOSSIER_API dossier_time dossier_calendar_start_of(const dossier_calendar *cal, const dossier_date *d);
DOSSIER_API dossier_time dossier_calendar_end_of(const dossier_calendar *cal, const dossier_date *d);

/* The times a dossier takes: from 1990-01-01T00:00:00 to
 * 2099-12-31T23:59:59 in the calendar's zone (docs/calendar.md). A commit
 * time is what git and libgit2 can store: libgit2 writes it as an unsigned
 * 32-bit number of seconds (a time before 1970 wraps to 2106, and none
 * after 2106-02-07 fits), and git's own date parser stops at 2099. The
 * floor is kept well clear of 1970 in every zone, and catches a mistyped
 * century. */
#define DOSSIER_TIME_FIRST_DAY "1990-01-01"
#define DOSSIER_TIME_LAST_DAY "2099-12-31"
DOSSIER_API bool dossier_time_in_range(const dossier_calendar *cal, dossier_time t);

/* Parse a time as the command line takes it: "YYYY-MM-DD" (start of that day
 * in the zone), or ISO 8601 "YYYY-MM-DDTHH:MM[:SS][Z|±HH:MM]" (no offset:
 * the calendar's zone). Any year from 1 to 9999. */
DOSSIER_API int dossier_time_parse(dossier_time *out, const dossier_calendar *cal,
	const char *s, dossier_error *err);
/* The same for a time a dossier is to take (--now, the server's clock, an
 * import's received times, the trailers verify checks): one outside
 * dossier_time_in_range() is DOSSIER_EINVALID, "invalid time 'S': outside
 * the supported range 1990-01-01 to 2099-12-31". */
DOSSIER_API int dossier_time_parse_in_range(dossier_time *out, const dossier_calendar *cal,
	const char *s, dossier_error *err);
/* ISO 8601 with the calendar's offset: "2025-07-25T23:59:59+07:00". buf >= 32 bytes. */
DOSSIER_API void dossier_time_format(char *buf, size_t size, const dossier_calendar *cal, dossier_time t);

#endif
