// The bundler example: esbuild resolves `custodia/...` through the package's exports map and
// tree-shakes what the page does not use. Run from the package root: node examples/web/build.mjs
import { build } from 'esbuild';

const result = await build({
  entryPoints: ['examples/web/main.js'],
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  outfile: 'examples/web/out/app.js',
  metafile: true,
  logLevel: 'error',
});
const bytes = Object.values(result.metafile.outputs).reduce((a, o) => a + o.bytes, 0);
console.log(`examples/web/out/app.js: ${(bytes / 1024).toFixed(1)} KiB`);
