#!/usr/bin/env bash
# The README's main command: install what is missing, build, and run the
# seed scenario end to end: the Ministry of Construction's draft decree on
# smart urban development under the simplified procedure (drafting, the
# member comment round closing 25 July 2025, the workshop, submission to the
# Government by 15 August 2025). Everything it writes goes under out/ (or $1).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
bash scripts/deps.sh
build=${DOSSIER_BUILD_DIR:-build}
if [ ! -f "$build/build.ninja" ]; then meson setup "$build" >/dev/null; fi
meson compile -C "$build" >/dev/null

out=${1:-out}
mkdir -p "$out"
out=$(cd "$out" && pwd)
dossier="$root/$build/cli/dossier"
wf="$root/workflows/decree-simplified.yaml"
v1="$root/templates/du-thao-nghi-dinh-do-thi-thong-minh.txt"
v2="$root/templates/du-thao-nghi-dinh-do-thi-thong-minh-v2.txt"
repo="$out/dossier"
rm -rf "$repo"

step() { printf '\n== %s\n' "$*"; }
d() { "$dossier" -C "$repo" "$@"; }
# act AS TIME COMMAND...: one participant's action at a legal time
act() { local who=$1 when=$2; shift 2; "$dossier" -C "$repo" --as "$who" --now "$when" "$@"; }

step "the shipped workflows are valid"
"$dossier" validate "$root"/workflows/*.yaml

step "the schedule of the seed workflow, from 1 July 2025"
"$dossier" plan --workflow "$wf" --start 2025-07-01

step "the standard procedure from 1 July 2025: the 60 days of consultation end on Saturday 30 August, before National Day; as the Civil Code counts, they end on Wednesday 3 September"
"$dossier" plan --workflow "$root/workflows/decree-standard.yaml" --start 2025-07-01

step "the Ministry of Construction opens the dossier and records draft v1"
"$dossier" --as moc --now 2025-06-20T09:00 init "$repo" --workflow "$wf"
act moc 2025-06-25T10:00 revise "$v1" -m "Dự thảo lần 1 gửi Tổ công tác liên ngành"
"$dossier" outline "$v1" > "$out/outline-v1.txt"
head -12 "$out/outline-v1.txt"
act moc 2025-06-26T08:00 advance member-comment -m "Gửi xin ý kiến thành viên Tổ công tác"

step "members of the working group comment on exact provisions, by eId or as people cite them (\"khoản 2 Điều 5\")"
act most    2025-07-03T09:15 comment --on art_8__para_2 --text "Đề nghị bổ sung dữ liệu từ cảm biến IoT vào nền tảng dữ liệu đô thị." \
  --propose "2. Nền tảng dữ liệu đô thị gồm dữ liệu quy hoạch, hạ tầng, dân cư và dữ liệu thu thập từ các thiết bị cảm biến (IoT)."
act mps     2025-07-08T14:00 comment --on art_12 --text "Cần quy định rõ trách nhiệm bảo đảm an ninh mạng của đơn vị vận hành trung tâm điều hành."
act mof     2025-07-10T10:30 comment --on "khoản 2 Điều 5" --text "Làm rõ nguồn kinh phí thực hiện đề án; đề nghị bổ sung cơ chế huy động vốn xã hội hóa."
act hanoi   2025-07-15T16:45 comment --on art_9__para_1 --text "Hà Nội đề nghị cho phép kết nối trung tâm điều hành cấp tỉnh với các trung tâm chuyên ngành sẵn có."
act hcmc    2025-07-18T11:00 comment --on "Điều 10 khoản 1 điểm đ" --text "Đề nghị bổ sung dịch vụ giao thông thông minh."
act viettel 2025-07-22T09:00 comment --on general --text "Viettel nhất trí với dự thảo và sẵn sàng tham gia xây dựng nền tảng."

step "status before the deadline"
act moc 2025-07-23T12:00 status

step "a comment after the 25 July deadline is refused"
if act mae 2025-07-26T08:30 comment --on art_11 --text "Ý kiến gửi muộn"; then
  echo "error: a late comment was accepted" >&2; exit 1
else
  echo "(refused, as the workflow requires)"
fi

step "the comment round closes; the workshop hears organisations"
act moc 2025-07-28T08:00 advance workshop -m "Tổ chức hội thảo lấy ý kiến"
act vcci  2025-07-30T10:00 comment --on art_11__para_2 --text "Doanh nghiệp cần được tiếp cận dữ liệu mở theo chuẩn thống nhất."
act vupda 2025-07-30T11:00 comment --on art_6 --text "Đề nghị lồng ghép nội dung đô thị thông minh ngay từ quy hoạch chung."
act moc 2025-08-01T08:00 advance submission -m "Hoàn thiện hồ sơ trình Chính phủ"

step "the drafting agency answers the comments in bulk: an answers file, and several ids at once, each set one event"
cat > "$out/answers.csv" <<'CSV'
comment,disposition,reason,taken_otherwise
most-1,tiếp thu,"Tiếp thu: cảm biến và thiết bị IoT được quy định tại Điều 9 mới (hạ tầng số đô thị).",Bổ sung Điều 9 về hạ tầng số đô thị (dự thảo lần 2).
mps-1,tiếp thu,"Tiếp thu tại khoản 2 Điều 10 (trung tâm dữ liệu dự phòng, bảo đảm hoạt động liên tục).",Bổ sung tại khoản 2 Điều 10 (dự thảo lần 2).
mof-1,tiếp thu một phần,Tiếp thu một phần: nguồn kinh phí theo quy định của pháp luật về ngân sách; không bổ sung cơ chế riêng.,Giải trình tại Tờ trình; khoản 2 Điều 5 giữ nguyên.
hanoi-1,tiếp thu,Tiếp thu.,
vcci-1,tiếp thu,Tiếp thu; dữ liệu mở sẽ được hướng dẫn tại thông tư của Bộ Xây dựng.,Giao Bộ Xây dựng hướng dẫn tại thông tư (Điều 15).
vupda-1,tiếp thu một phần,Tiếp thu một phần tại Điều 6: lồng ghép khi lập hoặc điều chỉnh quy hoạch chung.,
CSV
act moc 2025-08-04T09:00 respond --file "$out/answers.csv"
act moc 2025-08-04T09:40 respond hcmc-1 --reject --reason "Giao thông thông minh đã thuộc điểm a khoản 1 Điều 10; không bổ sung để tránh trùng lặp."
act moc 2025-08-04T09:50 respond viettel-1 --note --reason "Ghi nhận."
act moc 2025-08-05T15:00 revise "$v2" -m "Dự thảo lần 2 sau khi tiếp thu ý kiến"

step "submission waits while an accepted comment is not taken in (the guard accepted-taken-in)"
if act moc 2025-08-12T08:00 advance submitted; then
  echo "error: the submission went ahead with an accepted comment not taken in" >&2; exit 1
else
  echo "(refused: hanoi-1's provision, now Điều 10 khoản 1, reads as in v1)"
fi
act moc 2025-08-12T08:30 respond hanoi-1 --accept --reason "Tiếp thu." \
  --taken-otherwise "Kết nối với các trung tâm chuyên ngành được quy định tại quy chế vận hành trung tâm điều hành."
act moc 2025-08-12T09:00 advance submitted -m "Trình Chính phủ (Tờ trình số .../TTr-BXD)"

step "the synthesis report after v2 inserted Điều 9: each comment at its provision then and now"
d report --format csv | python3 -c '
import csv, sys
for r in csv.reader(sys.stdin):
    print("  %-24s %-24s %-10s %-28s %s" % (r[2], r[4], r[6], r[10], r[12]))'

step "the dossier now"
act moc 2025-08-12T10:00 status
d log
d comments > "$out/comments.txt"
d comments --json > "$out/comments.json"
d log --json > "$out/log.json"
act moc 2025-08-12T10:00 status --json > "$out/status.json"

step "the history verifies and git agrees"
d verify
git -C "$repo" fsck --no-progress --strict
git -C "$repo" tag --list 'v*'

step "the consolidated draft: v2 with every adopted proposal applied and marked"
d consolidate -o "$out/consolidated-v2.xml"
d consolidate --format html -o "$out/consolidated-v2.html"
d consolidate --format docx -o "$out/consolidated-v2.docx"   # Word, in the Decree 30/2020 layout

step "the synthesis report: how every comment was received and explained"
d report -o "$out/report.xml"
d report --format html -o "$out/report.html"
d report --format csv -o "$out/report.csv"
d report --format docx -o "$out/report.docx"

step "what changed between the drafts, article by article"
d diff v1 v2
d diff v1 v2 --format html -o "$out/compare-v1-v2.html"
d diff v1 v2 --format xml -o "$out/diff-v1-v2.xml"
d diff v1 v2 --format docx --columns 3 -o "$out/compare-v1-v2.docx"   # the bảng so sánh in Word

step "a comment round still open, for the browser (dossier serve)"
round="$out/round"
rm -rf "$round"
"$dossier" --as moc --now 2025-06-20T09:00 init "$round" --workflow "$wf" --title "Dự thảo Nghị định về phát triển đô thị thông minh (vòng lấy ý kiến)"
"$dossier" -C "$round" --as moc --now 2025-06-25T10:00 revise "$v1" -m "Dự thảo lần 1 gửi Tổ công tác liên ngành"
"$dossier" -C "$round" --as moc --now 2025-06-26T08:00 advance member-comment -m "Gửi xin ý kiến thành viên Tổ công tác"
"$dossier" -C "$round" --as hanoi --now 2025-07-15T16:45 comment --on art_9__para_1 --text "Hà Nội đề nghị cho phép kết nối trung tâm điều hành cấp tỉnh với các trung tâm chuyên ngành sẵn có."

step "demo accounts (known passwords: for trying it out only)"
for repo_ in "$repo" "$round"; do
  for who in moc most mps hanoi vpcp; do
    printf '%s-demo-2025\n' "$who" | "$dossier" -C "$repo_" account add "$who" --password-stdin >/dev/null
  done
done
printf '  %-6s %-18s %s\n' moc moc-demo-2025 "Bộ Xây dựng (drafting agency)" \
  most most-demo-2025 "Bộ Khoa học và Công nghệ (member)" \
  mps mps-demo-2025 "Bộ Công an (member)" \
  hanoi hanoi-demo-2025 "UBND thành phố Hà Nội (member)" \
  vpcp vpcp-demo-2025 "Văn phòng Chính phủ (reviewer)"
printf '\nserve them: %s --now 2025-07-20T09:00 serve --root %s\n' "$dossier" "$out"
printf 'then open http://127.0.0.1:8080/ and sign in\n'

printf '\noutput in %s:\n' "$out"
ls -1 "$out"
