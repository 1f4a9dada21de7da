/*
 * floor.c: the floor the `dossier comment` benchmark is measured against
 * (bench/README.md): the least a process must do to add one comment to a
 * dossier through libgit2. It links the same libgit2 as dossier, opens the
 * repository, reads the tip and its state.json blob, writes a comment
 * record and a new state.json as blobs, builds the new tree on the tip's
 * (git_tree_create_updated: the touched directories only), writes the
 * commit and moves the branch with a compare-and-swap. No workflow, no
 * JSON, no checks, no working tree: whatever `dossier comment` costs above
 * this is ours.
 *
 * Usage: floor REPO ID    (ID makes the record's name unique: comments/ff/floor-ID.json)
 * Exit 0 on success; 1 with libgit2's message otherwise.
 */
#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fail(const char *what)
{
	const git_error *e = git_error_last();

	fprintf(stderr, "floor: %s: %s\n", what, e && e->message ? e->message : "?");
	return 1;
}

int main(int argc, char **argv)
{
	git_repository *repo = NULL;
	git_reference *ref = NULL, *moved = NULL;
	git_commit *tip = NULL;
	git_tree *tree = NULL, *new_tree = NULL;
	git_blob *state = NULL;
	git_tree_entry *entry = NULL;
	git_signature *sig = NULL;
	git_oid rec_id, state_id, tree_id, commit_id;
	git_tree_update up[2];
	const git_commit *parents[1];
	char path[128], record[600];
	int rc = 1;

	if (argc != 3) {
		fprintf(stderr, "usage: floor REPO ID\n");
		return 2;
	}
	git_libgit2_init();
	if (git_repository_open(&repo, argv[1]) < 0) {
		rc = fail("open");
		goto done;
	}
	if (git_reference_lookup(&ref, repo, "refs/heads/main") < 0 ||
	    git_commit_lookup(&tip, repo, git_reference_target(ref)) < 0 || git_commit_tree(&tree, tip) < 0) {
		rc = fail("read the tip");
		goto done;
	}
	/* Read the state, as any writer must, and write it back changed. */
	if (git_tree_entry_bypath(&entry, tree, "state.json") < 0 ||
	    git_blob_lookup(&state, repo, git_tree_entry_id(entry)) < 0) {
		rc = fail("read state.json");
		goto done;
	}
	{
		size_t len = (size_t)git_blob_rawsize(state);
		char *s = malloc(len + 32);

		if (!s)
			goto done;
		memcpy(s, git_blob_rawcontent(state), len);
		len += (size_t)snprintf(s + len, 32, "\n%s\n", argv[2]);
		rc = git_blob_create_from_buffer(&state_id, repo, s, len);
		free(s);
		if (rc < 0) {
			rc = fail("write state.json");
			goto done;
		}
		rc = 1;
	}
	snprintf(record, sizeof(record),
		"{\n  \"author\": \"floor\",\n  \"author_name\": \"Floor\",\n  \"citation\": \"Điều 5 khoản 2\",\n"
		"  \"format\": 1,\n  \"id\": \"floor-%s\",\n  \"on\": \"art_5__para_2\",\n  \"proposal\": null,\n"
		"  \"revision\": \"v1\",\n  \"stage\": \"consultation\",\n"
		"  \"text\": \"Đề nghị làm rõ trách nhiệm của cơ quan chủ trì trong việc xây dựng nền tảng dữ liệu đô thị.\",\n"
		"  \"time\": \"2025-07-20T10:00:00+07:00\"\n}\n", argv[2]);
	snprintf(path, sizeof(path), "comments/ff/floor-%s.json", argv[2]);
	if (git_blob_create_from_buffer(&rec_id, repo, record, strlen(record)) < 0) {
		rc = fail("write the record");
		goto done;
	}
	memset(up, 0, sizeof(up));
	up[0].action = GIT_TREE_UPDATE_UPSERT;
	up[0].id = rec_id;
	up[0].filemode = GIT_FILEMODE_BLOB;
	up[0].path = path;
	up[1].action = GIT_TREE_UPDATE_UPSERT;
	up[1].id = state_id;
	up[1].filemode = GIT_FILEMODE_BLOB;
	up[1].path = "state.json";
	parents[0] = tip;
	if (git_tree_create_updated(&tree_id, repo, tree, 2, up) < 0 || git_tree_lookup(&new_tree, repo, &tree_id) < 0 ||
	    git_signature_new(&sig, "Floor", "floor@example.org", 1753000000, 420) < 0 ||
	    git_commit_create(&commit_id, repo, NULL, sig, sig, NULL, "floor comment\n", new_tree, 1, parents) < 0) {
		rc = fail("write the commit");
		goto done;
	}
	if (git_reference_create_matching(&moved, repo, "refs/heads/main", &commit_id, 1, git_reference_target(ref),
			"floor") < 0) {
		rc = fail("move the branch");
		goto done;
	}
	rc = 0;
done:
	git_reference_free(moved);
	git_signature_free(sig);
	git_tree_free(new_tree);
	git_blob_free(state);
	git_tree_entry_free(entry);
	git_tree_free(tree);
	git_commit_free(tip);
	git_reference_free(ref);
	git_repository_free(repo);
	git_libgit2_shutdown();
	return rc;
}
