// The quiz and the status lines in live Jupyter (anywidget). A question is the book's own markup
// (html.question_html: the options in a <fieldset> named by its <legend>, feedback in a role="status"
// region that is there from the start, so a screen reader announces what is put in it). Python
// decides everything (verdict, feedback, what is recorded): this script shows it and passes clicks on.
// Text set here comes from Python, where every word was escaped; nothing typed by a learner passes.

let views = 0;

// Ids in the markup derive from the question's id; the same question can be on screen twice (two
// views, two notebooks open), so each view gets its own ids and radio-group name, or a label would
// point at another view's input and two views' radios would be one group.
function ownIds(root) {
  const suffix = `-v${++views}`;
  root.querySelectorAll("[id]").forEach((el) => { el.id += suffix; });
  root.querySelectorAll("[for]").forEach((el) => { el.htmlFor += suffix; });
  root.querySelectorAll("[aria-describedby]").forEach((el) => {
    el.setAttribute("aria-describedby", el.getAttribute("aria-describedby").split(" ").map((id) => id + suffix).join(" "));
  });
  root.querySelectorAll("input[name]").forEach((el) => { el.name += suffix; });
}

function question({ model, el }) {
  el.innerHTML = model.get("markup");
  const q = el.querySelector(".wb-question");
  q.querySelector(".wb-data")?.remove(); // the book's script reads it; here Python holds the key
  ownIds(q);
  // JupyterLab's command-mode keys (the arrows move between cells, "a" adds a cell) would take the
  // keys a learner uses on the options (tried: data-lm-suppress-shortcuts alone does not stop them);
  // inside the question they do what they do on the book's page. Escape still leaves the cell.
  q.addEventListener("keydown", (event) => { if (event.key !== "Escape") event.stopPropagation(); });
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
  q.querySelector(".wb-retry").addEventListener("click", send("retry"));
  q.querySelector(".wb-show").addEventListener("click", send("show"));
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

function render(view) {
  return view.model.get("kind") === "question" ? question(view) : status(view);
}

export default { render };
