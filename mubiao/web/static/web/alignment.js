// The alignment map (/alignment): an ECharts tree from the company's objectives through teams to
// people, loaded one level at a time from /alignment/map (insights.alignment). A node is
// coloured by its status and labelled with its progress; a node with aligned objectives opens on
// click (its level is read then), a leaf opens the objective's page. Past the server's fan-out
// limit a level ends with "and 1,234 more", which reads the next ones. The search above the map
// focuses the first objective found and opens the path to it. Without JavaScript the page keeps
// its tree list and answers the search itself.
(function () {
  "use strict";

  var ROW = 34;          // px per visible leaf
  var LABEL_WIDTH = 190; // px of a node's label before it is cut short

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
        // Progress first: a long title is cut short at LABEL_WIDTH (a phone's map), its number
        // must not be cut with it. The whole title is in the tooltip and the focus panel.
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

    function toSeries(item) {
      var info = item.info || {};
      var isFocus = item === focused;
      return {
        name: item.name, key: item.key, collapsed: item.collapsed,
        children: item.children.map(toSeries),
        // A node with children not read yet is drawn as closed but openable.
        itemStyle: { color: item.more ? "#fff" : colour(info.status), borderColor: colour(info.status),
                     borderWidth: isFocus ? 5 : 3 },
        symbolSize: isFocus ? 14 : item.more ? 6 : 10,
        label: { fontWeight: isFocus ? "bold" : "normal", color: item.more ? css.getPropertyValue("--brand").trim() : undefined,
                 backgroundColor: isFocus ? css.getPropertyValue("--focus").trim() : "transparent", padding: isFocus ? 3 : 0 },
        tooltipText: info.title ? info.title + (info.owner ? " — " + info.owner : "") +
          (info.status_label ? " · " + info.status_label : "") + (info.progress !== null && info.progress !== undefined ? " · " + info.progress + "%" : "") : item.name
      };
    }

    function draw() {
      // Children not read yet still need a place to open: a node with has_children but no
      // loaded children gets none, and the click reads them.
      var height = Math.max(240, leaves(root) * ROW + 40);
      var width = Math.max(el.parentElement.clientWidth, depth(root) * (LABEL_WIDTH + 40) + 60);
      el.style.height = height + "px";
      el.style.width = width + "px";
      chart.resize();
      chart.setOption({
        tooltip: { trigger: "item", formatter: function (p) { return window.echarts.format.encodeHTML(p.data.tooltipText || p.name); } },
        series: [{
          type: "tree", data: [toSeries(root)], expandAndCollapse: false, roam: false,
          // The last column's labels start past the node's symbol and a focused one is bold
          // and padded: room for all of it, or its end is cut by the map's edge.
          top: 20, bottom: 20, left: 20, right: LABEL_WIDTH + 40,
          orient: "LR", initialTreeDepth: -1, animation: false,
          label: { position: "right", verticalAlign: "middle", align: "left", width: LABEL_WIDTH, overflow: "truncate" },
          leaves: { label: { position: "right", verticalAlign: "middle", align: "left" } }
        }]
      }, { replaceMerge: ["series"] });
    }

    // After a search: bring the focused node into view (the tree may be wider than a phone and
    // taller than the screen), by its label in the drawn SVG.
    function showFocus() {
      if (!focused) return;
      var start = focused.name.slice(0, 8);
      var text = Array.prototype.find.call(el.querySelectorAll("svg text"), function (t) {
        return t.textContent.indexOf(start) === 0;
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
  }
})();
