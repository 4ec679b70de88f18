// Search box: suggestions from window.HG_SEARCH (written by healthgraph.views.search), no request made.
(function () {
  "use strict";
  function fold(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  }
  function href(form, entry) {
    var lang = form.dataset.lang;
    if (form.dataset.served === "1") {
      return "/entity/" + entry.i + "?lang=" + lang;
    }
    return form.dataset.root + "entity/" + entry.s + (lang === "fr" ? ".fr" : "") + ".html";
  }
  function score(entry, query, words) {
    var best = 0, which = -1;
    entry.n.forEach(function (name, position) {
      var found = 0;
      if (name === query) { found = 4; }
      else if (name.indexOf(query) === 0) { found = 3; }
      else if (words.every(function (w) { return (" " + name).indexOf(" " + w) >= 0; })) { found = 2; }
      else if (name.indexOf(query) >= 0) { found = 1; }
      if (found > best) { best = found; which = position; }
    });
    return [best, which];
  }
  function matches(query) {
    var folded = fold(query);
    if (!folded) { return []; }
    var words = folded.split(" ");
    var found = [];
    (window.HG_SEARCH || []).forEach(function (entry) {
      var ranked = score(entry, folded, words);
      if (ranked[0] > 0) { found.push({ entry: entry, score: ranked[0], name: ranked[1] }); }
    });
    found.sort(function (a, b) {
      return b.score - a.score || a.entry.l[0].localeCompare(b.entry.l[0]);
    });
    return found.slice(0, 12);
  }
  function show(form, input, list) {
    var lang = form.dataset.lang === "fr" ? 1 : 0;
    var found = matches(input.value);
    list.textContent = "";
    found.forEach(function (hit, number) {
      var item = document.createElement("li");
      item.id = "hg-suggestion-" + number;
      var link = document.createElement("a");
      link.href = href(form, hit.entry);
      var label = document.createElement("bdi");
      label.textContent = hit.entry.l[lang] || hit.entry.l[0];
      link.appendChild(label);
      var shown = hit.entry.d[hit.name];
      var extra = document.createElement("span");
      extra.className = "kind";
      var note = hit.entry.k[lang] || "";
      if (shown && fold(shown) !== fold(label.textContent)) {
        note = (hit.name >= hit.entry.f ? form.dataset.former + ": " : "") + shown + (note ? " · " + note : "");
      }
      extra.textContent = note ? " (" + note + ")" : "";
      link.appendChild(extra);
      item.appendChild(link);
      list.appendChild(item);
    });
    if (!found.length && input.value.trim()) {
      var none = document.createElement("li");
      none.className = "none";
      none.textContent = form.dataset.none;
      list.appendChild(none);
    }
    list.hidden = !list.children.length;
  }
  function move(list, input, step) {
    var links = Array.prototype.slice.call(list.querySelectorAll("a"));
    if (!links.length) { return; }
    var at = links.indexOf(document.activeElement);
    var next = at + step;
    if (next < 0) { input.focus(); return; }
    links[Math.min(next, links.length - 1)].focus();
  }
  document.querySelectorAll("form.search").forEach(function (form) {
    var input = form.querySelector("input");
    var list = form.querySelector("ul");
    input.addEventListener("input", function () { show(form, input, list); });
    form.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown") { event.preventDefault(); move(list, input, 1); }
      if (event.key === "ArrowUp") { event.preventDefault(); move(list, input, -1); }
      if (event.key === "Escape") { list.hidden = true; input.focus(); }
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var first = list.querySelector("a");
      if (first) { window.location.href = first.href; }
    });
  });
}());
