/* global document */
// Entry of the bundled example (build.mjs): the same page logic, one file, no import map.
import { start } from './app.js';

start().catch((e) => {
  document.getElementById('status').textContent = `error: ${e.code ?? ''} ${e.message}`;
});
