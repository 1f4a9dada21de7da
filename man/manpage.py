#!/usr/bin/env python3
"""Write the man pages of dossier from its own tables and its docs.

    manpage.py OPTIONS.json SOURCE_ROOT OUTDIR PAGE...

OPTIONS.json is what `dossier --dump-options` prints (cli/dump.c): every
command's usage, summary and option table, the very table that parses the
options and prints `--help`, so that a page cannot drift from the program.
The prose comes from the docs, converted from their Markdown:

  dossier.1            docs/cli.md: its opening and its general sections
  dossier-COMMAND.1    the bullets of docs/cli.md that begin with the command
  dossier-serve.8      the same, and docs/serve.md
  dossier-workflow.5   docs/workflow-format.md

PAGE is a file name ("dossier-comment.1"). The roff is plain man(7),
ASCII only (other characters as \\[uXXXX]), so that groff and mandoc read
it in any locale; tests/cli/test_man.py checks it with `groff -ww -z`.
"""
import json
import os
import re
import sys

def esc_text(s):
    """Roff-escape running text (no inline markup)."""
    out = []
    for ch in s:
        o = ord(ch)
        if ch == "\\":
            out.append("\\e")
        elif ch == "-":
            out.append("\\-")
        elif ch == "\u2014":
            out.append("\\(em")
        elif ch == "\u2013":
            out.append("\\(en")
        elif ch == "\u2019":
            out.append("\\(cq")
        elif ch == "\u00a0":
            out.append("\\ ")
        elif o < 128:
            out.append(ch)
        else:
            out.append("\\[u%04X]" % o)
    return "".join(out)


def inline(s):
    """Markdown inline markup to roff: `code`, **bold**, *italic*, links."""
    s = re.sub(r"\[([^\]]+)\]\(([^)]+)\)", lambda m: m.group(1), s)
    parts = re.split(r"(`[^`]+`)", s)
    out = []
    for p in parts:
        if len(p) > 1 and p.startswith("`") and p.endswith("`"):
            out.append("\\fB" + esc_text(p[1:-1]) + "\\fR")
            continue
        t = esc_text(p)
        t = re.sub(r"\*\*(.+?)\*\*", r"\\fB\1\\fR", t)
        t = re.sub(r"(?<![\w*])\*([^*\s][^*]*?)\*(?![\w*])", r"\\fI\1\\fR", t)
        out.append(t)
    return "".join(out)


def text_line(s):
    """A line of running text: no leading blank, no leading control character."""
    s = s.strip()
    if s.startswith(".") or s.startswith("'"):
        s = "\\&" + s
    return s


def fill(words):
    """Roff text lines from inline-converted text."""
    t = " ".join(w.strip() for w in words if w.strip())
    return [text_line(inline(t))] if t else []


def table_rows(lines):
    rows = []
    for ln in lines:
        # a cell ends at a '|' outside a code span
        cells = [c.strip() for c in re.findall(r"((?:`[^`]*`|[^|`])+|(?<=\|)(?=\|))", ln.strip().strip("|"))]
        if all(re.fullmatch(r":?-+:?", c) for c in cells if c):
            continue
        rows.append(cells)
    return rows


def md_to_roff(lines, heading_level=2):
    """Markdown (the subset the docs use) to man(7) lines.

    `## X` becomes a section (.SH), `### X` a subsection (.SS); with
    heading_level=3 a `##` becomes .SS and deeper headings bold paragraphs.
    """
    out = []
    i = 0
    para = []
    item = None  # the list item being read: its words

    def flush():
        nonlocal para, item
        if item is not None:
            out.extend([".IP \\(bu 2"] + fill(item))
            item = None
        if para:
            out.extend([".PP"] + fill(para))
            para = []

    while i < len(lines):
        ln = lines[i].rstrip("\n")
        st = ln.strip()
        if st.startswith("```"):
            flush()
            i += 1
            out.extend([".PP", ".RS 4", ".nf"])
            while i < len(lines) and not lines[i].strip().startswith("```"):
                code = lines[i].rstrip("\n")
                # keep the indentation of code, relative to the fence
                code = esc_text(code.expandtabs(4))
                if code.startswith(".") or code.startswith("'"):
                    code = "\\&" + code
                out.append(code if code.strip() else "")
                i += 1
            out.extend([".fi", ".RE"])
            i += 1
            continue
        m = re.match(r"^(#{1,6})\s+(.*)$", ln)
        if m:
            flush()
            level = len(m.group(1))
            title = m.group(2).strip()
            if level == 1:
                i += 1
                continue
            if level == heading_level:
                # upper case, but not what is quoted as code (`-o`)
                out.append(".SH " + inline(re.sub(r"(`[^`]+`)|([^`]+)",
                                                  lambda m: m.group(1) or m.group(2).upper(), title)))
            elif level == heading_level + 1:
                out.append(".SS " + inline(title))
            else:
                out.extend([".PP", "\\fB" + inline(title) + "\\fR"])
            i += 1
            continue
        if st.startswith("|"):
            flush()
            tbl = []
            while i < len(lines) and lines[i].strip().startswith("|"):
                tbl.append(lines[i])
                i += 1
            rows = table_rows(tbl)
            if rows:
                head, body = rows[0], rows[1:]
                for r in body:
                    first = r[0] if r else ""
                    rest = []
                    for k, c in enumerate(r[1:], 1):
                        if not c:
                            continue
                        if len(r) > 2 and k < len(head) and head[k]:
                            rest.append(head[k] + ": " + c)
                        else:
                            rest.append(c)
                    out.extend([".TP", text_line(inline(first))] + (fill(["; ".join(rest)]) or ["\\&"]))
            continue
        if not st:
            if item is not None and i + 1 < len(lines) and lines[i + 1].startswith("  ") and \
                    not re.match(r"^\s*([-*]|\d+\.)\s", lines[i + 1]):
                # a paragraph that continues the list item
                out.extend([".IP \\(bu 2"] + fill(item))
                item = []
                out.append(".IP \"\" 2")
                i += 1
                while i < len(lines) and lines[i].startswith("  ") and lines[i].strip() and \
                        not lines[i].strip().startswith("```"):
                    item.append(lines[i])
                    i += 1
                out.extend(fill(item))
                item = None
                continue
            flush()
            i += 1
            continue
        m = re.match(r"^\s*([-*]|\d+\.)\s+(.*)$", ln)
        if m:
            if para:
                flush()
            if item is not None:
                out.extend([".IP \\(bu 2"] + fill(item))
            item = [m.group(2)]
            i += 1
            continue
        if item is not None:
            item.append(ln)
        else:
            para.append(ln)
        i += 1
    flush()
    # no empty paragraphs one after the other
    clean = []
    for ln in out:
        if ln == ".PP" and clean and clean[-1] in (".PP", ".SH", ".SS"):
            continue
        clean.append(ln)
    return clean


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read().split("\n")


def sections(lines):
    """{title: lines} of the `## ` sections, and the opening before them."""
    opening, secs, cur = [], [], None
    for ln in lines:
        if ln.startswith("## "):
            cur = (ln[3:].strip(), [])
            secs.append(cur)
        elif cur is None:
            if not ln.startswith("# "):
                opening.append(ln)
        else:
            cur[1].append(ln)
    return opening, secs


def cli_bullets(lines):
    """The top-level bullets of docs/cli.md: (command names, text lines)."""
    out = []
    i = 0
    while i < len(lines):
        if lines[i].startswith("- `"):
            item = [lines[i][2:]]
            i += 1
            while i < len(lines) and (lines[i].startswith("  ") or
                                      (not lines[i].strip() and i + 1 < len(lines) and lines[i + 1].startswith("  "))):
                item.append(lines[i])
                i += 1
            head = item[0]
            # the command names: each code span of the head, before the dash
            dash = " ".join(item).split(" \u2014 ")[0]
            names = [s.split()[0] for s in re.findall(r"`([^`]+)`", dash) if s.split()]
            out.append((names, item))
        else:
            i += 1
    return out


def bullet_prose(item):
    """A bullet's text without its head (the synopsis, which the page has)."""
    joined = "\n".join(item)
    k = joined.find(" \u2014 ")
    if k >= 0:
        joined = joined[k + 3:]
    text = joined.split("\n")
    if text:
        text[0] = text[0][0].upper() + text[0][1:] if text[0] else text[0]
    # the continuation lines are indented by two in the list
    return [t[2:] if t.startswith("  ") else t for t in text]


def th(name, section, version, title):
    return ['.\\" Generated by man/manpage.py from the option tables of the program',
            '.\\" (dossier --dump-options) and the docs; do not edit.',
            '.TH "%s" "%s" "" "dossier %s" "%s"' % (name.upper(), section, version, title)]


def synopsis(usage):
    return [".SH SYNOPSIS", ".nf", "\\fBdossier\\fR " + esc_text(usage), ".fi"]


def options_section(opts, title="OPTIONS"):
    out = [".SH " + title]
    for o in opts:
        left = "\\fB\\-\\-%s\\fR" % esc_text(o["long"])
        if o.get("short"):
            left = "\\fB\\-%s\\fR, " % esc_text(o["short"]) + left
        if o.get("arg"):
            left += " \\fI%s\\fR" % esc_text(o["arg"])
        out.extend([".TP", left, text_line(esc_text(o["help"]))])
    out.extend([".TP", "\\fB\\-h\\fR, \\fB\\-\\-help\\fR", "show this help"])
    return out


SEE_ALSO_PAGES = ["dossier(1)", "dossier\\-workflow(5)", "dossier\\-serve(8)", "git(1)"]


def see_also(own, extra=()):
    pages = [p for p in list(extra) + SEE_ALSO_PAGES if p != own]
    return [".SH SEE ALSO", ", ".join("\\fB%s\\fR(%s)" % (p[:-3], p[-2]) for p in pages)]


def page_command(cmd, data, src, section):
    name = "dossier-" + cmd["name"]
    out = th(name, section, data["version"], "dossier manual")
    out += [".SH NAME", "%s \\- %s" % (esc_text(name), esc_text(cmd["summary"]))]
    out += synopsis(cmd["usage"])
    cli = read(os.path.join(src, "docs", "cli.md"))
    prose = []
    for names, item in cli_bullets(cli):
        if cmd["name"] in names:
            prose += bullet_prose(item) + [""]
    out.append(".SH DESCRIPTION")
    out.extend(fill([cmd["summary"][0].upper() + cmd["summary"][1:] + "."]))
    if prose:
        out += md_to_roff(prose)
    if cmd["dossier"]:
        out += [".PP", "It works on the dossier of the global options (\\fB\\-C\\fR, \\fB\\-\\-as\\fR, "
                "\\fB\\-\\-now\\fR; see \\fBdossier\\fR(1))."]
    out += options_section(cmd["options"])
    if cmd["name"] == "serve":
        opening, secs = sections(read(os.path.join(src, "docs", "serve.md")))
        out += [".SH THE SERVER"] + md_to_roff(opening)
        for title, body in secs:
            out += md_to_roff(["## " + title] + body)
        out += [".SH FILES", ".TP", "\\fB/lib/systemd/system/dossier\\-serve@.service\\fR",
                "the systemd unit: \\fBsystemctl enable \\-\\-now dossier\\-serve@\\fR\\fINAME\\fR serves "
                "the dossiers in \\fB/var/lib/dossier/\\fR\\fINAME\\fR as the user \\fBdossier\\fR, with the "
                "options of \\fB/etc/dossier/\\fR\\fINAME\\fR\\fB.conf\\fR (see the unit)."]
    out += exit_status()
    out += see_also("%s(%s)" % (name, section))
    return out


def exit_status():
    return [".SH EXIT STATUS", ".TP", "0", "done", ".TP", "1", "failure (I/O, the repository; for "
            "\\fBverify\\fR: violations found)", ".TP", "2", "usage or invalid input; nothing was written",
            ".TP", "3", "refused by the workflow"]


def page_main(data, src):
    out = th("dossier", "1", data["version"], "dossier manual")
    out += [".SH NAME", "dossier \\- take a draft decree through its drafting procedure and comment rounds, "
            "in a git repository"]
    out += [".SH SYNOPSIS", ".nf",
            "\\fBdossier\\fR [\\fB\\-C\\fR \\fIDIR\\fR] [\\fB\\-\\-as\\fR \\fIID\\fR] [\\fB\\-\\-now\\fR "
            "\\fITIME\\fR] [\\fB\\-\\-signing\\-key\\fR \\fIFILE\\fR] \\fICOMMAND\\fR [\\fIARGS\\fR]",
            "\\fBdossier help\\fR \\fICOMMAND\\fR", ".fi"]
    cli = read(os.path.join(src, "docs", "cli.md"))
    opening, secs = sections(cli)
    readme = read(os.path.join(src, "README.md"))
    intro = []
    for ln in readme[1:]:
        if ln.startswith("## "):
            break
        intro.append(ln)
    out += [".SH DESCRIPTION"] + md_to_roff(intro)
    out += [".PP", "Each command has its own page, \\fBdossier\\-\\fR\\fICOMMAND\\fR(1) "
            "(\\fBdossier\\-serve\\fR(8) for the server), which \\fBdossier help\\fR \\fICOMMAND\\fR shows."]
    out += [".SH COMMANDS"]
    for c in data["commands"]:
        sec = "8" if c["name"] == "serve" else "1"
        out += [".TP", "\\fBdossier\\-%s\\fR(%s)" % (esc_text(c["name"]), sec), text_line(esc_text(c["summary"]))]
    # the global options as docs/cli.md explains them (its table: the
    # option, its environment variable, what it means), those of
    # `dossier --help` that it does not name from the program's table
    out += [".SH GLOBAL OPTIONS"]
    body, fence = [], False
    for ln in opening:
        if ln.strip().startswith("```"):
            fence = not fence
        elif not fence:
            body.append(ln)
    table = md_to_roff(body)
    extra = []
    doc = "\n".join(opening)
    for g in data["global_options"]:
        names = [n.strip() for n in g["name"].split(",")]
        if any("`%s" % n in doc for n in names):
            continue
        left = ", ".join("\\fB%s\\fR" % esc_text(n) for n in names)
        if g.get("arg"):
            left += " \\fI%s\\fR" % esc_text(g["arg"])
        extra += [".TP", left, text_line(esc_text(g["help"].replace("\n", " ")))]
    # after the table's rows, before the prose that follows it
    k = table.index(".PP", table.index(".TP")) if ".TP" in table and ".PP" in table[table.index(".TP"):] else len(table)
    out += table[:k] + extra + table[k:]
    skip = {"Commands outside a dossier", "A dossier's life", "The browser front end"}
    for title, body in secs:
        if title in skip:
            continue
        out += md_to_roff(["## " + title] + body)
    out += [".SH ENVIRONMENT", ".TP", "\\fBDOSSIER_DIR\\fR, \\fBDOSSIER_AS\\fR, \\fBDOSSIER_NOW\\fR, "
            "\\fBDOSSIER_SIGNING_KEY\\fR", "as the global options above", ".TP", "\\fBNO_COLOR\\fR",
            "no colour, even on a terminal", ".TP", "\\fBDOSSIER_TEMPLATES\\fR",
            "another directory of templates and stylesheets"]
    out += see_also("dossier(1)", ["dossier\\-init(1)", "dossier\\-comment(1)", "dossier\\-respond(1)"])
    return out


def page_workflow(data, src):
    out = th("dossier-workflow", "5", data["version"], "dossier manual")
    lines = read(os.path.join(src, "docs", "workflow-format.md"))
    out += [".SH NAME", "dossier\\-workflow \\- the YAML workflow definitions of dossier: stages, roles, "
            "participants, deadlines and guards"]
    out += [".SH SYNOPSIS", "\\fIworkflow\\fR\\fB.yaml\\fR, read by \\fBdossier init \\-\\-workflow\\fR, "
            "\\fBdossier validate\\fR and \\fBdossier plan\\fR; pinned in a dossier as \\fBworkflow.yaml\\fR"]
    opening, secs = sections(lines)
    out += [".SH DESCRIPTION"] + md_to_roff(opening)
    for title, body in secs:
        out += md_to_roff(["## " + title] + body)
    out += [".SH FILES", ".TP", "\\fB/usr/share/dossier/workflows/\\fR",
            "the shipped workflows (the decree procedures) and their calendars"]
    out += see_also("dossier-workflow(5)", ["dossier\\-validate(1)", "dossier\\-plan(1)", "dossier\\-init(1)"])
    return out


def main():
    dump, src, outdir = sys.argv[1], sys.argv[2], sys.argv[3]
    with open(dump, encoding="utf-8") as f:
        data = json.load(f)
    cmds = {c["name"]: c for c in data["commands"]}
    for page in sys.argv[4:]:
        base, section = page.rsplit(".", 1)
        if base == "dossier":
            lines = page_main(data, src)
        elif base == "dossier-workflow":
            lines = page_workflow(data, src)
        else:
            name = base[len("dossier-"):]
            if name not in cmds:
                sys.exit("manpage.py: no command '%s' in %s" % (name, dump))
            lines = page_command(cmds[name], data, src, section)
        with open(os.path.join(outdir, page), "w", encoding="ascii") as f:
            f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
