// WeChat's own toolchain on examples/miniprogram, as a new user runs it: custodia packed and
// installed from the tarball, 构建 npm (miniprogram-ci packNpmManually, the code DevTools runs),
// then the upload compiler (getCompiledResult) with es6 + enhance + minify. Run in its own
// process by wechat-ci.test.ts: miniprogram-ci forks a compiler that outlives its promise.
// Usage: node _wechat-build.cjs <repo> <work dir>; writes <work>/result.json and <work>/out/.
/* eslint-disable @typescript-eslint/no-require-imports -- miniprogram-ci is CommonJS */
/* global require */
const { execFileSync } = require('node:child_process');
const { generateKeyPairSync } = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const [repo, work] = process.argv.slice(2);
// miniprogram-ci leaves cache folders in the working directory: keep them in the temp folder.
process.chdir(work);
const ci = require(path.join(repo, 'node_modules', 'miniprogram-ci'));
const npm = (args, cwd) => execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

async function main() {
  const app = path.join(work, 'app');
  fs.cpSync(path.join(repo, 'examples', 'miniprogram'), app, { recursive: true, filter: (f) => !/[\\/](node_modules|miniprogram_npm)$/.test(f) });
  // What `npm install custodia` gives a user: the published files, and whatever they depend on.
  const tgz = JSON.parse(npm(['pack', '--ignore-scripts', '--json', '--pack-destination', work], repo))[0].filename;
  npm(['install', '--offline', '--ignore-scripts', '--no-audit', '--no-fund', '--no-package-lock', path.join(work, tgz)], app);

  const pack = await ci.packNpmManually({ packageJsonPath: path.join(app, 'package.json'), miniprogramNpmDistDir: path.join(app, 'miniprogram') });
  const npmDir = path.join(app, 'miniprogram', 'miniprogram_npm');
  const landed = fs.readdirSync(npmDir);

  // getCompiledResult needs no login: the key only has to be a well-formed RSA key (it signs
  // requests to WeChat's servers, which a compile does not need), and the project attributes
  // are the tool's own offline defaults, the same it falls back to when the server says no.
  const privateKey = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs1', format: 'pem' });
  const project = new ci.Project({ appid: 'touristappid', type: 'miniProgram', projectPath: app, privateKey, ignores: ['node_modules/**/*'] });
  project._attr = ci.DefaultProjectAttr;
  const started = Date.now();
  const files = await ci.getCompiledResult({ project, setting: { es6: true, es7: true, minify: true }, onProgressUpdate: () => undefined });
  const compileMs = Date.now() - started;
  const out = path.join(work, 'out');
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(out, name)), { recursive: true });
    fs.writeFileSync(path.join(out, name), content);
  }
  const result = { pack, landed, installed: fs.readdirSync(path.join(app, 'node_modules')), compileMs, files: Object.keys(files) };
  fs.writeFileSync(path.join(work, 'result.json'), JSON.stringify(result, null, 2));
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
