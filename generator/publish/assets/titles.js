/* Titles cut short in Material's header and navigation show their text as text.
 *
 * When Material shortens a title with an ellipsis, it copies the element's text into its
 * title attribute, and its tooltips (content.tooltips) show a title as HTML: a commentary
 * title that reads "<meta http-equiv=refresh …>" would act on hover. Each title Material
 * sets on such an element is escaped once, as the site's own titles are at build time.
 */
(function () {
  "use strict";

  var escaped = new WeakMap();

  function escapeHtml(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  function shortened(element) {
    return element.classList.contains("md-ellipsis") || element.querySelector(".md-ellipsis");
  }

  new MutationObserver(function (records) {
    records.forEach(function (record) {
      var element = record.target;
      var title = element.getAttribute("title");
      if (title === null || escaped.get(element) === title || !shortened(element)) {
        return;  // none, ours, or not one Material copies from the text
      }
      var safe = escapeHtml(title);
      escaped.set(element, safe);
      if (safe !== title) {
        element.setAttribute("title", safe);
      }
    });
  }).observe(document.documentElement, {
    attributes: true, attributeFilter: ["title"], subtree: true
  });
})();
