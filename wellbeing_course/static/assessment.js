/* The Wellbeing Model course: the organizational self-assessment (book/self-assessment).
 * Loaded only on pages that hold the assessment. Ratings stay in this browser's localStorage,
 * one key per statement: "wellbeing-course:v1:assessment:<statement id>". The markup (table,
 * chart, its description, every plan item) comes from templates/assessment/ (assessment_html.py); this
 * script only fills in numbers, shows the weakest areas, and exports, imports and deletes.
 * Text reaches the page through textContent only. */
(function () {
  "use strict";

  var PREFIX = "wellbeing-course:v1:assessment:";
  var SKIP = "skip";

  // Storage and downloads are wellbeing.js's, which every page loads first.
  var store = window.wellbeingCourse;
  // The interface words (words.yml), which wellbeing.js reads from the page.
  var t = store.t;

  function read(id) {
    return store.read("assessment:" + id);
  }

  // "" on success, or a sentence saying why the browser refused.
  function write(id, value) {
    return store.write("assessment:" + id, value);
  }

  function validValue(v, top) {
    return v === SKIP || (typeof v === "number" && Math.floor(v) === v && v >= 1 && v <= top);
  }

  function shown(mean) {
    return mean === null ? t("assessment.no_mean") : (Math.floor(mean * 10 + 0.5) / 10).toFixed(1);
  }

  // Why a chosen file was not read at all (wellbeing.js's readChosenJson): an unreadable file is
  // the journal's event too; the others name a self-assessment.
  function refusedWhy(refused) {
    return t(refused === "unreadable" ? "journal.refused.unreadable" : "assessment.refused." + refused);
  }

  function setup(root) {
    var data = JSON.parse(root.querySelector("script.wb-assessment-data").textContent);
    var status = root.querySelector("#wb-assessment-status");
    var alertBox = root.querySelector("#wb-assessment-alert");
    var ids = [];
    data.areas.forEach(function (a) { ids = ids.concat(a.statements); });

    function say(el, text) { el.textContent = text; }

    function current() {
      var out = {};
      root.querySelectorAll(".wb-statement").forEach(function (fs) {
        var checked = fs.querySelector("input:checked");
        if (checked) out[fs.getAttribute("data-statement")] = checked.value === SKIP ? SKIP : Number(checked.value);
      });
      return out;
    }

    function restore() {
      root.querySelectorAll(".wb-statement").forEach(function (fs) {
        var saved = read(fs.getAttribute("data-statement"));
        var value = saved && validValue(saved.value, data.top) ? String(saved.value) : null;
        fs.querySelectorAll("input").forEach(function (input) { input.checked = input.value === value; });
      });
    }

    function scores(answers) {
      return data.areas.map(function (a) {
        var given = a.statements.map(function (id) { return answers[id]; })
          .filter(function (v) { return typeof v === "number"; });
        var sum = given.reduce(function (x, y) { return x + y; }, 0);
        return { id: a.id, mean: given.length ? sum / given.length : null,
                 answered: given.length, unanswered: a.statements.length - given.length };
      });
    }

    function render() {
      var list = scores(current());
      var svg = root.querySelector("svg.wb-chart");
      var space = Number(svg.getAttribute("data-bar-space"));
      list.forEach(function (s) {
        root.querySelectorAll('[data-area="' + s.id + '"]').forEach(function (el) {
          el.querySelectorAll(".wb-mean").forEach(function (m) { m.textContent = shown(s.mean); });
          el.querySelectorAll(".wb-answered").forEach(function (m) { m.textContent = String(s.answered); });
          el.querySelectorAll(".wb-unanswered").forEach(function (m) { m.textContent = String(s.unanswered); });
          var bar = el.querySelector(".wb-chart-bar");
          if (bar) bar.setAttribute("width", s.mean === null ? "0" : String(Math.round(space * s.mean / data.top * 10) / 10));
        });
      });
      // The action plan: the weakest rated areas below the threshold, lowest first, ties in course order.
      var weak = list.filter(function (s) { return s.mean !== null && s.mean < data.threshold; });
      weak = weak.map(function (s, i) { return [s, i]; })
        .sort(function (a, b) { return a[0].mean - b[0].mean || a[1] - b[1]; })
        .map(function (p) { return p[0].id; }).slice(0, data.limit);
      var plan = root.querySelector(".wb-plan");
      var items = {};
      plan.querySelectorAll(".wb-plan-item").forEach(function (li) { items[li.getAttribute("data-area")] = li; });
      var order = weak.concat(data.areas.map(function (a) { return a.id; }).filter(function (id) { return weak.indexOf(id) < 0; }));
      order.forEach(function (id) {
        items[id].hidden = weak.indexOf(id) < 0;
        plan.appendChild(items[id]);
      });
      var message = root.querySelector("#wb-assessment-plan-message");
      var state = weak.length ? "plan" : (list.some(function (s) { return s.mean !== null; }) ? "none" : "empty");
      message.textContent = message.getAttribute("data-" + state);
    }

    root.querySelectorAll(".wb-statement input").forEach(function (input) {
      input.addEventListener("change", function () {
        var id = input.closest(".wb-statement").getAttribute("data-statement");
        var value = input.value === SKIP ? SKIP : Number(input.value);
        var problem = write(id, { value: value, at: new Date().toISOString() });
        render();
        // Said beside the statement, where the learner is (the tools are at the end of the page).
        var fs = input.closest(".wb-statement");
        if (problem) {
          say(fs.querySelector(".wb-save-status"), t("reflection.not_saved"));
          say(fs.querySelector(".wb-alert"), t("assessment.rating_not_kept", { problem: problem }));
        } else {
          say(fs.querySelector(".wb-alert"), "");
          say(fs.querySelector(".wb-save-status"), t("reflection.saved"));
        }
      });
    });

    root.querySelector('[data-assessment="export"]').addEventListener("click", function () {
      var answers = current(); // what the page shows: newest, and all there is if storage fails
      var out = ids.filter(function (id) { return id in answers; }).map(function (id) {
        return { id: id, value: answers[id], text: data.texts[id] };
      });
      var file = { format: data.format, version: 1, exported: new Date().toISOString(), answers: out };
      store.download("wellbeing-self-assessment.json", "application/json", JSON.stringify(file, null, 2));
      say(alertBox, "");
      say(status, t("assessment.exported", { count: out.length }));
    });

    // "" if the parsed file is a self-assessment this page can import, else why not.
    function invalid(file) {
      if (!file || typeof file !== "object" || file.format !== data.format) return t("assessment.refused.not_ours");
      if (file.version !== 1) return t("assessment.refused.version");
      if (!Array.isArray(file.answers)) return t("assessment.refused.lists");
      var bad = file.answers.filter(function (e) {
        return !e || typeof e.id !== "string" || ids.indexOf(e.id) < 0 || !validValue(e.value, data.top);
      });
      if (bad.length) return t("assessment.refused.entries", { count: bad.length });
      return "";
    }

    function replaceAll(answers) {
      var stamp = new Date().toISOString();
      return store.writeAll(ids.map(function (id) {
        return ["assessment:" + id, id in answers ? { value: answers[id], at: stamp } : null];
      }));
    }

    root.querySelector("#wb-assessment-import").addEventListener("change", function (event) {
      store.readChosenJson(event.target, function (file, refused) {
        var problem = refused ? refusedWhy(refused) : invalid(file);
        if (!problem && Object.keys(current()).length &&
            !window.confirm(t("assessment.import_confirm"))) {
          say(status, t("assessment.not_imported"));
          return;
        }
        if (!problem) {
          var answers = {};
          file.answers.forEach(function (e) { answers[e.id] = e.value; });
          var result = replaceAll(answers);
          if (result.problem && result.stuck.length) {
            // Storage changed under us: never claim that nothing changed.
            restore();
            render();
            say(status, "");
            say(alertBox, t("assessment.not_imported_stuck", { problem: result.problem, count: result.stuck.length }));
            return;
          }
          if (result.problem) problem = t("assessment.not_imported_because", { problem: result.problem });
        }
        if (problem) {
          say(status, "");
          say(alertBox, t("assessment.unchanged", { problem: problem }));
          return;
        }
        say(alertBox, "");
        restore();
        render();
        say(status, t("assessment.imported", { count: file.answers.length }));
      });
    });

    root.querySelector('[data-assessment="delete"]').addEventListener("click", function () {
      if (!window.confirm(t("assessment.delete_confirm"))) {
        say(status, t("journal.not_deleted"));
        return;
      }
      var failed = ids.filter(function (id) { return write(id, null) !== ""; });
      restore();
      render();
      if (failed.length) say(alertBox, t("assessment.not_deleted_some", { count: failed.length }));
      else {
        say(alertBox, "");
        say(status, t("assessment.deleted"));
      }
    });

    // Another tab changed the ratings (or the journal deleted everything): follow it.
    window.addEventListener("storage", function (event) {
      if (event.key === null || event.key.indexOf(PREFIX) === 0) {
        restore();
        render();
      }
    });

    restore();
    render();
  }

  function start() {
    document.querySelectorAll(".wb-assessment").forEach(setup);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
