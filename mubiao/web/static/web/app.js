/* Mubiao's own script: small progressive enhancements on top of server-rendered pages.
   Everything works without it for reading; it adds CSRF to htmx requests, keyboard niceties for
   the inline check-in, the key result rows of the writing form, @mention autocomplete and the
   ECharts charts. No inline scripts or handlers anywhere (Content-Security-Policy). */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.content : "";
  }

  // htmx 4: the request is configured through `htmx:config:request`; headers live on
  // event.detail.ctx.request.headers.
  document.addEventListener("htmx:config:request", function (event) {
    var ctx = event.detail && event.detail.ctx;
    if (ctx && ctx.request && !/GET|HEAD/i.test(ctx.request.method || "")) {
      ctx.request.headers["X-CSRFToken"] = csrfToken();
    }
  });

  function onReady(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }

  // Cycle switcher and other selects that apply at once.
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el.classList && el.classList.contains("js-autosubmit") && el.form) el.form.submit();
  });

  // "Check in all": open each key result's inline form in turn; saving moves to the next.
  var walking = false;

  function openNext(afterRow) {
    var buttons = Array.prototype.filter.call(
      document.querySelectorAll(".kr-row .value-button"),
      function (button) {
        return !afterRow || (!afterRow.contains(button) &&
          (afterRow.compareDocumentPosition(button) & Node.DOCUMENT_POSITION_FOLLOWING));
      }
    );
    if (!buttons.length) { walking = false; return; }
    if (walking) buttons[0].click();
    else buttons[0].focus();
  }

  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest(".js-checkin-all")) {
      walking = true;
      openNext(null);
    }
  });

  // Menus built on <details> (the person menu) close like menus: on a click elsewhere and on
  // Escape (which gives the focus back to the menu's button).
  var MENUS = "details.person-menu[open]";

  document.addEventListener("click", function (event) {
    document.querySelectorAll(MENUS).forEach(function (menu) {
      if (!menu.contains(event.target)) menu.removeAttribute("open");
    });
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    document.querySelectorAll(MENUS).forEach(function (menu) {
      var focused = menu.contains(document.activeElement);
      menu.removeAttribute("open");
      if (focused) menu.querySelector("summary").focus();
    });
  });

  // Escape leaves the inline check-in form (and the walk).
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    walking = false;
    var form = event.target.closest && event.target.closest(".checkin-form");
    var cancel = form && form.querySelector(".js-cancel");
    if (cancel) cancel.click();
  });

  // New content from htmx (htmx 4 fires `htmx:after:process` on each inserted element; the
  // swap events go to the element that asked, which a swap may have removed): put the cursor in
  // the new value field, selected so typing replaces it; after a save, go on to the next row.
  document.addEventListener("htmx:after:process", function () {
    var saved = document.querySelector(".kr-row[data-just-updated]");
    if (saved) {
      saved.removeAttribute("data-just-updated");
      setTimeout(function () { openNext(saved); }, 0);
    }
    var input = document.querySelector(".checkin-form input[name=value]:not([type=radio], [data-selected])");
    if (input) {
      input.dataset.selected = "1";
      input.focus();
      input.select();
    }
    initCharts();
  });

  // ---- Writing form: add, move and number key result rows -------------------------------
  function krForms() {
    return document.querySelector(".kr-forms");
  }

  function renumber() {
    var container = krForms();
    if (!container) return;
    Array.prototype.forEach.call(container.querySelectorAll(".kr-form"), function (row, i) {
      var order = row.querySelector('input[name$="-ORDER"]');
      if (order) order.value = i + 1;
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".js-add-kr, .js-kr-up, .js-kr-down");
    if (!button) return;
    var container = krForms();
    if (!container) return;
    if (button.classList.contains("js-add-kr")) {
      var total = document.querySelector('input[name="kr-TOTAL_FORMS"]');
      var template = document.getElementById("kr-empty-form");
      var index = parseInt(total.value, 10);
      var holder = document.createElement("div");
      holder.innerHTML = template.innerHTML.replace(/__prefix__/g, String(index));
      var row = holder.firstElementChild;
      container.appendChild(row);
      total.value = index + 1;
      renumber();
      var title = row.querySelector('input[name$="-title"]');
      if (title) title.focus();
      return;
    }
    var current = button.closest(".kr-form");
    if (button.classList.contains("js-kr-up") && current.previousElementSibling) {
      container.insertBefore(current, current.previousElementSibling);
    } else if (button.classList.contains("js-kr-down") && current.nextElementSibling) {
      container.insertBefore(current.nextElementSibling, current);
    }
    renumber();
    button.focus();
  });

  // ---- @mentions ------------------------------------------------------------------------
  var mentionTimer = null;

  function mentionWord(textarea) {
    var before = textarea.value.slice(0, textarea.selectionStart);
    var match = /(^|\s)@([^\s@]{1,40})$/.exec(before);
    return match ? match[2] : null;
  }

  function closeMentions(box) {
    var list = box && box.querySelector(".mention-list");
    if (list) { list.hidden = true; list.innerHTML = ""; }
  }

  document.addEventListener("input", function (event) {
    var textarea = event.target;
    if (!textarea.classList || !textarea.classList.contains("js-mentions")) return;
    var box = textarea.closest(".mention-box");
    var word = mentionWord(textarea);
    clearTimeout(mentionTimer);
    if (!word) { closeMentions(box); return; }
    mentionTimer = setTimeout(function () {
      var url = textarea.dataset.mentionsUrl + "?q=" + encodeURIComponent(word);
      fetch(url, { credentials: "same-origin", headers: { "HX-Request": "true" } })
        .then(function (response) { return response.ok ? response.text() : ""; })
        .then(function (html) {
          var list = box.querySelector(".mention-list");
          list.innerHTML = html;
          list.hidden = !html.trim();
        });
    }, 200);
  });

  document.addEventListener("click", function (event) {
    var option = event.target.closest && event.target.closest(".mention-option");
    if (!option) return;
    var box = option.closest(".mention-box");
    var textarea = box.querySelector("textarea");
    var caret = textarea.selectionStart;
    var before = textarea.value.slice(0, caret).replace(/@([^\s@]{1,40})$/, "@" + option.dataset.mention + " ");
    textarea.value = before + textarea.value.slice(caret);
    textarea.focus();
    textarea.setSelectionRange(before.length, before.length);
    closeMentions(box);
  });

  // ---- Charts (Apache ECharts), data from json_script tags --------------------------------
  function chartData(el) {
    var source = document.getElementById(el.dataset.source);
    return source ? JSON.parse(source.textContent) : null;
  }

  var DAY = 86400000;

  function utcDate(iso) {
    var parts = iso.slice(0, 10).split("-");
    return Date.UTC(+parts[0], parts[1] - 1, +parts[2]);
  }

  // The date axis's labelled days: the first of every month in the cycle (a shorter cycle: every
  // week from its start), the start itself when it is not a first, thinned to what the chart's
  // width holds. ECharts' own time ticks fell between month starts, so months went unnamed and
  // week numbers ("6 8") crowded each other.
  function dateTicks(start, end, width) {
    var ticks = [start], day = new Date(start);
    if (end - start > 70 * DAY) {
      for (var m = day.getUTCMonth() + 1; ; m++) {
        var first = Date.UTC(day.getUTCFullYear(), m, 1);
        if (first > end) break;
        if (first - ticks[ticks.length - 1] < 10 * DAY) ticks.pop();  // a start just before a first
        ticks.push(first);
      }
    } else {
      for (var t = start + 7 * DAY; t <= end; t += 7 * DAY) ticks.push(t);
    }
    var labelWidth = end - start > 70 * DAY ? 44 : 64;
    var step = [1, 2, 3, 4, 6, 12].find(function (s) { return Math.ceil(ticks.length / s) * labelWidth <= width; }) || 12;
    return { all: ticks, labelled: ticks.filter(function (_t, i) { return i % step === 0; }) };
  }

  function dateLabel(lang) {
    var month = new Intl.DateTimeFormat(lang, { month: "short", timeZone: "UTC" });
    var monthDay = new Intl.DateTimeFormat(lang, { month: "short", day: "numeric", timeZone: "UTC" });
    return function (value) {
      return new Date(value).getUTCDate() === 1 ? month.format(value) : monthDay.format(value);
    };
  }

  // The day of a time axis as the language writes it ("Nov 30, 2026", "2026年11月30日"), never
  // ECharts' default "2026-11-30 00:00:00".
  function dayLabel(lang) {
    var format = new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeZone: "UTC" });
    return function (value) { return format.format(value); };
  }

  // A percentage as the server writes one (okrs.display.percent): whole, half up, and never 100
  // short of done (99.96 is 99.9), so a line's last point reads as the headline beside it.
  function percentText(value) {
    var whole = Math.round(value);
    return whole >= 100 && value < 100 ? String(Math.floor(value * 10) / 10) : String(whole);
  }

  // An axis tooltip as plain text lines (escaped, no markers): ECharts' default markup carries
  // inline style attributes, which the Content-Security-Policy refuses (style-src has no
  // 'unsafe-inline').
  function axisTooltip(axisLabel, unit) {
    var encode = window.echarts.format.encodeHTML;
    return function (params) {
      var first = params[0];
      var head = axisLabel ? axisLabel(first.axisValue) : first.name;
      return [encode(String(head))].concat(params.map(function (p) {
        var value = Array.isArray(p.value) ? p.value[1] : p.value;
        return encode(p.seriesName) + ": " + percentText(value) + unit;
      })).join("<br>");
    };
  }

  function progressChart(el, data) {
    var start = utcDate(data.start), end = utcDate(data.end);
    var ticks = dateTicks(start, end, el.clientWidth - 56);
    // The line starts at the start value where the key result began (`from`: its creation, or
    // the cycle's first day; no dot: not a check-in), so that a single check-in draws a line
    // and its dot.
    var points = [{ value: [data.from || data.start, data.initial], symbol: "none" }].concat(data.points);
    return {
      grid: { left: 40, right: 16, top: 24, bottom: 32 },
      tooltip: { trigger: "axis", formatter: axisTooltip(dayLabel(document.documentElement.lang), "%") },
      legend: { top: 0, type: "scroll",
                data: [el.dataset.labelProgress, el.dataset.labelExpected].concat(
                  (data.lines || []).map(function (line) { return line.name; })) },
      xAxis: { type: "time", min: start, max: end,
               axisTick: { customValues: ticks.all },
               splitLine: { show: false },
               axisLabel: { customValues: ticks.labelled, formatter: dateLabel(document.documentElement.lang),
                            hideOverlap: true, alignMinLabel: "left", alignMaxLabel: "right" } },
      yAxis: { type: "value", min: 0, max: function (v) { return Math.max(100, Math.ceil(v.max / 10) * 10); },
               axisLabel: { formatter: "{value}%" } },
      series: [
        // A key result's value holds until its next check-in (a step); a team's daily figures
        // are joined by straight lines, so days without a snapshot are not drawn as no progress.
        { name: el.dataset.labelProgress, type: "line", step: data.step === false ? false : "end",
          symbolSize: 7, showAllSymbol: true,
          data: points, lineStyle: { width: 3 } },
        { name: el.dataset.labelExpected, type: "line", data: data.expected, symbol: "none",
          lineStyle: { type: "dashed", width: 1.5 } }
      ].concat((data.lines || []).map(function (line) {
        // A sub-team's line (team and company dashboards): thinner, no dots.
        return { name: line.name, type: "line", step: "end", symbol: "none", data: line.points,
                 lineStyle: { width: 1.5 } };
      }))
    };
  }

  // Sub-teams sized by their objectives, coloured by the pace status of their average progress
  // (the status colours of the design system), labelled with the name and the percentage.
  function treemapChart(data) {
    var css = getComputedStyle(document.documentElement);
    var colour = function (status) { return css.getPropertyValue("--" + status.replace("_", "-")).trim(); };
    return {
      // The tooltip is HTML: a team's name is escaped before it goes in.
      tooltip: { formatter: function (p) { return window.echarts.format.encodeHTML(p.name) + ": " + percentText(p.data.progress) + "% · " + window.echarts.format.encodeHTML(p.data.statusLabel); } },
      series: [{
        type: "treemap", roam: false, nodeClick: false, breadcrumb: { show: false },
        // Each line cut with an ellipsis where its block is narrow, never wrapped a character a
        // line (文档组 stood as a column of three); the tooltip says the whole name.
        label: { overflow: "truncate", ellipsis: "…",
                 formatter: function (p) { return p.name + "\n" + percentText(p.data.progress) + "% · " + p.data.statusLabel; } },
        data: data.map(function (d) {
          return { name: d.name, value: d.value, progress: d.progress, url: d.url,
                   statusLabel: d.status_label, itemStyle: { color: colour(d.status) } };
        })
      }]
    };
  }

  function scoreChart(el, data) {
    return {
      grid: { left: 40, right: 16, top: 16, bottom: 32 },
      tooltip: { trigger: "axis" },
      xAxis: { type: "category", data: data.labels },
      yAxis: { type: "value", minInterval: 1 },
      series: [{
        name: el.dataset.labelCount, type: "bar", data: data.counts.map(function (n, i) {
          var colour = i < 4 ? "#c62f2f" : i < 7 ? "#b36b00" : "#1b8a4b";
          return { value: n, itemStyle: { color: colour } };
        })
      }]
    };
  }

  // The distribution of progress: objectives per band of 10 points, in the brand colour (not
  // the score bands': a low band early in the cycle is not a bad grade).
  function histogramChart(el, data) {
    var brand = getComputedStyle(document.documentElement).getPropertyValue("--brand").trim();
    return {
      grid: { left: 40, right: 16, top: 16, bottom: 32 },
      tooltip: { trigger: "axis", formatter: axisTooltip(null, "") },
      xAxis: { type: "category", data: data.labels, axisLabel: { hideOverlap: true } },
      yAxis: { type: "value", minInterval: 1 },
      series: [{ name: el.dataset.labelCount, type: "bar", data: data.counts,
                 itemStyle: { color: brand } }]
    };
  }

  function initCharts() {
    if (!window.echarts) return;
    document.querySelectorAll(".js-chart:not([data-ready])").forEach(function (el) {
      var data = chartData(el);
      if (!data) return;
      el.dataset.ready = "1";
      var chart = window.echarts.init(el, null, { renderer: "svg" });
      var kind = el.dataset.chart;
      chart.setOption(kind === "scores" ? scoreChart(el, data)
        : kind === "histogram" ? histogramChart(el, data)
        : kind === "treemap" ? treemapChart(data) : progressChart(el, data));
      // Drill down: a sub-team's rectangle opens its page.
      if (kind === "treemap") chart.on("click", function (p) { if (p.data && p.data.url) window.location = p.data.url; });
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }

  // "Copy link" buttons (pending invitations): the link goes to the clipboard; the field beside
  // the button still holds it where the clipboard is not available.
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".js-copy");
    if (!button || !navigator.clipboard) return;
    navigator.clipboard.writeText(button.dataset.copy).then(function () {
      button.textContent = button.dataset.copied;
    });
  });

  // A team picker's search (web.widgets.TeamSelect) fills the "Teams found" group with the
  // matches and the picker's current values; a team already listed below would then be in the
  // select twice, and un-ticking one copy left the other ticked, so the save kept a team the
  // admin had taken away (h14u). Each value stays one option: the listed one is moved up into
  // the found group in its copy's place (keeping its own ticked state; a single picker's copy
  // had taken the selection from it), a comment left where it was, and before the next search
  // replaces the group it goes back there.
  function foundGroup(event) {
    var search = event.target.closest && event.target.closest(".team-search");
    var select = search && document.getElementById(search.getAttribute("aria-controls"));
    return select && select.querySelector("optgroup.team-found");
  }

  document.addEventListener("htmx:before:swap", function (event) {
    var group = foundGroup(event);
    if (!group) return;
    Array.prototype.forEach.call(group.querySelectorAll("option"), function (option) {
      if (option.teamHome) {
        option.teamHome.replaceWith(option);
        option.teamHome = null;
      }
    });
  });

  document.addEventListener("htmx:after:swap", function (event) {
    var group = foundGroup(event);
    if (!group) return;
    var select = group.parentNode;
    Array.prototype.forEach.call(group.querySelectorAll("option"), function (copy) {
      var listed = Array.prototype.find.call(select.options, function (option) {
        return option.value === copy.value && option.parentNode !== group;
      });
      if (!listed) return;
      if (!select.multiple && copy.selected) listed.selected = true;
      listed.teamHome = document.createComment("team");
      listed.replaceWith(listed.teamHome);
      copy.replaceWith(listed);
    });
  });

  onReady(function () {
    renumber();
    // ECharts is loaded with `defer` after this file on the pages that need it.
    window.addEventListener("load", initCharts);
  });
})();
