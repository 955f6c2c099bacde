/*
 * The scripts' own words in the site's language. The build writes the catalogue's
 * translations of the messages these scripts use (generator/publish/labels.py) as
 * window.discussionLabels just above this comment; t() and nt() look a message up and put
 * the values in its {placeholders}, as text. A message without a translation stays English.
 */
(function () {
  "use strict";

  var labels = window.discussionLabels || {};
  var messages = labels.messages || {};
  var plurals = labels.plurals || {};
  var rules = null;
  try {
    rules = new Intl.PluralRules(labels.lang || "en");
  } catch (error) {
    rules = null;
  }

  function fill(message, values) {
    return message.replace(/\{([a-z_]+)\}/g, function (whole, name) {
      return values && Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
    });
  }

  function t(message, values) {
    return fill(Object.prototype.hasOwnProperty.call(messages, message) ? messages[message] : message, values);
  }

  // The form of a message with a count: the catalogue's form for the count's plural
  // category in the site's language (Unicode CLDR's, as Intl.PluralRules gives it).
  function nt(singular, plural, n, values) {
    var forms = Object.prototype.hasOwnProperty.call(plurals, singular) ? plurals[singular] : null;
    var category = rules ? rules.select(n) : (n === 1 ? "one" : "other");
    var form = forms ? (forms[category] || forms.other) : (n === 1 ? singular : plural);
    var all = { n: n };
    Object.keys(values || {}).forEach(function (key) { all[key] = values[key]; });
    return fill(form || (n === 1 ? singular : plural), all);
  }

  // Month names of the site's language, January first, for dates the scripts write.
  var months = labels.months || ["January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December"];

  window.discussionT = { t: t, nt: nt, months: months, lang: labels.lang || "en" };
})();
