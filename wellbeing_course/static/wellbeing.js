/* The Wellbeing Model course: quizzes, reflections, the journal, progress and quick exit,
 * with no kernel and no request to any server. Everything a learner types or chooses stays in
 * this browser's localStorage under keys that start with PREFIX; text always reaches the page
 * through textContent or value, never as markup. */
(function () {
  "use strict";

  // Inside a learning system, scorm.js (which runs first) sets window.wellbeingStorage: the prefix of
  // this learner's and this attempt's own keys, and the storage that holds each key (a reflection
  // stays in sessionStorage unless the learner chooses to keep it). Outside one: localStorage.
  var SPACE = window.wellbeingStorage || null;
  var PREFIX = SPACE ? SPACE.prefix : "wellbeing-course:v1:";
  var SAVE_DELAY_MS = 600; // autosave at most a second behind the learner's typing
  var FORMAT = "wellbeing-course-journal";

  /* ---- the interface words: the catalog (words.yml) that the page carries as JSON ---- */

  var WORDS = (function () {
    var el = document.getElementById("wb-words");
    try {
      return el ? JSON.parse(el.textContent) : {};
    } catch (e) {
      return {};
    }
  })();

  // t("quiz.question_number", {number: 2, count: 8}): the catalog's words, placeholders filled.
  function t(key, values) {
    var node = key.split(".").reduce(function (n, part) { return n && n[part]; }, WORDS);
    if (typeof node !== "string") return key;
    return node.replace(/\{(\w+)\}/g, function (m, name) {
      return values && Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : m;
    });
  }

  /* ---- storage that never throws ---- */

  function storage(key) {
    try {
      var s = SPACE ? SPACE.area(key) : window.localStorage; // throws SecurityError when storage is disabled
      // Our page template swaps in a memory-only stand-in then, for the theme: never trust it.
      return s && !s.wbMemoryOnly ? s : null;
    } catch (e) {
      return null;
    }
  }

  function read(key) {
    var raw = getRaw(key);
    if (raw === null) return null;
    try {
      return JSON.parse(raw);
    } catch (e) {
      return null;
    }
  }

  // The stored string itself, or null: what a rollback must put back exactly.
  function getRaw(key) {
    var s = storage(key);
    if (!s) return null;
    try {
      return s.getItem(PREFIX + key);
    } catch (e) {
      return null;
    }
  }

  // Stores one string (null removes the key). Returns "" on success, or a sentence saying why
  // the browser refused.
  function putRaw(key, raw) {
    var s = storage(key);
    if (!s) return t("storage.off");
    try {
      if (raw === null) s.removeItem(PREFIX + key);
      else s.setItem(PREFIX + key, raw);
      return "";
    } catch (e) {
      if (e && (e.name === "QuotaExceededError" || e.code === 22)) return t("storage.full");
      return t("storage.refused", { name: e && e.name ? e.name : t("storage.unknown_error") });
    }
  }

  function write(key, value) {
    return putRaw(key, value === null ? null : JSON.stringify(value));
  }

  function ourKeys() {
    var keys = [];
    (SPACE ? SPACE.areas() : [storage()]).forEach(function (s) {
      try {
        for (var i = 0; s && i < s.length; i++) {
          var k = s.key(i);
          if (k && k.indexOf(PREFIX) === 0 && keys.indexOf(k.slice(PREFIX.length)) < 0) keys.push(k.slice(PREFIX.length));
        }
      } catch (e) { /* storage vanished mid-loop: report what we have */ }
    });
    return keys;
  }

  // How much a change adds to what storage holds (negative when it frees space).
  function growth(change) {
    function size(raw) { return raw === null ? 0 : change.key.length + raw.length; }
    return size(change.after) - size(change.before);
  }

  // Puts every change back as it was, newest first. Undoing the last change returns storage to the
  // state it was in just before that change was made, a state that fitted; so each step fits too,
  // however full storage is. (Putting them back oldest first can fail: an early change that freed
  // room may have let a later one take it.) Returns the keys that are still not as they were.
  function rollBack(done) {
    for (var round = 0; round < 2; round++) {
      for (var i = done.length - 1; i >= 0; i--) {
        if (getRaw(done[i].key) !== done[i].before) putRaw(done[i].key, done[i].before);
      }
      var stuck = done.filter(function (c) { return getRaw(c.key) !== c.before; });
      if (!stuck.length) return [];
    }
    return stuck.map(function (c) { return c.key; });
  }

  // Applies a list of changes {key, before, after} (raw strings, null for "no key") all or none.
  // Changes that free space go first, so that a nearly full storage takes as much as it can; each
  // value is read back to check that the browser kept it. Returns {problem: "" or why the browser
  // refused, stuck: keys a failed attempt could not put back, changes: what was changed}.
  function applyChanges(changes) {
    changes = changes.filter(function (c) { return c.before !== c.after; })
      .map(function (c, i) { return [c, i]; })
      .sort(function (a, b) { return growth(a[0]) - growth(b[0]) || a[1] - b[1]; })
      .map(function (p) { return p[0]; });
    var done = [];
    for (var i = 0; i < changes.length; i++) {
      var problem = putRaw(changes[i].key, changes[i].after);
      if (!problem && getRaw(changes[i].key) !== changes[i].after) problem = t("storage.not_kept");
      if (problem) return { problem: problem, stuck: rollBack(done.concat([changes[i]])), changes: [] };
      done.push(changes[i]);
    }
    return { problem: "", stuck: [], changes: done };
  }

  // Writes every [key, value] (null removes the key) or none; see applyChanges.
  function writeAll(writes) {
    return applyChanges(writes.map(function (w) {
      return { key: w[0], before: getRaw(w[0]), after: w[1] === null ? null : JSON.stringify(w[1]) };
    }));
  }

  // Deeper than any file the course writes, far shallower than what exhausts a parser.
  var MAX_DEPTH = 8;
  var MAX_BYTES = 5 * 1024 * 1024; // a browser keeps at most about this much for a site

  function deeperThan(text, limit) {
    var depth = 0, inString = false;
    for (var i = 0; i < text.length; i++) {
      var c = text.charCodeAt(i);
      if (inString) {
        if (c === 92) i++; // backslash: skip the escaped character
        else if (c === 34) inString = false;
      } else if (c === 34) inString = true;
      else if (c === 123 || c === 91) { if (++depth > limit) return true; }
      else if (c === 125 || c === 93) depth--;
    }
    return false;
  }

  function megabytes(bytes) {
    return (Math.round(bytes / 1024 / 1024 * 10) / 10) + " MB";
  }

  // Reads the file chosen in a file input as JSON: done(data, problem), where problem is "" or one
  // of "unreadable", "too_big", "too_deep" or "not_json", and the third argument gives the sizes
  // for "too_big". A file that is too large or too deeply nested is never parsed. Clears the
  // input, so the same file can be chosen again.
  function readChosenJson(input, done) {
    var file = input.files && input.files[0];
    if (!file) return;
    if (file.size > MAX_BYTES) {
      input.value = "";
      done(undefined, "too_big", { size: megabytes(file.size), limit: megabytes(MAX_BYTES) });
      return;
    }
    var reader = new FileReader();
    reader.onload = function () {
      var text = String(reader.result), data, problem = "";
      if (deeperThan(text, MAX_DEPTH)) problem = "too_deep";
      else {
        try {
          data = JSON.parse(text);
        } catch (e) {
          problem = "not_json";
        }
      }
      input.value = "";
      done(data, problem);
    };
    reader.onerror = function () {
      input.value = "";
      done(undefined, "unreadable");
    };
    reader.readAsText(file);
  }

  function say(el, text) {
    if (el) el.textContent = text;
  }

  function now() {
    return new Date().toISOString();
  }

  function newRev() {
    return Date.now().toString(36) + Math.random().toString(36).slice(2, 8);
  }

  /* ---- quizzes ---- */

  // Each learner sees a question's options in their own order, the same on every visit: a seed kept
  // once in this browser, and a permutation per question id drawn from it (when storage is off,
  // a seed for this page load). Answers are stored as the options' authored indices, so the key
  // follows the option, not its place. True/false keeps True, then False. Print keeps the authored
  // order (see "beforeprint" below, and authoredOrder() for the PDF).

  var pageSeed = null;

  function learnerSeed() {
    if (pageSeed !== null) return pageSeed;
    var stored = read("seed");
    if (typeof stored === "number" && stored >= 0) return (pageSeed = stored);
    pageSeed = Math.floor(Math.random() * 4294967296);
    write("seed", pageSeed);
    return pageSeed;
  }

  function hash(text, seed) { // FNV-1a over the question id, started from the learner's seed
    var h = (2166136261 ^ seed) >>> 0;
    for (var i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 16777619) >>> 0;
    }
    return h;
  }

  function seeded(seed) { // mulberry32: small, and the same numbers in every browser
    return function () {
      seed = (seed + 0x6D2B79F5) >>> 0;
      var x = seed;
      x = Math.imul(x ^ (x >>> 15), x | 1);
      x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
      return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
    };
  }

  function learnerOrder(id, count) {
    var next = seeded(hash(id, learnerSeed())), out = [];
    for (var i = 0; i < count; i++) out.push(i);
    for (var j = count - 1; j > 0; j--) {
      var k = Math.floor(next() * (j + 1)), swap = out[j];
      out[j] = out[k];
      out[k] = swap;
    }
    return out;
  }

  function arrange(q, shuffled) {
    var box = q.querySelector(".wb-options");
    if (!box) return;
    var items = Array.prototype.slice.call(box.querySelectorAll(".wb-option"));
    var byIndex = {};
    items.forEach(function (el) { byIndex[el.getAttribute("data-option")] = el; });
    var seq = items.map(function (el, i) { return i; });
    if (shuffled && q.getAttribute("data-type") !== "true-false") seq = learnerOrder(q.getAttribute("data-question"), items.length);
    seq.forEach(function (i) { if (byIndex[i]) box.appendChild(byIndex[i]); });
  }

  function arrangeAll(shuffled) {
    document.querySelectorAll(".wb-question").forEach(function (q) { arrange(q, shuffled); });
  }

  function questionData(q) {
    return JSON.parse(q.querySelector("script.wb-data").textContent);
  }

  // The authored indices of the options, in the order the learner sees them.
  function shownOrder(q) {
    return Array.prototype.map.call(q.querySelectorAll(".wb-option"), function (el) { return Number(el.getAttribute("data-option")); });
  }

  function selected(q) {
    var out = [];
    q.querySelectorAll("input").forEach(function (input) {
      if (input.checked) out.push(Number(input.value));
    });
    return out;
  }

  function rightOptions(data) {
    return data.options.map(function (o, i) { return o.correct ? i : -1; }).filter(function (i) { return i >= 0; });
  }

  function verdict(data, chosen) {
    if (data.type === "reflective") return "reflective";
    var right = rightOptions(data);
    var same = right.length === chosen.length && right.every(function (i) { return chosen.indexOf(i) >= 0; });
    return same ? "correct" : "incorrect";
  }

  function para(box, text, className) {
    var p = document.createElement("p");
    if (className) p.className = className;
    p.textContent = text;
    box.appendChild(p);
    return p;
  }

  // Feedback for the options in `which` (authored indices), in the order the learner sees them:
  // one paragraph when there is one option, else a list naming each option.
  function optionFeedback(box, q, data, which) {
    var shown = shownOrder(q).filter(function (i) { return which.indexOf(i) >= 0; });
    if (shown.length === 1 && data.type !== "multiple") {
      para(box, data.options[shown[0]].feedback);
      return;
    }
    var list = document.createElement("ul");
    shown.forEach(function (i) {
      var item = document.createElement("li");
      var ref = document.createElement("span");
      ref.className = "wb-ref";
      ref.textContent = data.options[i].text;
      item.appendChild(ref);
      item.appendChild(document.createTextNode(" " + data.options[i].feedback));
      list.appendChild(item);
    });
    box.appendChild(list);
  }

  // "Check": the verdict, and short feedback for each option chosen. A wrong "select all" says how
  // many are right and wrong, never which. The explanation comes with a right answer only.
  function showFeedback(q, data, chosen, result) {
    var box = q.querySelector(".wb-feedback");
    box.textContent = "";
    box.className = "wb-feedback wb-" + result;
    para(box, t("quiz.verdict." + result), "wb-verdict");
    if (data.type === "multiple" && result === "incorrect") {
      var right = rightOptions(data);
      para(box, t("quiz.multiple_count", {
        found: chosen.filter(function (i) { return right.indexOf(i) >= 0; }).length,
        total: right.length,
        wrong: chosen.filter(function (i) { return right.indexOf(i) < 0; }).length,
      }));
    }
    optionFeedback(box, q, data, chosen);
    if (data.explanation && result !== "incorrect") para(box, data.explanation);
    q.querySelector(".wb-retry").hidden = false;
    q.querySelector(".wb-show").hidden = result !== "incorrect";
  }

  // "Show the answer": mark the right options above, and give the reasoning for each.
  function showAnswer(q, data) {
    var right = rightOptions(data);
    q.querySelectorAll(".wb-option").forEach(function (el) {
      if (right.indexOf(Number(el.getAttribute("data-option"))) < 0 || el.querySelector(".wb-key-mark")) return;
      el.classList.add("wb-key");
      var mark = document.createElement("span");
      mark.className = "wb-key-mark";
      mark.textContent = " (" + t("quiz.key_mark") + ")";
      el.querySelector("label").appendChild(mark);
    });
    var box = q.querySelector(".wb-feedback");
    box.textContent = "";
    box.className = "wb-feedback wb-answer";
    para(box, t("quiz.answer_head"), "wb-verdict");
    para(box, t(right.length > 1 ? "quiz.answer_multiple" : "quiz.answer_single"));
    optionFeedback(box, q, data, right);
    if (data.explanation) para(box, data.explanation);
    q.querySelector(".wb-show").hidden = true;
  }

  function unmark(q) {
    q.querySelectorAll(".wb-key-mark").forEach(function (m) { m.remove(); });
    q.querySelectorAll(".wb-key").forEach(function (el) { el.classList.remove("wb-key"); });
  }

  function clearAnswer(q) {
    q.querySelectorAll("input").forEach(function (input) { input.checked = false; });
    unmark(q);
    var box = q.querySelector(".wb-feedback");
    box.textContent = "";
    box.className = "wb-feedback";
    q.querySelector(".wb-retry").hidden = true;
    q.querySelector(".wb-show").hidden = true;
  }

  // A record per question: the choice (authored indices), its verdict, whether the question
  // has ever been answered right without the answer shown first ("solved"), which is what counts,
  // and the verdict of its first Check ("first", for the SCORM package's score).
  function saveQuestion(id, update) {
    var record = read("quiz:" + id) || {};
    Object.keys(update).forEach(function (k) { record[k] = update[k]; });
    var problem = write("quiz:" + id, record);
    // For listeners such as the SCORM package's script (scorm.js): a quiz answer changed.
    document.dispatchEvent(new CustomEvent("wellbeing:quiz-saved", { detail: { question: id } }));
    return problem;
  }

  function showSaved(q, data, saved) {
    clearAnswer(q);
    if (!saved || !Array.isArray(saved.selected) || !saved.selected.length) return;
    q.querySelectorAll("input").forEach(function (input) {
      input.checked = saved.selected.indexOf(Number(input.value)) >= 0;
    });
    showFeedback(q, data, saved.selected, verdict(data, saved.selected));
    if (saved.revealed) showAnswer(q, data);
  }

  function setupQuestion(q) {
    var id = q.getAttribute("data-question");
    var data = questionData(q);
    var box = q.querySelector(".wb-feedback");
    arrange(q, true);
    showSaved(q, data, read("quiz:" + id));
    function report(problem) {
      if (problem) para(box, t("quiz.not_kept") + problem);
    }
    q.querySelector(".wb-check").addEventListener("click", function () {
      var chosen = selected(q);
      if (!chosen.length) {
        box.className = "wb-feedback wb-empty";
        say(box, t("quiz.choose_first"));
        return;
      }
      var result = verdict(data, chosen);
      var before = read("quiz:" + id) || {};
      var revealed = !!before.revealed && before.selected && before.selected.length > 0;
      unmark(q);
      showFeedback(q, data, chosen, result);
      var solved = isSolved(before) || result === "reflective" || (result === "correct" && !revealed);
      // The verdict of the first Check ("unknown" for a record saved before this field existed).
      var first = before.first || (before.at ? "unknown" : result);
      report(saveQuestion(id, { selected: chosen, result: result, at: now(), solved: solved, revealed: false, first: first }));
      updateProgress();
    });
    q.querySelector(".wb-retry").addEventListener("click", function () {
      clearAnswer(q);
      report(saveQuestion(id, { selected: [], result: "", revealed: false }));
      var first = q.querySelector(".wb-option input");
      if (first) first.focus();
    });
    q.querySelector(".wb-show").addEventListener("click", function () {
      showAnswer(q, data);
      report(saveQuestion(id, { revealed: true }));
      q.querySelector(".wb-retry").focus();
    });
  }

  // Print and PDF show the authored order; the screen goes back to the learner's order after.
  window.addEventListener("beforeprint", function () { arrangeAll(false); });
  window.addEventListener("afterprint", function () { arrangeAll(true); });
  // A reflection prints from a copy of its text (wellbeing.css): a box prints only the lines it
  // shows on screen, so a long answer was cut on paper.
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll(".wb-reflection textarea").forEach(function (area) {
      var copy = area.parentNode.querySelector(".wb-reflection-print");
      if (!copy) {
        copy = element("div", "wb-reflection-print");
        area.after(copy);
      }
      copy.textContent = area.value;
    });
  });

  /* ---- reflections ---- */

  var boxes = {}; // reflection id -> list of controllers on this page

  function setupReflection(el) {
    var id = el.getAttribute("data-reflection");
    var area = el.querySelector("textarea");
    var status = el.querySelector(".wb-save-status");
    var alertBox = el.querySelector(".wb-alert");
    var saved = read("reflection:" + id);
    var ctl = { id: id, area: area, rev: saved ? saved.rev : null, dirty: false, conflict: false, timer: null };
    area.value = saved ? saved.text : "";

    function clearAlert() {
      alertBox.textContent = "";
    }

    function flush() {
      clearTimeout(ctl.timer);
      ctl.timer = null;
      if (!ctl.dirty || ctl.conflict) return;
      var current = read("reflection:" + id);
      if (current && current.rev !== ctl.rev && current.text !== area.value) {
        return conflict(current);
      }
      var record = { text: area.value, updated: now(), rev: newRev(), module: el.getAttribute("data-module") };
      var problem = area.value ? write("reflection:" + id, record) : write("reflection:" + id, null);
      if (problem) {
        say(status, t("reflection.not_saved"));
        say(alertBox, t("reflection.not_saved_because", { problem: problem }));
        return;
      }
      ctl.rev = area.value ? record.rev : null;
      ctl.dirty = false;
      clearAlert();
      say(status, t("reflection.saved"));
    }

    function conflict(current) {
      ctl.conflict = true;
      say(status, t("reflection.not_saved"));
      alertBox.textContent = "";
      var p = document.createElement("p");
      p.textContent = t("reflection.conflict");
      alertBox.appendChild(p);
      var keep = document.createElement("button");
      keep.type = "button";
      keep.className = "wb-button";
      keep.textContent = t("reflection.keep_mine");
      var take = document.createElement("button");
      take.type = "button";
      take.className = "wb-button";
      take.textContent = t("reflection.use_other");
      keep.addEventListener("click", function () {
        ctl.conflict = false;
        ctl.rev = (read("reflection:" + id) || {}).rev || null;
        ctl.dirty = true;
        flush();
        area.focus();
      });
      take.addEventListener("click", function () {
        var other = read("reflection:" + id);
        ctl.conflict = false;
        ctl.dirty = false;
        area.value = other ? other.text : "";
        ctl.rev = other ? other.rev : null;
        clearAlert();
        say(status, t("reflection.showing_other"));
        area.focus();
      });
      alertBox.appendChild(keep);
      alertBox.appendChild(take);
    }

    area.addEventListener("input", function () {
      ctl.dirty = true;
      say(status, t("reflection.saving"));
      clearTimeout(ctl.timer);
      ctl.timer = setTimeout(flush, SAVE_DELAY_MS);
    });
    area.addEventListener("blur", flush);
    ctl.flush = flush;
    ctl.conflict_with = conflict;
    ctl.reload = function () {
      var record = read("reflection:" + id);
      area.value = record ? record.text : "";
      ctl.rev = record ? record.rev : null;
      ctl.dirty = false;
      ctl.conflict = false;
      clearAlert();
    };
    // Undoing an import puts back text that was only in this box: it is unsaved again until it saves.
    ctl.putBack = function (text) {
      area.value = text;
      ctl.dirty = true;
      ctl.rev = (read("reflection:" + id) || {}).rev || null;
      flush();
    };
    (boxes[id] = boxes[id] || []).push(ctl);
  }

  function flushAll() {
    Object.keys(boxes).forEach(function (id) {
      boxes[id].forEach(function (ctl) { ctl.flush(); });
    });
  }

  // Another tab saved: follow it quietly unless this tab has unsaved text, which is never dropped.
  window.addEventListener("storage", function (event) {
    if (event.key === PREFIX + DELETED_KEY && event.newValue) dropUndo();
    if (!event.key || event.key.indexOf(PREFIX + "reflection:") !== 0) {
      if (event.key === null) Object.keys(boxes).forEach(function (id) { boxes[id].forEach(function (c) { if (!c.dirty) c.reload(); }); });
      updateProgress();
      return;
    }
    var id = event.key.slice((PREFIX + "reflection:").length);
    (boxes[id] || []).forEach(function (ctl) {
      var record = read("reflection:" + id);
      if (ctl.dirty && (!record || record.text !== ctl.area.value)) ctl.conflict_with(record || { text: "" });
      else ctl.reload();
    });
  });

  /* ---- the journal: download, back up, restore (undoably), delete ---- */

  // What the last restore changed, so that it can be undone until the next one. Kept in
  // sessionStorage (this tab only, gone when the tab closes, and not counted against the room in
  // localStorage that a restore may have filled), or in memory where that is refused.
  var UNDO_KEY = PREFIX + "undo-import";
  var undoInMemory = null;

  function saveUndo(snapshot) {
    undoInMemory = snapshot;
    try {
      if (snapshot) window.sessionStorage.setItem(UNDO_KEY, JSON.stringify(snapshot));
      else window.sessionStorage.removeItem(UNDO_KEY);
    } catch (e) { /* the copy in memory lasts until the page closes */ }
  }

  // "Delete everything" in another tab: this tab's copy goes too, and its Undo button with it.
  var DELETED_KEY = "deleted-everything";

  function dropUndo() {
    saveUndo(null);
    document.querySelectorAll('[data-journal="undo"]').forEach(function (b) { b.hidden = true; });
  }

  function loadUndo() {
    try {
      var raw = window.sessionStorage.getItem(UNDO_KEY);
      if (raw) return JSON.parse(raw);
    } catch (e) { /* fall back to memory */ }
    return undoInMemory;
  }

  function own(obj, key) {
    return Object.prototype.hasOwnProperty.call(obj, key);
  }

  // The course as the journal page carries it: the pages with reflection prompts in the order a
  // learner meets them, and each quiz question with its number of options.
  function courseData(root) {
    var el = root.querySelector("script.wb-journal-course");
    var data = { pages: [], questions: [] };
    try {
      if (el) data = JSON.parse(el.textContent);
    } catch (e) { /* an empty course refuses every file rather than accepting any */ }
    var course = { prompts: Object.create(null), order: [], options: Object.create(null), questionOrder: [], data: data };
    data.pages.forEach(function (page) {
      page.reflections.forEach(function (r) {
        course.prompts[r.id] = { prompt: r.prompt, page: page.slug, title: page.title };
        course.order.push(r.id);
      });
    });
    data.questions.forEach(function (q) {
      course.options[q.id] = q.options;
      course.questionOrder.push(q.id);
    });
    return course;
  }

  // What this device holds for a prompt: the box's text while it is not saved, else the stored text.
  function mine(id) {
    var unsaved = (boxes[id] || []).filter(function (c) { return c.dirty; })[0];
    if (unsaved) return { text: unsaved.area.value, unsaved: true };
    var record = read("reflection:" + id);
    return { text: record && typeof record.text === "string" ? record.text : "", unsaved: false };
  }

  function reloadBoxes(id) {
    (boxes[id] || []).forEach(function (c) { c.reload(); });
  }

  // Every answered prompt, in the order a learner meets them; answers to prompts the course no
  // longer has come last.
  function journalEntries(course) {
    var texts = Object.create(null);
    ourKeys().forEach(function (key) {
      if (key.indexOf("reflection:") === 0) texts[key.slice(11)] = mine(key.slice(11)).text;
    });
    // What is on the page is newest, and is all there is when storage is failing.
    Object.keys(boxes).forEach(function (id) { texts[id] = mine(id).text; });
    var ids = course.order.filter(function (id) { return texts[id]; }).concat(
      Object.keys(texts).filter(function (id) { return texts[id] && !(id in course.prompts); }).sort());
    return ids.map(function (id) {
      var known = course.prompts[id], record = read("reflection:" + id) || {};
      return { id: id, module: known ? known.page : String(record.module || ""),
               prompt: known ? known.prompt : typeof record.prompt === "string" ? record.prompt : "",
               text: texts[id], updated: typeof record.updated === "string" ? record.updated : "" };
    });
  }

  function quizEntries(course) {
    var rank = function (id) { var i = course.questionOrder.indexOf(id); return i < 0 ? course.questionOrder.length : i; };
    return ourKeys().filter(function (k) { return k.indexOf("quiz:") === 0; }).map(function (k) { return k.slice(5); })
      .sort(function (a, b) { return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0); })
      .map(function (id) {
        var r = read("quiz:" + id) || {};
        return { id: id, selected: r.selected || [], result: r.result || "", at: r.at || "", solved: isSolved(r) };
      });
  }

  function download(name, type, text) {
    var url = URL.createObjectURL(new Blob([text], { type: type }));
    var a = document.createElement("a");
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  }

  // The journal to read or print: each page under its title, each answer under its prompt.
  function toMarkdown(entries, course) {
    var lines = ["# " + t("journal.title"), "", t("journal.exported_on", { date: now().slice(0, 10) }), ""];
    var heading = null;
    entries.forEach(function (e) {
      var known = course.prompts[e.id];
      var title = known ? known.title : t("journal.other_module");
      if (title !== heading) {
        heading = title;
        lines.push("## " + title, "");
      }
      lines.push("### " + (known ? known.prompt : e.prompt || e.id), "", e.text, "");
    });
    return lines.join("\n");
  }

  // A file's answers, read by the rules JupyterLab reads them by (backup.js): {refused, reflections,
  // quiz, gone, aside}.
  function checked(data, course) {
    return window.wellbeingBackup.checkBackup(data, course.data);
  }

  // What restoring the file would change, given the learner's choices so far ({id: "mine" |
  // "theirs" | "both"}). A prompt for which the file and this device hold different words, and no
  // choice has been made, is asked about instead of changed.
  function restorePlan(data, course, choices) {
    var stamp = now(), plan = { changes: [], asks: [], kept: 0, quiz: 0, unsaved: {} };
    data.reflections.forEach(function (e) {
      var key = "reflection:" + e.id, have = mine(e.id), text;
      if (e.text === have.text) {
        if (!have.unsaved) return; // already the same
        text = e.text; // the same words: restoring saves what the box shows
      } else if (!e.text) {
        plan.kept += 1; // an empty answer in a file never erases one on this device
        return;
      } else if (!have.text) {
        text = e.text;
      } else if (!choices[e.id]) {
        plan.asks.push({ id: e.id, mine: have, theirs: e.text, prompt: e.prompt });
        return;
      } else if (choices[e.id] === "mine") {
        plan.kept += 1;
        return;
      } else if (choices[e.id] === "theirs") {
        text = e.text;
      } else {
        text = have.text + "\n\n" + t("journal.conflict.both_separator", { date: stamp.slice(0, 10) }) + "\n\n" + e.text;
      }
      if (have.unsaved) plan.unsaved[e.id] = have.text; // kept for "Undo this import"
      var known = course.prompts[e.id], record = { text: text, updated: e.updated || stamp, rev: newRev(),
        module: known ? known.page : e.module };
      if (!known) record.prompt = e.prompt; // a prompt this course no longer asks: its words are kept with the answer
      plan.changes.push({ key: key, before: getRaw(key), after: JSON.stringify(record) });
    });
    data.quiz.forEach(function (e) {
      var key = "quiz:" + e.id;
      if (getRaw(key) !== null) return; // this device's own answer is kept
      plan.quiz += 1;
      plan.changes.push({ key: key, before: null, after: JSON.stringify({
        selected: e.selected, result: e.result, at: e.at || stamp, solved: isSolved(e) }) });
    });
    return plan;
  }

  function element(tag, className, text) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    if (text !== undefined) el.textContent = text;
    return el;
  }

  // Asks, in the page, what to keep for each prompt on which the file and this device disagree.
  // answer(choices) is called once every prompt has a choice; cancel() if the learner cancels.
  function askConflicts(panel, asks, course, answer, cancel) {
    var CHOICES = ["mine", "theirs", "both"];
    panel.textContent = "";
    panel.hidden = false;
    var head = element("p", "wb-conflict-heading");
    head.appendChild(element("strong", "", t("journal.conflict.heading")));
    head.tabIndex = -1;
    panel.appendChild(head);
    panel.appendChild(element("p", "", t("journal.conflict.intro", { count: asks.length })));
    var all = element("div", "wb-conflict-all");
    var allLabel = element("span", "", t("journal.conflict.all"));
    allLabel.id = "wb-conflict-all-label";
    all.setAttribute("role", "group");
    all.setAttribute("aria-labelledby", allLabel.id);
    all.appendChild(allLabel);
    panel.appendChild(all);
    var groups = [];
    asks.forEach(function (a) {
      var known = course.prompts[a.id] || { prompt: a.prompt || a.id, title: t("journal.other_module") };
      var fs = element("fieldset", "wb-conflict");
      fs.appendChild(element("legend", "", known.prompt + " (" + known.title + ")"));
      var label = element("p", "wb-conflict-label", t("journal.conflict.mine_label"));
      if (a.mine.unsaved) label.appendChild(document.createTextNode(" " + t("journal.conflict.unsaved")));
      fs.appendChild(label);
      fs.appendChild(element("div", "wb-conflict-text", a.mine.text));
      fs.appendChild(element("p", "wb-conflict-label", t("journal.conflict.theirs_label")));
      fs.appendChild(element("div", "wb-conflict-text", a.theirs));
      var radios = element("div", "wb-conflict-choices");
      CHOICES.forEach(function (choice) {
        var option = element("div", "wb-option");
        var input = element("input");
        input.type = "radio";
        input.name = "wb-conflict-" + a.id;
        input.id = "wb-conflict-" + a.id + "-" + choice;
        input.value = choice;
        var text = element("label", "", t("journal.conflict." + choice));
        text.htmlFor = input.id;
        option.appendChild(input);
        option.appendChild(text);
        radios.appendChild(option);
      });
      fs.appendChild(radios);
      panel.appendChild(fs);
      groups.push({ id: a.id, fieldset: fs });
    });
    CHOICES.forEach(function (choice) {
      var button = element("button", "wb-button", t("journal.conflict." + choice));
      button.type = "button";
      button.setAttribute("data-conflict-all", choice);
      button.addEventListener("click", function () {
        groups.forEach(function (g) { g.fieldset.querySelector('input[value="' + choice + '"]').checked = true; });
      });
      all.appendChild(button);
    });
    var note = element("p", "wb-save-status");
    note.setAttribute("role", "status");
    var apply = element("button", "wb-button", t("journal.conflict.apply"));
    apply.type = "button";
    apply.setAttribute("data-conflict", "apply");
    var stop = element("button", "wb-button", t("journal.conflict.cancel"));
    stop.type = "button";
    stop.setAttribute("data-conflict", "cancel");
    var actions = element("div", "wb-journal-tools");
    actions.appendChild(apply);
    actions.appendChild(stop);
    panel.appendChild(actions);
    panel.appendChild(note);
    apply.addEventListener("click", function () {
      var choices = {}, missing = null;
      groups.forEach(function (g) {
        var checked = g.fieldset.querySelector("input:checked");
        if (checked) choices[g.id] = checked.value;
        else if (!missing) missing = g.fieldset.querySelector("input");
      });
      if (missing) {
        say(note, t("journal.conflict.choose_each"));
        missing.focus();
        return;
      }
      panel.hidden = true;
      panel.textContent = "";
      answer(choices);
    });
    stop.addEventListener("click", function () {
      panel.hidden = true;
      panel.textContent = "";
      cancel();
    });
    head.focus();
  }

  function setupJournal(root) {
    var course = courseData(root);
    var status = root.querySelector("#wb-journal-status");
    var alertBox = root.querySelector("#wb-journal-alert");
    var panel = root.querySelector("#wb-journal-conflicts");
    var undoButton = root.querySelector('[data-journal="undo"]');
    var input = root.querySelector("#wb-journal-import");
    undoButton.hidden = !loadUndo();

    function promptsOf(keys) {
      return keys.map(function (key) {
        var id = key.replace(/^(reflection|quiz):/, "");
        return course.prompts[id] ? "“" + course.prompts[id].prompt + "”" : id;
      }).join("; ");
    }

    function stillUnsaved() {
      return Object.keys(boxes).some(function (id) { return boxes[id].some(function (c) { return c.dirty; }); });
    }

    function refuse(message) {
      say(status, "");
      say(alertBox, message);
    }

    // Restores the file with the learner's choices; asks first where the file and this device disagree.
    function restore(data, choices) {
      var plan = restorePlan(data, course, choices);
      if (plan.asks.length) {
        say(status, "");
        askConflicts(panel, plan.asks, course, function (more) {
          Object.keys(more).forEach(function (id) { choices[id] = more[id]; });
          restore(data, choices);
        }, function () {
          say(status, t("journal.conflict.cancelled"));
          input.focus();
        });
        return;
      }
      var result = applyChanges(plan.changes);
      if (result.problem) {
        if (!result.stuck.length) return refuse(t("journal.failed", { problem: result.problem }) + " " + t("journal.unchanged"));
        // Storage changed under us: say exactly what is not as it was, and let Undo try again.
        var byKey = {};
        plan.changes.forEach(function (c) { byKey[c.key] = c; });
        saveUndo({ changes: result.stuck.map(function (key) { return { key: key, before: byKey[key].before, after: getRaw(key) }; }),
                   unsaved: plan.unsaved });
        undoButton.hidden = false;
        result.stuck.forEach(function (key) { if (key.indexOf("reflection:") === 0) reloadBoxes(key.slice(11)); });
        return refuse(t("journal.not_rolled_back", { problem: result.problem, count: result.stuck.length, prompts: promptsOf(result.stuck) }));
      }
      // Entries left out (each alone): the first few, and how many.
      say(alertBox, data.aside.length ? t("journal.set_aside", { count: data.aside.length,
        what: data.aside.slice(0, 5).map(function (a) { return t(a.key, a.values); }).join(" ") }) : "");
      // Only the boxes whose answer was restored follow storage: unsaved text elsewhere stays, with its warning.
      result.changes.forEach(function (c) { if (c.key.indexOf("reflection:") === 0) reloadBoxes(c.key.slice(11)); });
      restoreQuizzes();
      updateProgress();
      saveUndo(result.changes.length ? { changes: result.changes, unsaved: plan.unsaved } : null);
      undoButton.hidden = !result.changes.length;
      var reflections = result.changes.filter(function (c) { return c.key.indexOf("reflection:") === 0; }).length;
      var words = [t("journal.restored", { changed: reflections, kept: plan.kept })];
      if (data.quiz.length) words.push(t("journal.quiz_restored", { count: plan.quiz }));
      if (data.gone.length) words.push(t("journal.kept_gone", { prompts: data.gone.map(function (p) { return "“" + p + "”"; }).join("; ") }));
      if (stillUnsaved()) words.push(t("journal.still_unsaved"));
      say(status, words.join(" "));
    }

    function undo() {
      var snapshot = loadUndo();
      if (!snapshot) return;
      var back = [], left = 0;
      snapshot.changes.forEach(function (c) {
        var id = c.key.indexOf("reflection:") === 0 ? c.key.slice(11) : null;
        var edited = id && (boxes[id] || []).some(function (b) { return b.dirty; });
        if (getRaw(c.key) === c.after && !edited) back.push({ key: c.key, before: c.after, after: c.before });
        else if (getRaw(c.key) !== c.before || edited) left += 1; // changed since: never replaced without asking
      });
      var result = applyChanges(back);
      if (result.problem) return refuse(t("journal.undo_failed", { problem: result.problem }));
      say(alertBox, "");
      back.forEach(function (c) {
        if (c.key.indexOf("reflection:") !== 0) return;
        var id = c.key.slice(11);
        reloadBoxes(id);
        if (snapshot.unsaved && own(snapshot.unsaved, id)) (boxes[id] || []).slice(0, 1).forEach(function (b) { b.putBack(snapshot.unsaved[id]); });
      });
      saveUndo(null);
      undoButton.hidden = true;
      restoreQuizzes();
      updateProgress();
      say(status, t("journal.undone", { count: back.length }) + (left ? " " + t("journal.undo_left", { count: left }) : ""));
      input.focus();
    }

    root.querySelector('[data-journal="export-markdown"]').addEventListener("click", function () {
      flushAll();
      download("wellbeing-journal.md", "text/markdown", toMarkdown(journalEntries(course), course));
      say(status, t("journal.document_done"));
    });
    root.querySelector('[data-journal="export-json"]').addEventListener("click", function () {
      flushAll();
      var data = { format: FORMAT, version: 1, exported: now(), reflections: journalEntries(course), quiz: quizEntries(course) };
      download("wellbeing-journal.json", "application/json", JSON.stringify(data, null, 2));
      say(status, t("journal.backup_done", { reflections: data.reflections.length, quiz: data.quiz.length }));
    });
    input.addEventListener("change", function (event) {
      readChosenJson(event.target, function (data, problem, sizes) {
        panel.hidden = true;
        panel.textContent = "";
        var backup = problem ? null : checked(data, course);
        var message = problem ? t("journal.refused." + problem, sizes) : backup.refused ? t(backup.refused.key) : "";
        if (message) return refuse(message + " " + t("journal.unchanged"));
        flushAll(); // what was typed a moment ago is saved first, where it can be
        say(alertBox, "");
        restore(backup, {});
      });
    });
    undoButton.addEventListener("click", undo);
    root.querySelector('[data-journal="delete"]').addEventListener("click", function () {
      if (!window.confirm(t("journal.delete_confirm"))) {
        say(status, t("journal.not_deleted"));
        return;
      }
      var failed = ourKeys().filter(function (k) { return write(k, null) !== ""; });
      dropUndo(); // the copy kept for undo holds the learner's words too
      // Other tabs keep their own copy (sessionStorage is per tab): this key's "storage" event tells them to drop it.
      putRaw(DELETED_KEY, now());
      putRaw(DELETED_KEY, null);
      panel.hidden = true;
      panel.textContent = "";
      Object.keys(boxes).forEach(function (id) { boxes[id].forEach(function (c) { c.reload(); }); });
      updateProgress();
      if (failed.length) say(alertBox, t("journal.not_deleted_some", { count: failed.length }));
      else say(status, t("journal.deleted_all"));
    });
  }

  /* ---- progress: the welcome page's list and the sidebar's marks ---- */

  // The one rule for "this module is completed", used by the welcome page's list and the sidebar:
  // change it here and both follow. questionIds are the module's quiz questions.
  // Marks the sidebar's module links whose module is completed, in words for screen readers too.
  function markSidebar() {
    document.querySelectorAll("a.wb-module-link[data-wb-questions]").forEach(function (link) {
      var done = moduleComplete(ids(link, "data-wb-questions"), ids(link, "data-wb-open-questions"));
      link.classList.toggle("wb-complete", done);
      var note = link.querySelector(".wb-complete-note");
      if (done && !note) {
        note = document.createElement("span");
        note.className = "wb-complete-note wb-visually-hidden";
        note.textContent = " " + t("place.completed");
        link.appendChild(note);
      } else if (!done && note) {
        note.remove();
      }
    });
  }

  // Records from before "solved" existed (or imported from them) count a right last answer.
  function isSolved(record) {
    if (!record) return false;
    return typeof record.solved === "boolean" ? record.solved : record.result === "correct";
  }

  function isAnswered(record) {
    return !!record && (record.solved === true || record.result === "reflective" ||
      (Array.isArray(record.selected) && record.selected.length > 0));
  }

  // The completion rule: a module's quiz is complete when every scored question has been answered
  // correctly, on any attempt, and every question with no single right answer has been answered.
  function moduleComplete(scoredIds, openIds) {
    var count = scoredIds.length + openIds.length;
    return count > 0 && scoredIds.every(function (id) { return isSolved(read("quiz:" + id)); }) &&
      openIds.every(function (id) { return isAnswered(read("quiz:" + id)); });
  }

  // One module's quiz on this page, for the SCORM package's script: how many questions, how many
  // answered, solved (on any attempt) and right at the first Check, complete under the rule above,
  // and the stored records (quiz answers only, never reflections).
  function moduleStatus(slug) {
    var scored = [], open = [], records = {};
    document.querySelectorAll(".wb-question").forEach(function (q) {
      if (q.getAttribute("data-module") !== slug) return;
      var id = q.getAttribute("data-question");
      (q.getAttribute("data-type") === "reflective" ? open : scored).push(id);
      var record = read("quiz:" + id);
      if (record) records[id] = record;
    });
    var all = scored.concat(open);
    return {
      scored: scored.length, open: open.length,
      answered: all.filter(function (id) { return isAnswered(records[id]); }).length,
      solved: scored.filter(function (id) { return isSolved(records[id]); }).length,
      firstTry: scored.filter(function (id) { return records[id] && records[id].first === "correct"; }).length,
      checked: scored.filter(function (id) { return records[id] && !!records[id].first; }).length,
      complete: moduleComplete(scored, open), records: records,
    };
  }

  function ids(item, name) {
    return (item.getAttribute(name) || "").split(" ").filter(Boolean);
  }

  // A module's quiz says at its end that the module is finished, by the same rule as the progress
  // list; its status line is a live region, so the answer that completes the quiz is followed by it.
  function markFinishedQuizzes() {
    document.querySelectorAll(".wb-quiz-done[data-module]").forEach(function (line) {
      var text = moduleStatus(line.getAttribute("data-module")).complete ? t("quiz.module_finished") : "";
      if (line.textContent !== text) line.textContent = text;
    });
  }

  function updateProgress() {
    var rows = [], all = true;
    markSidebar();
    markFinishedQuizzes();
    document.querySelectorAll(".wb-progress-item").forEach(function (item) {
      var scored = ids(item, "data-questions"), open = ids(item, "data-open-questions");
      var text = item.querySelector(".wb-progress-text");
      if (!scored.length && !open.length) return;
      var right = scored.filter(function (id) { return isSolved(read("quiz:" + id)); }).length;
      var answered = open.filter(function (id) { return isAnswered(read("quiz:" + id)); }).length;
      var complete = moduleComplete(scored, open);
      var words = t("quiz.progress", { right: right, scored: scored.length });
      if (answered < open.length) words += "; " + t("quiz.progress_open", { left: open.length - answered });
      text.textContent = (complete ? t("quiz.progress_complete") : "") + words;
      item.classList.toggle("wb-done", complete);
      if (!complete) all = false;
      // Completed on the day of the module's latest answer.
      var at = scored.concat(open).map(function (id) { return String((read("quiz:" + id) || {}).at || ""); }).sort().pop();
      var day = at && new Date(at);
      rows.push([item.querySelector("a").textContent, day && !isNaN(day) ? day.toLocaleDateString(undefined, { year: "numeric", month: "long", day: "numeric" }) : t("record.no_date")]);
    });
    showRecord(all && rows.length ? rows : null);
  }

  /* ---- the completion record: made and printed on this device ---- */

  function showRecord(rows) {
    var box = document.querySelector(".wb-record");
    if (!box) return;
    box.hidden = !rows;
    if (!rows) return;
    var body = box.querySelector(".wb-record-rows");
    body.textContent = "";
    rows.forEach(function (row) {
      var tr = document.createElement("tr");
      row.forEach(function (cell) {
        var td = document.createElement("td");
        td.textContent = cell;
        tr.appendChild(td);
      });
      body.appendChild(tr);
    });
    if (box.wbReady) return;
    box.wbReady = true;
    var input = box.querySelector("#wb-record-name");
    var name = function () { box.querySelector(".wb-record-name").textContent = input.value.trim() || t("record.no_name"); };
    input.addEventListener("input", name);
    name();
    box.querySelector(".wb-record-print").addEventListener("click", function () {
      var root = document.documentElement;
      root.classList.add("wb-print-record");
      window.addEventListener("afterprint", function () { root.classList.remove("wb-print-record"); }, { once: true });
      window.print();
    });
  }

  function restoreQuizzes() {
    document.querySelectorAll(".wb-question").forEach(function (q) {
      showSaved(q, questionData(q), read("quiz:" + q.getAttribute("data-question")));
    });
  }

  /* ---- quick exit, after GOV.UK's "Exit this page" ---- */

  // Inside a learning system this page is a frame of the system's page, which shows the course's
  // and the module's titles: the exit leaves the whole window. Replacing the top window's entry
  // works across origins once the learner has used the frame; a sandbox may refuse it (it throws),
  // and then the exit address opens in a new tab, in front, with no way back to this one. Either
  // way this frame goes too, so nothing of the course is left where it was.
  function leaveWindow(address) {
    if (window.top !== window) {
      try {
        window.top.location.replace(address);
        return;
      } catch (refused) {
        window.open(address, "_blank", "noopener,noreferrer");
      }
    }
    // Replaces this page's one history entry: in-page links add none (setupInPageLinks), so
    // Back leads to the page visited before this one, never to this one.
    window.location.replace(address);
  }

  // The menu (☰), "On this page" and search are modal dialogs: in the top layer, above any
  // z-index, and everything outside them is inert, so the bar could be neither seen nor tapped
  // while one was open. An open modal dialog holds a copy of the bar, first in its tab order and
  // drawn where the bar is (wellbeing.css), until it closes. The copy goes before the dialog's
  // "close" event, whose handlers move every child of a menu dialog back into the page.
  function keepExitOnTop(bar, leave) {
    function update(dialog) {
      var copy = dialog.querySelector(":scope > .wb-exit-over");
      if (dialog.open && dialog.matches(":modal") && !copy) {
        copy = bar.cloneNode(true);
        copy.classList.add("wb-exit-over");
        copy.querySelector("[data-wb-exit]").addEventListener("click", leave);
        dialog.insertBefore(copy, dialog.firstChild);
        dialog.classList.add("wb-has-exit");
      } else if (!dialog.open && copy) {
        copy.remove();
        dialog.classList.remove("wb-has-exit");
      }
    }
    new MutationObserver(function (changes) {
      changes.forEach(function (change) { if (change.target.tagName === "DIALOG") update(change.target); });
    }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ["open"] });
  }

  function setupExit(link) {
    function leave(event) {
      if (event) event.preventDefault();
      flushAll();
      document.body.classList.add("wb-exiting");
      leaveWindow(link.href);
    }
    link.addEventListener("click", leave);
    keepExitOnTop(link.closest(".wb-exit"), leave);
    var presses = 0, timer = null;
    document.addEventListener("keyup", function (event) {
      if (event.key !== "Shift") { presses = 0; return; }
      presses += 1;
      clearTimeout(timer);
      timer = setTimeout(function () { presses = 0; }, 2000);
      if (presses === 3) leave();
    });
    // Tab or Shift pressed: there is a keyboard, so the keyboard shortcut is worth showing.
    document.addEventListener("keydown", function (event) {
      if (event.key === "Tab" || event.key === "Shift") document.documentElement.classList.add("wb-keyboard");
    });
  }

  /* ---- in-page links (contents, skip link, heading anchors) add no history entry ---- */

  // A click on "#section" would add an entry for this same page, which the quick exit could
  // not remove: Back would then return here. Move to the target and focus it instead, and
  // rewrite the address of the current entry.
  function inPageTarget(link) {
    if (link.target && link.target !== "_self") return null;
    if (link.hasAttribute("download")) return null;
    var url;
    try { url = new URL(link.getAttribute("href"), window.location.href); } catch (e) { return null; }
    var here = window.location;
    if (url.origin !== here.origin || url.pathname !== here.pathname || url.search !== here.search) return null;
    if (!url.hash || url.hash === "#") return { hash: "", el: document.body };
    var id = decodeURIComponent(url.hash.slice(1));
    var el = document.getElementById(id) || document.getElementsByName(id)[0];
    return el ? { hash: url.hash, el: el } : null;
  }

  function setupInPageLinks() {
    document.addEventListener("click", function (event) {
      if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      var link = event.target.closest && event.target.closest("a[href]");
      if (!link) return;
      var target = inPageTarget(link);
      if (!target) return;
      event.preventDefault();
      var address = window.location.pathname + window.location.search + target.hash;
      try { history.replaceState(history.state, "", address); } catch (e) { /* file:// in some browsers */ }
      if (target.el === document.body) {
        window.scrollTo(0, 0);
        return;
      }
      target.el.scrollIntoView({ block: "start" });
      if (!target.el.matches("a[href], button, input, select, textarea, [tabindex]")) target.el.setAttribute("tabindex", "-1");
      target.el.focus({ preventScroll: true });
    });
  }

  /* ---- the theme's menus below 992 px: the ☰ ("Site navigation") and "On this page" ---- */

  // pydata-sphinx-theme binds the menu buttons' handler to the first .primary-toggle (and
  // .secondary-toggle) in the page, which sphinx-book-theme makes a hidden button: the visible
  // ones do nothing (pydata-sphinx-theme issue 2451, sphinx-book-theme issue 988). This opens
  // the same dialogs from any of the buttons, the way the theme would.
  var NARROW = "(max-width: 991.98px)";

  function openSidebarDialog(sidebar, dialog) {
    if (dialog.open) return;
    var before = document.activeElement;
    Array.from(sidebar.childNodes).forEach(function (node) { dialog.appendChild(node); });
    Array.from(sidebar.classList).forEach(function (name) { sidebar.classList.remove(name); dialog.classList.add(name); });
    dialog.showModal();
    dialog.addEventListener("close", function () {
      Array.from(dialog.childNodes).forEach(function (node) { sidebar.appendChild(node); });
      Array.from(dialog.classList).forEach(function (name) { dialog.classList.remove(name); sidebar.classList.add(name); });
      // After an in-page link, focus belongs to the section it leads to, not to the menu button.
      if (!dialog.wbFollowedLink && before && before.focus) before.focus();
      dialog.wbFollowedLink = false;
    }, { once: true });
  }

  function setupMenus() {
    var pairs = [
      [".primary-toggle", "pst-primary-sidebar", "pst-primary-sidebar-modal"],
      [".secondary-toggle", "pst-secondary-sidebar", "pst-secondary-sidebar-modal"]
    ];
    // Capture phase: runs before (and instead of) the theme's handler on the first button.
    document.addEventListener("click", function (event) {
      if (!window.matchMedia(NARROW).matches) return;
      pairs.forEach(function (pair) {
        var button = event.target.closest && event.target.closest(pair[0]);
        var sidebar = document.getElementById(pair[1]);
        var dialog = document.getElementById(pair[2]);
        if (!button || !sidebar || !dialog || !dialog.showModal) return;
        event.preventDefault();
        event.stopPropagation();
        openSidebarDialog(sidebar, dialog);
      });
    }, true);
    pairs.forEach(function (pair) {
      var dialog = document.getElementById(pair[2]);
      if (!dialog) return;
      dialog.addEventListener("click", function (event) {
        // A click on the backdrop (outside the dialog's box) closes it; a link inside it
        // navigates, and an in-page link closes it too.
        var box = dialog.getBoundingClientRect();
        var outside = event.clientX < box.left || event.clientX > box.right || event.clientY < box.top || event.clientY > box.bottom;
        var link = event.target.closest && event.target.closest("a[href]");
        if (link && inPageTarget(link)) {
          dialog.wbFollowedLink = true;
          dialog.close();
        } else if (outside && event.target === dialog) {
          dialog.close();
        }
      });
      dialog.addEventListener("keydown", function (event) {
        if (event.key === "Escape" && dialog.open) { event.preventDefault(); dialog.close(); }
      });
    });
  }

  function start() {
    document.querySelectorAll(".wb-question").forEach(setupQuestion);
    document.querySelectorAll(".wb-reflection").forEach(setupReflection);
    document.querySelectorAll(".wb-journal").forEach(setupJournal);
    var exit = document.querySelector("[data-wb-exit]");
    if (exit) setupExit(exit);
    setupInPageLinks();
    setupMenus();
    updateProgress();
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") flushAll();
    });
    window.addEventListener("pagehide", flushAll);
  }

  // The self-assessment's script (loaded after this one, on its page only) stores and exports the same way.
  // authoredOrder() puts every question's options back in their authored order, for the PDF.
  window.wellbeingCourse = { read: read, write: write, writeAll: writeAll, readChosenJson: readChosenJson, download: download,
    authoredOrder: function () { arrangeAll(false); }, moduleComplete: moduleComplete, moduleStatus: moduleStatus, t: t };

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
