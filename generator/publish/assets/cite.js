/*
 * "Cite" beside "Copy link" on every post: a citation to read or copy, and the same as
 * BibTeX and as CSL-JSON (the Citation Style Language's data, which Zotero, Mendeley and
 * pandoc read). What a citation holds comes from the card (data-author, data-name,
 * data-published, data-url, the permalink) and the page's head (og:site_name, the
 * discussion's title; dcterms.modified, the build's date, given as the access date).
 * Every value is set as text, never as markup.
 */
(function () {
  "use strict";

  var t = window.discussionT.t; // the site's language (labels.js)
  var MONTHS = window.discussionT.months;
  var WORDS = 20;

  function meta(name) {
    var el = document.querySelector('meta[name="' + name + '"], meta[property="' + name + '"]');
    return el ? el.getAttribute("content") || "" : "";
  }

  function isoDay(value) {
    var match = /^(\d{4})-(\d{2})-(\d{2})/.exec(value || "");
    return match ? [Number(match[1]), Number(match[2]), Number(match[3])] : null;
  }

  function today() {
    var now = new Date();
    return [now.getUTCFullYear(), now.getUTCMonth() + 1, now.getUTCDate()];
  }

  function excerpt(post) {
    // an article's title; else the post's words, a paragraph after another, without the
    // mentions it opens with
    var heading = post.querySelector(".post__title");
    if (heading && heading.textContent.trim()) {
      return heading.textContent.replace(/\s+/g, " ").trim();
    }
    var body = post.querySelector(".post__body");
    var blocks = body ? Array.from(body.querySelectorAll("p, li, pre, h4")) : [];
    var text = (blocks.length ? blocks.map(function (b) { return b.textContent; }).join(" ")
      : (body ? body.textContent : "")).replace(/\s+/g, " ").trim();
    text = text.replace(/^(@\S+\s+)+/, "");
    var words = text.split(" ");
    if (words.length > WORDS) {
      return words.slice(0, WORDS).join(" ") + "…";
    }
    // scripts written without spaces: cut by characters, whole ones
    var chars = Array.from(text);
    return chars.length > 80 ? chars.slice(0, 80).join("") + "…" : text;
  }

  function details(post, link) {
    return {
      id: post.getAttribute("data-post-id") || "",
      handle: post.getAttribute("data-author") || "",
      name: post.getAttribute("data-name") || "",
      published: isoDay(post.getAttribute("data-published")),
      original: post.getAttribute("data-url") || "",
      permalink: link.href,
      title: excerpt(post),
      discussion: meta("og:site_name") || document.title,
      accessed: isoDay(meta("dcterms.modified")) || today()
    };
  }

  // The date of a post as the citation gives it: "2024, March 5".
  function longDate(parts) {
    // TRANSLATORS: the date a post was written, in a citation (APA style: year first).
    return t("{year}, {month} {day}", { year: parts[0], month: MONTHS[parts[1] - 1], day: parts[2] });
  }

  // The day the site was read: "March 5, 2024".
  function accessDate(parts) {
    // TRANSLATORS: the day the citation's reader read the post ("Accessed …").
    return t("{month} {day}, {year}", { year: parts[0], month: MONTHS[parts[1] - 1], day: parts[2] });
  }

  function isoText(parts) {
    return parts.map(function (n) { return String(n).padStart(2, "0"); }).join("-");
  }

  function who(d) {
    if (d.name && d.handle) {
      return d.name + " [@" + d.handle + "]";
    }
    return d.handle ? "@" + d.handle : (d.name || t("Author unknown"));
  }

  function asText(d) {
    // TRANSLATORS: a citation without a date ("no date", as APA style writes it).
    var when = d.published ? longDate(d.published) : t("n.d.");
    // TRANSLATORS: a citation of one post, in APA style.
    var text = t("{author}. ({date}). {title} [Post]. In {discussion}. {permalink}", {
      author: who(d), date: when, title: d.title, discussion: d.discussion, permalink: d.permalink
    });
    if (d.original) {
      text = t("{citation} (original post: {address})", { citation: text, address: d.original });
    }
    return t("{citation}. Accessed {date}.", { citation: text, date: accessDate(d.accessed) });
  }

  // Text for a BibTeX field: every character LaTeX or BibTeX reads as syntax written as a
  // command, braces included (BibTeX counts a brace even after a backslash), so no text
  // can end a field, add one or run a command.
  function bib(value) {
    return value.replace(/[\\{}%$&#_^~]/g, function (c) {
      return {
        "\\": "\\textbackslash{}", "{": "\\textbraceleft{}", "}": "\\textbraceright{}",
        "^": "\\textasciicircum{}", "~": "\\textasciitilde{}"
      }[c] || "\\" + c;
    });
  }

  // An address for a url field (which biblatex reads verbatim): the characters no valid
  // address holds as they are, and BibTeX would read as syntax, percent-encoded.
  function bibUrl(value) {
    return value.replace(/[\s\\{}"^~<>|`]/g, function (c) {
      return "%" + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0");
    });
  }

  // The same inside \url{} in a field: an argument, where # and % are escaped too.
  function bibUrlArgument(value) {
    return bibUrl(value).replace(/[#%]/g, "\\$&");
  }

  function asBibtex(d) {
    var key = (d.handle || "post").replace(/[^A-Za-z0-9]/g, "") +
      (d.published ? d.published[0] : "") + "-" + d.id.replace(/[^A-Za-z0-9]/g, "");
    var fields = [
      // double braces: one name, never split into several at "and" or commas
      ["author", "{{" + bib(d.name || (d.handle ? "@" + d.handle : t("Author unknown"))) + "}}"],
      ["title", "{" + bib(d.title) + "}"],
      ["howpublished", "{" + bib(t("Post in {discussion}", { discussion: d.discussion })) + "}"],
      ["url", "{" + bibUrl(d.permalink) + "}"],
      ["urldate", "{" + isoText(d.accessed) + "}"]
    ];
    if (d.published) {
      fields.splice(2, 0, ["year", "{" + d.published[0] + "}"], ["date", "{" + isoText(d.published) + "}"]);
    }
    if (d.original) {
      fields.push(["note", "{" + bib(t("Original post:")) + " \\url{" + bibUrlArgument(d.original) + "}}"]);
    }
    return "@misc{" + key + ",\n" + fields.map(function (f) {
      return "  " + f[0] + " = " + f[1];
    }).join(",\n") + "\n}";
  }

  function asCsl(d) {
    var item = {
      id: d.id,
      type: "post",
      author: [d.handle && d.name ? { literal: d.name + " [@" + d.handle + "]" }
        : { literal: who(d) }],
      title: d.title,
      "container-title": d.discussion,
      URL: d.permalink,
      accessed: { "date-parts": [d.accessed] }
    };
    if (d.published) {
      item.issued = { "date-parts": [d.published] };
    }
    if (d.original) {
      item.note = t("Original post:") + " " + d.original;
    }
    return JSON.stringify([item], null, 2);
  }

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return Promise.reject(new Error("no clipboard"));
  }

  function copyButton(label, done, text, status) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "post__cite-copy";
    button.textContent = label;
    button.addEventListener("click", function () {
      copy(text()).then(
        function () { status.textContent = done; },
        function () { status.textContent = t("Copying failed: select the text instead."); }
      );
    });
    return button;
  }

  function addCiteButtons() {
    document.querySelectorAll("article.post").forEach(function (post, index) {
      var link = post.querySelector(".post__permalink");
      // a post removed or not available has nothing to cite but its place
      if (!link || post.querySelector(".post__cite") || post.classList.contains("post--removed")) {
        return;
      }
      // "#4", or "#4 in thread" in the site's words: its first number
      var number = (link.textContent.match(/\d+/) || [""])[0];
      var panelId = "cite-" + (post.id || "post-" + index);
      var button = document.createElement("button");
      button.type = "button";
      button.className = "post__cite";
      // TRANSLATORS: a button under each post that shows how to cite it.
      button.textContent = t("Cite");
      button.setAttribute("aria-label", t("Cite post {n}", { n: number }));
      button.setAttribute("aria-expanded", "false");
      button.setAttribute("aria-controls", panelId);
      var panel = document.createElement("div");
      panel.className = "post__citation";
      panel.id = panelId;
      panel.hidden = true;
      button.addEventListener("click", function () {
        var open = panel.hidden;
        if (open && !panel.firstChild) {
          var d = details(post, link);
          var text = document.createElement("p");
          text.className = "post__citation-text";
          text.textContent = asText(d);
          var status = document.createElement("span");
          status.className = "post__citation-status";
          status.setAttribute("aria-live", "polite");
          panel.appendChild(text);
          panel.appendChild(copyButton(t("Copy citation"), t("Citation copied."),
            function () { return asText(d); }, status));
          panel.appendChild(copyButton(t("Copy BibTeX"), t("BibTeX copied."),
            function () { return asBibtex(d); }, status));
          panel.appendChild(copyButton(t("Copy CSL-JSON"), t("CSL-JSON copied."),
            function () { return asCsl(d); }, status));
          panel.appendChild(status);
        }
        panel.hidden = !open;
        button.setAttribute("aria-expanded", String(open));
      });
      var foot = post.querySelector(".post__foot");
      if (!foot) {
        foot = document.createElement("footer");
        foot.className = "post__foot";
        post.appendChild(foot);
      }
      var copyLink = foot.querySelector(".post__copy");
      foot.insertBefore(button, copyLink ? copyLink.nextSibling : null);
      foot.parentNode.insertBefore(panel, foot.nextSibling);
    });
  }

  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(addCiteButtons);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", addCiteButtons);
  } else {
    addCiteButtons();
  }
}());
