/* The rules a journal backup is read by, in the book. JupyterLab reads backups by the same rules
 * (check_backup in wellbeing_course/journal.py); both are tested against the same cases,
 * tests/fixtures/backup-contract/*.json, so a rule changed on one side only fails a test.
 *
 * checkBackup(data, course) takes a parsed file and the course as the journal page carries it
 * ({pages: [{slug, title, reflections: [{id, prompt}]}], questions: [{id, options}]}) and gives
 *   refused:     null, or {key, values} when the file is not a backup of this journal at all;
 *   reflections: the answers to restore (each {id, module, prompt, text, updated}), in file order;
 *   quiz:        the quiz answers to restore (each {id, selected, result, at, solved?});
 *   gone:        the prompts (the file's words, else the id) of answers kept although this version of
 *                the course no longer asks them: a learner's words are never refused for that;
 *   aside:       each entry left out, alone, as {key, values}: the words that say why.
 * Keys name words in words.yml; this file holds none of the words themselves.
 * Loaded by the journal page as window.wellbeingBackup, and by Node's tests as a module. */
(function (root, factory) {
  if (typeof module === "object" && module.exports) module.exports = factory();
  else root.wellbeingBackup = factory();
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  var FORMAT = "wellbeing-course-journal";
  var ID = /^[a-z0-9-]{1,100}$/;
  var RESULTS = ["correct", "incorrect", "reflective", ""];

  function isRecord(x) {
    return !!x && typeof x === "object" && !Array.isArray(x);
  }

  function has(obj, key) {
    return Object.prototype.hasOwnProperty.call(obj, key);
  }

  // A field the file may leave out: absent, or of the right kind.
  function optional(e, field, ok) {
    return !has(e, field) || ok(e[field]);
  }

  function isText(x) {
    return typeof x === "string";
  }

  function why(key, values) {
    return { key: "journal.why." + key, values: values };
  }

  // The first problem of answer n (1-based), or null.
  function reflectionProblem(e, n, seen) {
    if (!isRecord(e)) return why("not_object", { n: n });
    var field = ["id", "text"].filter(function (f) { return !isText(e[f]); })
      .concat(["module", "prompt", "updated"].filter(function (f) { return !optional(e, f, isText); }))[0];
    if (field) return why("field", { n: n, field: field });
    if (!ID.test(e.id)) return why("bad_id", { n: n });
    if (has(seen, e.id)) return why("twice", { n: n, id: e.id });
    return null;
  }

  function quizProblem(e, n, seen, options) {
    if (!isRecord(e)) return why("quiz_not_object", { n: n });
    if (!isText(e.id) || !ID.test(e.id)) return why("quiz_field", { n: n, field: "id" });
    if (!has(options, e.id)) return why("quiz_unknown", { n: n, id: e.id });
    if (has(seen, e.id)) return why("quiz_twice", { n: n, id: e.id });
    // An empty choice is what "Try again" leaves: valid.
    if (!Array.isArray(e.selected) || e.selected.some(function (v, j) {
      return typeof v !== "number" || Math.floor(v) !== v || v < 0 || v >= options[e.id] || e.selected.indexOf(v) !== j;
    })) return why("quiz_choice", { n: n, id: e.id });
    if (!optional(e, "result", function (r) { return RESULTS.indexOf(r) >= 0; })) return why("quiz_field", { n: n, field: "result" });
    if (!optional(e, "at", isText)) return why("quiz_field", { n: n, field: "at" });
    if (!optional(e, "solved", function (s) { return typeof s === "boolean"; })) return why("quiz_field", { n: n, field: "solved" });
    return null;
  }

  function checkBackup(data, course) {
    var out = { refused: null, reflections: [], quiz: [], gone: [], aside: [] };
    if (!isRecord(data) || data.format !== FORMAT) out.refused = { key: "journal.refused.not_ours", values: {} };
    else if (data.version !== 1) out.refused = { key: "journal.refused.version", values: {} };
    else if (!Array.isArray(data.reflections) || !optional(data, "quiz", Array.isArray)) {
      out.refused = { key: "journal.refused.lists", values: {} };
    }
    if (out.refused) return out;
    var prompts = Object.create(null), options = Object.create(null);
    course.pages.forEach(function (page) { page.reflections.forEach(function (r) { prompts[r.id] = r.prompt; }); });
    course.questions.forEach(function (q) { options[q.id] = q.options; });

    var seen = Object.create(null);
    data.reflections.forEach(function (e, i) {
      var problem = reflectionProblem(e, i + 1, seen);
      if (problem) return out.aside.push(problem);
      seen[e.id] = true;
      var clean = { id: e.id, module: e.module || "", prompt: e.prompt || "", text: e.text, updated: e.updated || "" };
      out.reflections.push(clean);
      if (!(e.id in prompts) && clean.text) out.gone.push(clean.prompt || clean.id);
    });
    seen = Object.create(null);
    (data.quiz || []).forEach(function (e, i) {
      var problem = quizProblem(e, i + 1, seen, options);
      if (problem) return out.aside.push(problem);
      seen[e.id] = true;
      var clean = { id: e.id, selected: e.selected.slice(), result: e.result || "", at: e.at || "" };
      if (has(e, "solved")) clean.solved = e.solved;
      out.quiz.push(clean);
    });
    return out;
  }

  return { checkBackup: checkBackup, FORMAT: FORMAT };
});
