/* The SCORM 1.2 package's script. Only the pages inside the package load it (scorm.py adds it to
 * them, before wellbeing.js); the book never does. It looks for a learning system's SCORM API the
 * standard way (this window's parents, then the window that opened it and its parents). Without one
 * it does nothing at all, and the page is the book's. With one:
 *
 * Storage is the learner's own. Everything the course keeps in the browser goes under a prefix made
 * of a hash of cmi.core.student_id and the attempt (a new one when cmi.core.entry is "ab-initio",
 * carried in suspend_data otherwise), through window.wellbeingStorage, which wellbeing.js reads.
 * So a second learner on the same browser, a new attempt, or another copy of the course starts
 * empty. Reflections stay in sessionStorage (gone when the window closes) unless the learner ticks
 * "keep on this computer"; each box says which.
 *
 * On a module page (one SCO), it reports that module's quiz:
 *   cmi.core.lesson_status  "incomplete" when opened, "completed" once the quiz is complete under
 *                           the course's rule (wellbeing.js decides: wellbeingCourse.moduleStatus)
 *   cmi.core.score.raw      the share of scored questions right at the first Check, 0 to 100
 *   cmi.core.session_time   HHHH:MM:SS.SS
 *   cmi.suspend_data        the attempt, the quiz answers and the learner's option order, so that a
 *                           relaunch on another device shows them again; validated before use
 * Every call's result is checked with LMSGetLastError; a refused value is sent again with the next
 * report; a failed save is shown to the learner. Reflections are never sent. Links to another
 * module say to open it from the learning system's menu instead of leaving the SCO. */
(function () {
  "use strict";

  var BASE = "wellbeing-course:v1:";
  var SPACE_KEY = BASE + "lms-space"; // sessionStorage: this window's learner and attempt, for the other pages
  var SUSPEND_MAX = 4096; // SCORM 1.2's limit for cmi.suspend_data
  var MAX_PARENTS = 7; // as in ADL's discovery algorithm
  var MAX_OPENERS = 3;
  var RETRY_MS = 15000; // a failed save is tried again after this long, or at the learner's next answer
  var MODULE_PAGE = /\/modules\/([a-z0-9-]+)\.html$/;

  /* ---- the learning system's API ---- */

  // The API in win or one of its parents. A window of another origin is skipped, not an end.
  function apiAbove(win) {
    for (var tries = 0; win && tries <= MAX_PARENTS; tries++) {
      try {
        if (win.API && typeof win.API.LMSInitialize === "function") return win.API;
      } catch (e) { /* another origin: look further up */ }
      if (!win.parent || win.parent === win) return null;
      win = win.parent;
    }
    return null;
  }

  // This window's parents, then the window that opened this tab (a frame's opener is its top's) and
  // its parents, and so on for a launch window opened from a launch window.
  function findApi() {
    var win = window;
    for (var n = 0; win && n <= MAX_OPENERS; n++) {
      var found = apiAbove(win);
      if (found) return found;
      try {
        win = win.top.opener;
      } catch (e) {
        return null;
      }
    }
    return null;
  }

  var api = findApi();
  if (!api) return; // outside a learning system: the book, unchanged

  // One call, its result checked: ok when the learning system says "true" (or gives a value) and
  // LMSGetLastError says "0". A call that throws is a failed call, never an error on the page.
  function call(name, args) {
    try {
      var result = api[name].apply(api, args);
      var code = String(api.LMSGetLastError());
      var ok = (code === "0" || code === "") && (name === "LMSGetValue" || String(result) === "true");
      return { ok: ok, value: result === null || result === undefined ? "" : String(result) };
    } catch (e) {
      return { ok: false, value: "" };
    }
  }

  function get(element) {
    var r = call("LMSGetValue", [element]);
    return r.ok ? r.value : "";
  }

  /* ---- the learner's own storage ---- */

  function local() {
    try {
      var s = window.localStorage;
      return s && !s.wbMemoryOnly ? s : null;
    } catch (e) {
      return null;
    }
  }

  function session() {
    try {
      return window.sessionStorage || null;
    } catch (e) {
      return null;
    }
  }

  function getItem(s, key) {
    try {
      return s ? s.getItem(key) : null;
    } catch (e) {
      return null;
    }
  }

  function setItem(s, key, value) {
    try {
      if (!s) return false;
      if (value === null) s.removeItem(key);
      else s.setItem(key, value);
      return true;
    } catch (e) {
      return false;
    }
  }

  // Two FNV-1a hashes: the learner's id never stands in the browser's storage as it is.
  function hashed(text) {
    function fnv(h) {
      for (var i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0;
      return ("0000000" + h.toString(16)).slice(-8);
    }
    return fnv(2166136261) + fnv(84696351);
  }

  function newAttempt() {
    return Date.now().toString(36) + Math.random().toString(36).slice(2, 8);
  }

  // The namespace wellbeing.js keeps everything under. With a known learner, quiz answers stay in
  // localStorage (the learning system has them too) and reflections in sessionStorage unless kept;
  // without one (a page reached without a launch), everything lasts only as long as the window.
  function makeSpace(prefix, known) {
    var keepKey = prefix + "keep-reflections";
    var space = {
      prefix: prefix,
      kept: function () { return known && getItem(local(), keepKey) === "true"; },
      area: function (key) {
        if (!known) return session();
        return String(key).indexOf("reflection:") === 0 && !space.kept() ? session() : local();
      },
      areas: function () { return [local(), session()].filter(Boolean); },
      // Moves every reflection to where the choice keeps it; false (nothing changed) if refused.
      keep: function (yes) {
        var from = yes ? session() : local(), to = yes ? local() : session(), moved = [];
        if (!known || !from || !to) return false;
        var keys = [];
        for (var i = 0; i < from.length; i++) {
          if (String(from.key(i)).indexOf(prefix + "reflection:") === 0) keys.push(from.key(i));
        }
        for (var j = 0; j < keys.length; j++) {
          if (!setItem(to, keys[j], getItem(from, keys[j]))) {
            moved.forEach(function (k) { setItem(to, k, null); });
            return false;
          }
          moved.push(keys[j]);
        }
        if (!setItem(local(), keepKey, yes ? "true" : null)) return false;
        keys.forEach(function (k) { setItem(from, k, null); });
        return true;
      }
    };
    return space;
  }

  /* ---- suspend_data: {"v":1,"a":attempt,"seed":n,"q":{id:[selected,result,solved,first,revealed,at]}} ---- */

  var RESULT_CODES = { correct: "c", incorrect: "i", reflective: "r", unknown: "u" };
  var RESULT_NAMES = { c: "correct", i: "incorrect", r: "reflective", u: "unknown" };
  var ATTEMPT = /^[a-z0-9]{1,24}$/;
  var DATE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;

  function isRecord(x) {
    return !!x && typeof x === "object" && !Array.isArray(x);
  }

  // This page's questions and how many options each has: the only ids suspend_data may bring.
  function pageQuestions() {
    var known = Object.create(null);
    document.querySelectorAll(".wb-question[data-question]").forEach(function (q) {
      known[q.getAttribute("data-question")] = q.querySelectorAll(".wb-option").length;
    });
    return known;
  }

  // One saved answer, or null when any part of it is not what this script writes.
  function validRow(row, options) {
    if (!Array.isArray(row) || row.length < 5 || row.length > 6 || !Array.isArray(row[0])) return null;
    var picked = row[0];
    var fine = picked.length <= options && picked.every(function (n, i) {
      return typeof n === "number" && Math.floor(n) === n && n >= 0 && n < options && picked.indexOf(n) === i;
    });
    if (!fine || !(row[1] === "" || RESULT_NAMES[row[1]]) || !(row[3] === "" || RESULT_NAMES[row[3]])) return null;
    if ((row[2] !== 0 && row[2] !== 1) || (row[4] !== 0 && row[4] !== 1)) return null;
    if (row.length === 6 && !(typeof row[5] === "string" && DATE.test(row[5]))) return null;
    var record = { selected: picked.slice(), result: RESULT_NAMES[row[1]] || "", solved: row[2] === 1, revealed: row[4] === 1 };
    if (RESULT_NAMES[row[3]]) record.first = RESULT_NAMES[row[3]];
    if (row.length === 6) record.at = row[5];
    return record;
  }

  // What the learning system kept, checked before anything is written: its size, its shape, and
  // only this page's question ids. Anything else is left out; never an error.
  function parseSuspend(text) {
    var out = { attempt: "", seed: null, records: {} }, data;
    if (!text || text.length > SUSPEND_MAX) return out;
    try {
      data = JSON.parse(text);
    } catch (e) {
      return out;
    }
    if (!isRecord(data) || data.v !== 1) return out;
    if (typeof data.a === "string" && ATTEMPT.test(data.a)) out.attempt = data.a;
    if (typeof data.seed === "number" && Math.floor(data.seed) === data.seed && data.seed >= 0 && data.seed < 4294967296) out.seed = data.seed;
    if (!isRecord(data.q)) return out;
    var known = pageQuestions();
    Object.keys(data.q).forEach(function (id) {
      if (!Object.prototype.hasOwnProperty.call(known, id)) return;
      var record = validRow(data.q[id], known[id]);
      if (record) out.records[id] = record;
    });
    return out;
  }

  function encode(attempt, records, seed, withDates) {
    var q = {};
    Object.keys(records).sort().forEach(function (id) {
      var r = records[id];
      var row = [Array.isArray(r.selected) ? r.selected : [], RESULT_CODES[r.result] || "", r.solved ? 1 : 0,
        RESULT_CODES[r.first] || "", r.revealed ? 1 : 0];
      if (withDates && r.at) row.push(r.at);
      q[id] = row;
    });
    var data = { v: 1, a: attempt, q: q };
    if (typeof seed === "number") data.seed = seed;
    return JSON.stringify(data);
  }

  // Puts the learning system's answers into this learner's storage before wellbeing.js reads it.
  // An answer already kept here and at least as recent stays as it is.
  function restore(saved, prefix) {
    var s = local();
    function read(key) {
      try {
        return JSON.parse(getItem(s, prefix + key));
      } catch (e) {
        return null;
      }
    }
    if (saved.seed !== null && typeof read("seed") !== "number") setItem(s, prefix + "seed", JSON.stringify(saved.seed));
    Object.keys(saved.records).forEach(function (id) {
      var record = saved.records[id], here = read("quiz:" + id);
      if (isRecord(here) && (!record.at || String(here.at || "") >= record.at)) return;
      if (isRecord(here) && here.solved) record.solved = true;
      setItem(s, prefix + "quiz:" + id, JSON.stringify(record));
    });
  }

  /* ---- the launch ---- */

  function pad(n, width) {
    var s = String(n);
    while (s.length < width) s = "0" + s;
    return s;
  }

  function sessionTime(ms) { // CMITimespan, HHHH:MM:SS.SS
    var hundredths = Math.floor(ms / 10);
    var h = Math.min(9999, Math.floor(hundredths / 360000));
    return pad(h, 4) + ":" + pad(Math.floor(hundredths / 6000) % 60, 2) + ":" +
      pad(Math.floor(hundredths / 100) % 60, 2) + "." + pad(hundredths % 100, 2);
  }

  // The module of this page: a quiz on a page of modules/ named for it.
  var quiz = document.querySelector(".wb-quiz[data-module]");
  var slug = quiz ? quiz.getAttribute("data-module") : "";
  var path = MODULE_PAGE.exec(window.location.pathname);
  if (!path || path[1] !== slug) slug = "";
  var started = Date.now();
  var live = false; // LMSInitialize succeeded and LMSFinish has not been called
  var connected = true; // false when a module page could not start its session
  var attempt = "";
  var space = null;

  // A module page is one SCO. Pages without a quiz are shared assets and report nothing.
  if (slug) {
    if (call("LMSInitialize", [""]).ok) {
      // The manifest's adlcp:datafromlms names the module each SCO launches; another module's page
      // shown in that frame is not this SCO, and must not report.
      var launched = get("cmi.launch_data");
      if (launched && launched !== slug) {
        call("LMSFinish", [""]);
      } else {
        live = true;
        var saved = parseSuspend(get("cmi.suspend_data"));
        attempt = get("cmi.core.entry") !== "ab-initio" && saved.attempt ? saved.attempt : newAttempt();
        space = makeSpace(BASE + "lms:" + hashed(get("cmi.core.student_id")) + ":" + attempt + ":", true);
        setItem(session(), SPACE_KEY, space.prefix);
        restore(saved, space.prefix);
      }
    } else {
      connected = false;
    }
  }
  if (!space) { // the learner and attempt this window last launched, or no one's
    var last = getItem(session(), SPACE_KEY);
    space = last && last.indexOf(BASE + "lms:") === 0 ? makeSpace(last, true) : makeSpace(BASE + "lms:none:", false);
  }
  window.wellbeingStorage = space;

  /* ---- reporting ---- */

  var want = {}; // element -> the value the learning system should hold
  var held = {}; // element -> the value it accepted and has not lost since
  var retry = null;

  function set(element, value) {
    want[element] = value;
  }

  // Sends every value not yet accepted (a refused one goes again, each time), then commits.
  // A failed commit may have lost everything sent before it: all of it goes again next time.
  function send() {
    var refused = 0;
    Object.keys(want).forEach(function (element) {
      if (held[element] === want[element]) return;
      if (call("LMSSetValue", [element, want[element]]).ok) held[element] = want[element];
      else refused += 1;
    });
    var committed = call("LMSCommit", [""]).ok;
    if (!committed) held = {};
    return committed && !refused;
  }

  function report(event) {
    if (!live) return;
    var checked = event && event.detail && document.getElementById("wb-q-" + event.detail.question);
    var feedback = checked && checked.querySelector(".wb-feedback");
    if (notice && feedback) feedback.parentNode.insertBefore(notice, feedback);
    var status = window.wellbeingCourse.moduleStatus(slug);
    if (status.complete) set("cmi.core.lesson_status", "completed");
    if (status.scored && status.checked) set("cmi.core.score.raw", String(Math.round(100 * status.firstTry / status.scored)));
    var seed = window.wellbeingCourse.read("seed");
    var text = encode(attempt, status.records, seed, true);
    if (text.length > SUSPEND_MAX) text = encode(attempt, status.records, seed, false); // dates are the first to go
    if (text.length <= SUSPEND_MAX) set("cmi.suspend_data", text);
    set("cmi.core.session_time", sessionTime(Date.now() - started));
    showSaved(send());
  }

  function finish() {
    if (!live) return;
    report();
    live = false;
    call("LMSFinish", [""]);
  }

  /* ---- what the learner sees ---- */

  var t = function (key) { return key; };
  var notice = null;

  // A notice shown only when the learning system did not take the learner's progress (and once
  // more when it did again), with a button to try at once. It stands just above the feedback of
  // the question the learner last checked, in sight, or at the top of the quiz.
  function showSaved(ok) {
    clearTimeout(retry);
    retry = null;
    if (!ok && live) retry = setTimeout(report, RETRY_MS);
    if (!notice || (ok && notice.hidden)) return;
    notice.hidden = false;
    notice.querySelector(".wb-scorm-save-text").textContent = t(ok ? "scorm.saved_again" : connected ? "scorm.not_saved" : "scorm.not_connected");
    notice.querySelector("button").hidden = ok || !connected;
  }

  function addNotice() {
    if (!quiz) return;
    notice = document.createElement("div");
    notice.className = "wb-scorm-save";
    notice.hidden = true;
    var text = document.createElement("p");
    text.className = "wb-scorm-save-text";
    text.setAttribute("role", "status");
    var again = document.createElement("button");
    again.type = "button";
    again.className = "wb-button";
    again.textContent = t("scorm.save_again");
    again.addEventListener("click", function () { report(); });
    notice.appendChild(text);
    notice.appendChild(again);
    quiz.insertBefore(notice, quiz.firstChild);
    if (!connected) showSaved(false);
  }

  // Where the learner writes: the learning system does not receive it, and it lasts for this
  // window only unless they choose to keep it on this computer.
  function noteReflections() {
    var boxes = [];
    function say() {
      boxes.forEach(function (b) {
        b.note.textContent = t(space.kept() ? "scorm.reflection_kept" : "scorm.reflection_session");
        b.keep.checked = space.kept();
      });
    }
    document.querySelectorAll(".wb-reflection").forEach(function (box) {
      var area = box.querySelector("textarea");
      if (!area || box.querySelector(".wb-scorm-note")) return;
      var note = document.createElement("p");
      note.className = "wb-hint wb-scorm-note";
      note.id = area.id + "-scorm";
      var choice = document.createElement("p");
      choice.className = "wb-scorm-keep";
      var keep = document.createElement("input");
      keep.type = "checkbox";
      keep.id = area.id + "-keep";
      var label = document.createElement("label");
      label.htmlFor = keep.id;
      label.textContent = t("scorm.keep_here");
      choice.appendChild(keep);
      choice.appendChild(label);
      keep.addEventListener("change", function () {
        space.keep(keep.checked);
        say();
      });
      box.insertBefore(note, area);
      box.insertBefore(choice, area.nextSibling);
      area.setAttribute("aria-describedby", ((area.getAttribute("aria-describedby") || "") + " " + note.id).trim());
      boxes.push({ note: note, keep: keep });
    });
    say();
  }

  // A link to another module would leave this SCO: the learning system records a module only when
  // it opens it. "Up next" says so instead of linking; any other such link says so when followed.
  function otherModule(link) {
    try {
      var url = new URL(link.getAttribute("href"), window.location.href);
      var target = MODULE_PAGE.exec(url.pathname);
      var here = MODULE_PAGE.exec(window.location.pathname);
      return url.origin === window.location.origin && target && (!here || target[1] !== here[1]);
    } catch (e) {
      return false;
    }
  }

  function guardModuleLinks() {
    document.querySelectorAll(".wb-up-next a.wb-up-next-link").forEach(function (link) {
      if (!otherModule(link)) return;
      var title = document.createElement("p");
      title.className = "wb-scorm-next";
      title.textContent = link.textContent;
      var how = document.createElement("p");
      how.className = "wb-hint";
      how.textContent = t("scorm.next_from_menu");
      link.replaceWith(title, how);
    });
    document.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest("a[href]");
      if (!link || !otherModule(link)) return;
      event.preventDefault();
      event.stopPropagation();
      var block = link.closest("p,li,dd,td,.wb-up-next") || link.parentNode;
      var note = block.querySelector(".wb-scorm-link-note");
      if (!note) {
        note = document.createElement("span");
        note.className = "wb-hint wb-scorm-link-note";
        note.setAttribute("role", "status");
        block.appendChild(note);
      }
      note.textContent = " " + t("scorm.module_from_menu");
    }, true);
  }

  // wellbeing.js runs after this script (it reads the answers restored above), so the rest waits for it.
  document.addEventListener("DOMContentLoaded", function () {
    var course = window.wellbeingCourse;
    if (!course || typeof course.moduleStatus !== "function") return;
    t = course.t;
    noteReflections();
    guardModuleLinks();
    addNotice();
    if (!live) return;
    set("cmi.core.exit", "suspend"); // the next launch resumes with this session's data
    set("cmi.core.score.min", "0");
    set("cmi.core.score.max", "100");
    var status = get("cmi.core.lesson_status");
    if (status === "" || status === "not attempted") set("cmi.core.lesson_status", "incomplete");
    report();
    document.addEventListener("wellbeing:quiz-saved", report);
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden" && live) report();
    });
    window.addEventListener("pagehide", finish);
  });
})();
