/*
 * web_load.c: the load of the `serve` benchmark (bench/README.md): C
 * clients, one thread and one keep-alive connection each, posting comments
 * to `dossier serve` as signed-in members, so that the load generator
 * costs little CPU beside the server on the same two cores. Each client
 * takes its session cookie and CSRF token from SESSIONS (one "COOKIE CSRF"
 * line per client, from sign-ins done beforehand), posts its share of N
 * comments on the eIds of EIDS in turn, and times each request. Prints one
 * JSON object: the comments acknowledged (201), failures, wall time,
 * comments per second, latency quantiles in ms; writes the acknowledged
 * ids, one per line, to IDS.
 *
 * Usage: web_load HOST PORT N SESSIONS EIDS IDS
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define TEXT "Đề nghị làm rõ trách nhiệm của cơ quan chủ trì trong việc xây dựng nền tảng dữ liệu đô thị, " \
	"bảo đảm kết nối và chia sẻ dữ liệu giữa các bộ, ngành và địa phương theo quy định của pháp luật."

typedef struct client {
	pthread_t thread;
	int index;
	char cookie[128];
	char csrf[128];
	long n;               /* comments to post */
	double *lat;          /* ms, one per request */
	long done, failed;
	char **ids;
	char error[256];
} client;

static const char *host;
static int port;
static char **eids;
static size_t neids;

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int connect_to(void)
{
	struct sockaddr_in a;
	int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;

	if (fd < 0)
		return -1;
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_port = htons((uint16_t)port);
	if (inet_pton(AF_INET, host, &a.sin_addr) != 1 || connect(fd, (struct sockaddr *)&a, sizeof(a)) < 0) {
		close(fd);
		return -1;
	}
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	return fd;
}

static int send_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = send(fd, p, n, MSG_NOSIGNAL);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Read one response: its status and body (up to size). -1 on a closed connection. */
static int read_response(int fd, char *buf, size_t size, int *status, char **body, int *close_after)
{
	size_t got = 0, need = 0;
	char *end = NULL;
	long clen = -1;

	*close_after = 0;
	for (;;) {
		ssize_t r;

		if (end && got >= need)
			break;
		if (got + 1 >= size)
			return -1;
		r = recv(fd, buf + got, size - got - 1, 0);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		got += (size_t)r;
		buf[got] = '\0';
		if (!end && (end = strstr(buf, "\r\n\r\n"))) {
			char *cl = strcasestr(buf, "\r\nContent-Length:");

			if (!cl || cl > end)
				return -1;
			clen = strtol(cl + 17, NULL, 10);
			need = (size_t)(end + 4 - buf) + (size_t)clen;
			if (strcasestr(buf, "\r\nConnection: close") && strcasestr(buf, "\r\nConnection: close") < end)
				*close_after = 1;
		}
	}
	*status = atoi(buf + 9);
	*body = end + 4;
	return 0;
}

static void *run(void *arg)
{
	client *c = arg;
	char req[4096], body[1024], resp[65536], *rbody;
	int fd = connect_to(), status, close_after;
	long i;

	if (fd < 0) {
		snprintf(c->error, sizeof(c->error), "cannot connect: %s", strerror(errno));
		c->failed = c->n;
		return NULL;
	}
	for (i = 0; i < c->n; i++) {
		const char *eid = eids[((size_t)c->index * 7 + (size_t)i) % neids];
		int blen = snprintf(body, sizeof(body), "{\"on\": \"%s\", \"text\": \"%s (%d.%ld)\"}", eid, TEXT,
			c->index, i);
		int rlen = snprintf(req, sizeof(req),
			"POST /api/v1/comments HTTP/1.1\r\nHost: %s:%d\r\nContent-Type: application/json\r\n"
			"Cookie: dossier_session=%s\r\nX-CSRF-Token: %s\r\nContent-Length: %d\r\n\r\n%s",
			host, port, c->cookie, c->csrf, blen, body);
		double t0 = now_ms();
		char *id, *q;

		if (send_all(fd, req, (size_t)rlen) < 0 ||
		    read_response(fd, resp, sizeof(resp), &status, &rbody, &close_after) < 0) {
			snprintf(c->error, sizeof(c->error), "request %ld: connection lost", i);
			c->failed += c->n - i;
			break;
		}
		c->lat[i] = now_ms() - t0;
		if (status != 201) {
			snprintf(c->error, sizeof(c->error), "request %ld: HTTP %d: %.200s", i, status, rbody);
			c->failed++;
		} else if ((id = strstr(rbody, "\"id\": \"")) && (q = strchr(id + 7, '"'))) {
			c->ids[c->done++] = strndup(id + 7, (size_t)(q - id - 7));
		}
		if (close_after) {
			close(fd);
			if ((fd = connect_to()) < 0)
				break;
		}
	}
	if (fd >= 0)
		close(fd);
	return NULL;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static char **read_lines(const char *path, size_t *n)
{
	FILE *f = fopen(path, "r");
	char **lines = NULL, *line = NULL;
	size_t cap = 0, count = 0, lcap = 0;
	ssize_t len;

	*n = 0;
	if (!f)
		return NULL;
	while ((len = getline(&line, &lcap, f)) > 0) {
		while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		if (!len)
			continue;
		if (count == cap) {
			cap = cap ? cap * 2 : 64;
			lines = realloc(lines, cap * sizeof(*lines));
		}
		lines[count++] = strdup(line);
	}
	free(line);
	fclose(f);
	*n = count;
	return lines;
}

int main(int argc, char **argv)
{
	char **sessions;
	size_t nclients, i, total_done = 0, total_failed = 0, k = 0;
	client *cs;
	double t0, wall, *all;
	long n, j;
	FILE *out;

	if (argc != 7) {
		fprintf(stderr, "usage: web_load HOST PORT N SESSIONS EIDS IDS\n");
		return 2;
	}
	host = argv[1];
	port = atoi(argv[2]);
	n = strtol(argv[3], NULL, 10);
	sessions = read_lines(argv[4], &nclients);
	eids = read_lines(argv[5], &neids);
	if (!sessions || !nclients || !eids || !neids || n <= 0) {
		fprintf(stderr, "web_load: no sessions or no eIds\n");
		return 2;
	}
	cs = calloc(nclients, sizeof(*cs));
	for (i = 0; i < nclients; i++) {
		cs[i].index = (int)i;
		if (sscanf(sessions[i], "%127s %127s", cs[i].cookie, cs[i].csrf) != 2) {
			fprintf(stderr, "web_load: bad session line %zu\n", i + 1);
			return 2;
		}
		cs[i].n = n / (long)nclients + ((long)i < n % (long)nclients);
		cs[i].lat = calloc((size_t)cs[i].n + 1, sizeof(double));
		cs[i].ids = calloc((size_t)cs[i].n + 1, sizeof(char *));
	}
	t0 = now_ms();
	for (i = 0; i < nclients; i++)
		pthread_create(&cs[i].thread, NULL, run, &cs[i]);
	for (i = 0; i < nclients; i++)
		pthread_join(cs[i].thread, NULL);
	wall = now_ms() - t0;
	all = calloc((size_t)n + 1, sizeof(double));
	out = fopen(argv[6], "w");
	for (i = 0; i < nclients; i++) {
		total_done += (size_t)cs[i].done;
		total_failed += (size_t)cs[i].failed;
		for (j = 0; j < cs[i].done; j++) {
			if (out)
				fprintf(out, "%s\n", cs[i].ids[j]);
			free(cs[i].ids[j]);
		}
		for (j = 0; j < cs[i].n; j++)
			if (cs[i].lat[j] > 0)
				all[k++] = cs[i].lat[j];
		if (cs[i].error[0])
			fprintf(stderr, "web_load: client %zu: %s\n", i, cs[i].error);
	}
	if (out)
		fclose(out);
	qsort(all, k, sizeof(*all), cmp);
	printf("{\"clients\": %zu, \"comments\": %ld, \"acknowledged\": %zu, \"failed\": %zu, \"wall_s\": %.3f, "
		"\"per_second\": %.1f, \"p50_ms\": %.2f, \"p90_ms\": %.2f, \"p99_ms\": %.2f, \"max_ms\": %.2f}\n",
		nclients, n, total_done, total_failed, wall / 1e3, total_done / (wall / 1e3),
		k ? all[k / 2] : 0, k ? all[(k * 9) / 10] : 0, k ? all[(k * 99) / 100] : 0, k ? all[k - 1] : 0);
	for (i = 0; i < nclients; i++) {
		free(cs[i].lat);
		free(cs[i].ids);
		free(sessions[i]);
	}
	for (i = 0; i < neids; i++)
		free(eids[i]);
	free(sessions);
	free(eids);
	free(cs);
	free(all);
	return total_failed ? 1 : 0;
}
