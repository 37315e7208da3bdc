#!/usr/bin/env node
/**
 * Packaging check of one public workspace package, run from its folder by
 * `npm test` (nx target `check-package`, after `build`):
 *
 * 1. layering: a package tagged `layer:pure` never imports `@tensorflow/*`
 *    (sources, built files, and declared dependencies);
 * 2. compute packages declare `@tensorflow/*` as peers and never bundle it;
 * 3. publint on the packed package;
 * 4. are-the-types-wrong on the packed tarball (ESM-only profile);
 * 5. the packed tarball, with the tarballs of the `@fewshot/*` packages it
 *    depends on, installs into an empty folder outside the repository, and
 *    imports from plain Node ESM and type-checks from TypeScript (node16).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const packageDirectory = resolve(process.argv[2] ?? process.cwd());
const manifest = readJson(join(packageDirectory, 'package.json'));
const problems = [];
const started = Date.now();

if (manifest.private) {
  console.log(`check-package: ${manifest.name} is private, nothing to check`);
  process.exit(0);
}

checkLayering();
const work = mkdtempSync(join(tmpdir(), 'fewshot-check-'));
try {
  const tarballs = packWithInternalDependencies(manifest.name, work);
  const ownTarball = tarballs.get(manifest.name);
  await runPublint();
  await runAreTheTypesWrong(ownTarball);
  installAndImport(tarballs, work);
} finally {
  rmSync(work, { recursive: true, force: true });
}

if (problems.length > 0) {
  console.error(`check-package: ${manifest.name} has ${problems.length} problem(s):`);
  for (const problem of problems) console.error(`  - ${problem}`);
  process.exit(1);
}
console.log(`check-package: ${manifest.name} ok (${((Date.now() - started) / 1000).toFixed(1)} s)`);

function readJson(path) {
  return JSON.parse(readFileSync(path, 'utf8'));
}

function listFiles(directory, predicate) {
  const result = [];
  let entries;
  try {
    entries = readdirSync(directory);
  } catch {
    return result;
  }
  for (const entry of entries) {
    const path = join(directory, entry);
    if (statSync(path).isDirectory()) result.push(...listFiles(path, predicate));
    else if (predicate(path)) result.push(path);
  }
  return result;
}

function checkLayering() {
  const tags = manifest.nx?.tags ?? [];
  const isPure = tags.includes('layer:pure');
  // A pure package may keep TensorFlow.js code behind its own entry point (e.g. @fewshot/strategies'
  // "./gradient"): those folders are listed in package.json "fewshot.computeFolders" (relative to
  // src/, and mirrored under dist/), and @tensorflow/tfjs-core must then be an optional peer.
  const computeFolders = (manifest.fewshot?.computeFolders ?? []).map((folder) => folder.replace(/^\.\/|\/$/g, ''));
  const inComputeFolder = (file) => {
    const path = relative(packageDirectory, file);
    return computeFolders.some((folder) => path.startsWith(`src/${folder}/`) || path.startsWith(`dist/${folder}/`));
  };
  const tensorflowImport = /(?:from\s*|import\s*\(\s*|require\s*\(\s*|import\s+)['"](@tensorflow\/[^'"]+)['"]/g;
  const sources = listFiles(join(packageDirectory, 'src'), (path) => /\.(ts|mts|js|mjs)$/.test(path));
  const built = listFiles(join(packageDirectory, 'dist'), (path) => /\.(js|d\.ts)$/.test(path));
  for (const file of [...sources, ...built]) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(tensorflowImport)) {
      const where = relative(packageDirectory, file);
      if (isPure && !inComputeFolder(file)) {
        problems.push(`${where} imports ${match[1]}, but ${manifest.name} is a pure package (layer:pure)`);
      } else if (!manifest.peerDependencies?.[packageNameOf(match[1])] && !manifest.dependencies?.[packageNameOf(match[1])]) {
        problems.push(`${where} imports ${match[1]}, which package.json does not declare as a peer dependency`);
      }
    }
  }
  if (isPure) {
    for (const field of ['dependencies', 'optionalDependencies']) {
      for (const name of Object.keys(manifest[field] ?? {})) {
        if (name.startsWith('@tensorflow/')) problems.push(`pure package declares a ${field} entry on ${name}`);
      }
    }
    for (const name of Object.keys(manifest.peerDependencies ?? {})) {
      if (name.startsWith('@tensorflow/') && (computeFolders.length === 0 || !manifest.peerDependenciesMeta?.[name]?.optional)) {
        problems.push(`pure package declares a required peer dependency on ${name} (allowed only as an optional peer of its compute entry points)`);
      }
    }
    // The main entry must not pull in TensorFlow.js through a shared chunk either.
    const mainEntry = join(packageDirectory, 'dist/index.js');
    try {
      const visited = new Set();
      const visit = (file) => {
        if (visited.has(file)) return;
        visited.add(file);
        const text = readFileSync(file, 'utf8');
        if (/['"]@tensorflow\//.test(text)) problems.push(`dist/index.js reaches TensorFlow.js through ${relative(packageDirectory, file)}`);
        for (const match of text.matchAll(/from\s*['"](\.{1,2}\/[^'"]+)['"]/g)) visit(join(dirname(file), match[1]));
      };
      visit(mainEntry);
    } catch {
      // no build yet: reported by the tarball checks
    }
  }
  for (const name of Object.keys(manifest.dependencies ?? {})) {
    if (name.startsWith('@tensorflow/') && !['@tensorflow/tfjs-backend-cpu', '@tensorflow/tfjs-backend-wasm'].includes(name)) {
      problems.push(`${name} must be a peer dependency (never a dependency: it would be installed twice)`);
    }
  }
  for (const file of built.filter((path) => path.endsWith('.js'))) {
    const text = readFileSync(file, 'utf8');
    if (/Copyright \d{4} Google LLC/.test(text) || /registerKernel\(\{\s*kernelName/.test(text)) {
      problems.push(`${relative(packageDirectory, file)} seems to bundle TensorFlow.js code; keep @tensorflow/* external`);
    }
  }
}

function packageNameOf(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
}

function workspacePackages() {
  const result = new Map();
  for (const entry of readdirSync(join(repositoryRoot, 'packages'))) {
    const directory = join(repositoryRoot, 'packages', entry);
    try {
      const packageManifest = readJson(join(directory, 'package.json'));
      result.set(packageManifest.name, { directory, manifest: packageManifest });
    } catch {
      // not a package
    }
  }
  return result;
}

function packWithInternalDependencies(name, destination) {
  const workspace = workspacePackages();
  const tarballs = new Map();
  const visit = (packageName) => {
    if (tarballs.has(packageName)) return;
    const entry = workspace.get(packageName);
    if (!entry) throw new Error(`check-package: unknown workspace package ${packageName}`);
    const output = execFileSync('npm', ['pack', '--json', '--pack-destination', destination], {
      cwd: entry.directory,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const [packed] = JSON.parse(output);
    tarballs.set(packageName, join(destination, packed.filename));
    if (packageName === name) {
      const files = packed.files.map((file) => file.path);
      if (!files.some((file) => file.startsWith('dist/'))) problems.push('the tarball holds no dist/ files: build first');
      if (files.some((file) => /\.test\.ts$/.test(file))) problems.push('the tarball holds test files');
      if (!files.includes('README.md')) problems.push('the tarball holds no README.md');
    }
    for (const dependency of Object.keys(entry.manifest.dependencies ?? {})) {
      if (workspace.has(dependency)) visit(dependency);
    }
    for (const dependency of Object.keys(entry.manifest.peerDependencies ?? {})) {
      if (workspace.has(dependency)) visit(dependency);
    }
  };
  visit(name);
  return tarballs;
}

async function runPublint() {
  const { publint } = await import('publint');
  const { messages } = await publint({ pkgDir: packageDirectory, level: 'suggestion', strict: true, pack: 'npm' });
  for (const message of messages) {
    if (message.type === 'suggestion') continue;
    problems.push(`publint ${message.type} ${message.code} at ${message.path.join('.')}: ${JSON.stringify(message.args)}`);
  }
}

async function runAreTheTypesWrong(tarball) {
  const { checkPackage, Package } = await import('@arethetypeswrong/core');
  // attw's own tarball reader keeps only the last chunk of its streaming gunzip, which is
  // empty with fflate 0.8.3; unpack with node:zlib and hand attw the files it would have read.
  const analysis = await checkPackage(packageFromTarball(Package, tarball));
  if (!('problems' in analysis)) {
    problems.push(`are-the-types-wrong could not analyse the package: ${JSON.stringify(analysis)}`);
    return;
  }
  // ESM-only profile: CommonJS consumers (node10, node16 from CJS) are out of scope.
  const ignoredResolutions = new Set(['node10', 'node16-cjs']);
  for (const problem of analysis.problems) {
    if ('resolutionKind' in problem && ignoredResolutions.has(problem.resolutionKind)) continue;
    if (problem.kind === 'CJSResolvesToESM') continue;
    problems.push(`are-the-types-wrong: ${problem.kind} ${JSON.stringify(problem)}`);
  }
}

function packageFromTarball(Package, tarball) {
  const archive = gunzipSync(readFileSync(tarball));
  const files = {};
  let offset = 0;
  while (offset + 512 <= archive.length) {
    const header = archive.subarray(offset, offset + 512);
    const name = header.subarray(0, 100).toString('latin1').replace(/\0.*$/s, '');
    if (name === '') break;
    const prefix = header.subarray(345, 500).toString('latin1').replace(/\0.*$/s, '');
    const size = Number.parseInt(header.subarray(124, 136).toString('latin1').replace(/\0.*$/s, '').trim() || '0', 8);
    const type = String.fromCharCode(header[156] || 48);
    const path = prefix ? `${prefix}/${name}` : name;
    if (type === '0' || type === '\0') {
      files[`/node_modules/${manifest.name}/${path.replace(/^package\//, '')}`] = new Uint8Array(
        archive.subarray(offset + 512, offset + 512 + size),
      );
    }
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return new Package(files, manifest.name, manifest.version);
}

function installAndImport(tarballs, directory) {
  const consumer = join(directory, 'consumer');
  execFileSync('mkdir', ['-p', consumer]);
  const dependencies = {};
  const overrides = {};
  for (const [name, tarball] of tarballs) {
    dependencies[name] = `file:${tarball}`;
    overrides[name] = `file:${tarball}`;
  }
  for (const [name, range] of Object.entries(manifest.peerDependencies ?? {})) {
    if (manifest.peerDependenciesMeta?.[name]?.optional) continue;
    if (!tarballs.has(name)) dependencies[name] = range;
  }
  writeFileSync(
    join(consumer, 'package.json'),
    JSON.stringify({ name: 'fewshot-consumer', private: true, type: 'module', dependencies, overrides }, null, 2),
  );
  try {
    execFileSync(
      'npm',
      ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'],
      { cwd: consumer, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' },
    );
  } catch (error) {
    problems.push(`npm install of the packed tarball failed: ${error.stderr || error.message}`);
    return;
  }
  const probe = `const api = await import(${JSON.stringify(manifest.name)});
const names = Object.keys(api);
if (names.length === 0) { console.error('no exports'); process.exit(1); }
console.log(names.length);`;
  try {
    execFileSync(process.execPath, ['--input-type=module', '-e', probe], { cwd: consumer, stdio: 'pipe' });
  } catch (error) {
    problems.push(`importing ${manifest.name} from plain Node ESM failed: ${error.stderr?.toString() || error.message}`);
  }
  writeFileSync(
    join(consumer, 'probe.ts'),
    `import * as api from ${JSON.stringify(manifest.name)};\nexport const exportedNames: ReadonlyArray<keyof typeof api> = [];\n`,
  );
  writeFileSync(
    join(consumer, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        module: 'node16',
        moduleResolution: 'node16',
        target: 'es2022',
        strict: true,
        noEmit: true,
        skipLibCheck: false,
        // tfjs-core's declarations use the global \`Long\` type of @types/long (one of its dependencies).
        types: existsSync(join(consumer, 'node_modules/@types/long')) ? ['long'] : [],
        lib: ['es2023', 'dom'],
      },
      files: ['probe.ts'],
    }),
  );
  try {
    execFileSync(process.execPath, [join(repositoryRoot, 'node_modules/typescript/bin/tsc'), '-p', consumer], {
      cwd: consumer,
      stdio: 'pipe',
    });
  } catch (error) {
    problems.push(`type-checking an import of ${manifest.name} (node16) failed: ${error.stdout?.toString() || error.message}`);
  }
}
