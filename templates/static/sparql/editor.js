/* SPARQL highlighting for the query editor: a coloured copy of the text area's
   text sits behind it. Written for WijkWijzer; no libraries. Without
   JavaScript the text area and the plain form work as they are. */
(function () {
  "use strict";

  var KEYWORDS = ("BASE PREFIX SELECT DISTINCT REDUCED AS CONSTRUCT DESCRIBE ASK " +
    "FROM NAMED WHERE ORDER BY ASC DESC LIMIT OFFSET VALUES OPTIONAL GRAPH UNION " +
    "MINUS FILTER BIND SERVICE SILENT UNDEF EXISTS NOT IN GROUP HAVING " +
    "COUNT SUM MIN MAX AVG SAMPLE GROUP_CONCAT SEPARATOR a true false").split(" ");
  var KEYWORD_SET = {};
  KEYWORDS.forEach(function (word) { KEYWORD_SET[word.toUpperCase()] = true; });

  // One pattern per token kind, tried in this order at each position.
  var TOKEN = new RegExp([
    "(#[^\\n]*)",                                   // 1 comment
    "(\"\"\"[\\s\\S]*?\"\"\"|'''[\\s\\S]*?'''|\"(?:[^\"\\\\\\n]|\\\\.)*\"?|'(?:[^'\\\\\\n]|\\\\.)*'?)", // 2 string
    "(<[^<>\"{}|^`\\\\\\s]*>)",                     // 3 IRI
    "([?$][\\w\\u00b7-\\uffff]+)",                  // 4 variable
    "((?:[A-Za-z][\\w.-]*)?:[\\w.:%-]*)",           // 5 prefixed name
    "([A-Za-z_]\\w*)",                              // 6 word
    "(\\d+(?:\\.\\d*)?(?:[eE][+-]?\\d+)?)"          // 7 number
  ].join("|"), "g");
  var KINDS = [null, "comment", "string", "iri", "var", "pname", "word", "number"];

  function escapeHtml(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  function highlight(text) {
    var out = "", last = 0, match;
    TOKEN.lastIndex = 0;
    while ((match = TOKEN.exec(text)) !== null) {
      if (match[0] === "") { TOKEN.lastIndex += 1; continue; }
      out += escapeHtml(text.slice(last, match.index));
      var kind = 1;
      while (match[kind] === undefined) { kind += 1; }
      var name = KINDS[kind];
      if (name === "word") {
        name = KEYWORD_SET[match[0].toUpperCase()] ? "keyword" : null;
      }
      var piece = escapeHtml(match[0]);
      out += name ? '<span class="sq-' + name + '">' + piece + "</span>" : piece;
      last = TOKEN.lastIndex;
    }
    return out + escapeHtml(text.slice(last)) + "\n";
  }

  function attach(area) {
    var code = area.parentNode.querySelector(".sparql-highlight code");
    var pre = code.parentNode;
    area.parentNode.classList.add("is-highlighted");
    function update() {
      code.innerHTML = highlight(area.value);
      pre.scrollTop = area.scrollTop;
      pre.scrollLeft = area.scrollLeft;
    }
    area.addEventListener("input", update);
    area.addEventListener("scroll", update);
    area.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        area.form.submit();
      }
    });
    update();
  }

  function useExamples(area) {
    document.querySelectorAll("[data-query]").forEach(function (link) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        area.value = link.getAttribute("data-query");
        area.dispatchEvent(new Event("input"));
        area.focus();
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var area = document.getElementById("query");
    if (!area) { return; }
    attach(area);
    useExamples(area);
  });
}());
