// The book's backup rules (wellbeing_course/static/backup.js) against the contract cases that
// JupyterLab's rules (journal.check_backup) are tested against too: tests/test_backup_contract.py.
// Run: node --test tests/js/
"use strict";
const test = require("node:test");
const assert = require("node:assert");
const fs = require("node:fs");
const path = require("node:path");
const { checkBackup } = require("../../wellbeing_course/static/backup.js");

const CASES = path.join(__dirname, "..", "fixtures", "backup-contract");
const course = JSON.parse(fs.readFileSync(path.join(CASES, "course.json"), "utf8"));

for (const name of fs.readdirSync(CASES).filter((n) => n.endsWith(".json") && n !== "course.json").sort()) {
  const fixture = JSON.parse(fs.readFileSync(path.join(CASES, name), "utf8"));
  test(`${name}: ${fixture.about}`, () => {
    // Through JSON, as the Python side compares: plain data, no prototype or undefined left.
    const got = JSON.parse(JSON.stringify(checkBackup(fixture.backup, course)));
    assert.deepStrictEqual(got, fixture.expected);
  });
}
