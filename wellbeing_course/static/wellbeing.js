/* The Wellbeing Model course: quizzes, reflections, the journal, progress and quick exit,
 * with no kernel and no request to any server. Everything a learner types or chooses stays in
 * this browser's localStorage under keys that start with PREFIX; text always reaches the page
 * through textContent or value, never as markup. */
(function () {
  "use strict";

  var PREFIX = "wellbeing-course:v1:";
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

  function storage() {
    try {
      var s = window.localStorage; // throws SecurityError when storage is disabled
      // Our page template swaps in a memory-only stand-in then, for the theme: never trust it.
      return s && !s.wbMemoryOnly ? s : null;
    } catch (e) {
      return null;
    }
  }

  function read(key) {
    var s = storage();
    if (!s) return null;
    try {
      var raw = s.getItem(PREFIX + key);
      return raw === null ? null : JSON.parse(raw);
    } catch (e) {
      return null;
    }
  }

  // Returns "" on success, or a sentence saying why the browser refused.
  function write(key, value) {
    var s = storage();
    if (!s) return "this browser does not allow the course to store anything (storage is turned off).";
    try {
      if (value === null) s.removeItem(PREFIX + key);
      else s.setItem(PREFIX + key, JSON.stringify(value));
      return "";
    } catch (e) {
      if (e && (e.name === "QuotaExceededError" || e.code === 22)) return "this browser's storage is full.";
      return "this browser refused to store it (" + (e && e.name ? e.name : "unknown error") + ").";
    }
  }

  function ourKeys() {
    var s = storage(), keys = [];
    if (!s) return keys;
    try {
      for (var i = 0; i < s.length; i++) {
        var k = s.key(i);
        if (k && k.indexOf(PREFIX) === 0) keys.push(k.slice(PREFIX.length));
      }
    } catch (e) { /* storage vanished mid-loop: report what we have */ }
    return keys;
  }

  // Writes every [key, value] or none: on the first refusal, puts back what was there.
  // Returns "" or the sentence saying why the browser refused.
  function writeAll(writes) {
    var before = writes.map(function (w) { return [w[0], read(w[0])]; });
    for (var i = 0; i < writes.length; i++) {
      var problem = write(writes[i][0], writes[i][1]);
      if (problem) {
        before.forEach(function (b) { write(b[0], b[1]); });
        return problem;
      }
    }
    return "";
  }

  // Reads the file chosen in a file input as JSON: done(data), with data undefined when the file
  // is not JSON, or done(undefined, true) when it cannot be read. Clears the input, so the same
  // file can be chosen again.
  function readChosenJson(input, done) {
    var file = input.files && input.files[0];
    if (!file) return;
    var reader = new FileReader();
    reader.onload = function () {
      var data;
      try {
        data = JSON.parse(String(reader.result));
      } catch (e) {
        data = undefined;
      }
      input.value = "";
      done(data, false);
    };
    reader.onerror = function () {
      input.value = "";
      done(undefined, true);
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
        say(alertBox, "Your answer could not be saved on this device: " + problem +
          " Your text is still in the box. Copy it somewhere safe, or export your journal, before you leave this page.");
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
      p.textContent = "This answer was changed in another tab or window. Nothing has been overwritten. " +
        "Choose which version to keep.";
      alertBox.appendChild(p);
      var keep = document.createElement("button");
      keep.type = "button";
      keep.className = "wb-button";
      keep.textContent = "Keep the text in this box";
      var take = document.createElement("button");
      take.type = "button";
      take.className = "wb-button";
      take.textContent = "Use the other tab's text";
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
        say(status, "Showing the text saved from the other tab.");
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
    (boxes[id] = boxes[id] || []).push(ctl);
  }

  function flushAll() {
    Object.keys(boxes).forEach(function (id) {
      boxes[id].forEach(function (ctl) { ctl.flush(); });
    });
  }

  // Another tab saved: follow it quietly unless this tab has unsaved text, which is never dropped.
  window.addEventListener("storage", function (event) {
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

  /* ---- the journal: export, import, delete ---- */

  function journalEntries() {
    var entries = {};
    ourKeys().forEach(function (key) {
      if (key.indexOf("reflection:") !== 0) return;
      var record = read(key);
      if (record && typeof record.text === "string") {
        entries[key.slice(11)] = { id: key.slice(11), module: record.module || "", text: record.text, updated: record.updated || "" };
      }
    });
    // What is on the page is newest, and is all there is when storage is failing.
    Object.keys(boxes).forEach(function (id) {
      var ctl = boxes[id][0];
      var label = ctl.area.labels && ctl.area.labels[0];
      var tag = label && label.querySelector(".wb-tag");
      var prompt = label ? label.textContent.slice(tag ? tag.textContent.length : 0).trim() : "";
      if (ctl.area.value || entries[id]) {
        entries[id] = entries[id] || { id: id, module: "", updated: "" };
        entries[id].text = ctl.area.value;
        entries[id].prompt = prompt;
        entries[id].module = ctl.area.closest(".wb-reflection").getAttribute("data-module") || entries[id].module;
      }
    });
    return Object.keys(entries).sort().map(function (id) { return entries[id]; });
  }

  function quizEntries() {
    return ourKeys().filter(function (k) { return k.indexOf("quiz:") === 0; }).sort().map(function (k) {
      var r = read(k) || {};
      return { id: k.slice(5), selected: r.selected || [], result: r.result || "", at: r.at || "", solved: isSolved(r) };
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

  function toMarkdown(entries) {
    var lines = ["# " + t("journal.title"), "", "Exported " + now().slice(0, 10) + ". Kept on my device only.", ""];
    var module = null;
    entries.forEach(function (e) {
      if (e.module !== module) {
        module = e.module;
        lines.push("## " + (module || t("journal.other_module")), "");
      }
      lines.push("### " + (e.prompt || e.id), "", e.text || t("journal.no_answer"), "");
    });
    return lines.join("\n");
  }

  // Returns an error sentence, or "" if the parsed file is a journal this course can import.
  function invalidJournal(data) {
    if (!data || typeof data !== "object" || data.format !== FORMAT) {
      return "This file is not a journal exported from this course.";
    }
    if (data.version !== 1) return "This journal was exported by a version of the course that this page cannot read.";
    if (!Array.isArray(data.reflections) || !Array.isArray(data.quiz || [])) return "The journal file is damaged: its lists are missing.";
    var bad = data.reflections.filter(function (e) {
      return !e || typeof e.id !== "string" || !/^[a-z0-9-]+$/.test(e.id) || typeof e.text !== "string";
    });
    var badQuiz = (data.quiz || []).filter(function (e) {
      return !e || typeof e.id !== "string" || !/^[a-z0-9-]+$/.test(e.id) || !Array.isArray(e.selected);
    });
    if (bad.length || badQuiz.length) return "The journal file is damaged: " + (bad.length + badQuiz.length) + " entries are not readable.";
    return "";
  }

  function importJournal(data) {
    var writes = [];
    data.reflections.forEach(function (e) {
      writes.push(["reflection:" + e.id, { text: e.text, updated: e.updated || now(), rev: newRev(), module: e.module || "" }]);
    });
    (data.quiz || []).forEach(function (e) {
      writes.push(["quiz:" + e.id, { selected: e.selected, result: e.result || "", at: e.at || now(), solved: isSolved(e) }]);
    });
    return writeAll(writes);
  }

  function setupJournal(root) {
    var status = root.querySelector("#wb-journal-status");
    var alertBox = root.querySelector("#wb-journal-alert");
    root.querySelector('[data-journal="export-markdown"]').addEventListener("click", function () {
      flushAll();
      download("wellbeing-journal.md", "text/markdown", toMarkdown(journalEntries()));
      say(status, "Your journal was exported as a Markdown file.");
    });
    root.querySelector('[data-journal="export-json"]').addEventListener("click", function () {
      flushAll();
      var data = { format: FORMAT, version: 1, exported: now(), reflections: journalEntries(), quiz: quizEntries() };
      download("wellbeing-journal.json", "application/json", JSON.stringify(data, null, 2));
      say(status, "Your journal was exported as a JSON file.");
    });
    root.querySelector("#wb-journal-import").addEventListener("change", function (event) {
      readChosenJson(event.target, function (data, unreadable) {
        var problem = unreadable ? "The file could not be read." :
          data === undefined ? "This file is not a journal exported from this course (it is not JSON)." : invalidJournal(data);
        if (!problem) {
          var failure = importJournal(data);
          if (failure) problem = "Nothing was imported: " + failure;
        }
        if (problem) {
          say(status, "");
          say(alertBox, problem + " Nothing in your journal has changed.");
          return;
        }
        say(alertBox, "");
        Object.keys(boxes).forEach(function (id) { boxes[id].forEach(function (c) { c.reload(); }); });
        restoreQuizzes();
        updateProgress();
        say(status, "Imported " + data.reflections.length + " reflections and " + (data.quiz || []).length + " quiz answers.");
      });
    });
    root.querySelector('[data-journal="delete"]').addEventListener("click", function () {
      if (!window.confirm("Delete every reflection, quiz answer and self-assessment rating this course saved in this browser? This cannot be undone.")) {
        say(status, "Nothing was deleted.");
        return;
      }
      var failed = ourKeys().filter(function (k) { return write(k, null) !== ""; });
      Object.keys(boxes).forEach(function (id) { boxes[id].forEach(function (c) { c.reload(); }); });
      updateProgress();
      if (failed.length) say(alertBox, failed.length + " entries could not be deleted: this browser refused.");
      else say(status, "Everything this course saved in this browser has been deleted.");
    });
  }

  /* ---- progress on the welcome page ---- */

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

  function updateProgress() {
    var rows = [], all = true;
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
      rows.push([item.querySelector("a").textContent, day && !isNaN(day) ? day.toLocaleDateString(undefined, { year: "numeric", month: "long", day: "numeric" }) : "date not recorded"]);
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
    var name = function () { box.querySelector(".wb-record-name").textContent = input.value.trim() || "(no name given)"; };
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

  function setupExit(link) {
    function leave(event) {
      if (event) event.preventDefault();
      flushAll();
      document.body.classList.add("wb-exiting");
      window.location.replace(link.href); // replaces this page in the history
    }
    link.addEventListener("click", leave);
    var presses = 0, timer = null;
    document.addEventListener("keyup", function (event) {
      if (event.key !== "Shift") { presses = 0; return; }
      presses += 1;
      clearTimeout(timer);
      timer = setTimeout(function () { presses = 0; }, 2000);
      if (presses === 3) leave();
    });
  }

  function start() {
    document.querySelectorAll(".wb-question").forEach(setupQuestion);
    document.querySelectorAll(".wb-reflection").forEach(setupReflection);
    document.querySelectorAll(".wb-journal").forEach(setupJournal);
    var exit = document.querySelector("[data-wb-exit]");
    if (exit) setupExit(exit);
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
