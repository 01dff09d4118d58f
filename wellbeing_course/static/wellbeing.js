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

  function questionData(q) {
    return JSON.parse(q.querySelector("script.wb-data").textContent);
  }

  function selected(q) {
    var out = [];
    q.querySelectorAll("input").forEach(function (input) {
      if (input.checked) out.push(Number(input.value));
    });
    return out;
  }

  function verdict(data, chosen) {
    if (data.type === "reflective") return "reflective";
    var right = data.options.map(function (o, i) { return o.correct ? i : -1; })
      .filter(function (i) { return i >= 0; });
    var same = right.length === chosen.length && right.every(function (i) { return chosen.indexOf(i) >= 0; });
    return same ? "correct" : "incorrect";
  }

  function showFeedback(q, data, chosen, result) {
    var box = q.querySelector(".wb-feedback");
    box.textContent = "";
    box.className = "wb-feedback wb-" + result;
    var head = document.createElement("p");
    head.className = "wb-verdict";
    head.textContent = t("quiz.verdict." + result);
    box.appendChild(head);
    var list = document.createElement("ul");
    data.options.forEach(function (option, i) {
      var picked = chosen.indexOf(i) >= 0;
      // For "select all", also explain a right option the learner missed.
      if (!picked && !(data.type === "multiple" && option.correct)) return;
      var item = document.createElement("li");
      var label = document.createElement("strong");
      label.textContent = t(picked ? "quiz.you_chose" : "quiz.you_missed") + option.text;
      item.appendChild(label);
      item.appendChild(document.createTextNode(" " + option.feedback));
      list.appendChild(item);
    });
    box.appendChild(list);
    if (data.explanation) {
      var more = document.createElement("p");
      more.textContent = data.explanation;
      box.appendChild(more);
    }
  }

  function setupQuestion(q) {
    var id = q.getAttribute("data-question");
    var data = questionData(q);
    var box = q.querySelector(".wb-feedback");
    var saved = read("quiz:" + id);
    if (saved && Array.isArray(saved.selected)) {
      q.querySelectorAll("input").forEach(function (input) {
        input.checked = saved.selected.indexOf(Number(input.value)) >= 0;
      });
      showFeedback(q, data, saved.selected, verdict(data, saved.selected));
    }
    q.querySelector(".wb-check").addEventListener("click", function () {
      var chosen = selected(q);
      if (!chosen.length) {
        box.className = "wb-feedback wb-empty";
        say(box, t("quiz.choose_first"));
        return;
      }
      var result = verdict(data, chosen);
      showFeedback(q, data, chosen, result);
      var problem = write("quiz:" + id, { selected: chosen, result: result, at: now() });
      if (problem) {
        var note = document.createElement("p");
        note.textContent = t("quiz.not_kept") + problem;
        box.appendChild(note);
      }
      updateProgress();
    });
  }

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
      return { id: k.slice(5), selected: r.selected || [], result: r.result || "", at: r.at || "" };
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
      writes.push(["quiz:" + e.id, { selected: e.selected, result: e.result || "", at: e.at || now() }]);
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

  /* ---- progress: the welcome page's list and the sidebar's marks ---- */

  // The one rule for "this module is completed", used by the welcome page's list and the sidebar:
  // change it here and both follow. questionIds are the module's quiz questions.
  function moduleComplete(questionIds) {
    return questionIds.length > 0 && questionIds.every(function (id) { return read("quiz:" + id) !== null; });
  }

  function questionIds(el, attribute) {
    return (el.getAttribute(attribute) || "").split(" ").filter(Boolean);
  }

  // Marks the sidebar's module links whose module is completed, in words for screen readers too.
  function markSidebar() {
    document.querySelectorAll("a.wb-module-link[data-wb-questions]").forEach(function (link) {
      var done = moduleComplete(questionIds(link, "data-wb-questions"));
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

  function updateProgress() {
    var rows = [], all = true;
    markSidebar();
    document.querySelectorAll(".wb-progress-item").forEach(function (item) {
      var ids = questionIds(item, "data-questions");
      var records = ids.map(function (id) { return read("quiz:" + id); }).filter(Boolean);
      var done = records.length;
      var complete = moduleComplete(ids);
      var text = item.querySelector(".wb-progress-text");
      text.textContent = ids.length ? (complete ? "Complete: " : "") + done + " of " + ids.length + " questions answered" : "";
      item.classList.toggle("wb-done", complete);
      if (!ids.length) return;
      if (!complete) all = false;
      // Completed on the day of the module's latest answer.
      var at = records.map(function (r) { return String(r.at || ""); }).sort().pop();
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
      var saved = read("quiz:" + q.getAttribute("data-question"));
      if (saved && Array.isArray(saved.selected)) {
        var data = questionData(q);
        q.querySelectorAll("input").forEach(function (input) {
          input.checked = saved.selected.indexOf(Number(input.value)) >= 0;
        });
        showFeedback(q, data, saved.selected, verdict(data, saved.selected));
      }
    });
  }

  /* ---- quick exit, after GOV.UK's "Exit this page" ---- */

  function setupExit(link) {
    function leave(event) {
      if (event) event.preventDefault();
      flushAll();
      document.body.classList.add("wb-exiting");
      // Replaces this page's one history entry: in-page links add none (setupInPageLinks), so
      // Back leads to the page visited before this one, never to this one.
      window.location.replace(link.href);
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
  window.wellbeingCourse = { read: read, write: write, writeAll: writeAll, readChosenJson: readChosenJson, download: download };

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
