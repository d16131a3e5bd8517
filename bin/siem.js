#!/usr/bin/env node
// Runs the TypeScript CLI in place through tsx, so `npx siem` needs no build step.
require('tsx/cjs');
require('../cli/siem.ts')
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
