/* The SCORM 1.2 package's script. Only the pages inside the package load it (scorm.py adds it to
 * them, before wellbeing.js); the book never does. It looks for a learning system's SCORM API the
 * standard way (this window's parents, then the opener's). Without one it does nothing at all, and
 * the page is the book's. With one, on a module page, it reports that module's quiz:
 *   cmi.core.lesson_status  "incomplete" when opened, "completed" once the quiz is complete under
 *                           the course's rule (wellbeing.js decides: wellbeingCourse.moduleStatus)
 *   cmi.core.score.raw      the share of scored questions right at the first Check, 0 to 100
 *   cmi.core.session_time   HHHH:MM:SS.SS
 *   cmi.suspend_data        the module's quiz answers and the learner's option order, so that a
 *                           relaunch on another device shows them again
 * Reflections are never sent: they stay in this browser's storage, as in the book, and each
 * reflection box says so. Commits after every change and on leaving; LMSFinish once. */
(function () {
  "use strict";

  // The course's storage keys (wellbeing.js): "quiz:<question id>" records and the option-order "seed".
  var PREFIX = "wellbeing-course:v1:";
  var SUSPEND_MAX = 4096; // SCORM 1.2's limit for cmi.suspend_data
  var MAX_PARENTS = 7; // as in ADL's discovery algorithm

  function apiIn(win) {
    for (var tries = 0; win && tries <= MAX_PARENTS; tries++) {
      try {
        if (win.API) return win.API;
        if (!win.parent || win.parent === win) return null;
        win = win.parent;
      } catch (e) {
        return null; // a window from another origin: its API is not ours to use
      }
    }
    return null;
  }

  function findApi() {
    var api = apiIn(window);
    try {
      if (!api && window.opener) api = apiIn(window.opener);
    } catch (e) { /* an opener from another origin */ }
    return api && typeof api.LMSInitialize === "function" ? api : null;
  }

  var api = findApi();
  if (!api) return; // outside a learning system: the book, unchanged

  /* ---- storage, as wellbeing.js keeps it ---- */

  function storage() {
    try {
      var s = window.localStorage;
      return s && !s.wbMemoryOnly ? s : null;
    } catch (e) {
      return null;
    }
  }

  function readKey(key) {
    try {
      var raw = storage() && storage().getItem(PREFIX + key);
      return raw ? JSON.parse(raw) : null;
    } catch (e) {
      return null;
    }
  }

  function writeKey(key, value) {
    try {
      if (storage()) storage().setItem(PREFIX + key, JSON.stringify(value));
    } catch (e) { /* full or refused: the page still shows what the learning system holds */ }
  }

  /* ---- suspend_data: {"v":1,"seed":n,"q":{id:[selected,result,solved,first,revealed,at]}} ---- */

  var RESULT_CODES = { correct: "c", incorrect: "i", reflective: "r", unknown: "u" };
  var RESULT_NAMES = { c: "correct", i: "incorrect", r: "reflective", u: "unknown" };

  function encode(records, seed, withDates) {
    var q = {};
    Object.keys(records).sort().forEach(function (id) {
      var r = records[id];
      var row = [Array.isArray(r.selected) ? r.selected : [], RESULT_CODES[r.result] || "", r.solved ? 1 : 0,
        RESULT_CODES[r.first] || "", r.revealed ? 1 : 0];
      if (withDates && r.at) row.push(r.at);
      q[id] = row;
    });
    var data = { v: 1, q: q };
    if (typeof seed === "number") data.seed = seed;
    return JSON.stringify(data);
  }

  function suspendData(records) {
    var seed = readKey("seed");
    var text = encode(records, seed, true);
    if (text.length > SUSPEND_MAX) text = encode(records, seed, false); // dates are the first to go
    return text.length > SUSPEND_MAX ? null : text;
  }

  // Puts the learning system's answers into this browser's storage before wellbeing.js reads it.
  // An answer already kept here and at least as recent stays as it is.
  function restore(text) {
    var data;
    try {
      data = JSON.parse(text);
    } catch (e) {
      return;
    }
    if (!data || data.v !== 1 || typeof data.q !== "object") return;
    if (typeof data.seed === "number" && typeof readKey("seed") !== "number") writeKey("seed", data.seed);
    Object.keys(data.q).forEach(function (id) {
      var row = data.q[id];
      if (!/^[a-z0-9-]+$/.test(id) || !Array.isArray(row) || !Array.isArray(row[0])) return;
      var here = readKey("quiz:" + id);
      var at = typeof row[5] === "string" ? row[5] : "";
      if (here && (!at || String(here.at || "") >= at)) return;
      var record = { selected: row[0].filter(function (n) { return typeof n === "number"; }),
        result: RESULT_NAMES[row[1]] || "", solved: row[2] === 1 || !!(here && here.solved), revealed: row[4] === 1 };
      if (RESULT_NAMES[row[3]]) record.first = RESULT_NAMES[row[3]];
      if (at) record.at = at;
      writeKey("quiz:" + id, record);
    });
  }

  /* ---- the session ---- */

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

  // The module of this page: a quiz on a page of modules/ named for it (the try-it page has a quiz too).
  var quiz = document.querySelector(".wb-quiz[data-module]");
  var slug = quiz ? quiz.getAttribute("data-module") : "";
  var path = /\/modules\/([a-z0-9-]+)\.html$/.exec(window.location.pathname);
  if (!path || path[1] !== slug) slug = "";
  var started = Date.now();
  var session = false; // LMSInitialize succeeded and LMSFinish has not been called
  var sent = {};

  // A module page is one SCO. Pages without a quiz are shared assets and report nothing.
  if (slug && String(api.LMSInitialize("")) === "true") {
    session = true;
    // The manifest's adlcp:datafromlms names the module each SCO launches; another module's page
    // reached through the book's links inside that frame is not this SCO, and must not report.
    var launched = String(api.LMSGetValue("cmi.launch_data") || "");
    if (launched && launched !== slug) {
      session = false;
      api.LMSFinish("");
    } else {
      restore(String(api.LMSGetValue("cmi.suspend_data") || ""));
    }
  }

  function set(element, value) {
    if (sent[element] === value) return false;
    sent[element] = value;
    api.LMSSetValue(element, value);
    return true;
  }

  function report() {
    if (!session) return;
    var status = window.wellbeingCourse.moduleStatus(slug);
    if (status.complete) set("cmi.core.lesson_status", "completed");
    if (status.scored && status.checked) set("cmi.core.score.raw", String(Math.round(100 * status.firstTry / status.scored)));
    var suspend = suspendData(status.records);
    if (suspend !== null) set("cmi.suspend_data", suspend);
    set("cmi.core.session_time", sessionTime(Date.now() - started));
    api.LMSCommit("");
  }

  function finish() {
    if (!session) return;
    report();
    session = false;
    api.LMSFinish("");
  }

  // Where the learner writes, inside a learning system: what they write is not sent to it.
  function noteReflections(t) {
    document.querySelectorAll(".wb-reflection").forEach(function (box) {
      var area = box.querySelector("textarea");
      if (!area || box.querySelector(".wb-scorm-note")) return;
      var note = document.createElement("p");
      note.className = "wb-hint wb-scorm-note";
      note.id = area.id + "-scorm";
      note.textContent = t("scorm.reflection_note");
      box.insertBefore(note, area);
      area.setAttribute("aria-describedby", ((area.getAttribute("aria-describedby") || "") + " " + note.id).trim());
    });
  }

  // wellbeing.js runs after this script (it reads the answers restored above), so the rest waits for it.
  document.addEventListener("DOMContentLoaded", function () {
    var course = window.wellbeingCourse;
    if (!course || typeof course.moduleStatus !== "function") return;
    noteReflections(course.t);
    if (!session) return;
    set("cmi.core.exit", "suspend"); // the next launch resumes with this session's data
    set("cmi.core.score.min", "0");
    set("cmi.core.score.max", "100");
    var status = String(api.LMSGetValue("cmi.core.lesson_status") || "");
    if (status === "" || status === "not attempted") set("cmi.core.lesson_status", "incomplete");
    report();
    document.addEventListener("wellbeing:quiz-saved", report);
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden" && session) report();
    });
    window.addEventListener("pagehide", finish);
  });
})();
