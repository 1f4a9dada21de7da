/*
 * test_web.c: the parts of the web front end (web/) that need no server:
 * HTML escaping and URL encoding, the choice of language, the sign-in
 * throttle, yescrypt hashes, and the account store: sessions that end when
 * idle, at their absolute end and at sign-out, tokens that are stored
 * hashed and revoked, the file's mode, several handles on one store. Times
 * are given explicitly, so nothing here waits.
 *
 * Works in its own directory under /tmp, removed at the end.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "web_int.h"

static void test_escaping(void **state)
{
	wbuf b = WBUF_INIT;
	char *s;

	(void)state;
	wbuf_esc(&b, "<script>alert('x')</script> & \"Điều 5\"");
	wbuf_esc(&b, NULL);
	s = wbuf_detach(&b, NULL);
	assert_string_equal(s, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;Điều 5&quot;");
	free(s);
	wbuf_url(&b, "art_5__para_2 & khoản/2?đ");
	s = wbuf_detach(&b, NULL);
	assert_string_equal(s, "art_5__para_2%20%26%20kho%E1%BA%A3n%2F2%3F%C4%91");
	free(s);
	s = wbuf_detach(&b, NULL);   /* an empty buffer gives "" */
	assert_string_equal(s, "");
	free(s);
}

static void test_language(void **state)
{
	web_server srv;
	web_req r;

	(void)state;
	assert_int_equal(web_pick_lang(NULL, NULL, NULL), LANG_VI);
	assert_int_equal(web_pick_lang(NULL, NULL, "en-US,en;q=0.9"), LANG_EN);
	assert_int_equal(web_pick_lang(NULL, NULL, "vi-VN,vi;q=0.9,en-US;q=0.8,en;q=0.7"), LANG_VI);
	assert_int_equal(web_pick_lang(NULL, NULL, "en;q=0.5, vi;q=0.8"), LANG_VI);
	assert_int_equal(web_pick_lang(NULL, NULL, "fr-FR,fr;q=0.9"), LANG_VI);
	assert_int_equal(web_pick_lang(NULL, NULL, "env,vim"), LANG_VI);     /* not "en", not "vi" */
	assert_int_equal(web_pick_lang(NULL, "en", "vi"), LANG_EN);          /* the switch, remembered */
	assert_int_equal(web_pick_lang("vi", "en", "en"), LANG_VI);          /* the switch itself */
	/* The words come from po/vi.po through the build's catalogue
	 * (DOSSIER_LOCALEDIR), each request's language a locale of its own. */
	memset(&srv, 0, sizeof(srv));
	dossier_i18n_init(getenv("DOSSIER_LOCALEDIR"));
	assert_int_equal(web_i18n_init(&srv), 0);
	memset(&r, 0, sizeof(r));
	r.srv = &srv;
	r.lang = LANG_VI;
	assert_string_equal(T(&r, "Sign in"), "Đăng nhập");
	assert_string_equal(T(&r, "My comments"), "Ý kiến của tôi");
	assert_string_equal(T(&r, "not in the table"), "not in the table");
	r.lang = LANG_EN;
	assert_string_equal(T(&r, "Sign in"), "Sign in");
	/* The engine's messages follow the thread's language. */
	web_i18n_use(&srv, LANG_VI);
	assert_string_equal(dossier_tr("Sign in"), "Đăng nhập");
	web_i18n_use(&srv, LANG_EN);
	assert_string_equal(dossier_tr("Sign in"), "Sign in");
	web_i18n_use(NULL, LANG_EN);
	web_i18n_free(&srv);
}

static void test_throttle(void **state)
{
	web_throttle *t = NULL;
	time_t now = 1000000;
	int i;

	(void)state;
	assert_int_equal(web_throttle_new(&t), 0);
	for (i = 0; i < 5; i++) {
		assert_int_equal(web_throttle_wait(t, "account:most", now), 0);
		web_throttle_fail(t, "account:most", now);
	}
	/* After five failures: wait 1 s, then 2 s, 4 s … */
	assert_int_equal(web_throttle_wait(t, "account:most", now), 1);
	assert_int_equal(web_throttle_wait(t, "account:most", now + 1), 0);
	web_throttle_fail(t, "account:most", now + 1);
	assert_int_equal(web_throttle_wait(t, "account:most", now + 1), 2);
	web_throttle_fail(t, "account:most", now + 3);
	assert_int_equal(web_throttle_wait(t, "account:most", now + 3), 4);
	for (i = 0; i < 20; i++)
		web_throttle_fail(t, "account:most", now + 3);
	assert_int_equal(web_throttle_wait(t, "account:most", now + 3), 300);   /* at most 5 minutes */
	/* Others are not affected; a success clears; an old count is forgotten. */
	assert_int_equal(web_throttle_wait(t, "account:hanoi", now + 3), 0);
	web_throttle_clear(t, "account:most");
	assert_int_equal(web_throttle_wait(t, "account:most", now + 3), 0);
	for (i = 0; i < 6; i++)
		web_throttle_fail(t, "address:10.0.0.1", now);
	assert_int_not_equal(web_throttle_wait(t, "address:10.0.0.1", now), 0);
	assert_int_equal(web_throttle_wait(t, "address:10.0.0.1", now + 901), 0);
	web_throttle_free(t);
	web_throttle_free(NULL);
}

static void test_passwords(void **state)
{
	char *h = NULL, *h2 = NULL;

	(void)state;
	assert_int_equal(web_password_hash(&h, "mật khẩu dài", NULL), 0);
	assert_int_equal(web_password_hash(&h2, "mật khẩu dài", NULL), 0);
	assert_true(!strncmp(h, "$y$", 3));
	assert_string_not_equal(h, h2);   /* salted */
	assert_true(web_password_check("mật khẩu dài", h));
	assert_false(web_password_check("mật khẩu dai", h));
	assert_false(web_password_check("", h));
	assert_false(web_password_check("x", ""));
	assert_false(web_password_check("x", "not a hash"));
	free(h);
	free(h2);
	assert_true(web_equal("abc", "abc"));
	assert_false(web_equal("abc", "abd"));
	assert_false(web_equal("abc", "ab"));
	assert_false(web_equal(NULL, "ab"));
}

typedef struct fixture {
	char *dir;
} fixture;

static int setup(void **state)
{
	char tmpl[] = "/tmp/dossier-web-XXXXXX";
	fixture *f = calloc(1, sizeof(*f));

	assert_non_null(mkdtemp(tmpl));
	f->dir = web_strdup(tmpl);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	char *cmd = web_sprintf("rm -rf '%s'", f->dir);

	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(f->dir);
	free(f);
	return 0;
}

static void test_store(void **state)
{
	fixture *f = *state;
	dossier_error err = DOSSIER_ERROR_INIT;
	web_accounts *a = NULL, *b = NULL;
	web_account_info *list = NULL;
	unsigned char k1[32], k2[32];
	char tok[65], tok2[65], *acc, *token = NULL, *tid = NULL, *path;
	size_t n = 0;
	struct stat st;
	/* The store forgets sessions past their end by its own clock: start from it. */
	time_t now = time(NULL);

	assert_int_equal(web_accounts_open(&a, f->dir, &err), 0);
	assert_int_equal(web_accounts_open(&b, f->dir, &err), 0);   /* another process, as it were */
	assert_false(web_accounts_exists(a, "most"));
	assert_int_equal(web_account_set_password(a, "most", "mat-khau-dai", WEB_ACCOUNT_UPDATE, &err),
		DOSSIER_ENOTFOUND);
	assert_int_equal(web_account_set_password(a, "most", "mat-khau-dai", WEB_ACCOUNT_CREATE, &err), 0);
	assert_int_equal(web_account_set_password(a, "most", "khac", WEB_ACCOUNT_CREATE, &err), DOSSIER_EINVALID);
	path = web_sprintf("%s/dossier/accounts", f->dir);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	free(path);
	/* The other handle sees it: the cache follows the file. */
	assert_true(web_accounts_exists(b, "most"));
	assert_true(web_accounts_check(b, "most", "mat-khau-dai"));
	assert_false(web_accounts_check(b, "most", "mat-khau-sai"));
	assert_false(web_accounts_check(b, "nobody", "mat-khau-dai"));
	/* One secret, made once, seen by both. */
	assert_int_equal(web_accounts_secret(k1, a, &err), 0);
	assert_int_equal(web_accounts_secret(k2, b, &err), 0);
	assert_memory_equal(k1, k2, 32);

	/* Sessions: idle 100 s, at most 1000 s. */
	assert_int_equal(web_session_new(tok, a, "most", now, 100, 1000, &err), 0);
	assert_int_equal(strlen(tok), 64);
	acc = web_session_account(b, tok, now + 50, 100, 1000);
	assert_string_equal(acc, "most");
	free(acc);
	assert_null(web_session_account(b, tok, now + 50 + 100, 100, 1000));        /* idle too long */
	acc = web_session_account(b, tok, now + 99, 100, 1000);                      /* refreshed at +50 */
	assert_string_equal(acc, "most");
	free(acc);
	{
		time_t t;

		/* Kept alive, it still ends at its absolute end. */
		for (t = now + 99; t < now + 1000; t += 60) {
			acc = web_session_account(a, tok, t, 100, 1000);
			assert_non_null(acc);
			free(acc);
		}
		assert_null(web_session_account(a, tok, now + 1000, 100, 1000));
	}
	assert_null(web_session_account(a, "0123", now, 100, 1000));
	assert_int_equal(web_session_new(tok2, a, "most", now, 100, 1000, &err), 0);
	assert_string_not_equal(tok, tok2);
	assert_int_equal(web_session_end(b, tok2, &err), 0);
	assert_null(web_session_account(a, tok2, now + 1, 100, 1000));
	/* A new password ends the sessions. */
	assert_int_equal(web_session_new(tok2, a, "most", now, 100, 1000, &err), 0);
	assert_int_equal(web_account_set_password(b, "most", "mat-khau-moi", WEB_ACCOUNT_UPDATE, &err), 0);
	assert_null(web_session_account(a, tok2, now + 1, 100, 1000));
	assert_true(web_accounts_check(a, "most", "mat-khau-moi"));

	/* Tokens: stored hashed, found, revoked. */
	assert_int_equal(web_account_token_new(&token, &tid, a, "most", "văn thư", &err), 0);
	assert_int_equal(strlen(token), 8 + 1 + 64);
	acc = web_token_account(b, token);
	assert_string_equal(acc, "most");
	free(acc);
	token[20] = token[20] == 'a' ? 'b' : 'a';
	assert_null(web_token_account(b, token));
	token[20] = token[20] == 'a' ? 'b' : 'a';
	assert_int_equal(web_account_list(&list, &n, b, &err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(list[0].id, "most");
	assert_int_equal(list[0].tokens, 1);
	assert_string_equal(list[0].token_ids[0], tid);
	assert_string_equal(list[0].token_labels[0], "văn thư");
	web_account_info_free(list, n);
	assert_int_equal(web_account_token_revoke(a, "most", "ffffffff", &err), DOSSIER_ENOTFOUND);
	assert_int_equal(web_account_token_revoke(a, "most", tid, &err), 0);
	assert_null(web_token_account(b, token));
	free(token);
	free(tid);
	assert_int_equal(web_account_token_new(&token, &tid, a, "nobody", NULL, &err), DOSSIER_ENOTFOUND);
	assert_null(token);
	/* Removing an account removes its sessions and tokens. */
	assert_int_equal(web_session_new(tok, a, "most", now, 100, 1000, &err), 0);
	assert_int_equal(web_account_remove(b, "most", &err), 0);
	assert_null(web_session_account(a, tok, now + 1, 100, 1000));
	assert_int_equal(web_account_remove(b, "most", &err), DOSSIER_ENOTFOUND);
	assert_int_equal(web_session_new(tok, a, "most", now, 100, 1000, &err), DOSSIER_ENOTFOUND);
	dossier_error_clear(&err);
	web_accounts_free(a);
	web_accounts_free(b);
	web_accounts_free(NULL);
}

static void test_damaged_store(void **state)
{
	fixture *f = *state;
	dossier_error err = DOSSIER_ERROR_INIT;
	web_accounts *a = NULL;
	char *dir = web_sprintf("%s/bad", f->dir), *sub = web_sprintf("%s/bad/dossier", f->dir);
	char *path = web_sprintf("%s/bad/dossier/accounts", f->dir);
	FILE *fp;

	assert_int_equal(mkdir(dir, 0700), 0);
	assert_int_equal(mkdir(sub, 0700), 0);
	fp = fopen(path, "w");
	fputs("{\"accounts\": [1, 2]}\n", fp);
	fclose(fp);
	assert_int_equal(web_accounts_open(&a, dir, &err), 0);
	/* A damaged store is an error, never an empty store that a write would replace. */
	assert_int_equal(web_account_set_password(a, "most", "mat-khau-dai", WEB_ACCOUNT_CREATE, &err), DOSSIER_EFAIL);
	assert_non_null(strstr(err.message, "'accounts' is not an object"));
	fp = fopen(path, "r");
	{
		char buf[64];

		assert_non_null(fgets(buf, sizeof(buf), fp));
		assert_string_equal(buf, "{\"accounts\": [1, 2]}\n");
	}
	fclose(fp);
	dossier_error_clear(&err);
	web_accounts_free(a);
	free(dir);
	free(sub);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escaping),
		cmocka_unit_test(test_language),
		cmocka_unit_test(test_throttle),
		cmocka_unit_test(test_passwords),
		cmocka_unit_test_setup_teardown(test_store, setup, teardown),
		cmocka_unit_test_setup_teardown(test_damaged_store, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
