<?xml version="1.0" encoding="UTF-8"?>
<!--
  compare.xsl: the comparison table of two revisions of a draft ("bảng so
  sánh": current text | revised text), from the Akoma Ntoso written by
  `dossier diff - -format xml` (the newer revision with <ins>/<del> in
  changed text, deleted provisions kept with status="removed", and a
  "diff-…" class on each changed provision; docs/diff.md). One row per
  provision in the order of the text, a heading row per part, chapter and
  section; the left column shows the old text (deleted words struck out in
  red), the right one the new text (inserted words in green); inserted and
  deleted rows are marked. One self-contained HTML5 page: inline CSS, no
  script, no network resource; printed on A4 landscape.
  With explain="1" (a dossier's revisions) a third column, "Thuyết minh",
  gives for each changed provision the comments and dispositions behind the
  change: the <note class="thuyet-minh"> of <meta><notes> whose
  placementBase is the row's provision.
  Parameters: old-label, new-label (e.g. "v1", "v2"), lang ("vi" or "en"),
  explain ("1" or empty).
-->
<xsl:stylesheet version="1.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:a="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
  exclude-result-prefixes="a">

  <xsl:output method="html" encoding="UTF-8" indent="no"/>

  <xsl:param name="old-label" select="''"/>
  <xsl:param name="new-label" select="''"/>
  <xsl:param name="lang" select="'vi'"/>
  <xsl:param name="explain" select="''"/>

  <xsl:variable name="vi" select="$lang != 'en'"/>
  <xsl:variable name="act" select="/a:akomaNtoso/*[1]"/>
  <xsl:variable name="pre" select="$act/a:preface"/>
  <xsl:variable name="three" select="$explain = '1'"/>
  <xsl:variable name="explanations" select="$act/a:meta/a:notes/a:note[@class = 'thuyet-minh']"/>

  <xsl:template match="/">
    <xsl:text disable-output-escaping="yes">&lt;!DOCTYPE html&gt;</xsl:text>
    <xsl:text>&#10;</xsl:text>
    <html lang="{$lang}">
      <head>
        <meta charset="UTF-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title>
          <xsl:choose>
            <xsl:when test="$vi">Bảng so sánh</xsl:when>
            <xsl:otherwise>Comparison table</xsl:otherwise>
          </xsl:choose>
          <xsl:text> — </xsl:text>
          <xsl:value-of select="normalize-space($pre/a:longTitle)"/>
        </title>
        <style>
@page { size: A4 landscape; margin: 12mm 10mm; }
body { font-family: "Times New Roman", Times, serif; font-size: 13pt; line-height: 1.35;
  color: #111; background: #fff; margin: 1.5em auto; max-width: 90em; padding: 0 1em; }
header { text-align: center; margin-bottom: 1em; }
header .issuer { font-weight: bold; text-transform: uppercase; margin: 0; }
h1 { font-size: 16pt; text-transform: uppercase; margin: 0.6em 0 0.2em; }
header .title { font-weight: bold; margin: 0.2em 0; }
.legend { font-size: 11pt; margin: 0.5em 0 1em; text-align: center; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; }
th, td { border: 1px solid #444; padding: 0.3em 0.5em; vertical-align: top; text-align: justify; }
thead th { background: #e8e8e8; text-align: center; width: 50%; }
table.three thead th { width: 40%; } table.three thead th.explain { width: 20%; }
td.explain { font-size: 11pt; text-align: left; }
thead { display: table-header-group; }
tr { page-break-inside: avoid; break-inside: avoid; }
tr.container td { background: #f3f1e8; text-align: center; font-weight: bold; }
td p { margin: 0 0 0.25em; }
.title-line { font-weight: bold; }
.sub { margin-left: 1.2em; }
.sub > .num { float: left; margin-right: 0.3em; }
del { color: #a40000; background: #fde2e2; text-decoration: line-through; }
ins { color: #0b5d1e; background: #dff3e3; text-decoration: none; }
tr.diff-inserted td.new { border-left: 4px solid #0b7a2a; }
tr.diff-deleted td.old { border-right: 4px solid #b00020; }
tr.diff-inserted td.old, tr.diff-deleted td.new { background: #f6f6f6; }
.mark { display: inline-block; font-size: 9pt; font-weight: bold; border: 1px solid; border-radius: 3px;
  padding: 0 0.3em; margin-left: 0.4em; font-family: Arial, sans-serif; vertical-align: middle; }
.mark.ins { color: #0b5d1e; } .mark.del { color: #a40000; } .mark.chg { color: #7a4b00; }
@media print { body { margin: 0; max-width: none; font-size: 11pt; } }
        </style>
      </head>
      <body>
        <header>
          <p class="issuer"><xsl:value-of select="normalize-space($pre/a:p[@class='issuer'])"/></p>
          <h1>
            <xsl:choose>
              <xsl:when test="$vi">Bảng so sánh</xsl:when>
              <xsl:otherwise>Comparison table</xsl:otherwise>
            </xsl:choose>
          </h1>
          <p class="title">
            <xsl:for-each select="$pre/a:longTitle/a:p">
              <xsl:if test="position() &gt; 1"><xsl:text> </xsl:text></xsl:if>
              <xsl:value-of select="normalize-space(.)"/>
            </xsl:for-each>
          </p>
        </header>
        <p class="legend">
          <del>
            <xsl:choose>
              <xsl:when test="$vi">đã bỏ</xsl:when>
              <xsl:otherwise>deleted</xsl:otherwise>
            </xsl:choose>
          </del>
          <xsl:text> · </xsl:text>
          <ins>
            <xsl:choose>
              <xsl:when test="$vi">bổ sung</xsl:when>
              <xsl:otherwise>inserted</xsl:otherwise>
            </xsl:choose>
          </ins>
        </p>
        <table>
          <xsl:if test="$three"><xsl:attribute name="class">three</xsl:attribute></xsl:if>
          <thead>
            <tr>
              <th>
                <xsl:choose>
                  <xsl:when test="$vi">Dự thảo cũ</xsl:when>
                  <xsl:otherwise>Current text</xsl:otherwise>
                </xsl:choose>
                <xsl:if test="$old-label != ''"> (<xsl:value-of select="$old-label"/>)</xsl:if>
              </th>
              <th>
                <xsl:choose>
                  <xsl:when test="$vi">Dự thảo mới</xsl:when>
                  <xsl:otherwise>Revised text</xsl:otherwise>
                </xsl:choose>
                <xsl:if test="$new-label != ''"> (<xsl:value-of select="$new-label"/>)</xsl:if>
              </th>
              <xsl:if test="$three">
                <th class="explain">
                  <xsl:choose>
                    <xsl:when test="$vi">Thuyết minh</xsl:when>
                    <xsl:otherwise>Explanation</xsl:otherwise>
                  </xsl:choose>
                </th>
              </xsl:if>
            </tr>
          </thead>
          <tbody>
            <xsl:apply-templates select="$act/a:body/*" mode="row"/>
          </tbody>
        </table>
      </body>
    </html>
  </xsl:template>

  <!-- Rows: a heading row per container, then its provisions. -->
  <xsl:template match="a:part | a:chapter | a:section | a:title | a:book | a:subchapter | a:subsection" mode="row">
    <tr class="container {@class}">
      <td class="old">
        <xsl:if test="not(contains(@class, 'diff-inserted'))">
          <xsl:apply-templates select="a:num | a:heading" mode="line"><xsl:with-param name="side" select="'old'"/></xsl:apply-templates>
        </xsl:if>
      </td>
      <td class="new">
        <xsl:if test="not(@status = 'removed')">
          <xsl:apply-templates select="a:num | a:heading" mode="line"><xsl:with-param name="side" select="'new'"/></xsl:apply-templates>
        </xsl:if>
      </td>
      <xsl:if test="$three"><td class="explain"/></xsl:if>
    </tr>
    <xsl:apply-templates select="*[not(self::a:num or self::a:heading or self::a:subheading)]" mode="row"/>
  </xsl:template>

  <xsl:template match="*" mode="row">
    <xsl:variable name="removed" select="@status = 'removed'"/>
    <xsl:variable name="inserted" select="contains(@class, 'diff-inserted') or (contains(@class, 'diff-split') and not($removed)) or (contains(@class, 'diff-merged') and not($removed))"/>
    <tr class="{@class}">
      <td class="old">
        <xsl:if test="not($inserted)">
          <xsl:apply-templates select="." mode="provision"><xsl:with-param name="side" select="'old'"/></xsl:apply-templates>
          <xsl:if test="$removed">
            <span class="mark del">
              <xsl:choose>
                <xsl:when test="$vi">bãi bỏ</xsl:when>
                <xsl:otherwise>deleted</xsl:otherwise>
              </xsl:choose>
            </span>
          </xsl:if>
        </xsl:if>
      </td>
      <td class="new">
        <xsl:if test="not($removed)">
          <xsl:apply-templates select="." mode="provision"><xsl:with-param name="side" select="'new'"/></xsl:apply-templates>
          <xsl:choose>
            <xsl:when test="contains(@class, 'diff-inserted')">
              <span class="mark ins">
                <xsl:choose>
                  <xsl:when test="$vi">bổ sung</xsl:when>
                  <xsl:otherwise>inserted</xsl:otherwise>
                </xsl:choose>
              </span>
            </xsl:when>
            <xsl:when test="contains(@class, 'diff-changed') or contains(@class, 'diff-split') or contains(@class, 'diff-merged')">
              <span class="mark chg">
                <xsl:choose>
                  <xsl:when test="$vi">sửa đổi</xsl:when>
                  <xsl:otherwise>changed</xsl:otherwise>
                </xsl:choose>
              </span>
            </xsl:when>
          </xsl:choose>
        </xsl:if>
      </td>
      <xsl:if test="$three">
        <td class="explain">
          <xsl:variable name="eid" select="@eId"/>
          <xsl:for-each select="$explanations[@placementBase = $eid]/a:p">
            <p><xsl:value-of select="."/></p>
          </xsl:for-each>
        </td>
      </xsl:if>
    </tr>
  </xsl:template>

  <!-- A provision: its title line (number, heading), then its text and sub-provisions. -->
  <xsl:template match="*" mode="provision">
    <xsl:param name="side"/>
    <xsl:if test="a:num | a:heading">
      <p class="title-line">
        <xsl:apply-templates select="a:num" mode="inline"><xsl:with-param name="side" select="$side"/></xsl:apply-templates>
        <xsl:if test="a:num and a:heading"><xsl:text> </xsl:text></xsl:if>
        <xsl:apply-templates select="a:heading" mode="inline"><xsl:with-param name="side" select="$side"/></xsl:apply-templates>
      </p>
    </xsl:if>
    <xsl:apply-templates select="*[not(self::a:num or self::a:heading)]" mode="body"><xsl:with-param name="side" select="$side"/></xsl:apply-templates>
  </xsl:template>

  <xsl:template match="a:num | a:heading" mode="line">
    <xsl:param name="side"/>
    <div>
      <xsl:apply-templates mode="inline"><xsl:with-param name="side" select="$side"/></xsl:apply-templates>
    </div>
  </xsl:template>

  <xsl:template match="a:intro | a:content | a:wrapUp | a:alinea" mode="body">
    <xsl:param name="side"/>
    <xsl:apply-templates select="*" mode="body"><xsl:with-param name="side" select="$side"/></xsl:apply-templates>
  </xsl:template>

  <xsl:template match="a:p" mode="body">
    <xsl:param name="side"/>
    <p><xsl:apply-templates mode="inline"><xsl:with-param name="side" select="$side"/></xsl:apply-templates></p>
  </xsl:template>

  <!-- Sub-provisions (clauses, points, …); a deleted one only on the old side. -->
  <xsl:template match="*" mode="body">
    <xsl:param name="side"/>
    <xsl:variable name="removed" select="@status = 'removed'"/>
    <xsl:variable name="inserted" select="contains(@class, 'diff-inserted') or ((contains(@class, 'diff-split') or contains(@class, 'diff-merged')) and not($removed))"/>
    <xsl:if test="($side = 'old' and not($inserted)) or ($side = 'new' and not($removed))">
      <div class="sub">
        <xsl:if test="a:num">
          <span class="num">
            <xsl:apply-templates select="a:num" mode="inline"><xsl:with-param name="side" select="$side"/></xsl:apply-templates>
          </span>
        </xsl:if>
        <xsl:if test="a:heading">
          <p class="title-line">
            <xsl:apply-templates select="a:heading" mode="inline"><xsl:with-param name="side" select="$side"/></xsl:apply-templates>
          </p>
        </xsl:if>
        <xsl:apply-templates select="*[not(self::a:num or self::a:heading)]" mode="body"><xsl:with-param name="side" select="$side"/></xsl:apply-templates>
      </div>
    </xsl:if>
  </xsl:template>

  <!-- Inline content: the old side shows deletions and hides insertions; the new side the reverse. -->
  <xsl:template match="a:ins" mode="inline">
    <xsl:param name="side"/>
    <xsl:if test="$side = 'new'">
      <ins><xsl:apply-templates mode="inline"><xsl:with-param name="side" select="$side"/></xsl:apply-templates></ins>
    </xsl:if>
  </xsl:template>

  <xsl:template match="a:del" mode="inline">
    <xsl:param name="side"/>
    <xsl:if test="$side = 'old'">
      <del><xsl:apply-templates mode="inline"><xsl:with-param name="side" select="$side"/></xsl:apply-templates></del>
    </xsl:if>
  </xsl:template>

  <xsl:template match="a:num | a:heading" mode="inline">
    <xsl:param name="side"/>
    <xsl:apply-templates mode="inline"><xsl:with-param name="side" select="$side"/></xsl:apply-templates>
  </xsl:template>

  <xsl:template match="*" mode="inline">
    <xsl:param name="side"/>
    <xsl:apply-templates mode="inline"><xsl:with-param name="side" select="$side"/></xsl:apply-templates>
  </xsl:template>

  <xsl:template match="text()" mode="inline">
    <xsl:value-of select="."/>
  </xsl:template>

  <xsl:template match="text()" mode="body"/>
  <xsl:template match="text()" mode="row"/>
</xsl:stylesheet>
