#!/usr/bin/env node
// The installed `veo-bot` command. A file of the package itself (not of dist/), so npm can link
// it into node_modules/.bin at install time, before the workspace's dist/ is built by `prepare`.
import '../dist/main.js';
