// mocha's spec reporter, plus one plain closing line ("N passed, N failed, N skipped") that tools
// reading test output understand whatever the runner.
'use strict'
const {reporters} = require('mocha')

class SpecWithSummary extends reporters.Spec {
  constructor(runner, options) {
    super(runner, options)
    runner.once('end', () => {
      const {passes, failures, pending} = runner.stats
      console.log(`${passes} passed, ${failures} failed, ${pending} skipped`)
    })
  }
}

module.exports = SpecWithSummary
