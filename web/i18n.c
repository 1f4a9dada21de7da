/*
 * i18n.c: the words of the pages in Vietnamese (the default) and English.
 * The key is the English text; the table gives the Vietnamese, in the
 * administrative style a ministry's office writes. The language comes from
 * ?lang= (the switch on every page, remembered in a cookie), else from the
 * browser's Accept-Language. Messages from the engine (refusals, hints)
 * are shown as the engine words them.
 */
#include "web_int.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct entry {
	const char *en;
	const char *vi;
} entry;

/* In the order of the English key, for the reader; looked up one by one. */
static const entry table[] = {
	{ "Accepted", "Tiếp thu" },
	{ "Advance", "Chuyển giai đoạn" },
	{ "Advance the dossier", "Chuyển hồ sơ sang giai đoạn tiếp theo" },
	{ "All comments", "Tất cả ý kiến" },
	{ "Answer the selected comments", "Trả lời các ý kiến đã chọn" },
	{ "Back to the comments to answer", "Quay lại danh sách ý kiến cần trả lời" },
	{ "Back to the draft", "Quay lại dự thảo" },
	{ "Body", "Cơ quan, đơn vị" },
	{ "By", "Người thực hiện" },
	{ "Change the response", "Sửa ý kiến tiếp thu, giải trình" },
	{ "Comment", "Góp ý" },
	{ "Comment on", "Góp ý" },
	{ "Comment on the draft as a whole", "Góp ý chung về toàn bộ dự thảo" },
	{ "Comments", "Ý kiến" },
	{ "Comments are not open to you in this stage; the workflow will refuse the comment.",
	  "Ở giai đoạn này, cơ quan, đơn vị của bạn không thuộc diện được góp ý; quy trình sẽ không ghi nhận ý kiến." },
	{ "Comments to answer", "Ý kiến cần tiếp thu, giải trình" },
	{ "Compare", "So sánh" },
	{ "Comparison table", "Bảng so sánh" },
	{ "Consolidated draft (accepted comments applied)", "Dự thảo hợp nhất (đã cập nhật các ý kiến được tiếp thu)" },
	{ "Current stage", "Giai đoạn hiện tại" },
	{ "Deadline", "Thời hạn" },
	{ "Disposition", "Kết quả tiếp thu" },
	{ "Disposition for the selected comments", "Kết quả tiếp thu cho các ý kiến đã chọn" },
	{ "Dossier", "Hồ sơ" },
	{ "Dossiers", "Các hồ sơ" },
	{ "Download", "Tải về" },
	{ "Downloads", "Tải về" },
	{ "Draft", "Dự thảo" },
	{ "Earlier revision", "Dự thảo trước" },
	{ "Every comment has a response.", "Tất cả ý kiến đã được tiếp thu, giải trình." },
	{ "Every member has commented.", "Tất cả thành viên đã góp ý." },
	{ "Files", "Tệp" },
	{ "Filter", "Lọc" },
	{ "General comment on the draft", "Góp ý chung về dự thảo" },
	{ "In all", "Tổng cộng" },
	{ "In this stage", "Trong giai đoạn này" },
	{ "Later revision", "Dự thảo sau" },
	{ "Move to", "Chuyển sang" },
	{ "My comments", "Ý kiến của tôi" },
	{ "No dossier here.", "Chưa có hồ sơ nào." },
	{ "No such revision.", "Không có dự thảo này." },
	{ "Not allowed by the workflow", "Quy trình không cho phép" },
	{ "Not commented yet", "Số thành viên chưa góp ý" },
	{ "Not sent", "Chưa gửi được" },
	{ "Note", "Ghi chú" },
	{ "Note for the log (optional)", "Ghi chú vào nhật ký (không bắt buộc)" },
	{ "Noted", "Ghi nhận" },
	{ "Only the drafting agency responds to comments; the workflow will refuse it.",
	  "Chỉ cơ quan chủ trì soạn thảo tiếp thu, giải trình ý kiến; quy trình sẽ không ghi nhận." },
	{ "Overview", "Tổng quan" },
	{ "Overview of the dossier", "Tổng quan hồ sơ" },
	{ "Participant", "Thành viên" },
	{ "Participant (code or e-mail)", "Cơ quan, đơn vị (mã hoặc thư điện tử)" },
	{ "Partially accepted", "Tiếp thu một phần" },
	{ "Password", "Mật khẩu" },
	{ "Please check", "Đề nghị kiểm tra lại" },
	{ "Please sign in first.", "Đề nghị đăng nhập trước." },
	{ "Press “Góp ý” beside an article, clause or point to comment on it.",
	  "Bấm “Góp ý” bên cạnh điều, khoản, điểm để góp ý vào quy định đó." },
	{ "Proposed text", "Đề xuất sửa thành" },
	{ "Proposed text (optional: edit the provision as you would have it)",
	  "Đề xuất sửa thành (không bắt buộc: sửa trực tiếp nội dung quy định theo ý kiến của đơn vị)" },
	{ "Provision (citation or eId)", "Quy định (trích dẫn hoặc mã eId)" },
	{ "Read the draft and comment", "Xem dự thảo và góp ý" },
	{ "Reason, explanation (needed for a rejection or a partial acceptance)",
	  "Lý do, giải trình (bắt buộc khi không tiếp thu hoặc tiếp thu một phần)" },
	{ "Record the response", "Ghi nhận ý kiến tiếp thu, giải trình" },
	{ "Report", "Báo cáo" },
	{ "Respond", "Tiếp thu, giải trình" },
	{ "Response to a comment", "Tiếp thu, giải trình ý kiến" },
	{ "Responses", "Tiếp thu, giải trình" },
	{ "Revision", "Dự thảo" },
	{ "Revisions", "Các dự thảo" },
	{ "Select", "Chọn" },
	{ "Select all shown", "Chọn tất cả ý kiến đang hiển thị" },
	{ "Send the comment", "Gửi ý kiến" },
	{ "Sign in", "Đăng nhập" },
	{ "Sign out", "Đăng xuất" },
	{ "Skip to the content", "Chuyển đến nội dung chính" },
	{ "Something went wrong", "Có lỗi xảy ra" },
	{ "Stage", "Giai đoạn" },
	{ "State", "Tình trạng" },
	{ "Synthesis report of the comments", "Báo cáo tổng hợp, tiếp thu, giải trình ý kiến" },
	{ "Text adopted", "Nội dung tiếp thu" },
	{ "Text adopted for the provision (for an acceptance; edit it for a partial one)",
	  "Nội dung tiếp thu vào quy định (khi tiếp thu; sửa lại khi tiếp thu một phần)" },
	{ "The data (JSON, for your own tools)", "Dữ liệu (JSON, dùng cho phần mềm của đơn vị)" },
	{ "The dossier moved to the stage", "Hồ sơ đã chuyển sang giai đoạn" },
	{ "The form has expired or did not come from this site: nothing was recorded. Go back, reload the page and send it again.",
	  "Biểu mẫu đã hết hạn hoặc không gửi từ trang này nên chưa được ghi nhận. Đề nghị quay lại, tải lại trang và gửi lại." },
	{ "The provision as drafted", "Nội dung quy định trong dự thảo" },
	{ "The response is recorded for", "Đã ghi nhận ý kiến tiếp thu, giải trình đối với" },
	{ "There is no draft yet: the drafting agency records revision v1 first.",
	  "Chưa có dự thảo: cơ quan chủ trì soạn thảo cần đưa lên dự thảo lần 1 (v1)." },
	{ "This form was sent from another site.", "Biểu mẫu này được gửi từ trang khác." },
	{ "This is an earlier revision; comments go on the latest.",
	  "Đây là dự thảo trước; ý kiến góp vào dự thảo mới nhất." },
	{ "This revision has no such provision.", "Dự thảo này không có quy định đó." },
	{ "This stage is final: the dossier can only be read.", "Đây là giai đoạn cuối: hồ sơ chỉ còn để xem." },
	{ "Unknown disposition.", "Kết quả tiếp thu không hợp lệ." },
	{ "What the next stage needs", "Điều kiện chuyển giai đoạn" },
	{ "What would allow it", "Cần có để thực hiện" },
	{ "When", "Thời gian" },
	{ "Who has commented in this stage", "Tình hình góp ý trong giai đoạn này" },
	{ "Who may take it", "Người được chuyển" },
	{ "You", "Tài khoản" },
	{ "You have not commented yet.", "Đơn vị chưa có ý kiến nào." },
	{ "Your account is given by the drafting agency (dossier account add).",
	  "Tài khoản do cơ quan chủ trì soạn thảo cấp (lệnh dossier account add)." },
	{ "Your comment", "Nội dung góp ý" },
	{ "Your comment is recorded as", "Ý kiến của đơn vị đã được ghi nhận, số" },
	{ "Your role does not take this transition.", "Vai trò của đơn vị không thực hiện bước chuyển này." },
	{ "a condition is unmet", "chưa đủ điều kiện" },
	{ "accepted", "tiếp thu" },
	{ "all", "tất cả" },
	{ "answered", "đã trả lời" },
	{ "blocked", "chưa thể chuyển" },
	{ "cannot record the session", "không ghi nhận được phiên đăng nhập" },
	{ "choose a disposition", "chọn kết quả tiếp thu" },
	{ "comments", "ý kiến" },
	{ "comments without a response", "ý kiến chưa được tiếp thu, giải trình" },
	{ "conditions met", "đủ điều kiện" },
	{ "conditions not met", "chưa đủ điều kiện" },
	{ "final", "giai đoạn cuối" },
	{ "no revision yet", "chưa có dự thảo" },
	{ "none", "không có" },
	{ "not yet", "chưa góp ý" },
	{ "noted", "ghi nhận" },
	{ "open (unanswered)", "chưa trả lời" },
	{ "out of memory", "hết bộ nhớ" },
	{ "overdue by", "đã quá hạn" },
	{ "partial", "tiếp thu một phần" },
	{ "participant is required", "chưa nhập cơ quan, đơn vị" },
	{ "password is required", "chưa nhập mật khẩu" },
	{ "ready", "đủ điều kiện" },
	{ "rejected", "không tiếp thu" },
	{ "responses recorded as one event.", "ý kiến đã được trả lời trong một lần ghi nhận." },
	{ "select the comments to answer", "hãy chọn các ý kiến cần trả lời" },
	{ "since", "từ" },
	{ "text", "văn bản" },
	{ "the comment is empty", "chưa nhập nội dung góp ý" },
	{ "time left", "còn lại" },
	{ "too many failed sign-ins: wait before trying again", "đăng nhập sai quá nhiều lần: đề nghị chờ một lúc rồi thử lại" },
	{ "unanswered", "chưa trả lời" },
	{ "which stage?", "chuyển sang giai đoạn nào?" },
	{ "wrong participant or password", "sai tên đơn vị hoặc mật khẩu" },
};

const char *T(const web_req *r, const char *key)
{
	size_t i;

	if (!key || (r && r->lang == LANG_EN))
		return key;
	for (i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if (!strcmp(table[i].en, key))
			return table[i].vi;
	return key;
}

/* The q of a language range in Accept-Language (1 when absent). */
static double quality(const char *p, size_t n)
{
	const char *q = memmem(p, n, ";q=", 3);

	return q ? strtod(q + 3, NULL) : 1.0;
}

web_lang web_pick_lang(const char *arg, const char *cookie, const char *accept)
{
	double vi = -1, en = -1;
	const char *p;

	if (arg && !strcmp(arg, "en"))
		return LANG_EN;
	if (arg && !strcmp(arg, "vi"))
		return LANG_VI;
	if (cookie && !strcmp(cookie, "en"))
		return LANG_EN;
	if (cookie && !strcmp(cookie, "vi"))
		return LANG_VI;
	for (p = accept; p && *p; ) {
		size_t n = strcspn(p, ",");
		const char *t = p;

		while (*t == ' ' && t < p + n)
			t++;
		if (!strncasecmp(t, "vi", 2) && (t[2] == '-' || t[2] == ';' || t[2] == ',' || t[2] == ' ' || !t[2])) {
			double q = quality(p, n);

			if (q > vi)
				vi = q;
		} else if (!strncasecmp(t, "en", 2) && (t[2] == '-' || t[2] == ';' || t[2] == ',' || t[2] == ' ' || !t[2])) {
			double q = quality(p, n);

			if (q > en)
				en = q;
		}
		p += n;
		if (*p == ',')
			p++;
	}
	return en > 0 && en > vi ? LANG_EN : LANG_VI;
}
