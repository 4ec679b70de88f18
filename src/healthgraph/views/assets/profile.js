// Profile page: zoom and pan in the ego network, highlight a neighbour and its link on hover or focus.
(function () {
  "use strict";
  document.querySelectorAll("svg.ego").forEach(function (svg) {
    var box = svg.viewBox.baseVal;
    var start = null;
    svg.addEventListener("wheel", function (event) {
      event.preventDefault();
      var factor = event.deltaY > 0 ? 1.15 : 1 / 1.15;
      var rect = svg.getBoundingClientRect();
      var x = box.x + (event.clientX - rect.left) / rect.width * box.width;
      var y = box.y + (event.clientY - rect.top) / rect.height * box.height;
      box.x = x - (x - box.x) * factor;
      box.y = y - (y - box.y) * factor;
      box.width *= factor;
      box.height *= factor;
    }, { passive: false });
    svg.addEventListener("pointerdown", function (event) {
      if (event.target.closest("a")) { return; }
      start = { x: event.clientX, y: event.clientY, bx: box.x, by: box.y };
    });
    window.addEventListener("pointerup", function () { start = null; });
    svg.addEventListener("pointermove", function (event) {
      if (!start) { return; }
      var rect = svg.getBoundingClientRect();
      box.x = start.bx - (event.clientX - start.x) / rect.width * box.width;
      box.y = start.by - (event.clientY - start.y) / rect.height * box.height;
    });
    svg.querySelectorAll("a.ego-node").forEach(function (node) {
      function on() { svg.classList.add("focused"); node.classList.add("lit"); }
      function off() { svg.classList.remove("focused"); node.classList.remove("lit"); }
      node.addEventListener("mouseenter", on);
      node.addEventListener("mouseleave", off);
      node.addEventListener("focus", on);
      node.addEventListener("blur", off);
    });
  });
}());

// Static site: the browser's language by default. An English page opened by a browser that prefers French goes to
// the French page once; choosing a language with the switch link is remembered and wins from then on.
(function () {
  "use strict";
  var key = "healthgraph-lang";
  var page = document.documentElement.lang;
  var link = document.querySelector("nav.top a.switch");
  var chosen = null;
  try { chosen = window.localStorage.getItem(key); } catch (error) { chosen = null; }
  if (link) {
    link.addEventListener("click", function () {
      try { window.localStorage.setItem(key, link.getAttribute("hreflang")); } catch (error) { /* private mode */ }
    });
  }
  var served = window.location.protocol !== "file:" && /[?&]lang=/.test(window.location.search);
  if (!link || served || page !== "en" || chosen === "en") { return; }  // only the default (English) page moves
  var wanted = chosen || ((navigator.languages && navigator.languages[0]) || navigator.language || "en").slice(0, 2);
  if (wanted === link.getAttribute("hreflang")) { window.location.replace(link.href); }
}());
