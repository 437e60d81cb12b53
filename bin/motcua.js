#!/usr/bin/env node
// The `motcua` administrator command line: runs electron/cli/main.ts through tsx (no build step).

require('tsx/cjs/api').register();
require('../electron/cli/main.ts');
