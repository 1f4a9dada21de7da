<?xml version="1.0" encoding="UTF-8"?>
<!--
  report.xsl: the synthesis report of comments ("báo cáo tổng hợp, tiếp thu,
  giải trình ý kiến"), Akoma Ntoso <doc name="report"> as written by
  `dossier report`, to one self-contained HTML5 page: inline CSS, no
  script, no network resource. A table grouped by provision (the provision,
  its eId, the revision commented on, its text and where it stands in the
  latest revision), one row per comment with its disposition shown by
  colour and label, then the totals per member and per disposition and the
  members who sent no comment. Printed on A4 landscape in Times New Roman.
  The AKN structure it reads is described in docs/report.md.
-->
<xsl:stylesheet version="1.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:a="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
  exclude-result-prefixes="a">

  <xsl:output method="html" encoding="UTF-8" indent="yes"/>

  <xsl:variable name="doc" select="/a:akomaNtoso/a:doc"/>
  <xsl:variable name="pre" select="$doc/a:preface"/>

  <xsl:template match="/">
    <xsl:text disable-output-escaping="yes">&lt;!DOCTYPE html&gt;</xsl:text>
    <xsl:text>&#10;</xsl:text>
    <html lang="vi">
      <head>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title>
          <xsl:value-of select="normalize-space($pre/a:longTitle)"/>
          <xsl:if test="$pre/a:p[@class='draftTitle']">
            <xsl:text> — </xsl:text>
            <xsl:value-of select="$pre/a:p[@class='draftTitle']"/>
          </xsl:if>
        </title>
        <style>
@page { size: A4 landscape; margin: 15mm 12mm; }
body { font-family: "Times New Roman", Times, serif; font-size: 13pt; line-height: 1.35;
  color: #111; background: #fff; margin: 1.5em auto; max-width: 80em; padding: 0 1em; }
header { text-align: center; margin-bottom: 1.5em; }
header .issuer { font-weight: bold; text-transform: uppercase; margin: 0; }
h1 { font-size: 16pt; text-transform: uppercase; margin: 0.8em 0 0.2em; }
header .draft { font-weight: bold; margin: 0.2em 0; }
header .meta { font-style: italic; margin: 0.2em 0; }
table.official { width: 100%; border: 0; margin: 0 0 1em; }
table.official td { border: 0; vertical-align: top; text-align: center; padding: 0; width: 50%; }
table.official p { margin: 0; }
.official .republic, .official .agency { font-weight: bold; text-transform: uppercase; }
.official .motto { font-weight: bold; text-decoration: underline; }
.official .placeAndDate { font-style: italic; margin-top: 0.4em; }
footer.signature { display: flex; justify-content: space-between; margin-top: 2em; }
footer.signature .recipients { font-size: 11pt; }
footer.signature .recipients .heading { font-weight: bold; font-style: italic; }
footer.signature .sign-block { text-align: center; min-width: 40%; }
footer.signature .capacity, footer.signature .agency { font-weight: bold; text-transform: uppercase; margin: 0; }
footer.signature .sign { font-style: italic; margin: 0.2em 0 4em; }
h2 { font-size: 14pt; margin: 1.5em 0 0.5em; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #444; padding: 0.25em 0.4em; vertical-align: top; text-align: left; }
thead th { background: #e8e8e8; text-align: center; }
td.num, td.count { text-align: center; white-space: nowrap; }
tr.group th { background: #f3f1e8; font-weight: normal; text-align: left; }
tr.group .citation { font-weight: bold; }
tr.group .eid, .cid { font-family: "Courier New", monospace; font-size: 10pt; color: #444; }
.provision-text { margin: 0.3em 0 0 0; font-style: italic; }
.provision-text p { margin: 0.1em 0; }
.proposal { margin-top: 0.3em; padding-left: 0.5em; border-left: 3px solid #999; }
.label { font-size: 10pt; font-weight: bold; }
td p { margin: 0 0 0.2em; }
.time { font-size: 10pt; white-space: nowrap; }
.badge { display: inline-block; padding: 0 0.35em; border: 1px solid; border-radius: 3px; font-weight: bold; }
.d-accepted .badge { color: #0b5d1e; border-color: #0b5d1e; background: #e3f4e6; }
.d-partial .badge { color: #7a4b00; border-color: #7a4b00; background: #fdf0d5; }
.d-rejected .badge { color: #8b0000; border-color: #8b0000; background: #fbe3e3; }
.d-noted .badge { color: #1f3f77; border-color: #1f3f77; background: #e4ebf7; }
.d-unanswered .badge { color: #555; border-color: #555; border-style: dashed; background: #fff; }
tr.d-accepted td:first-child { border-left: 4px solid #0b5d1e; }
tr.d-partial td:first-child { border-left: 4px solid #b7791f; }
tr.d-rejected td:first-child { border-left: 4px solid #8b0000; }
tr.d-noted td:first-child { border-left: 4px solid #1f3f77; }
tr.d-unanswered td:first-child { border-left: 4px dashed #555; }
.s-changed { color: #7a4b00; font-weight: bold; }
.s-deleted, .s-deleted-or-renumbered, .s-not-found { color: #8b0000; font-weight: bold; }
.untaken { color: #8b0000; font-weight: bold; }
tr.silent td { color: #555; font-style: italic; }
tr.total td { font-weight: bold; background: #f4f4f4; }
table.totals { width: auto; min-width: 50%; margin-bottom: 1em; }
caption { caption-side: top; text-align: left; font-weight: bold; padding: 0.3em 0; }
@media print {
  body { margin: 0; max-width: none; padding: 0; font-size: 11pt; }
  thead { display: table-header-group; }
  tr { page-break-inside: avoid; break-inside: avoid; }
  tr.group { page-break-after: avoid; break-after: avoid; }
  .badge, tr td:first-child, thead th, tr.group th, tr.total td { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
        </style>
      </head>
      <body>
        <header>
          <!-- The official header (Nghị định 30/2020/NĐ-CP): the agency and số
               on the left, Quốc hiệu, Tiêu ngữ, place and date on the right. -->
          <table class="official" role="presentation">
            <tr>
              <td>
                <p class="agency"><xsl:value-of select="normalize-space($pre/a:p[@class='issuer'])"/></p>
                <p class="docNumber"><xsl:value-of select="$pre/a:p[@class='docNumber']"/></p>
              </td>
              <td>
                <p class="republic"><xsl:value-of select="$pre/a:p[@class='republic']"/></p>
                <p class="motto"><xsl:value-of select="$pre/a:p[@class='motto']"/></p>
                <p class="placeAndDate"><xsl:value-of select="$pre/a:p[@class='placeAndDate']"/></p>
              </td>
            </tr>
          </table>
          <h1><xsl:value-of select="normalize-space($pre/a:longTitle)"/></h1>
          <xsl:if test="$pre/a:p[@class='draftType'] or $pre/a:p[@class='draftTitle']">
            <p class="draft">
              <xsl:text>Dự thảo </xsl:text>
              <xsl:value-of select="$pre/a:p[@class='draftType']"/>
              <xsl:if test="$pre/a:p[@class='draftType'] and $pre/a:p[@class='draftTitle']">
                <xsl:text> </xsl:text>
              </xsl:if>
              <xsl:value-of select="$pre/a:p[@class='draftTitle']"/>
            </p>
          </xsl:if>
          <p class="meta">
            <xsl:if test="$pre/a:p[@class='dossierTitle']">
              <xsl:text>Hồ sơ: </xsl:text>
              <xsl:value-of select="$pre/a:p[@class='dossierTitle']"/>
              <xsl:if test="$pre/a:p[@class='workflow']">
                <xsl:text> (quy trình </xsl:text>
                <xsl:value-of select="$pre/a:p[@class='workflow']"/>
                <xsl:text>)</xsl:text>
              </xsl:if>
              <xsl:text>. </xsl:text>
            </xsl:if>
            <xsl:if test="$pre/a:p[@class='latestRevision']">
              <xsl:text>Dự thảo mới nhất: </xsl:text>
              <xsl:value-of select="$pre/a:p[@class='latestRevision']"/>
              <xsl:text>. </xsl:text>
            </xsl:if>
            <xsl:text>Lập </xsl:text>
            <xsl:value-of select="normalize-space($pre/a:p[@class='date']/a:docDate)"/>
            <xsl:text>.</xsl:text>
          </p>
        </header>

        <main>
          <h2>I. Tổng hợp ý kiến và tiếp thu, giải trình</h2>
          <xsl:choose>
            <xsl:when test="$doc/a:mainBody/a:hcontainer[@name!='totals']">
              <table class="report">
                <thead>
                  <tr>
                    <th scope="col">STT</th>
                    <th scope="col">Cơ quan góp ý</th>
                    <th scope="col">Nội dung góp ý</th>
                    <th scope="col">Ý kiến tiếp thu</th>
                    <th scope="col">Giải trình</th>
                    <th scope="col">Thời gian góp ý</th>
                  </tr>
                </thead>
                <xsl:apply-templates select="$doc/a:mainBody/a:hcontainer[@name!='totals']"/>
              </table>
            </xsl:when>
            <xsl:otherwise>
              <p>Chưa có ý kiến nào.</p>
            </xsl:otherwise>
          </xsl:choose>
          <xsl:apply-templates select="$doc/a:mainBody/a:hcontainer[@name='totals']"/>
        </main>
        <xsl:if test="$doc/a:conclusions">
          <footer class="signature">
            <div class="recipients">
              <xsl:for-each select="$doc/a:conclusions/a:blockContainer[@class='recipients']/a:p">
                <p class="{@class}"><xsl:value-of select="."/></p>
              </xsl:for-each>
            </div>
            <div class="sign-block">
              <xsl:for-each select="$doc/a:conclusions/a:blockContainer[@class='signature']/a:p">
                <p class="{@class}"><xsl:value-of select="."/></p>
              </xsl:for-each>
            </div>
          </footer>
        </xsl:if>
      </body>
    </html>
  </xsl:template>

  <!-- One provision: a heading row, then its comments. -->
  <xsl:template match="a:hcontainer[@name='provision' or @name='general' or @name='notFound']">
    <xsl:variable name="status" select="a:intro/a:p[@class='status']/a:inline"/>
    <tbody id="{@eId}">
      <tr class="group">
        <th colspan="6" scope="rowgroup">
          <span class="citation">
            <xsl:value-of select="a:heading"/>
            <xsl:if test="a:subheading">
              <xsl:text>. </xsl:text>
              <xsl:value-of select="a:subheading"/>
            </xsl:if>
          </span>
          <xsl:if test="@name != 'general'">
            <xsl:text> </xsl:text>
            <span class="eid">
              <xsl:text>(</xsl:text>
              <xsl:value-of select="a:intro/a:p[@class='provisionId']"/>
              <xsl:if test="a:intro/a:p[@class='revision']">
                <xsl:text>, </xsl:text>
                <xsl:value-of select="a:intro/a:p[@class='revision']"/>
              </xsl:if>
              <xsl:text>)</xsl:text>
            </span>
            <xsl:text> — Tình trạng trong dự thảo mới nhất: </xsl:text>
            <span class="s-{substring-after($status/@refersTo, '#status-')}">
              <xsl:value-of select="normalize-space($status)"/>
            </span>
            <xsl:if test="a:intro/a:p[@class='nowCitation']">
              <xsl:text>, </xsl:text>
              <span class="now">
                <xsl:text>nay là </xsl:text>
                <xsl:value-of select="a:intro/a:p[@class='nowCitation']"/>
                <xsl:text> (</xsl:text>
                <xsl:value-of select="a:intro/a:p[@class='nowId']"/>
                <xsl:text>)</xsl:text>
              </span>
            </xsl:if>
          </xsl:if>
          <xsl:if test="a:intro/a:blockContainer[@class='provisionText']">
            <div class="provision-text">
              <xsl:for-each select="a:intro/a:blockContainer[@class='provisionText']/a:p">
                <p><xsl:value-of select="."/></p>
              </xsl:for-each>
            </div>
          </xsl:if>
        </th>
      </tr>
      <xsl:apply-templates select="a:hcontainer[@name='comment']"/>
    </tbody>
  </xsl:template>

  <xsl:template match="a:hcontainer[@name='comment']">
    <xsl:variable name="c" select="a:content"/>
    <xsl:variable name="d" select="substring-after($c/a:p[@class='disposition']/a:inline/@refersTo, '#disposition-')"/>
    <tr class="d-{$d}" id="c-{$c/a:p[@class='commentId']}">
      <td class="num">
        <xsl:value-of select="a:num"/>
        <br/>
        <span class="cid"><xsl:value-of select="$c/a:p[@class='commentId']"/></span>
      </td>
      <td><xsl:value-of select="normalize-space($c/a:p[@class='body'])"/></td>
      <td>
        <xsl:for-each select="$c/a:blockContainer[@class='comment']/a:p">
          <p><xsl:value-of select="."/></p>
        </xsl:for-each>
        <xsl:if test="$c/a:blockContainer[@class='proposal']">
          <div class="proposal">
            <span class="label">Đề xuất sửa đổi:</span>
            <xsl:for-each select="$c/a:blockContainer[@class='proposal']/a:p">
              <p><xsl:value-of select="."/></p>
            </xsl:for-each>
          </div>
        </xsl:if>
      </td>
      <td><span class="badge"><xsl:value-of select="normalize-space($c/a:p[@class='disposition'])"/></span></td>
      <td>
        <xsl:for-each select="$c/a:blockContainer[@class='explanation']/a:p">
          <p><xsl:value-of select="."/></p>
        </xsl:for-each>
        <xsl:if test="$c/a:blockContainer[@class='adopted']">
          <div class="proposal">
            <span class="label">Nội dung tiếp thu:</span>
            <xsl:for-each select="$c/a:blockContainer[@class='adopted']/a:p">
              <p><xsl:value-of select="."/></p>
            </xsl:for-each>
          </div>
        </xsl:if>
        <xsl:if test="$c/a:blockContainer[@class='takenOtherwise']">
          <div class="proposal">
            <span class="label">Tiếp thu bằng cách khác:</span>
            <xsl:for-each select="$c/a:blockContainer[@class='takenOtherwise']/a:p">
              <p><xsl:value-of select="."/></p>
            </xsl:for-each>
          </div>
        </xsl:if>
        <xsl:if test="$c/a:p[@class='untaken']">
          <p class="untaken"><xsl:value-of select="$c/a:p[@class='untaken']"/></p>
        </xsl:if>
      </td>
      <td class="time">
        <xsl:variable name="t" select="normalize-space($c/a:p[@class='time'])"/>
        <time datetime="{$t}">
          <xsl:value-of select="concat(substring($t, 9, 2), '/', substring($t, 6, 2), '/', substring($t, 1, 4), ' ', substring($t, 12, 5))"/>
        </time>
      </td>
    </tr>
  </xsl:template>

  <!-- The totals: per member, per disposition, and the members without comments. -->
  <xsl:template match="a:hcontainer[@name='totals']">
    <section class="totals">
      <h2>II. <xsl:value-of select="a:heading"/></h2>
      <xsl:apply-templates select="a:content/a:table"/>
      <xsl:for-each select="a:content/a:blockContainer[@class='silentMembers']">
        <h2>III. <xsl:value-of select="a:p[@class='caption']"/></h2>
        <ul class="silent">
          <xsl:for-each select="a:p[@class='silent']">
            <li><xsl:value-of select="normalize-space(.)"/></li>
          </xsl:for-each>
        </ul>
      </xsl:for-each>
    </section>
  </xsl:template>

  <xsl:template match="a:table">
    <table class="totals {@class}">
      <caption><xsl:value-of select="a:caption"/></caption>
      <thead>
        <xsl:for-each select="a:tr[a:th]">
          <tr>
            <xsl:for-each select="a:th">
              <th scope="col"><xsl:value-of select="normalize-space(.)"/></th>
            </xsl:for-each>
          </tr>
        </xsl:for-each>
      </thead>
      <tbody>
        <xsl:for-each select="a:tr[a:td]">
          <tr>
            <xsl:if test="@class">
              <xsl:attribute name="class">
                <xsl:value-of select="@class"/>
                <xsl:if test="a:td[@class='disposition']/a:p/a:inline">
                  <xsl:text> d-</xsl:text>
                  <xsl:value-of select="@class"/>
                </xsl:if>
              </xsl:attribute>
            </xsl:if>
            <xsl:for-each select="a:td">
              <td>
                <xsl:attribute name="class">
                  <xsl:choose>
                    <xsl:when test="@class='body' or @class='disposition'">name</xsl:when>
                    <xsl:otherwise>count</xsl:otherwise>
                  </xsl:choose>
                </xsl:attribute>
                <xsl:choose>
                  <xsl:when test="a:p/a:inline[@name='disposition']">
                    <span class="badge"><xsl:value-of select="normalize-space(.)"/></span>
                  </xsl:when>
                  <xsl:otherwise>
                    <xsl:value-of select="normalize-space(.)"/>
                  </xsl:otherwise>
                </xsl:choose>
              </td>
            </xsl:for-each>
          </tr>
        </xsl:for-each>
      </tbody>
    </table>
  </xsl:template>

  <xsl:template match="text()"/>
</xsl:stylesheet>
