/*
 * The search box in the header (partials/search.html), over the Pagefind index in
 * pagefind/. Posts are indexed in groups (generator/publish/search.py); each post a group
 * shows is one result here, with its author, date and themes, linking to its permalink.
 * Pages (themes, people, commentary, glossary terms) come first. Nothing is loaded until
 * the box is used; what Pagefind returns is put in as text, with only its <mark>s kept.
 */
(function () {
  "use strict";

  var box = document.querySelector("[data-discussion-search]");
  var bundle = document.querySelector("link[data-discussion-search-bundle]");
  if (!box || !bundle) {
    return;
  }
  var form = box.querySelector("form");
  var input = form.querySelector("input[name=query]");
  var toggle = document.getElementById("__search");
  var meta = box.querySelector(".md-search-result__meta");
  var placeholder = meta.textContent; // the theme's own words, in the site's language
  var list = box.querySelector(".md-search-result__list");
  var more = box.querySelector(".discussion-search__more");
  var filters = box.querySelector(".discussion-search__filters");
  var author = filters.querySelector("select[name=author]");
  var theme = filters.querySelector("select[name=theme]");
  var root = new URL("../", bundle.href);
  // FETCHES bounds the fragments one screen of results may fetch: a word found only in
  // the index's own fields (every group's "thread/" address) must not fetch them all.
  var PAGES = 5, POSTS = 10, PARALLEL = 4, FETCHES = 12;
  var t = window.discussionT.t, nt = window.discussionT.nt; // the site's language (labels.js)
  // TRANSLATORS: what kind of page a search result is.
  var KINDS = { theme: t("Theme"), person: t("Person"), term: t("Glossary"), commentary: t("Commentary"), page: t("Page") };
  var loading = null, run = 0, timer = null, pending = null;

  function pagefind() {
    if (!loading) {
      loading = import(bundle.href).then(function (pf) {
        // The index's own fields (address, kind, the posts of a group) rank nothing.
        var weights = { path: 0, kind: 0, posts: 0 };
        return pf.options({ excerptLength: 24, ranking: { metaWeights: weights } })
          .then(function () { return pf; });
      });
    }
    return loading;
  }

  // The lists of authors and themes are fetched only when the reader opens them: at
  // 100,000 posts they weigh more than a search.
  var filled = false;
  function fillFilters(pf) {
    if (filled) {
      return;
    }
    filled = true;
    pf.filters().then(function (all) {
      [[author, all.author || {}, "@"], [theme, all.theme || {}, ""]].forEach(function (item) {
        Object.keys(item[1]).sort(function (a, b) { return a.localeCompare(b); })
          .forEach(function (value) {
            var option = document.createElement("option");
            option.value = value;
            option.textContent = item[2] + value;
            item[0].appendChild(option);
          });
      });
    });
  }

  // Pagefind's excerpts are HTML-escaped text with <mark> around the words found: keep
  // the marks and put everything else in as text.
  function excerpt(html, dir) {
    var p = document.createElement("p");
    p.className = "md-search-result__teaser";
    p.dir = dir || "auto";
    var marked = false;
    html.split(/(<\/?mark>)/).forEach(function (piece) {
      if (piece === "<mark>" || piece === "</mark>") {
        marked = piece === "<mark>";
        return;
      }
      var area = document.createElement("textarea");
      area.innerHTML = piece; // RCDATA: entities decoded, no element made
      var text = document.createTextNode(area.value);
      if (marked) {
        var mark = document.createElement("mark");
        mark.appendChild(text);
        p.appendChild(mark);
      } else {
        p.appendChild(text);
      }
    });
    return p;
  }

  function item(href, title, about, teaser, attrs, dir) {
    var li = document.createElement("li");
    li.className = "md-search-result__item";
    Object.keys(attrs).forEach(function (name) { li.setAttribute(name, attrs[name]); });
    var a = document.createElement("a");
    a.className = "md-search-result__link";
    a.href = href;
    var article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    var h = document.createElement("h2");
    h.dir = "auto";
    h.textContent = title;
    var p = document.createElement("p");
    p.className = "discussion-search__about";
    p.textContent = about;
    article.append(h, p, excerpt(teaser, dir));
    a.appendChild(article);
    a.addEventListener("click", function () { toggle.checked = false; });
    li.appendChild(a);
    return li;
  }

  // The words of a post when no words were searched (a filter alone): its text from the
  // group's content, between its heading and the next.
  function opening(data, at) {
    var words = (data.raw_content || data.content || "").split(/\s+/);
    var next = data.anchors.filter(function (a) { return a.location > at.location; })[0];
    var end = next ? next.location : words.length;
    var start = at.location + (at.text || "").split(/\s+/).length;
    var shown = words.slice(start, Math.min(end, start + 24));
    return shown.join(" ") + (start + 24 < end ? " …" : "");
  }

  function posts(data, wanted) {
    var found = [];
    var info = {};
    JSON.parse(data.meta.posts || "[]").forEach(function (post) { info[post.id] = post; });
    var sections = wanted.query
      ? data.sub_results.filter(function (sub) { return sub.anchor; }).map(function (sub) {
          return { anchor: sub.anchor, excerpt: sub.excerpt };
        })
      : data.anchors.filter(function (a) { return /^h\d$/i.test(a.element); }).map(function (a) {
          return { anchor: a, excerpt: null };
        });
    sections.forEach(function (section) {
      var id = (section.anchor.id.match(/^post-(.+)-h$/) || [])[1];
      var post = info[id];
      if (!post || (wanted.author && post.by !== wanted.author) ||
          (wanted.theme && post.themes.indexOf(wanted.theme) < 0)) {
        return;
      }
      var about = [t("Post {n}", { n: post.n }), post.date, post.themes.join(", ")].filter(Boolean).join(" · ");
      var teaser = section.excerpt === null ? escapeText(opening(data, section.anchor)) : section.excerpt;
      var href = new URL(data.meta.path + "#post-" + id, root).href;
      found.push(item(href, post.who, about, teaser, { "data-search-post": id, "data-search-author": post.by }, post.dir));
    });
    return found;
  }

  function escapeText(text) {
    var div = document.createElement("div");
    div.textContent = text;
    return div.innerHTML;
  }

  function show(state) {
    var shown = state.pages.slice(0, PAGES).concat(state.posts.slice(0, state.limit));
    list.replaceChildren.apply(list, shown);
    var count = state.posts.length + state.pages.length;
    var counted = state.done ? nt("{n} post", "{n} posts", state.posts.length)
      // TRANSLATORS: a count of search results while more are being looked for ("12+ posts").
      : nt("{n}+ post", "{n}+ posts", state.posts.length);
    var pages = nt("{n} page", "{n} pages", state.pages.length);
    meta.textContent = count === 0 && state.done ? t("No matching posts or pages")
      : state.pages.length ? t("{posts}, {pages}", { posts: counted, pages: pages })
      : counted;
    more.hidden = state.done && state.posts.length <= state.limit;
  }

  // Fetch the data of results in rank order, a few at a time, until there is enough to show.
  function gather(state, number) {
    if (number !== run) {
      return;
    }
    // Enough posts to show, or no more results: the pages met on the way are shown too, and
    // no fragment is fetched beyond (a word in 5,000 groups would otherwise fetch them all).
    if (state.next >= state.results.length || state.posts.length >= state.limit ||
        state.next >= state.budget) {
      state.done = state.next >= state.results.length;
      show(state);
      list.setAttribute("aria-busy", "false");
      return;
    }
    var batch = state.results.slice(state.next, state.next + PARALLEL);
    state.next += batch.length;
    Promise.all(batch.map(function (r) { return r.data(); })).then(function (all) {
      if (number !== run) {
        return;
      }
      all.forEach(function (data) {
        if (data.meta.kind === "posts") {
          state.posts = state.posts.concat(posts(data, state.wanted));
        } else if (!state.wanted.author && !state.wanted.theme) {
          var kind = data.meta.kind || "page";
          var href = new URL(data.meta.path || "", root).href;
          state.pages.push(item(href, data.meta.title || href, KINDS[kind] || KINDS.page, data.excerpt || "",
            { "data-search-kind": kind }));
        }
      });
      show(state);
      gather(state, number);
    });
  }

  function search() {
    var wanted = { query: input.value.trim(), author: author.value, theme: theme.value };
    var number = ++run;
    list.dataset.query = wanted.query; // what the list is filled for
    list.setAttribute("aria-busy", "true");
    if (!wanted.query && !wanted.author && !wanted.theme) {
      list.setAttribute("aria-busy", "false");
      list.replaceChildren();
      meta.textContent = placeholder;
      more.hidden = true;
      return;
    }
    var options = { filters: {} };
    if (wanted.author) { options.filters.author = wanted.author; }
    if (wanted.theme) { options.filters.theme = wanted.theme; }
    pagefind().then(function (pf) {
      return pf.search(wanted.query || null, options);
    }).then(function (found) {
      if (number !== run || !found) {
        return;
      }
      pending = { results: found.results, next: 0, posts: [], pages: [], wanted: wanted, limit: POSTS, budget: FETCHES, done: false };
      gather(pending, number);
    });
  }

  function later() {
    window.clearTimeout(timer);
    timer = window.setTimeout(search, 80);
  }

  input.addEventListener("focus", function () {
    toggle.checked = true;
    pagefind();
  });
  toggle.addEventListener("change", function () {
    if (toggle.checked) {
      input.focus();
    }
  });
  input.addEventListener("input", later);
  filters.addEventListener("toggle", function () {
    if (filters.open) {
      pagefind().then(fillFilters);
    }
  });
  author.addEventListener("change", search);
  theme.addEventListener("change", search);
  form.addEventListener("reset", function () { window.setTimeout(search, 0); });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var first = list.querySelector("a");
    if (first) {
      first.click(); // closes the box and follows the link
    }
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      toggle.checked = false;
      input.blur();
    }
  });
  more.addEventListener("click", function () {
    if (pending) {
      pending.limit += POSTS;
      pending.budget = pending.next + FETCHES;
      gather(pending, run);
    }
  });
})();
