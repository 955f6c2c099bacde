/*
 * Reading aids for post cards, added once the page is shown:
 * - a "Copy link" button on every post that copies its permalink;
 * - keys j and k move to the next and previous post on the page;
 * - a tap on a glossary term shows its definition in place.
 * Everything works without this script: permalinks, parents and replies are plain links.
 */
(function () {
  "use strict";

  var t = window.discussionT.t; // the site's language (labels.js)

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var ok = document.execCommand("copy");
      document.body.removeChild(area);
      (ok ? resolve : reject)();
    });
  }

  function addCopyButtons() {
    document.querySelectorAll("article.post").forEach(function (post) {
      var link = post.querySelector(".post__permalink");
      if (!link || post.querySelector(".post__copy")) {
        return;
      }
      // "#4", or "#4 in thread" in the site's words: its first number
      var number = (link.textContent.match(/\d+/) || [""])[0];
      var button = document.createElement("button");
      button.type = "button";
      button.className = "post__copy";
      button.textContent = t("Copy link");
      button.setAttribute("aria-label", t("Copy the link to post {n}", { n: number }));
      button.addEventListener("click", function () {
        copyText(link.href).then(
          function () { button.textContent = t("Link copied"); },
          function () { button.textContent = t("Copy failed"); }
        );
        window.setTimeout(function () { button.textContent = t("Copy link"); }, 2500);
      });
      var foot = post.querySelector(".post__foot");
      if (!foot) {
        foot = document.createElement("footer");
        foot.className = "post__foot";
        post.appendChild(foot);
      }
      foot.appendChild(button);
    });
  }

  function moveBetweenPosts(event) {
    if (event.altKey || event.ctrlKey || event.metaKey || event.defaultPrevented) {
      return;
    }
    var target = event.target;
    if (target.closest && target.closest("input, textarea, select, [contenteditable]")) {
      return;
    }
    if (event.key !== "j" && event.key !== "k") {
      return;
    }
    var posts = Array.prototype.slice.call(document.querySelectorAll("article.post"));
    if (!posts.length) {
      return;
    }
    var current = document.activeElement && document.activeElement.closest
      ? document.activeElement.closest("article.post") : null;
    var index = posts.indexOf(current);
    if (index < 0) {
      index = posts.findIndex(function (post) {
        return post.getBoundingClientRect().top > 60;
      }) - (event.key === "j" ? 1 : 0);
    }
    var next = posts[Math.max(0, Math.min(posts.length - 1, index + (event.key === "j" ? 1 : -1)))];
    next.setAttribute("tabindex", "-1");
    next.focus({ preventScroll: true });
    next.scrollIntoView({ block: "start" });
    event.preventDefault();
  }

  // Search results point at a post's heading (#post-ID-h); show the canonical permalink.
  function canonicalHash() {
    var match = /^#(post-.+)-h$/.exec(window.location.hash);
    if (match && document.getElementById(match[1])) {
      window.location.replace("#" + match[1]);
    }
  }

  // A permalink to a thread page that no longer holds the post (the thread grew and the
  // post moved to a later page): look the post up in the thread's index and go there.
  function findMovedPost() {
    var match = /^#post-(.+)$/.exec(window.location.hash);
    var holder = document.querySelector("[data-post-index]");
    if (!match || !holder || document.getElementById("post-" + match[1])) {
      return;
    }
    var indexUrl = new URL(holder.getAttribute("data-post-index"), window.location.href);
    fetch(indexUrl).then(function (response) {
      return response.ok ? response.json() : null;
    }).then(function (index) {
      var number = index && index.posts[match[1]];
      if (number !== undefined) {
        var page = new URL(index.pages[number], indexUrl);
        if (page.pathname !== window.location.pathname) {
          window.location.replace(page.pathname + window.location.hash);
        }
      }
    }).catch(function () { /* the anchor simply stays unresolved */ });
  }

  // Glossary terms on a touch screen: a tap shows the definition in place, as hovering
  // does, instead of leaving for the glossary; a second tap on the term, a tap elsewhere or
  // Escape closes it. Mouse and keyboard keep the theme's tooltip (or, where the theme has
  // none, the bubble on keyboard focus). The definition is the term's title, and it is
  // always set as text, never parsed as HTML.
  var bubble = null;
  var bubbleFor = null;

  function htmlTooltips() {
    // Material's content.tooltips shows a title as HTML; the site then escapes titles once
    // more (generator/markup.py tooltip_text), and the text must be unescaped here.
    var config = document.getElementById("__config");
    try {
      var features = config ? JSON.parse(config.textContent).features || [] : [];
      return features.indexOf("content.tooltips") >= 0;
    } catch (error) {
      return false;
    }
  }

  function definitionOf(term) {
    var title = term.getAttribute("title");
    if (title === null) {
      return term.getAttribute("data-definition") || "";
    }
    if (htmlTooltips()) {
      var named = { "&lt;": "<", "&gt;": ">", "&amp;": "&" };
      title = title.replace(/&(?:lt|gt|amp);/g, function (entity) { return named[entity]; });
    }
    return title;
  }

  function rememberDefinitions() {
    // The theme takes a title away while it shows its tooltip: keep each definition.
    document.querySelectorAll("a.glossary-term[title]").forEach(function (term) {
      term.setAttribute("data-definition", definitionOf(term));
    });
  }

  function closeBubble() {
    if (bubbleFor) {
      bubbleFor.removeAttribute("aria-describedby");
      bubbleFor = null;
    }
    if (bubble) {
      bubble.hidden = true;
    }
  }

  function openBubble(term) {
    if (!bubble) {
      bubble = document.createElement("div");
      bubble.id = "glossary-bubble";
      bubble.className = "glossary-bubble";
      bubble.setAttribute("role", "tooltip");
      document.body.appendChild(bubble);
    }
    closeBubble();
    bubble.textContent = definitionOf(term);
    bubble.hidden = false;
    term.setAttribute("aria-describedby", bubble.id);
    bubbleFor = term;
    placeBubble();
  }

  function placeBubble() {
    // Under the term, inside the window: page coordinates, so it scrolls with the text.
    if (!bubbleFor) {
      return;
    }
    var box = bubbleFor.getBoundingClientRect();
    var room = document.documentElement.clientWidth - bubble.offsetWidth - 8;
    bubble.style.left = (Math.max(8, Math.min(box.left, room)) + window.scrollX) + "px";
    bubble.style.top = (box.bottom + window.scrollY + 6) + "px";
  }

  function glossaryTap(event) {
    var term = event.target.closest && event.target.closest("a.glossary-term");
    if (!term) {
      if (bubbleFor && !(bubble && bubble.contains(event.target))) {
        closeBubble();
      }
      return;
    }
    if (!event.cancelable) {
      return;  // the touch scrolled the page: not a tap
    }
    event.preventDefault();  // no click follows: the page stays, the theme's tooltip too
    if (bubbleFor === term) {
      closeBubble();
    } else {
      openBubble(term);
    }
  }

  function glossaryPointer(event) {
    if (bubbleFor && event.pointerType !== "touch" && !(bubble && bubble.contains(event.target))) {
      closeBubble();
    }
  }

  function glossaryKey(event) {
    if (event.key === "Escape") {
      closeBubble();
    }
  }

  function glossaryFocus(event) {
    var term = event.target.closest && event.target.closest("a.glossary-term");
    if (term && !htmlTooltips() && term.matches(":focus-visible")) {
      openBubble(term);  // without the theme's tooltips, keyboard users get the bubble
    }
  }

  function glossaryBlur(event) {
    if (bubbleFor && event.target === bubbleFor) {
      closeBubble();
    }
  }

  function setup() {
    addCopyButtons();
    canonicalHash();
    findMovedPost();
    closeBubble();
    rememberDefinitions();
  }

  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(setup);  // Material's page-load signal
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
  document.addEventListener("keydown", moveBetweenPosts);
  window.addEventListener("hashchange", canonicalHash);
  document.addEventListener("touchend", glossaryTap, { capture: true, passive: false });
  document.addEventListener("pointerdown", glossaryPointer, true);
  document.addEventListener("keydown", glossaryKey);
  document.addEventListener("focusin", glossaryFocus);
  document.addEventListener("focusout", glossaryBlur);
  window.addEventListener("resize", placeBubble);
})();
