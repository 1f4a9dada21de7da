/*
 * calendar.c: civil dates, the workflow's time zone, calendar and working
 * days, holidays and deadline arithmetic (see dossier/calendar.h).
 *
 * Dates are proleptic Gregorian; arithmetic goes through a day number
 * (days since 1970-01-01) with the well-known days-from-civil conversion,
 * so no struct tm, no mktime and no process time zone are involved. A time
 * zone is a fixed offset in seconds: dossier_zone_offset() resolves an IANA
 * name once, from the POSIX TZ footer of the system's TZif file, and refuses
 * zones with daylight saving rules (a deadline must not move by an hour
 * depending on the season). This is the only function here that reads a
 * file; everything else is pure.
 */
#include "dossier/calendar.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"


/* The directory of the system's compiled time zone files. */
#define ZONEINFO_DIR "/usr/share/zoneinfo"

static bool is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
	static const int dm[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (m < 1 || m > 12)
		return 0;
	return m == 2 && is_leap(y) ? 29 : dm[m - 1];
}

/* Days since 1970-01-01 of a civil date (H. Hinnant's days_from_civil). */
static int64_t days_from_civil(int y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* The civil date of a day number (H. Hinnant's civil_from_days). */
static dossier_date civil_from_days(int64_t z)
{
	dossier_date out;
	int64_t era, doe, yoe, y, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	out.day = (int)(doy - (153 * mp + 2) / 5 + 1);
	out.month = (int)(mp < 10 ? mp + 3 : mp - 9);
	out.year = (int)(y + (out.month <= 2));
	return out;
}

static int64_t day_number(const dossier_date *d)
{
	return days_from_civil(d->year, d->month, d->day);
}

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	if ((a % b != 0) && ((a < 0) != (b < 0)))
		q--;
	return q;
}

bool dossier_date_valid(const dossier_date *d)
{
	if (!d || d->year < 1 || d->year > 9999)
		return false;
	if (d->month < 1 || d->month > 12)
		return false;
	return d->day >= 1 && d->day <= days_in_month(d->year, d->month);
}

/* Read exactly `n` digits. */
static bool read_digits(const char **p, int n, int *out)
{
	int v = 0, i;

	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)(*p)[i]))
			return false;
		v = v * 10 + ((*p)[i] - '0');
	}
	*p += n;
	*out = v;
	return true;
}

static const char *const month_names[12] = {
	"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December",
};

void dossier_utc_offset_format(char *buf, size_t size, int offset)
{
	int off = offset < 0 ? -offset : offset;

	if (buf && size)
		snprintf(buf, size, "%c%02d:%02d", offset < 0 ? '-' : '+', off / DOSSIER_SECONDS_PER_HOUR,
			off / 60 % 60);
}

const char *dossier_month_name(int month)
{
	return month >= 1 && month <= 12 ? month_names[month - 1] : NULL;
}

/* Parse "YYYY-MM-DD" at *p, advancing it; the caller checks what follows. */
#define DATE_FORMS "YYYY-MM-DD"
#define TIME_FORMS N_("YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM]")

/* `what` is "date" or "time", `forms` what was expected; both name the
 * subject in messages. */
/* what (a msgid) and forms (a msgid when forms_msgid) are translated
 * only for a message: an import parses 100,000 times without one. */
static int parse_date_at(dossier_date *out, const char **p, const char *whole,
	const char *what_msgid, const char *forms, bool forms_msgid, dossier_error *err)
{
	const char *s = *p, *what;

	if (read_digits(&s, 4, &out->year) && *s++ == '-' && read_digits(&s, 2, &out->month) &&
	    *s++ == '-' && read_digits(&s, 2, &out->day) && out->month >= 1 && out->month <= 12 &&
	    out->year >= 1 && out->day >= 1 && out->day <= days_in_month(out->year, out->month)) {
		*p = s;
		return 0;
	}
	what = _(what_msgid);
	s = *p;
	if (!read_digits(&s, 4, &out->year) || *s++ != '-' || !read_digits(&s, 2, &out->month) ||
	    *s++ != '-' || !read_digits(&s, 2, &out->day))
		return dossier_error_set(err, DOSSIER_EINVALID,
			"invalid %s '%s' (expected %s)", what, whole, forms_msgid ? _(forms) : forms);
	if (out->month < 1 || out->month > 12)
		return dossier_error_set(err, DOSSIER_EINVALID,
			"invalid %s '%s': there is no month %d", what, whole, out->month);
	if (out->year < 1)
		return dossier_error_set(err, DOSSIER_EINVALID,
			"invalid %s '%s': there is no year 0", what, whole);
	if (out->day < 1 || out->day > days_in_month(out->year, out->month))
		return dossier_error_set(err, DOSSIER_EINVALID,
			"invalid %s '%s': %s %d has %d days", what, whole, month_names[out->month - 1],
			out->year, days_in_month(out->year, out->month));
	*p = s;
	return 0;
}

int dossier_date_parse(dossier_date *out, const char *s, dossier_error *err)
{
	dossier_date d = { 0, 0, 0 };
	const char *p = s;
	int rc;

	if (!s)
		return dossier_error_set(err, DOSSIER_EINVALID, "missing date");
	if ((rc = parse_date_at(&d, &p, s, N_("date"), DATE_FORMS, false, err)) < 0)
		return rc;
	if (*p)
		return dossier_error_set(err, DOSSIER_EINVALID,
			"invalid date '%s' (expected %s)", s, DATE_FORMS);
	*out = d;
	return 0;
}

void dossier_date_format(char *buf, size_t size, const dossier_date *d)
{
	if (!buf || !size)
		return;
	snprintf(buf, size, "%04d-%02d-%02d", d->year, d->month, d->day);
}

int dossier_date_cmp(const dossier_date *a, const dossier_date *b)
{
	if (a->year != b->year)
		return a->year < b->year ? -1 : 1;
	if (a->month != b->month)
		return a->month < b->month ? -1 : 1;
	if (a->day != b->day)
		return a->day < b->day ? -1 : 1;
	return 0;
}

int dossier_date_weekday(const dossier_date *d)
{
	/* 1970-01-01 was a Thursday (4). */
	return (int)(((day_number(d) % 7) + 7 + 4) % 7);
}

dossier_date dossier_date_add_days(const dossier_date *d, int days)
{
	return civil_from_days(day_number(d) + days);
}

int dossier_date_diff(const dossier_date *a, const dossier_date *b)
{
	return (int)(day_number(b) - day_number(a));
}

static int holiday_cmp(const void *key, const void *elem)
{
	return dossier_date_cmp(key, elem);
}

bool dossier_calendar_is_holiday(const dossier_calendar *cal, const dossier_date *d)
{
	if (!cal || !cal->holidays || !cal->nholidays)
		return false;
	return cal->nholidays && bsearch(d, cal->holidays, cal->nholidays, sizeof(*cal->holidays), holiday_cmp) != NULL;
}

static bool is_weekend(const dossier_calendar *cal, const dossier_date *d)
{
	return cal && (cal->weekend_mask >> dossier_date_weekday(d)) & 1u;
}

bool dossier_calendar_is_working_day(const dossier_calendar *cal, const dossier_date *d)
{
	return !is_weekend(cal, d) && !dossier_calendar_is_holiday(cal, d);
}

dossier_date dossier_calendar_add(const dossier_calendar *cal, const dossier_date *from,
	int n, dossier_day_unit unit)
{
	dossier_date d = *from;
	int step, left;

	if (unit != DOSSIER_DAYS_WORKING)
		return dossier_date_add_days(from, n);
	/* A calendar with every weekday a weekend day has no working day:
	 * fall back to calendar days rather than looping for ever. */
	if (cal && (cal->weekend_mask & 0x7fu) == 0x7fu)
		return dossier_date_add_days(from, n);
	step = n < 0 ? -1 : 1;
	left = n < 0 ? -n : n;
	while (left > 0) {
		d = dossier_date_add_days(&d, step);
		if (dossier_calendar_is_working_day(cal, &d))
			left--;
	}
	return d;
}

dossier_date dossier_calendar_next_working_day(const dossier_calendar *cal, const dossier_date *d)
{
	dossier_date r = *d;
	int guard;

	if (cal && (cal->weekend_mask & 0x7fu) == 0x7fu)
		return r;
	/* Holidays are finite and a week has a working day: this ends. */
	for (guard = 0; guard < 100000 && !dossier_calendar_is_working_day(cal, &r); guard++)
		r = dossier_date_add_days(&r, 1);
	return r;
}

dossier_date dossier_calendar_period_end(const dossier_calendar *cal, const dossier_date *from,
	int n, dossier_day_unit unit, bool roll)
{
	dossier_date last = dossier_calendar_add(cal, from, n, unit);

	return roll ? dossier_calendar_next_working_day(cal, &last) : last;
}

int dossier_calendar_working_days_between(const dossier_calendar *cal,
	const dossier_date *a, const dossier_date *b)
{
	int64_t lo = day_number(a), hi = day_number(b), i;
	int sign = 1, count = 0;

	if (hi < lo) {
		int64_t t = lo;
		lo = hi;
		hi = t;
		sign = -1;
	}
	for (i = lo + 1; i <= hi; i++) {
		dossier_date d = civil_from_days(i);
		if (dossier_calendar_is_working_day(cal, &d))
			count++;
	}
	return sign * count;
}

/*
 * A fixed UTC offset written the ISO 8601 way: "+07:00", "+0700", "+07",
 * "-05:30". Returns false when `s` is not one (nothing else may follow).
 */
static bool parse_iso_offset(int *out, const char *s)
{
	const char *p = s;
	int sign, h, m = 0;

	if (*p != '+' && *p != '-')
		return false;
	sign = *p++ == '-' ? -1 : 1;
	if (!read_digits(&p, 2, &h))
		return false;
	if (*p == ':') {
		p++;
		if (!read_digits(&p, 2, &m))
			return false;
	} else if (*p) {
		if (!read_digits(&p, 2, &m))
			return false;
	}
	if (*p || h > 14 || m > 59)
		return false;
	*out = sign * (h * DOSSIER_SECONDS_PER_HOUR + m * 60);
	return true;
}

/*
 * The standard-time part of a POSIX TZ string: a name ("UTC", "CET" or
 * "<+07>") then an offset west of UTC ("-7", "5:30"). Returns the number of
 * bytes read, or 0 when the text is not of that form.
 */
static size_t parse_posix_std(int *out_east, const char *s)
{
	const char *p = s;
	int sign = 1, h = 0, m = 0, sec = 0, n;

	if (*p == '<') {
		while (*p && *p != '>')
			p++;
		if (*p++ != '>')
			return 0;
	} else {
		n = 0;
		while (isalpha((unsigned char)*p)) {
			p++;
			n++;
		}
		if (n < 3)
			return 0;
	}
	if (*p == '+' || *p == '-')
		sign = *p++ == '-' ? -1 : 1;
	if (!isdigit((unsigned char)*p))
		return 0;
	while (isdigit((unsigned char)*p))
		h = h * 10 + (*p++ - '0');
	if (*p == ':') {
		p++;
		if (!read_digits(&p, 2, &m))
			return 0;
		if (*p == ':') {
			p++;
			if (!read_digits(&p, 2, &sec))
				return 0;
		}
	}
	if (h > 24 || m > 59 || sec > 59)
		return 0;
	/* POSIX counts west of UTC as positive; we count east. */
	*out_east = -sign * (h * DOSSIER_SECONDS_PER_HOUR + m * 60 + sec);
	return (size_t)(p - s);
}

/* The POSIX TZ footer of a TZif file (version 2 and later): the text between
 * the last two newlines. NULL when the file has none. */
static char *tzif_footer(const char *data, size_t len)
{
	const char *end, *start;

	if (len < 5 || memcmp(data, "TZif", 4) != 0 || data[4] < '2')
		return NULL;
	if (data[len - 1] != '\n')
		return NULL;
	end = data + len - 1;
	start = end;
	while (start > data && start[-1] != '\n')
		start--;
	if (start == data)
		return NULL;
	return util_strndup(start, (size_t)(end - start));
}

static bool zone_name_safe(const char *name)
{
	const char *p;

	if (!*name || name[0] == '/' || strstr(name, ".."))
		return false;
	for (p = name; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (!isalnum(c) && c != '/' && c != '_' && c != '-' && c != '+' && c != '.')
			return false;
	}
	return true;
}

int dossier_zone_offset(int *out_offset, const char *zone_name, dossier_error *err)
{
	char *path = NULL, *data = NULL, *footer = NULL;
	dossier_error rerr = DOSSIER_ERROR_INIT;
	size_t len = 0, used;
	int offset = 0, rc;

	if (!zone_name || !*zone_name)
		return dossier_error_set(err, DOSSIER_EINVALID, "missing time zone name");
	if (!strcmp(zone_name, "UTC") || !strcmp(zone_name, "Z")) {
		*out_offset = 0;
		return 0;
	}
	if (parse_iso_offset(&offset, zone_name)) {
		*out_offset = offset;
		return 0;
	}
	if (!zone_name_safe(zone_name))
		return dossier_error_set(err, DOSSIER_EINVALID,
			"invalid time zone name '%s' (expected an IANA name such as 'Asia/Ho_Chi_Minh' or an offset such as '+07:00')",
			zone_name);
	path = util_sprintf("%s/%s", ZONEINFO_DIR, zone_name);
	if (!path)
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	rc = util_read_file(&data, &len, path, &rerr);
	if (rc < 0) {
		if (rc == DOSSIER_ENOTFOUND)
			rc = dossier_error_set(err, DOSSIER_EINVALID,
				"unknown time zone '%s' (no '%s')", zone_name, path);
		else
			rc = dossier_error_set(err, DOSSIER_EINVALID,
				"cannot read time zone '%s': %s", zone_name, rerr.message ? rerr.message : "");
		dossier_error_clear(&rerr);
		free(path);
		return rc;
	}
	footer = tzif_footer(data, len);
	if (!footer || !*footer) {
		rc = dossier_error_set(err, DOSSIER_EINVALID,
			"time zone '%s': '%s' is not a TZif file with a POSIX TZ rule", zone_name, path);
		goto done;
	}
	used = parse_posix_std(&offset, footer);
	if (!used) {
		rc = dossier_error_set(err, DOSSIER_EINVALID,
			"time zone '%s': cannot read its rule '%s'", zone_name, footer);
		goto done;
	}
	if (footer[used]) {
		rc = dossier_error_set(err, DOSSIER_EINVALID,
			"time zone '%s' has daylight saving time (rule '%s'); deadlines need a fixed offset",
			zone_name, footer);
		dossier_error_set_hint(err, "name a zone without daylight saving, or a fixed offset such as '+07:00'");
		goto done;
	}
	*out_offset = offset;
	rc = 0;
done:
	free(footer);
	free(data);
	free(path);
	return rc;
}

static int cal_offset(const dossier_calendar *cal)
{
	return cal ? cal->utc_offset : 0;
}

dossier_date dossier_calendar_date_of(const dossier_calendar *cal, dossier_time t)
{
	return civil_from_days(floor_div(t + cal_offset(cal), DOSSIER_SECONDS_PER_DAY));
}

dossier_time dossier_calendar_start_of(const dossier_calendar *cal, const dossier_date *d)
{
	return day_number(d) * DOSSIER_SECONDS_PER_DAY - cal_offset(cal);
}

dossier_time dossier_calendar_end_of(const dossier_calendar *cal, const dossier_date *d)
{
	return dossier_calendar_start_of(cal, d) + DOSSIER_SECONDS_PER_DAY - 1;
}

bool dossier_time_in_range(const dossier_calendar *cal, dossier_time t)
{
	static const dossier_date first = { 1990, 1, 1 }, last = { 2099, 12, 31 };

	return t >= dossier_calendar_start_of(cal, &first) && t <= dossier_calendar_end_of(cal, &last);
}

int dossier_time_parse(dossier_time *out, const dossier_calendar *cal, const char *s,
	dossier_error *err)
{
	dossier_date d;
	const char *p = s;
	int h = 0, m = 0, sec = 0, offset = cal_offset(cal), rc;

	if (!s)
		return dossier_error_set(err, DOSSIER_EINVALID, "missing time");
	if ((rc = parse_date_at(&d, &p, s, N_("time"), TIME_FORMS, true, err)) < 0)
		return rc;
	if (!*p) {
		*out = dossier_calendar_start_of(cal, &d);
		return 0;
	}
	if (*p != 'T' && *p != 't')
		goto bad;
	p++;
	if (!read_digits(&p, 2, &h) || *p++ != ':' || !read_digits(&p, 2, &m))
		goto bad;
	if (*p == ':') {
		p++;
		if (!read_digits(&p, 2, &sec))
			goto bad;
	}
	if (h > 23 || m > 59 || sec > 59)
		return dossier_error_set(err, DOSSIER_EINVALID,
			"invalid time '%s': %02d:%02d:%02d is not a time of day", s, h, m, sec);
	if (*p == 'Z' || *p == 'z') {
		offset = 0;
		p++;
		if (*p)
			goto bad;
	} else if (*p) {
		if (!parse_iso_offset(&offset, p))
			goto bad;
	}
	*out = day_number(&d) * DOSSIER_SECONDS_PER_DAY + h * DOSSIER_SECONDS_PER_HOUR + m * 60 + sec - offset;
	return 0;
bad:
	return dossier_error_set(err, DOSSIER_EINVALID,
		"invalid time '%s' (expected %s)", s, _(TIME_FORMS));
}

int dossier_time_parse_in_range(dossier_time *out, const dossier_calendar *cal, const char *s,
	dossier_error *err)
{
	dossier_time t;
	int rc;

	if ((rc = dossier_time_parse(&t, cal, s, err)) < 0)
		return rc;
	if (!dossier_time_in_range(cal, t))
		return dossier_error_set(err, DOSSIER_EINVALID,
			"invalid time '%s': outside the supported range %s to %s", s,
			DOSSIER_TIME_FIRST_DAY, DOSSIER_TIME_LAST_DAY);
	*out = t;
	return 0;
}

void dossier_time_format(char *buf, size_t size, const dossier_calendar *cal, dossier_time t)
{
	int offset = cal_offset(cal), secs;
	int64_t local = t + offset, days = floor_div(local, DOSSIER_SECONDS_PER_DAY);
	dossier_date d = civil_from_days(days);
	char zone[8];

	if (!buf || !size)
		return;
	secs = (int)(local - days * DOSSIER_SECONDS_PER_DAY);
	dossier_utc_offset_format(zone, sizeof(zone), offset);
	snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02d%s", d.year, d.month, d.day,
		secs / DOSSIER_SECONDS_PER_HOUR, secs / 60 % 60, secs % 60, zone);
}
