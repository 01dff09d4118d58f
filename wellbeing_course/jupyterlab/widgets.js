// The quiz and the status lines in live Jupyter (anywidget). A question is the book's own markup
// (html.question_html: the options in a <fieldset> named by its <legend>, feedback in a role="status"
// region that is there from the start, so a screen reader announces what is put in it). Python
// decides everything (verdict, feedback, what is recorded): this script shows it and passes clicks on.
// Text set here comes from Python, where every word was escaped; nothing typed by a learner passes.

let views = 0;

// Ids in the markup derive from the question's id; the same question can be on screen twice (two
// views, two notebooks open), so each view gets its own ids and radio-group name, or a label would
// point at another view's input and two views' radios would be one group.
function ownIds(root, suffix = `-v${++views}`) {
  root.querySelectorAll("[id]").forEach((el) => { el.id += suffix; });
  root.querySelectorAll("[for]").forEach((el) => { el.htmlFor += suffix; });
  for (const attribute of ["aria-describedby", "aria-labelledby"]) {
    root.querySelectorAll(`[${attribute}]`).forEach((el) => {
      el.setAttribute(attribute, el.getAttribute(attribute).split(" ").map((id) => id + suffix).join(" "));
    });
  }
  root.querySelectorAll("input[name]").forEach((el) => { el.name += suffix; });
  return suffix;
}

// A link to another learner copy opens it in a tab through JupyterLab's command linker (which
// handles clicks on the whole page); as a plain link it would load JupyterLab again and lose the
// outputs of every open notebook. Links elsewhere are left as they are.
function linksInLab(root) {
  for (const a of root.querySelectorAll("a[href]")) {
    const [path] = a.getAttribute("href").split("#");
    if (!/^[\w.-]+\.ipynb$/.test(path)) continue;
    a.dataset.commandlinkerCommand = "docmanager:open";
    a.dataset.commandlinkerArgs = JSON.stringify({ path });
  }
}

// JupyterLab's command-mode keys (the arrows move between cells, "a" adds a cell, "b" another) would
// take the keys a learner uses on the options and in the fields (tried: data-lm-suppress-shortcuts
// alone does not stop them); inside our markup they do what they do on the book's page. Escape
// still leaves the cell.
function ownKeys(root) {
  root.addEventListener("keydown", (event) => { if (event.key !== "Escape") event.stopPropagation(); });
}

function question({ model, el }) {
  el.innerHTML = model.get("markup");
  const q = el.querySelector(".wb-question");
  q.querySelector(".wb-data")?.remove(); // the book's script reads it; here Python holds the key
  ownIds(q);
  ownKeys(q);
  const list = q.querySelector(".wb-options");
  const options = new Map([...q.querySelectorAll(".wb-option")].map((o) => [Number(o.dataset.option), o]));
  for (const i of model.get("order")) list.appendChild(options.get(i)); // this learner's order
  const inputs = [...q.querySelectorAll("input")];
  const feedback = q.querySelector(".wb-feedback");

  const chosen = () => {
    const picked = model.get("chosen");
    for (const input of inputs) input.checked = picked.includes(Number(input.value));
  };
  const marks = () => {
    q.querySelectorAll(".wb-key-mark").forEach((m) => m.remove());
    for (const [i, option] of options) {
      const key = model.get("marked").includes(i);
      option.classList.toggle("wb-key", key);
      if (!key) continue;
      const mark = document.createElement("span");
      mark.className = "wb-key-mark";
      mark.textContent = ` (${model.get("key_mark")})`;
      option.querySelector("label").appendChild(mark);
    }
  };
  const said = () => {
    feedback.innerHTML = model.get("feedback");
    feedback.className = "wb-feedback" + (model.get("result") ? ` wb-${model.get("result")}` : "");
  };
  const buttons = () => {
    q.querySelector(".wb-retry").hidden = !model.get("retry_shown");
    q.querySelector(".wb-show").hidden = !model.get("answer_shown");
  };
  chosen(); marks(); said(); buttons();
  const listeners = [["change:chosen", chosen], ["change:marked", marks], ["change:feedback", said],
                     ["change:result", said], ["change:retry_shown", buttons], ["change:answer_shown", buttons]];
  for (const [event, f] of listeners) model.on(event, f);

  q.addEventListener("change", () => {
    model.set("chosen", inputs.filter((i) => i.checked).map((i) => Number(i.value)));
    model.save_changes(); // sent before the click's message below, on the same channel
  });
  const send = (event) => () => model.send({ event });
  q.querySelector(".wb-check").addEventListener("click", send("check"));
  // As on the book's page, the focus stays in the question: Try again goes to the first option, Show
  // the answer to Try again. Moved now, before Python hides the button that was clicked (the focus
  // would drop to the page, and the next Tab land in the next question).
  const retry = q.querySelector(".wb-retry");
  retry.addEventListener("click", () => { q.querySelector(".wb-option input")?.focus(); send("retry")(); });
  q.querySelector(".wb-show").addEventListener("click", () => { retry.focus(); send("show")(); });
  return () => { for (const [event, f] of listeners) model.off(event, f); };
}

// A line that says what just happened (saved, exported, not saved): a live region from the start.
function status({ model, el }) {
  const line = document.createElement("div");
  line.className = "wb-jupyter-status";
  line.setAttribute("role", model.get("role"));
  const show = () => { line.innerHTML = model.get("value"); };
  show();
  model.on("change:value", show);
  el.appendChild(line);
  return () => model.off("change:value", show);
}

// The self-assessment (assessment_widget.py): the book's page. A rating is sent to Python, which
// keeps it in the journal file and sends the page again, from which the results are taken (the
// statements are not redrawn, so the focus stays where the learner is).
const RESULTS = [".wb-results-frame", "svg.wb-chart", ".wb-chart-description", ".wb-plan-message", ".wb-plan"];

function assessment({ model, el }) {
  el.innerHTML = model.get("markup");
  const root = el.querySelector(".wb-assessment");
  root.querySelector(".wb-assessment-data")?.remove(); // the book's script reads it; here Python scores
  const suffix = ownIds(root);
  ownKeys(root);
  linksInLab(root);
  const status = root.querySelector(".wb-assessment-tools-heading ~ .wb-save-status");
  const alert = root.querySelector(".wb-assessment-tools-heading ~ .wb-alert");
  const ask = root.querySelector(".wb-assessment-ask");
  const [yes, no] = ask.querySelectorAll("button");
  let asker = null; // the tool whose question is asked: the focus goes back to it after the answer

  const chosen = () => {
    const picked = model.get("chosen");
    root.querySelectorAll(".wb-statement").forEach((fs) => {
      for (const input of fs.querySelectorAll("input")) input.checked = input.value === picked[fs.dataset.statement];
    });
  };
  const results = () => {
    const fresh = document.createElement("template");
    fresh.innerHTML = model.get("results");
    ownIds(fresh.content, suffix);
    linksInLab(fresh.content);
    for (const selector of RESULTS) {
      const next = fresh.content.querySelector(selector);
      if (next) root.querySelector(selector).replaceWith(next);
    }
  };
  const said = () => {
    status.textContent = model.get("status");
    alert.textContent = model.get("alert");
  };
  const asking = () => {
    const question = model.get("ask");
    ask.hidden = !question.yes;
    yes.textContent = question.yes || "";
    no.textContent = question.no || "";
    if (question.yes) yes.focus();
    else if (asker && ask.contains(document.activeElement)) asker.focus();
  };
  chosen(); said(); asking();
  const listeners = [["change:chosen", chosen], ["change:results", results], ["change:status", said],
                     ["change:alert", said], ["change:ask", asking]];
  for (const [event, f] of listeners) model.on(event, f);
  // Python's word on one rating, said in that statement's own status region.
  const rated = (content) => {
    const fs = [...root.querySelectorAll(".wb-statement")].find((f) => f.dataset.statement === content.statement);
    if (!fs) return;
    fs.querySelector(".wb-alert").textContent = content.alert;
    fs.querySelector(".wb-save-status").textContent = content.status;
  };
  model.on("msg:custom", rated);

  root.querySelector(".wb-assessment-form").addEventListener("change", (event) => {
    const fs = event.target.closest(".wb-statement");
    if (fs) model.send({ event: "rate", id: fs.dataset.statement, value: event.target.value });
  });
  const path = root.querySelector(".wb-path");
  for (const button of root.querySelectorAll("[data-assessment]")) {
    button.addEventListener("click", () => {
      const event = button.dataset.assessment;
      if (event !== "yes" && event !== "no") asker = button;
      model.send({ event, path: path.value });
    });
  }
  return () => {
    for (const [event, f] of listeners) model.off(event, f);
    model.off("msg:custom", rated);
  };
}

function render(view) {
  const kind = view.model.get("kind");
  return kind === "question" ? question(view) : kind === "assessment" ? assessment(view) : status(view);
}

export default { render };
