/*
 * cli.h: what the commands of the `dossier` program share: the global
 * options, one option table per command that drives both parsing and help,
 * and the printing of errors. The CLI uses only the public API of
 * libdossier (engine/include/dossier); it is the only place that prints or
 * exits.
 */
#ifndef DOSSIER_CLI_H
#define DOSSIER_CLI_H

#include <stdio.h>

#include <dossier/dossier.h>

/* A message for people: translated (docs/i18n.md), or only marked for
 * xgettext and translated where it is printed. */
#define _(msgid) dossier_tr(msgid)
#define N_(msgid) msgid
#define P_(msgid, plural, n) dossier_trn(msgid, plural, n)

/* Set the language of the messages from the environment (LC_MESSAGES,
 * LANG, LANGUAGE, DOSSIER_LANG) and bind the catalogue (DOSSIER_LOCALEDIR);
 * the first thing main() does (lang.c). */
void cli_language_init(void);
/* Whether the messages are translated (a catalogue answers): the man pages
 * are English, so `help COMMAND` then shows the translated --help. */
bool cli_messages_translated(void);

/* Exit status (DESIGN.md). */
enum {
	EXIT_OK = 0,
	EXIT_FAIL = 1,     /* I/O, repository; for verify: violations found */
	EXIT_USAGE = 2,    /* usage or invalid input */
	EXIT_REFUSED = 3,  /* refused by the workflow */
};

/* Global options, read before the command name (and from the environment). */
struct cli_command;
struct cli_option;

typedef struct cli_globals {
	const char *dir;   /* -C DIR, DOSSIER_DIR */
	const char *as;    /* --as ID, DOSSIER_AS */
	const char *now;   /* --now TIME, DOSSIER_NOW */
	const char *signing_key;  /* --signing-key FILE, DOSSIER_SIGNING_KEY */
	int color;         /* 1 on a terminal without NO_COLOR */
	/* The hidden modes that read the option tables (cli/dump.c,
	 * cli/complete.c): when set, cli_setup() hands the command and its
	 * table to `dump` instead of parsing, and the command returns 0 at
	 * once. NULL when the command runs. */
	void (*dump)(const struct cli_command *cmd, const struct cli_option *opts, void *payload);
	void *dump_payload;
} cli_globals;

/* The argument of every OPT_STRING and OPT_LIST option is text that may
 * end up in a record, so cli_parse() checks it (dossier_text_check) and
 * refuses it with exit 2 naming the option; OPT_PATH is a file name, which
 * the system may spell in any bytes, so it is not checked. */
typedef enum {
	OPT_FLAG,   /* no argument: *(int *)value = 1 */
	OPT_STRING, /* one argument: *(const char **)value = arg */
	OPT_LIST,   /* repeatable: appended to a cli_list */
	OPT_PATH,   /* one argument, a file name: *(const char **)value = arg */
} cli_opt_type;

typedef struct cli_list {
	const char **items;
	size_t n;
} cli_list;

typedef struct cli_option {
	const char *long_name;  /* without "--" */
	char short_name;        /* 0 when none */
	cli_opt_type type;
	void *value;
	const char *arg_name;   /* for help: "FILE" */
	const char *help;
} cli_option;

typedef struct cli_command cli_command;

/* What main.c hands a command, and what cli_setup() makes of it. main.c
 * frees pos and d when the command returns. */
typedef struct cli_ctx {
	const cli_command *cmd;
	const cli_globals *g;
	int argc;
	char **argv;          /* argv[0] is the command's name */
	char **pos;           /* the positional arguments, in order (pointers into argv) */
	int npos;
	dossier *d;           /* the dossier of the global options (CLI_DOSSIER, cli_dossier()) */
} cli_ctx;

/* What main.c does for a command before its body runs (cli_setup), as
 * git's RUN_SETUP does. */
enum {
	CLI_DOSSIER = 1u << 0,   /* open the dossier of -C/--as/--now once the arguments are parsed */
	CLI_NO_ARGS = 1u << 1,   /* no positional argument: "unexpected argument" */
	CLI_ONE_ARG = 1u << 2,   /* exactly one, which cli_command.arg names: "one file expected" */
	CLI_NO_GIT = 1u << 3,    /* never reaches a repository: main.c leaves libgit2 uninitialised
	                          * (its TLS set-up parses every CA certificate, a third of the
	                          * time of a `convert`; bench/README.md, "parse") */
};

struct cli_command {
	const char *name;
	int (*run)(cli_ctx *c);
	unsigned flags;       /* CLI_* */
	const char *arg;      /* CLI_ONE_ARG: what the argument is ("file", "stage") */
	const char *usage;    /* "comment --on EID (--text T | --file F) [--propose TEXT]" */
	const char *summary;  /* one line */
};

/* The first thing a command's body does: parse c->argv against the
 * command's option table into c->pos, check the positional arguments the
 * flags ask for and, with CLI_DOSSIER, open the dossier into c->d. 0, or
 * -1 with the exit status to return at once in *exit_code (0 after
 * --help); what went wrong is printed. main.c. */
int cli_setup(cli_ctx *c, const cli_option *opts, int *exit_code);
/* Open the dossier into c->d, for a command that checks its own
 * arguments before it needs the dossier (no CLI_DOSSIER). 0, or the exit
 * status, printed. main.c. */
int cli_dossier(cli_ctx *c);
/* Run a command as main.c does (cmd_help, for a command's --help). */
int cli_run_command(const cli_command *cmd, int argc, char **argv, const cli_globals *g);
/* Print the error and clear it; returns its exit status (the dossier stays main.c's to free). */
int cli_error(dossier_error *err);

/*
 * Parse argv (argv[0] is the command name) against `opts`. Positional
 * arguments are left, in order, in *pos / *npos (pointers into argv).
 * "--help"/"-h" prints the command's help to stdout and returns -1 with
 * *exit_code = 0; an unknown option prints an error and returns -1 with
 * *exit_code = EXIT_USAGE.
 */
int cli_parse(const cli_command *cmd, const cli_option *opts, int argc, char **argv,
	char ***pos, int *npos, int *exit_code);

/* Print a command's help: usage, summary, options. */
void cli_print_help(FILE *out, const cli_command *cmd, const cli_option *opts);

/* Check an option's argument as text (dossier_text_check); on a fault
 * print "error: option 'NAME' holds …" with a hint and return EXIT_USAGE,
 * else EXIT_OK. `name` is as the user knows it: "--text", "--as", or an
 * environment variable ("DOSSIER_AS"). */
int cli_check_arg(const char *name, const char *arg);

/* Print "error: ..." for a usage mistake with the command's usage line; returns EXIT_USAGE. */
int cli_usage_error(const cli_command *cmd, const char *fmt, ...) DOSSIER_PRINTF(2, 3);

/* Print an engine error (place, message, hint) to stderr and return its exit status. */
int cli_report(const dossier_error *err);
/* Print every diagnostic to stderr. */
void cli_print_diags(const dossier_diags *diags);
/* Print the records the last read left out (dossier_read_warnings), if any. */
void cli_print_read_warnings(const dossier *d);

/* The exit status for an engine return code. */
int cli_exit_code(int code);

/* Free a cli_list's array (not the strings, which belong to argv). */
void cli_list_clear(cli_list *l);

/* Open the dossier of the global options (-C, --as, --now); on failure
 * print the error and return its exit status (non-zero). */
int cli_open(dossier **out, const cli_globals *g);
/* Hooks for the scenario tests, from the environment. */
void cli_install_test_hooks(dossier *d);
/* Print what the last action could not do in the working tree, if anything. */
void cli_print_warning(const dossier *d);
/* Print the error, clear it, free the dossier (NULL is fine) and return the exit status. */
int cli_fail(dossier *d, dossier_error *err);

/* Write data to `path` for -o: a regular or new file atomically (temporary
 * file, then rename; the old file's mode is kept), through symbolic links;
 * a device or FIFO in place; a read-only file is refused (cli/output.c).
 * Prints the error and returns its exit status. */
int cli_write_atomic(const char *path, const char *data, size_t len);
/* The same with the bytes made as they are written: produce writes them to
 * fd (cli_write_fd) and returns 0, -1 with errno when a write failed (the
 * error is printed as above), or -2 when it failed on its own and says so
 * itself. A partial file never replaces the old one. */
typedef int (*cli_produce_fn)(int fd, void *payload);
int cli_write_atomic_with(const char *path, cli_produce_fn produce, void *payload);
/* Write all of data to fd: 0, or -1 with errno. */
int cli_write_fd(int fd, const char *data, size_t len);
/* Write data to standard output and flush it; prints the error ("write
 * failure on standard output: No space left on device") and returns its
 * exit status. */
int cli_write_stdout(const char *data, size_t len);
/* Replace the .docx in *buf with its PDF, printed by LibreOffice
 * (dossier_docx_pdf; cli/docx.c). */
int cli_docx_to_pdf(char **buf, size_t *len, dossier_error *err);

/* "error: unknown command 'comit' (did you mean 'comment'?)" with a hint;
 * returns EXIT_USAGE (cmd_help.c). */
int cli_unknown_command(const char *name);

/* Every command: its descriptor (cli_command: name, flags, usage, summary)
 * beside its option table in cmd_<name>.c, declared here, listed in the
 * table in main.c, its file in cli/meson.build. */
extern const cli_command cli_cmd_help;
extern const cli_command cli_cmd_version;
extern const cli_command cli_cmd_init;
extern const cli_command cli_cmd_revise;
extern const cli_command cli_cmd_advance;
extern const cli_command cli_cmd_comment;
extern const cli_command cli_cmd_respond;
extern const cli_command cli_cmd_status;
extern const cli_command cli_cmd_comments;
extern const cli_command cli_cmd_log;
extern const cli_command cli_cmd_verify;
extern const cli_command cli_cmd_clone;
extern const cli_command cli_cmd_sync;
extern const cli_command cli_cmd_hook;
extern const cli_command cli_cmd_key;
extern const cli_command cli_cmd_signers;
/* The progress and "remote: ..." printers of sync and clone (cmd_sync.c). */
void cli_sync_callbacks(dossier_sync_callbacks *cbs);
extern const cli_command cli_cmd_import;
extern const cli_command cli_cmd_validate;
extern const cli_command cli_cmd_plan;
extern const cli_command cli_cmd_convert;
extern const cli_command cli_cmd_apply;
extern const cli_command cli_cmd_outline;
extern const cli_command cli_cmd_diff;
extern const cli_command cli_cmd_consolidate;
/* The path of a stylesheet in templates/ (DOSSIER_TEMPLATES, the source
 * tree, the installed data directory); prints the error and returns NULL
 * when none is readable. Caller frees. */
char *cli_template_path(const char *name);
extern const cli_command cli_cmd_report;
/* The web front end (web/): the server and its accounts. */
extern const cli_command cli_cmd_serve;
extern const cli_command cli_cmd_account;
/* Load a legal text (AKN or structured text, by content) for convert and
 * outline; prints problems and returns the exit status (EXIT_OK on success). */
int cli_load_document(dossier_document **out, int *was_akn, const char *path);
/* The same; lenient: NUL bytes are dropped with a warning (--lenient). */
int cli_load_document_lenient(dossier_document **out, int *was_akn, const char *path, int lenient);

#endif
