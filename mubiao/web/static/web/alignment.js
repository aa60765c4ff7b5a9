// The alignment map (/alignment): an ECharts tree from the company's objectives through teams to
// people, loaded one level at a time from /alignment/map (insights.alignment). A node is
// coloured by its status and labelled with its progress; a node with aligned objectives opens on
// click (its level is read then), a leaf opens the objective's page. Past the server's fan-out
// limit a level ends with "and 1,234 more", which reads the next ones. The search above the map
// focuses the first objective found and opens the path to it. Without JavaScript the page keeps
// its tree list and answers the search itself.
//
// The map fits its panel (a phone's is about 330 px): the open levels share the panel's width
// as columns, and each label is fitted to its column by fitLabel, in at most two lines with an
// ellipsis past that. Each drawn line carries the whole label as its aria-label, the tooltip
// and the focus line below the map say the whole title, and the tree list keeps it for a
// screen reader: nothing typed is lost to the cut.
(function () {
  "use strict";

  var ROW = 36;              // px per visible leaf: two lines of a label and a gap
  var FONT_SIZE = 12;        // px, the labels' (ECharts' default)
  var LINE_HEIGHT = 14;      // px per line of a label
  var LEFT = 12;             // px before the root's symbol
  var GAP = 20;              // px of a column not for its label: its node's symbol and the
                             // label's distance before it, the next column's symbol after it
  var LAST_GAP = 14;         // the same for the deepest column, with no symbol after it
  var MIN_COLUMN = 64;       // px: narrower columns would leave a label two or three characters
                             // a line; past that the map scrolls sideways inside its panel
  var MAX_LABEL_WIDTH = 240; // px: a wide screen's labels stay readable lines
  var FOCUS_PADDING = 3;     // px around the focused node's label

  // Where a line may break: after a space or punctuation, or beside a wide (CJK) character,
  // never before the punctuation that closes a Chinese phrase.
  var BREAK_AFTER = /[\s\-\/·,;:、，。；：]/;
  var WIDE = /[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]/;
  var NO_START = /[，。、；：！？）」』》,.;:!?)]/;

  // The longest count of `chars` whose text (with `suffix`) is at most `width` wide.
  function longestFit(chars, width, measure, suffix) {
    var low = 0, high = chars.length;
    while (low < high) {
      var mid = Math.ceil((low + high) / 2);
      if (measure(chars.slice(0, mid).join("").replace(/\s+$/, "") + suffix) <= width) low = mid; else high = mid - 1;
    }
    return low;
  }

  // `text` as at most two lines, each at most `width` px wide by `measure`: broken at a word's
  // end where one fits (mid-word where none does), the second line cut with "…" when the rest
  // is longer than it.
  function fitLabel(text, width, measure) {
    if (measure(text) <= width) return [text];
    var chars = Array.from(text);
    var fit = Math.max(1, longestFit(chars, width, measure, ""));
    var cut = fit;
    for (var i = fit; i > 0; i--) {
      var before = chars[i - 1], after = chars[i];
      if (NO_START.test(after)) continue;
      if (/\s/.test(after) || BREAK_AFTER.test(before) || WIDE.test(before) || WIDE.test(after)) { cut = i; break; }
    }
    var first = chars.slice(0, cut).join("").replace(/\s+$/, "");
    var rest = chars.slice(cut).join("").replace(/^\s+/, "");
    if (!rest) return [first];
    if (measure(rest) <= width) return [first, rest];
    var restChars = Array.from(rest);
    return [first, restChars.slice(0, longestFit(restChars, width, measure, "…")).join("").replace(/\s+$/, "") + "…"];
  }

  function ready(fn) {
    if (document.readyState !== "loading") fn(); else document.addEventListener("DOMContentLoaded", fn);
  }

  function getJSON(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); });
  }

  function withParams(url, extra) {
    return url + (url.indexOf("?") < 0 ? "?" : "&") + extra;
  }

  ready(function () {
    var el = document.getElementById("alignment-map");
    if (!el || !window.echarts) {
      // ECharts is deferred after this file: wait for the page's load.
      if (el && !window.echarts) window.addEventListener("load", function () { if (window.echarts) start(el); });
      return;
    }
    start(el);
  });

  function start(el) {
    var css = getComputedStyle(document.documentElement);
    var colour = function (status) {
      return status ? css.getPropertyValue("--" + status.replace("_", "-")).trim() : css.getPropertyValue("--ink-3").trim();
    };
    var cycle = (el.dataset.roots.match(/cycle=(\d+)/) || [])[1];
    var focusText = document.getElementById("alignment-focus");
    var root = { name: el.dataset.rootLabel, key: "root", children: [], loaded: false, collapsed: false, info: null };
    var byKey = { root: root };
    var focused = null;
    el.hidden = false;
    // Labels are measured in the page's font, as ECharts draws them.
    var family = getComputedStyle(el).fontFamily;
    var context = document.createElement("canvas").getContext("2d");
    function measurer(bold) {
      var font = (bold ? "bold " : "") + FONT_SIZE + "px " + family;
      return function (text) { context.font = font; return context.measureText(text).width; };
    }
    var chart = window.echarts.init(el, null, { renderer: "svg" });

    function levelUrl(parentKey, offset) {
      var base = parentKey === "root" ? el.dataset.roots
        : parentKey === "hidden" || parentKey === "archived" ? el.dataset[parentKey]
        : withParams(el.dataset.children + parentKey, "cycle=" + cycle);
      return offset ? withParams(base, "offset=" + offset) : base;
    }

    function toItem(info, parentKey) {
      var key = String(info.id);
      var existing = byKey[key];
      if (existing) { existing.info = info; return existing; }
      var item = {
        key: key, info: info, parentKey: parentKey, loaded: false, collapsed: true, children: [],
        // Progress first: a long title is cut short (fitLabel), its number must not be cut
        // with it.
        name: info.progress === null ? info.title : info.progress + "% · " + info.title
      };
      byKey[key] = item;
      return item;
    }

    function addLevel(parent, data) {
      parent.children = parent.children.filter(function (c) { return !c.more; });
      data.nodes.forEach(function (info) {
        var item = toItem(info, parent.key);
        if (parent.children.indexOf(item) < 0) parent.children.push(item);
      });
      if (data.more) {
        parent.children.push({ key: parent.key + ":more", more: true, name: data.more_label,
                               nextOffset: data.next_offset, parentKey: parent.key, children: [] });
      }
      parent.loaded = true;
    }

    function load(parent, offset) {
      return getJSON(levelUrl(parent.key, offset)).then(function (data) { addLevel(parent, data); });
    }

    function leaves(item) {
      if (item.collapsed || !item.children.length) return 1;
      return item.children.reduce(function (n, c) { return n + leaves(c); }, 0);
    }

    function depth(item) {
      if (item.collapsed || !item.children.length) return 1;
      return 1 + Math.max.apply(null, item.children.map(depth));
    }

    // The series for `item` (at `level`, the root's 0) and what is open under it, each label
    // fitted to its column.
    function toSeries(item, level, layout) {
      var info = item.info || {};
      var isFocus = item === focused;
      var width = (level === layout.deepest ? layout.lastLabel : layout.label) - (isFocus ? 2 * FOCUS_PADDING : 0);
      item.lines = fitLabel(item.name, width, measurer(isFocus));
      return {
        name: item.name, key: item.key, collapsed: item.collapsed, labelText: item.lines.join("\n"),
        children: item.children.map(function (c) { return toSeries(c, level + 1, layout); }),
        // A node with children not read yet is drawn as closed but openable.
        itemStyle: { color: item.more ? "#fff" : colour(info.status), borderColor: colour(info.status),
                     borderWidth: isFocus ? 5 : 3 },
        symbolSize: isFocus ? 14 : item.more ? 6 : 10,
        label: { fontWeight: isFocus ? "bold" : "normal", color: item.more ? css.getPropertyValue("--brand").trim() : undefined,
                 backgroundColor: isFocus ? css.getPropertyValue("--focus").trim() : "transparent",
                 padding: isFocus ? FOCUS_PADDING : 0 },
        tooltipText: info.title ? info.title + (info.owner ? " — " + info.owner : "") +
          (info.status_label ? " · " + info.status_label : "") + (info.progress !== null && info.progress !== undefined ? " · " + info.progress + "%" : "") : item.name
      };
    }

    function draw() {
      // Children not read yet still need a place to open: a node with has_children but no
      // loaded children gets none, and the click reads them.
      el.style.height = Math.max(240, leaves(root) * ROW + 40) + "px";
      // The open levels share the panel's width (read after the height: a page grown taller
      // may have narrowed it by a scroll bar). The last column's labels need their column's
      // width to the right of its nodes, as the others have up to the next column's.
      var columns = depth(root);
      var panel = el.parentElement.clientWidth;
      var column = Math.max(MIN_COLUMN, Math.floor((panel - LEFT) / columns));
      var layout = { deepest: columns - 1, label: Math.min(MAX_LABEL_WIDTH, column - GAP),
                     lastLabel: Math.min(MAX_LABEL_WIDTH, column - LAST_GAP) };
      el.style.width = Math.max(panel, LEFT + columns * column) + "px";
      chart.resize();
      chart.setOption({
        tooltip: { trigger: "item", formatter: function (p) { return window.echarts.format.encodeHTML(p.data.tooltipText || p.name); } },
        series: [{
          type: "tree", data: [toSeries(root, 0, layout)], expandAndCollapse: false, roam: false,
          top: 20, bottom: 20, left: LEFT, right: column,
          orient: "LR", initialTreeDepth: -1, animation: false,
          // The lines are fitLabel's: ECharts neither wraps nor cuts them again.
          label: { position: "right", verticalAlign: "middle", align: "left", fontSize: FONT_SIZE,
                   fontFamily: family, lineHeight: LINE_HEIGHT, overflow: "none",
                   formatter: function (p) { return p.data.labelText; } },
          leaves: { label: { position: "right", verticalAlign: "middle", align: "left" } }
        }]
      }, { replaceMerge: ["series"] });
      nameLines();
    }

    // Each drawn line of a label is named by its node's whole label (progress and title): the
    // line is a cut of it. A line is matched by its text, and where two nodes draw the same
    // line (titles alike up to the cut), by the nearest node.
    function nameLines() {
      var model = chart.getModel(), series = model && model.getSeriesByIndex(0);
      if (!series) return; // "finished" of the first resize, before the first level is drawn
      var drawn = [];
      (function walk(item) {
        if (item.lines) drawn.push(item);
        if (!item.collapsed) item.children.forEach(walk);
      })(root);
      var data = series.getData();
      var at = {};
      data.each(function (i) {
        var raw = data.getRawDataItem(i), graphic = data.getItemGraphicEl(i);
        if (raw && graphic) at[raw.key] = graphic.transformCoordToGlobal(0, 0);
      });
      var origin = el.getBoundingClientRect();
      el.querySelectorAll("svg text").forEach(function (text) {
        var line = text.textContent;
        var candidates = drawn.filter(function (item) { return item.lines.indexOf(line) >= 0; });
        if (!candidates.length) { text.removeAttribute("aria-label"); return; }
        var box = text.getBoundingClientRect();
        var x = box.left - origin.left, y = (box.top + box.bottom) / 2 - origin.top;
        var distance = function (item) {
          var node = at[item.key];
          return node ? Math.abs(y - node[1]) + Math.abs(x - node[0]) : Infinity;
        };
        var best = candidates.reduce(function (a, b) { return distance(b) < distance(a) ? b : a; });
        text.setAttribute("aria-label", best.name);
      });
    }

    // After a search: bring the focused node into view (the tree may be wider than a phone and
    // taller than the screen), by its label in the drawn SVG.
    function showFocus() {
      if (!focused) return;
      var text = Array.prototype.find.call(el.querySelectorAll("svg text"), function (t) {
        return t.getAttribute("aria-label") === focused.name;
      });
      if (text) text.scrollIntoView({ block: "center", inline: "center" });
    }

    function announce(item) {
      focusText.textContent = "";
      if (!item || !item.info || !item.info.url) return;
      var link = document.createElement("a");
      link.href = item.info.url;
      link.textContent = el.dataset.labelOpen + ": " + item.info.title;
      focusText.appendChild(link);
      var details = [item.info.owner, item.info.status_label, item.info.progress + "%"].filter(Boolean).join(" · ");
      focusText.appendChild(document.createTextNode(" " + details));
    }

    function toggle(item) {
      var hasChildren = item.key === "root" || (item.info && item.info.has_children);
      if (!hasChildren) return Promise.resolve();
      if (!item.collapsed) { item.collapsed = true; return Promise.resolve(); }
      item.collapsed = false;
      return item.loaded ? Promise.resolve() : load(item, 0);
    }

    chart.on("click", function (p) {
      var item = byKey[p.data && p.data.key] || null;
      if (!item && p.data && /:more$/.test(p.data.key)) {
        var parent = byKey[p.data.key.slice(0, -5)];
        var more = parent.children.filter(function (c) { return c.more; })[0];
        load(parent, more.nextOffset).then(draw);
        return;
      }
      if (!item) return;
      focused = item;
      announce(item);
      toggle(item).then(draw);
    });

    // Search: the first result is focused and the path to it opened; a node past a level's
    // fan-out limit is added to the level it belongs to.
    var form = document.querySelector(".map-search");
    var results = document.querySelector(".map-results");
    function openPath(path) {
      var parent = root, steps = path.slice();
      root.collapsed = false;
      function next() {
        if (!steps.length) { draw(); showFocus(); return; }
        var info = steps.shift();
        var go = parent.loaded ? Promise.resolve() : load(parent, 0);
        return go.then(function () {
          var item = toItem(info, parent.key);
          if (parent.children.indexOf(item) < 0) {
            var at = parent.children.findIndex(function (c) { return c.more; });
            parent.children.splice(at < 0 ? parent.children.length : at, 0, item);
          }
          parent.collapsed = false;
          focused = item;
          announce(item);
          parent = item;
          return next();
        });
      }
      return next();
    }
    if (form) {
      form.addEventListener("submit", function (event) {
        var q = form.querySelector("input[name=q]").value.trim();
        if (!q) return;
        event.preventDefault();
        getJSON(withParams(el.dataset.search, "q=" + encodeURIComponent(q))).then(function (data) {
          results.textContent = "";
          if (!data.results.length) {
            var none = document.createElement("p");
            none.className = "muted";
            none.textContent = el.dataset.labelNone;
            results.appendChild(none);
            return;
          }
          var list = document.createElement("ol");
          list.className = "map-paths";
          data.results.forEach(function (result) {
            var entry = document.createElement("li");
            var button = document.createElement("button");
            button.type = "button";
            button.className = "link-button";
            button.textContent = result.path.map(function (s) { return s.title; }).join(" › ");
            button.addEventListener("click", function () { openPath(result.path); });
            entry.appendChild(button);
            list.appendChild(entry);
          });
          results.appendChild(list);
          openPath(data.results[0].path);
        });
      });
    }

    load(root, 0).then(draw);
    window.addEventListener("resize", draw);
    // A hovered node is drawn again: its lines keep their names.
    chart.on("finished", nameLines);
  }
})();
