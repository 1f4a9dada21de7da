#!/usr/bin/env python3
"""Benchmark data for dossier, reproducible from a seed (standard library only).

  gen.py workflow --members K                      a workflow: drafter 'moc', K members, a consultation stage
  gen.py decree   --articles N [--variant 2]       a decree of N articles in structured text (dossier revise reads it)
  gen.py comments --articles N --comments M --members K [--public P]
                  [--start ISO] [--end ISO]         M comments as JSON Lines for `dossier import`
  gen.py fastimport FILE.jsonl                      the same records as a `git fast-import` stream of files

Every command takes --seed S (default 1) and writes to standard output (or -o
FILE). The decree's structure (clauses per article, points per clause) is a
function of the seed alone, so `comments` cites eIds that `decree` made with
the same seed and article count. --variant 2 gives the next revision: the
same structure with words changed in about one article in ten, which is what
`dossier diff` is measured on.
"""
import argparse
import json
import random
import sys

# Vietnamese legal vocabulary for realistic text (UTF-8, NFC).
WORDS = ("đô thị thông minh quản lý nhà nước dữ liệu hạ tầng kỹ thuật công nghệ số quy hoạch "
         "chính quyền địa phương người dân doanh nghiệp cơ quan chuyên môn trách nhiệm tổ chức "
         "thực hiện nền tảng số an toàn thông tin giám sát đánh giá kết nối chia sẻ cơ sở dữ liệu "
         "giao thông năng lượng môi trường dịch vụ công trực tuyến ủy ban nhân dân tỉnh thành phố "
         "trực thuộc trung ương bộ ngành kinh phí ngân sách xã hội hóa đầu tư phát triển bền vững "
         "tiêu chuẩn quy chuẩn kỹ thuật quốc gia báo cáo định kỳ hằng năm theo quy định của pháp luật").split()

CHAPTER_TITLES = ["QUY ĐỊNH CHUNG", "PHÁT TRIỂN ĐÔ THỊ THÔNG MINH", "HẠ TẦNG VÀ DỮ LIỆU",
                  "NỀN TẢNG SỐ", "TRÁCH NHIỆM CỦA CÁC CƠ QUAN", "ĐIỀU KHOẢN THI HÀNH"]
POINTS = "a b c d đ e g h i k l m n o p q r s t u v x y".split()

COMMENT_OPENERS = ["Đề nghị cơ quan chủ trì soạn thảo", "Đề nghị bổ sung quy định về", "Đề nghị làm rõ",
                   "Đề nghị xem xét lại", "Chúng tôi cơ bản nhất trí, tuy nhiên đề nghị",
                   "Đề nghị sửa đổi nội dung", "Kiến nghị bổ sung"]
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ"]
MIDDLES = ["Văn", "Thị", "Hữu", "Minh", "Thanh", "Ngọc", "Đức", "Quang"]
GIVENS = ["An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hùng", "Lan", "Linh", "Mai",
          "Nam", "Phương", "Quân", "Sơn", "Thảo", "Trang", "Tuấn", "Vy"]


def words(rng, lo, hi):
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(lo, hi)))


def sentence(rng, lo, hi):
    s = words(rng, lo, hi)
    return s[0].upper() + s[1:] + "."


def structure(seed, n):
    """[(article number, [points per clause])] as a function of the seed alone."""
    rng = random.Random("structure-%d" % seed)
    arts = []
    for a in range(1, n + 1):
        clauses = [] if rng.random() < 0.2 else [0] * rng.randint(1, 5)
        for i in range(len(clauses)):
            if rng.random() < 0.3:
                clauses[i] = rng.randint(2, 6)
        arts.append((a, clauses))
    return arts


def eids(seed, n):
    out = []
    for a, clauses in structure(seed, n):
        out.append("art_%d" % a)
        for c, npoints in enumerate(clauses, 1):
            out.append("art_%d__para_%d" % (a, c))
            for p in range(npoints):
                out.append("art_%d__para_%d__point_%s" % (a, c, POINTS[p].replace("đ", "dd")))
    return out


def decree(seed, n, variant):
    rng = random.Random("text-%d" % seed)
    change = random.Random("variant-%d-%d" % (seed, variant))
    lines = ["CHÍNH PHỦ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
             "Số:      /2025/NĐ-CP", "Hà Nội, ngày    tháng    năm 2025", "NGHỊ ĐỊNH",
             "Quy định về phát triển đô thị thông minh",
             "Căn cứ Luật Tổ chức Chính phủ ngày 18 tháng 02 năm 2025;",
             "Theo đề nghị của Bộ trưởng Bộ Xây dựng;",
             "Chính phủ ban hành Nghị định quy định về phát triển đô thị thông minh."]
    arts = structure(seed, n)
    nchap = max(1, min(len(CHAPTER_TITLES), n // 5))
    per = (n + nchap - 1) // nchap

    def text(lo, hi):
        s = sentence(rng, lo, hi)
        if variant > 1 and change.random() < 0.1:
            w = s.split(" ")
            for _ in range(change.randint(1, 3)):
                w[change.randrange(len(w))] = change.choice(WORDS)
            s = " ".join(w)
            if not s.endswith("."):
                s += "."
        return s

    for a, clauses in arts:
        if (a - 1) % per == 0:
            ch = (a - 1) // per + 1
            lines.append("Chương %s" % roman(ch))
            lines.append(CHAPTER_TITLES[(ch - 1) % len(CHAPTER_TITLES)])
        lines.append("Điều %d. %s" % (a, words(rng, 3, 8).capitalize()))
        if not clauses:
            lines.append(text(15, 60))
        for c, npoints in enumerate(clauses, 1):
            if npoints:
                lines.append("%d. %s:" % (c, text(8, 25)[:-1]))
                for p in range(npoints):
                    lines.append("%s) %s;" % (POINTS[p], text(6, 30)[:-1]))
            else:
                lines.append("%d. %s" % (c, text(10, 50)))
    return "\n".join(lines) + "\n"


def roman(n):
    vals = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = ""
    for v, s in vals:
        while n >= v:
            out += s
            n -= v
    return out


def workflow(members):
    lines = [
        "# Generated by bench/gen.py: a drafter, %d members, one consultation stage." % members,
        "id: bench",
        "title: Benchmark dossier",
        "time-zone: Asia/Ho_Chi_Minh",
        "roles:",
        "  drafter: { title: Drafting agency, may: [revise, advance, respond, read] }",
        "  member:  { title: Member, may: [comment, read] }",
        "participants:",
        "  - { id: moc, name: Bộ Xây dựng, role: drafter, email: vanban@moc.gov.vn }",
    ]
    for i in range(1, members + 1):
        lines.append("  - { id: m%d, name: Thành viên %d, role: member, email: m%d@bench.gov.vn }" % (i, i, i))
    lines += [
        "start: drafting",
        "stages:",
        "  drafting:",
        "    title: Soạn thảo",
        "    transitions:",
        "      - { to: consultation, roles: [drafter], when: has-revision }",
        "  consultation:",
        "    title: Lấy ý kiến",
        "    comments: open",
        "    deadline: 2030-12-31",
        "    transitions:",
        "      - { to: done, roles: [drafter] }",
        "  done:",
        "    title: Xong",
        "    final: true",
    ]
    return "\n".join(lines) + "\n"


def comments(seed, n, m, members, public, start, end):
    """M comments: a share from the K members (by e-mail), the rest from the
    public; provisions cited with a skew (a few provisions draw most
    comments); lengths from a long-tailed distribution."""
    rng = random.Random("comments-%d" % seed)
    targets = eids(seed, n) + ["general"]
    weights = [1.0 / (i + 1) ** 0.8 for i in range(len(targets))]
    rng.shuffle(weights)
    from datetime import datetime, timedelta
    t0 = datetime.fromisoformat(start)
    span = (datetime.fromisoformat(end) - t0).total_seconds()
    cum = []
    acc = 0.0
    for w in weights:
        acc += w
        cum.append(acc)
    import bisect
    out = []
    times = sorted(rng.random() * span for _ in range(m))
    for i in range(m):
        on = targets[min(bisect.bisect(cum, rng.random() * acc), len(targets) - 1)]
        nwords = min(400, int(rng.lognormvariate(3.6, 0.6)))
        text = "%s %s." % (rng.choice(COMMENT_OPENERS), words(rng, max(3, nwords - 5), max(3, nwords)))
        rec = {"received": (t0 + timedelta(seconds=times[i])).isoformat(timespec="seconds"), "on": on,
               "text": text, "proposal": None}
        if members and rng.random() >= public:
            k = rng.randint(1, members)
            rec.update(author_name="Thành viên %d" % k, author_email="m%d@bench.gov.vn" % k, organisation=None)
        else:
            name = "%s %s %s" % (rng.choice(SURNAMES), rng.choice(MIDDLES), rng.choice(GIVENS))
            rec.update(author_name=name, author_email="cd%d@example.vn" % rng.randint(1, 10 ** 6),
                       organisation=None if rng.random() < 0.7 else "Công ty %s" % words(rng, 2, 4).title())
        if on != "general" and rng.random() < 0.3:
            rec["proposal"] = sentence(rng, 10, 40)
        out.append(json.dumps(rec, ensure_ascii=False))
    return "\n".join(out) + "\n"


def fast_import(path):
    """The records of a JSON Lines file as files in one commit (what git fast-import would be
    given by a team scripting around git): comments/<2 hex>/<n>.json, 256 directories."""
    out = sys.stdout.buffer
    n = 0
    blobs = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            n += 1
            data = (json.dumps(json.loads(line), ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()
            out.write(b"blob\nmark :%d\ndata %d\n" % (n, len(data)))
            out.write(data)
            out.write(b"\n")
            blobs.append(n)
    msg = b"import %d comments\n" % n
    out.write(b"commit refs/heads/main\ncommitter Bench <bench@example.org> 1751331600 +0700\n")
    out.write(b"data %d\n%s" % (len(msg), msg))
    for k in blobs:
        out.write(b"M 100644 :%d comments/%02x/c-%d.json\n" % (k, (k * 2654435761) % 256, k))
    out.write(b"\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("what", choices=["workflow", "decree", "comments", "eids", "fastimport"])
    ap.add_argument("file", nargs="?")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--articles", type=int, default=300)
    ap.add_argument("--variant", type=int, default=1)
    ap.add_argument("--comments", type=int, default=1000)
    ap.add_argument("--members", type=int, default=50)
    ap.add_argument("--public", type=float, default=0.5, help="share of comments from the public")
    ap.add_argument("--start", default="2025-07-01T08:00:00+07:00")
    ap.add_argument("--end", default="2025-07-25T17:00:00+07:00")
    ap.add_argument("-o", "--output")
    a = ap.parse_args()
    if a.output:
        sys.stdout = open(a.output, "w", encoding="utf-8")
    if a.what == "workflow":
        sys.stdout.write(workflow(a.members))
    elif a.what == "decree":
        sys.stdout.write(decree(a.seed, a.articles, a.variant))
    elif a.what == "eids":
        sys.stdout.write("\n".join(eids(a.seed, a.articles)) + "\n")
    elif a.what == "comments":
        sys.stdout.write(comments(a.seed, a.articles, a.comments, a.members, a.public, a.start, a.end))
    else:
        sys.stdout.flush()
        fast_import(a.file)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
