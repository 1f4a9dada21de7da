<?xml version="1.0" encoding="UTF-8"?>
<!--
  decree.xsl: an Akoma Ntoso act or bill written by dossier (the consolidated
  draft, or `dossier convert` output) as an HTML page laid out like a
  Vietnamese decree under Decree 30/2020/NĐ-CP: the issuing body opposite
  the national heading, the number and the place-and-date line, the
  document type and title, the preamble, chapters, articles, clauses and
  points, the recipients and the signature block. A table of contents links
  to every article by its eId (every provision's id attribute is its eId).
  In a consolidated draft the changed provisions (class "dossier-changed")
  are highlighted and the notes of meta/notes (which comment, which member,
  the disposition, the explanation, the old text) are shown below them; the
  proposals that could not be applied and the drafting history follow the
  text. The page is self-contained: inline CSS, no scripts, no network.
  XSLT 1.0 for libxslt; docs/consolidation.md describes it.
  Parameters, for the web front end (docs/serve.md): web = '1' gives every
  article, clause and point a data-eid attribute; comment-href, when not
  empty, a link "Góp ý" to comment-href followed by its eId (the comment
  form for that provision); comment-label replaces the link's text.
-->
<xsl:stylesheet version="1.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:a="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
  xmlns:d="urn:x-dossier:consolidation:1"
  exclude-result-prefixes="a d">

  <xsl:output method="html" encoding="UTF-8" indent="no"/>

  <xsl:param name="web" select="''"/>
  <xsl:param name="comment-href" select="''"/>
  <xsl:param name="comment-label" select="'Góp ý'"/>

  <xsl:variable name="act" select="/a:akomaNtoso/*[1]"/>
  <xsl:variable name="meta" select="$act/a:meta"/>
  <xsl:variable name="lang" select="$meta/a:identification/a:FRBRExpression/a:FRBRlanguage/@language"/>
  <xsl:variable name="vie" select="not($lang = 'eng')"/>
  <xsl:variable name="cons" select="$meta/a:proprietary/d:consolidation"/>

  <xsl:key name="note-by-base" match="a:note" use="@placementBase"/>
  <xsl:key name="tlc" match="a:references/*" use="@eId"/>

  <!-- ==== the page ==== -->
  <xsl:template match="/">
    <xsl:text disable-output-escaping="yes">&lt;!DOCTYPE html&gt;&#10;</xsl:text>
    <html lang="vi">
      <xsl:if test="not($vie)">
        <xsl:attribute name="lang">en</xsl:attribute>
      </xsl:if>
      <head>
        <title>
          <xsl:value-of select="normalize-space($act/a:preface//a:docType)"/>
          <xsl:text> </xsl:text>
          <xsl:value-of select="normalize-space($act/a:preface//a:docTitle)"/>
          <xsl:if test="$cons">
            <xsl:text> (</xsl:text>
            <xsl:value-of select="$cons/@revision"/>
            <xsl:text>)</xsl:text>
          </xsl:if>
        </title>
        <style>
          <xsl:call-template name="css"/>
        </style>
      </head>
      <body>
        <xsl:if test="$act/a:body//a:article">
          <nav class="toc" aria-label="toc">
            <h2>
              <xsl:choose>
                <xsl:when test="$vie">Mục lục</xsl:when>
                <xsl:otherwise>Contents</xsl:otherwise>
              </xsl:choose>
            </h2>
            <ul>
              <xsl:apply-templates select="$act/a:body/*" mode="toc"/>
            </ul>
          </nav>
        </xsl:if>
        <main class="page">
          <xsl:if test="$cons">
            <p class="banner">
              <xsl:choose>
                <xsl:when test="$vie">
                  <xsl:text>Bản hợp nhất dự thảo </xsl:text>
                  <xsl:value-of select="$cons/@revision"/>
                  <xsl:text> với các ý kiến được tiếp thu: </xsl:text>
                  <xsl:value-of select="$cons/@changes"/>
                  <xsl:text> quy định được sửa đổi (tô màu, kèm ý kiến).</xsl:text>
                </xsl:when>
                <xsl:otherwise>
                  <xsl:text>Consolidated draft </xsl:text>
                  <xsl:value-of select="$cons/@revision"/>
                  <xsl:text> with the accepted comments: </xsl:text>
                  <xsl:value-of select="$cons/@changes"/>
                  <xsl:text> provisions changed (highlighted, with the comments).</xsl:text>
                </xsl:otherwise>
              </xsl:choose>
            </p>
          </xsl:if>
          <xsl:apply-templates select="$act/a:preface"/>
          <xsl:apply-templates select="$act/a:preamble"/>
          <xsl:apply-templates select="$act/a:body"/>
          <xsl:apply-templates select="$act/a:conclusions"/>
          <xsl:call-template name="unapplied"/>
          <xsl:call-template name="history"/>
        </main>
      </body>
    </html>
  </xsl:template>

  <!-- ==== header: issuing body, national heading, number, place and date ==== -->
  <xsl:template match="a:preface">
    <header class="heading">
      <table class="national">
        <tr>
          <td class="issuer">
            <div class="issuer-name">
              <xsl:value-of select="normalize-space(a:p[@class='issuer'])"/>
            </div>
            <div class="rule short"></div>
            <div class="number">
              <xsl:apply-templates select="a:p[@class='number']/node()"/>
            </div>
          </td>
          <td class="motto">
            <div class="republic">
              <xsl:choose>
                <xsl:when test="$vie">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</xsl:when>
                <xsl:otherwise>SOCIALIST REPUBLIC OF VIET NAM</xsl:otherwise>
              </xsl:choose>
            </div>
            <div class="independence">
              <xsl:choose>
                <xsl:when test="$vie">Độc lập - Tự do - Hạnh phúc</xsl:when>
                <xsl:otherwise>Independence - Freedom - Happiness</xsl:otherwise>
              </xsl:choose>
            </div>
            <div class="rule long"></div>
            <div class="place-date">
              <xsl:apply-templates select="a:p[@class='placeAndDate' or @class='date']/node()"/>
            </div>
          </td>
        </tr>
      </table>
      <xsl:for-each select="a:p[@class='other']">
        <p class="draft-mark"><xsl:apply-templates/></p>
      </xsl:for-each>
      <div class="doc-type">
        <xsl:value-of select="normalize-space(a:longTitle//a:docType)"/>
      </div>
      <div class="doc-title">
        <xsl:value-of select="normalize-space(a:longTitle//a:docTitle)"/>
      </div>
      <div class="rule title-rule"></div>
    </header>
  </xsl:template>

  <!-- ==== preamble ==== -->
  <xsl:template match="a:preamble">
    <section class="preamble">
      <xsl:for-each select=".//a:p">
        <p>
          <xsl:if test="ancestor::a:formula">
            <xsl:attribute name="class">formula</xsl:attribute>
          </xsl:if>
          <xsl:apply-templates/>
        </p>
      </xsl:for-each>
    </section>
  </xsl:template>

  <!-- ==== body ==== -->
  <xsl:template match="a:body">
    <div class="body">
      <xsl:apply-templates select="*"/>
    </div>
  </xsl:template>

  <xsl:template match="a:part | a:chapter | a:section | a:title | a:book | a:subchapter | a:subsection">
    <section class="{local-name()}">
      <xsl:call-template name="id-and-class"/>
      <div class="group-num"><xsl:value-of select="normalize-space(a:num)"/></div>
      <xsl:if test="a:heading">
        <div class="group-heading"><xsl:value-of select="normalize-space(a:heading)"/></div>
      </xsl:if>
      <xsl:call-template name="own-text"/>
      <xsl:apply-templates select="*[not(self::a:num or self::a:heading or self::a:content or self::a:intro or self::a:wrapUp)]"/>
      <xsl:apply-templates select="a:wrapUp"/>
      <xsl:call-template name="notes"/>
    </section>
  </xsl:template>

  <xsl:template match="a:article">
    <section class="article">
      <xsl:call-template name="id-and-class"/>
      <xsl:call-template name="comment-link"/>
      <h3 class="article-heading">
        <xsl:value-of select="normalize-space(a:num)"/>
        <xsl:if test="a:heading">
          <xsl:text> </xsl:text>
          <xsl:value-of select="normalize-space(a:heading)"/>
        </xsl:if>
      </h3>
      <xsl:call-template name="own-text"/>
      <xsl:call-template name="notes"/>
      <xsl:apply-templates select="*[not(self::a:num or self::a:heading or self::a:content or self::a:intro or self::a:wrapUp)]"/>
      <xsl:apply-templates select="a:wrapUp"/>
    </section>
  </xsl:template>

  <xsl:template match="a:paragraph | a:point | a:subparagraph | a:list | a:indent | a:alinea">
    <div class="{local-name()}">
      <xsl:call-template name="id-and-class"/>
      <xsl:if test="self::a:paragraph or self::a:point">
        <xsl:call-template name="comment-link"/>
      </xsl:if>
      <xsl:choose>
        <xsl:when test="a:content/a:p | a:intro/a:p">
          <xsl:for-each select="(a:content | a:intro)/*">
            <p>
              <xsl:if test="position() = 1 and ../../a:num">
                <span class="num"><xsl:value-of select="normalize-space(../../a:num)"/></span>
                <xsl:text> </xsl:text>
              </xsl:if>
              <xsl:apply-templates/>
            </p>
          </xsl:for-each>
        </xsl:when>
        <xsl:when test="a:num">
          <p><span class="num"><xsl:value-of select="normalize-space(a:num)"/></span></p>
        </xsl:when>
      </xsl:choose>
      <xsl:call-template name="notes"/>
      <xsl:apply-templates select="*[not(self::a:num or self::a:heading or self::a:content or self::a:intro or self::a:wrapUp)]"/>
      <xsl:apply-templates select="a:wrapUp"/>
    </div>
  </xsl:template>

  <xsl:template match="a:hcontainer">
    <div class="hcontainer {@name}">
      <xsl:call-template name="id-and-class"/>
      <xsl:if test="a:num or a:heading">
        <div class="group-num">
          <xsl:value-of select="normalize-space(a:num)"/>
          <xsl:if test="a:num and a:heading"><xsl:text> </xsl:text></xsl:if>
          <xsl:value-of select="normalize-space(a:heading)"/>
        </div>
      </xsl:if>
      <xsl:call-template name="own-text"/>
      <xsl:call-template name="notes"/>
      <xsl:apply-templates select="*[not(self::a:num or self::a:heading or self::a:content or self::a:intro or self::a:wrapUp)]"/>
      <xsl:apply-templates select="a:wrapUp"/>
    </div>
  </xsl:template>

  <xsl:template match="a:wrapUp">
    <xsl:for-each select="a:p">
      <p class="wrapup"><xsl:apply-templates/></p>
    </xsl:for-each>
  </xsl:template>

  <!-- The text of a provision before its children (content or intro). -->
  <xsl:template name="own-text">
    <xsl:for-each select="(a:content | a:intro)/*">
      <p><xsl:apply-templates/></p>
    </xsl:for-each>
  </xsl:template>

  <xsl:template name="id-and-class">
    <xsl:if test="@eId">
      <xsl:attribute name="id"><xsl:value-of select="@eId"/></xsl:attribute>
      <xsl:if test="($web = '1' or $comment-href != '') and (self::a:article or self::a:paragraph or self::a:point)">
        <xsl:attribute name="data-eid"><xsl:value-of select="@eId"/></xsl:attribute>
      </xsl:if>
    </xsl:if>
    <xsl:if test="contains(concat(' ', @class, ' '), ' dossier-changed ')">
      <xsl:attribute name="class">
        <xsl:value-of select="local-name()"/>
        <xsl:text> changed</xsl:text>
      </xsl:attribute>
    </xsl:if>
  </xsl:template>

  <!-- The web front end's link to the comment form for this provision,
       named by its citation for screen readers ("Góp ý Điều 5 khoản 2"). -->
  <xsl:template name="comment-link">
    <xsl:if test="$comment-href != '' and @eId">
      <xsl:variable name="citation">
        <xsl:for-each select="ancestor-or-self::a:article | ancestor-or-self::a:paragraph | ancestor-or-self::a:point">
          <xsl:choose>
            <xsl:when test="self::a:article">
              <xsl:value-of select="translate(normalize-space(a:num), '.', '')"/>
            </xsl:when>
            <xsl:when test="self::a:paragraph and $vie">
              <xsl:text> khoản </xsl:text>
              <xsl:value-of select="translate(normalize-space(a:num), '.', '')"/>
            </xsl:when>
            <xsl:when test="self::a:paragraph">
              <xsl:text>(</xsl:text>
              <xsl:value-of select="translate(normalize-space(a:num), '.', '')"/>
              <xsl:text>)</xsl:text>
            </xsl:when>
            <xsl:when test="$vie">
              <xsl:text> điểm </xsl:text>
              <xsl:value-of select="translate(normalize-space(a:num), ')', '')"/>
            </xsl:when>
            <xsl:otherwise>
              <xsl:text>(</xsl:text>
              <xsl:value-of select="translate(normalize-space(a:num), ')', '')"/>
              <xsl:text>)</xsl:text>
            </xsl:otherwise>
          </xsl:choose>
        </xsl:for-each>
      </xsl:variable>
      <a class="comment-action" href="{$comment-href}{@eId}"
         aria-label="{$comment-label} {normalize-space($citation)}"
         title="{$comment-label} {normalize-space($citation)}">
        <xsl:value-of select="$comment-label"/>
      </a>
    </xsl:if>
  </xsl:template>

  <!-- The comments that changed this provision, below its own text. -->
  <xsl:template name="notes">
    <xsl:if test="@eId">
      <xsl:variable name="notes" select="key('note-by-base', @eId)"/>
      <xsl:if test="$notes">
        <aside class="comments">
          <xsl:for-each select="$notes">
            <div class="comment" id="{@eId}">
              <xsl:if test="contains(@class, 'dossier-superseded')">
                <xsl:attribute name="class">comment superseded</xsl:attribute>
              </xsl:if>
              <span class="marker">[<xsl:value-of select="@marker"/>]</span>
              <xsl:for-each select="a:p">
                <p class="{@class}"><xsl:apply-templates/></p>
              </xsl:for-each>
            </div>
          </xsl:for-each>
        </aside>
      </xsl:if>
    </xsl:if>
  </xsl:template>

  <!-- ==== inline ==== -->
  <xsl:template match="a:noteRef">
    <sup class="note-ref"><a href="#{substring-after(@href, '#')}">[<xsl:value-of select="@marker"/>]</a></sup>
  </xsl:template>

  <xsl:template match="a:b | a:strong"><b><xsl:apply-templates/></b></xsl:template>
  <xsl:template match="a:i | a:em"><i><xsl:apply-templates/></i></xsl:template>
  <xsl:template match="a:u"><u><xsl:apply-templates/></u></xsl:template>
  <xsl:template match="a:sup"><sup><xsl:apply-templates/></sup></xsl:template>
  <xsl:template match="a:sub"><sub><xsl:apply-templates/></sub></xsl:template>
  <xsl:template match="a:eol | a:br"><br/></xsl:template>
  <xsl:template match="a:span[parent::a:p/parent::a:note]"><b><xsl:apply-templates/></b></xsl:template>

  <!-- ==== conclusions: recipients on the left, the signature on the right ==== -->
  <xsl:template match="a:conclusions">
    <table class="closing">
      <tr>
        <td class="recipients">
          <xsl:for-each select="a:blockContainer[@class='recipients']/a:p">
            <p>
              <xsl:if test="position() = 1">
                <xsl:attribute name="class">recipients-title</xsl:attribute>
              </xsl:if>
              <xsl:apply-templates/>
            </p>
          </xsl:for-each>
        </td>
        <td class="signature">
          <xsl:for-each select="a:p">
            <p>
              <xsl:if test="starts-with(normalize-space(.), '(')">
                <xsl:attribute name="class">signed</xsl:attribute>
              </xsl:if>
              <xsl:apply-templates/>
            </p>
          </xsl:for-each>
        </td>
      </tr>
    </table>
  </xsl:template>

  <!-- ==== after the text ==== -->
  <xsl:template name="unapplied">
    <xsl:if test="$cons/d:unapplied">
      <section class="unapplied">
        <h2>
          <xsl:choose>
            <xsl:when test="$vie">Ý kiến được tiếp thu nhưng không làm thay đổi văn bản</xsl:when>
            <xsl:otherwise>Accepted comments that did not change the text</xsl:otherwise>
          </xsl:choose>
        </h2>
        <ul>
          <xsl:for-each select="$cons/d:unapplied">
            <li>
              <xsl:if test="@warning = 'true'">
                <xsl:attribute name="class">warning</xsl:attribute>
              </xsl:if>
              <b><xsl:value-of select="@comment"/></b>
              <xsl:text> (</xsl:text>
              <xsl:value-of select="@byName"/>
              <xsl:text>): </xsl:text>
              <xsl:choose>
                <xsl:when test="$vie and @reason = 'general'">ý kiến chung về dự thảo, không gắn với quy định cụ thể</xsl:when>
                <xsl:when test="$vie and @reason = 'no-text' and d:text">tiếp thu một phần nhưng chưa có văn bản tiếp thu</xsl:when>
                <xsl:when test="$vie and @reason = 'no-text'">tiếp thu nhưng không kèm văn bản đề xuất</xsl:when>
                <xsl:when test="$vie and @reason = 'missing'">quy định <xsl:value-of select="@on"/> (<xsl:value-of select="@revision"/>) không còn trong dự thảo <xsl:value-of select="$cons/@revision"/></xsl:when>
                <xsl:when test="$vie and @reason = 'later'">ý kiến về dự thảo <xsl:value-of select="@revision"/>, sau dự thảo <xsl:value-of select="$cons/@revision"/></xsl:when>
                <xsl:when test="$vie and @reason = 'same'">dự thảo đã có đúng văn bản này</xsl:when>
                <xsl:otherwise><xsl:value-of select="d:message"/></xsl:otherwise>
              </xsl:choose>
              <xsl:if test="d:text">
                <span class="proposal"><xsl:value-of select="d:text"/></span>
              </xsl:if>
            </li>
          </xsl:for-each>
        </ul>
      </section>
    </xsl:if>
  </xsl:template>

  <xsl:template name="history">
    <xsl:if test="$meta/a:lifecycle or $meta/a:workflow">
      <section class="history">
        <h2>
          <xsl:choose>
            <xsl:when test="$vie">Quá trình soạn thảo</xsl:when>
            <xsl:otherwise>Drafting history</xsl:otherwise>
          </xsl:choose>
        </h2>
        <table>
          <xsl:for-each select="$meta/a:lifecycle/a:eventRef | $meta/a:workflow/a:step">
            <xsl:sort select="@date"/>
            <tr>
              <td class="date"><xsl:value-of select="@date"/></td>
              <td>
                <xsl:value-of select="key('tlc', substring-after(@refersTo, '#'))/@showAs"/>
              </td>
              <td>
                <xsl:value-of select="key('tlc', substring-after(@by | @source, '#'))/@showAs"/>
              </td>
            </tr>
          </xsl:for-each>
        </table>
      </section>
    </xsl:if>
  </xsl:template>

  <!-- ==== table of contents ==== -->
  <xsl:template match="a:part | a:chapter | a:section | a:title | a:hcontainer" mode="toc">
    <xsl:if test=".//a:article">
      <li class="toc-group">
        <xsl:value-of select="normalize-space(a:num)"/>
        <xsl:if test="a:heading">
          <xsl:text>. </xsl:text>
          <xsl:value-of select="normalize-space(a:heading)"/>
        </xsl:if>
        <ul>
          <xsl:apply-templates select="*" mode="toc"/>
        </ul>
      </li>
    </xsl:if>
  </xsl:template>

  <xsl:template match="a:article" mode="toc">
    <li>
      <a href="#{@eId}">
        <xsl:value-of select="normalize-space(a:num)"/>
        <xsl:if test="a:heading">
          <xsl:text> </xsl:text>
          <xsl:value-of select="normalize-space(a:heading)"/>
        </xsl:if>
      </a>
      <xsl:if test="descendant-or-self::*[contains(concat(' ', @class, ' '), ' dossier-changed ')]">
        <xsl:text> </xsl:text>
        <span class="toc-changed">●</span>
      </xsl:if>
    </li>
  </xsl:template>

  <xsl:template match="*" mode="toc"/>

  <!-- ==== style ==== -->
  <xsl:template name="css">
@page { size: A4; margin: 20mm 15mm 20mm 30mm; }
html { background: #e8e8e8; }
body { margin: 0; font-family: "Times New Roman", Times, "Liberation Serif", "DejaVu Serif", serif; font-size: 14pt; line-height: 1.35; color: #000; }
.page { background: #fff; width: 210mm; box-sizing: border-box; margin: 12mm auto; padding: 20mm 15mm 20mm 30mm; box-shadow: 0 0 4px rgba(0,0,0,.3); }
.toc { box-sizing: border-box; padding: 4mm; font-size: 10pt; font-family: "Liberation Sans", Arial, sans-serif; background: #f7f7f7; border-bottom: 1px solid #ccc; }
.toc h2 { font-size: 11pt; margin: 0 0 2mm; }
.toc ul { list-style: none; margin: 0; padding-left: 3mm; }
.toc a { color: #134; text-decoration: none; }
.toc-changed { color: #b8860b; }
a.comment-action { float: right; margin: 0 0 1mm 3mm; padding: 0 2mm; font-family: "Liberation Sans", Arial, sans-serif; font-size: 9.5pt; font-weight: bold; line-height: 1.6; color: #0b4f8a; background: #fff; border: 1px solid #0b4f8a; border-radius: 3px; text-decoration: none; text-indent: 0; }
a.comment-action:hover, a.comment-action:focus { color: #fff; background: #0b4f8a; outline: 3px solid #b36b00; outline-offset: 1px; }
[data-eid]:hover > a.comment-action { color: #fff; background: #0b4f8a; }
@media print { a.comment-action { display: none; } }
@media screen and (min-width: 290mm) {
  body { padding-left: 62mm; }
  .toc { position: fixed; top: 0; left: 0; bottom: 0; width: 60mm; overflow: auto; border-bottom: 0; border-right: 1px solid #ccc; }
}
table.national { width: 100%; border-collapse: collapse; }
table.national td { vertical-align: top; text-align: center; padding: 0; }
td.issuer { width: 38%; font-size: 13pt; }
td.motto { width: 62%; }
.issuer-name, .republic { font-weight: bold; text-transform: uppercase; }
.republic { font-size: 13pt; }
.independence { font-weight: bold; }
.rule { border-top: 1px solid #000; margin: 1mm auto 3mm; height: 0; }
.rule.short { width: 25%; }
.rule.long { width: 55%; }
.rule.title-rule { width: 20%; margin-top: 2mm; margin-bottom: 6mm; }
.number { font-size: 13pt; }
.place-date { font-style: italic; }
.draft-mark { display: inline-block; border: 1px solid #000; padding: 1mm 3mm; margin: 4mm 0 0; font-weight: bold; font-size: 12pt; }
.doc-type { text-align: center; font-weight: bold; margin-top: 8mm; }
.doc-title { text-align: center; font-weight: bold; }
.banner { font-family: "Liberation Sans", Arial, sans-serif; font-size: 10pt; background: #fff4c2; border: 1px solid #e0c050; padding: 2mm 3mm; margin: 0 0 6mm; }
.preamble p { font-style: italic; text-indent: 10mm; margin: 0 0 2mm; text-align: justify; }
.body p { margin: 0 0 2mm; text-indent: 10mm; text-align: justify; }
section.part, section.chapter, section.title { margin-top: 6mm; }
.group-num { text-align: center; font-weight: bold; }
.group-heading { text-align: center; font-weight: bold; text-transform: uppercase; margin-bottom: 4mm; }
h3.article-heading { font-size: 14pt; font-weight: bold; margin: 4mm 0 2mm; text-indent: 10mm; }
.changed { border-left: 3px solid #d4a017; padding-left: 2mm; }
.changed > p, .changed > h3 { background: #fff4c2; }
aside.comments { font-family: "Liberation Sans", Arial, sans-serif; font-size: 10pt; line-height: 1.3; border: 1px solid #d4a017; background: #fffbe8; margin: 1mm 0 3mm 10mm; padding: 1mm 3mm; }
aside.comments p { text-indent: 0; margin: 0.5mm 0; text-align: left; }
.comment + .comment { border-top: 1px dotted #d4a017; margin-top: 1mm; padding-top: 1mm; }
.comment.superseded { color: #555; }
.comment .marker { font-weight: bold; float: left; margin-right: 2mm; }
p.dossier-old { color: #555; }
p.dossier-old::before { content: ""; }
sup.note-ref a { color: #8a5a00; text-decoration: none; font-size: 9pt; }
table.closing { width: 100%; margin-top: 8mm; border-collapse: collapse; page-break-inside: avoid; }
table.closing td { vertical-align: top; padding: 0; }
td.recipients { width: 50%; font-size: 11pt; }
td.recipients p { margin: 0; }
td.recipients p.recipients-title { font-size: 12pt; font-weight: bold; font-style: italic; }
td.signature { width: 50%; text-align: center; font-weight: bold; }
td.signature p { margin: 0; }
td.signature p.signed { font-weight: normal; font-style: italic; margin-top: 12mm; }
section.unapplied, section.history { margin-top: 10mm; font-family: "Liberation Sans", Arial, sans-serif; font-size: 10pt; border-top: 1px solid #999; }
section.unapplied h2, section.history h2 { font-size: 11pt; }
section.unapplied li.warning { color: #8a1c1c; }
section.unapplied .proposal { display: block; font-style: italic; color: #333; }
section.history table { border-collapse: collapse; }
section.history td { padding: 0.5mm 3mm 0.5mm 0; vertical-align: top; }
section.history td.date { white-space: nowrap; }
@media print {
  html { background: #fff; }
  body { font-size: 14pt; }
  .page { width: auto; margin: 0; padding: 0; box-shadow: none; }
  body { padding-left: 0; }
  .toc { display: none; }
  .changed > p { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  section.article { page-break-inside: auto; }
  h3.article-heading { page-break-after: avoid; }
}
  </xsl:template>
</xsl:stylesheet>
