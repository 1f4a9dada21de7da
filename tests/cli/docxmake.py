"""docxmake.py: decrees as .docx made by python-docx (Debian python3-docx),
an independent producer, for the Word tests and the benchmark.

make(text, path, automatic) writes the structured text `text` (our sample
drafts' form) as a Word document: the header (up to the first blank line or the place
and date) as a two-column table, the issuer beside the Quốc hiệu and Tiêu ngữ, then one paragraph per line. With
automatic=False the numbers are literal text; with automatic=True the
articles ("Điều %1."), clauses ("%2.") and points ("%3)") are Word's
automatic numbering (numbering.xml), their literal numbers removed, the
clauses restarting in every article and the points in every clause.
"""
import re
import sys

try:
    import docx  # noqa: F401
except ImportError:
    # Debian's python3-docx, when the tests run under another Python 3.
    sys.path.append("/usr/lib/python3/dist-packages")
import docx                                   # Debian: python3-docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

ARTICLE = re.compile(r"^Điều (\d+)\. (.*)$")
CLAUSE = re.compile(r"^(\d+)\. (.*)$")
POINT = re.compile(r"^([a-zđ])\) (.*)$")


def _el(tag, **attrs):
    e = OxmlElement(tag)
    for k, v in attrs.items():
        e.set(qn("w:" + k), str(v))
    return e


def _numbering(doc):
    """One abstract list: Điều %1. / %2. / %3) with Vietnamese-style letters
    shown by Word as lowerLetter. Returns its numId."""
    numbering = doc.part.numbering_part.element
    absn = _el("w:abstractNum", abstractNumId=90)
    for ilvl, (fmt, text) in enumerate([("decimal", "Điều %1."), ("decimal", "%2."),
                                        ("lowerLetter", "%3)")]):
        lvl = _el("w:lvl", ilvl=ilvl)
        lvl.append(_el("w:start", val=1))
        lvl.append(_el("w:numFmt", val=fmt))
        lvl.append(_el("w:lvlText", val=text))
        lvl.append(_el("w:suff", val="space"))
        absn.append(lvl)
    # abstractNum elements come before num elements
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(absn)
    else:
        numbering.append(absn)
    num = _el("w:num", numId=90)
    num.append(_el("w:abstractNumId", val=90))
    numbering.append(num)
    return 90


def _set_num(par, num_id, ilvl):
    ppr = par._p.get_or_add_pPr()
    numpr = _el("w:numPr")
    numpr.append(_el("w:ilvl", val=ilvl))
    numpr.append(_el("w:numId", val=num_id))
    ppr.append(numpr)


def make(text, path, automatic=False):
    doc = docx.Document()
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(14)
    lines = text.split("\n")
    # The header: lines up to the first blank line, issuer beside the motto.
    head = []
    while lines and lines[0].strip():
        head.append(lines.pop(0))
        if head[-1].startswith("Hà Nội, ngày"):
            break
    left = [h for h in head if not h.startswith(("CỘNG HÒA", "Độc lập", "Hà Nội"))]
    right = [h for h in head if h.startswith(("CỘNG HÒA", "Độc lập", "Hà Nội"))]
    table = doc.add_table(rows=1, cols=2)
    for cell, cell_lines in zip(table.rows[0].cells, (left, right)):
        cell.paragraphs[0].text = cell_lines[0] if cell_lines else ""
        for extra in cell_lines[1:]:
            cell.add_paragraph(extra)
    num_id = _numbering(doc) if automatic else None
    for line in lines:
        if not line.strip():
            continue
        if automatic:
            for ilvl, rx in enumerate((ARTICLE, CLAUSE, POINT)):
                m = rx.match(line)
                if m:
                    par = doc.add_paragraph(m.group(2))
                    _set_num(par, num_id, ilvl)
                    if ilvl == 0:
                        par.runs[0].bold = True
                    break
            else:
                doc.add_paragraph(line)
        else:
            par = doc.add_paragraph(line)
            if ARTICLE.match(line):
                par.runs[0].bold = True
    doc.save(path)


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as f:
        make(f.read(), sys.argv[2], automatic=len(sys.argv) > 3 and sys.argv[3] == "auto")
