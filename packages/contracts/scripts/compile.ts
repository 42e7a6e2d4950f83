/**
 * Compiles contracts/*.sol with the pinned solc-js and writes one TypeScript module
 * per contract into src/generated (ABI `as const` + creation bytecode). Also turns the
 * Safe 1.4.1 npm artifacts we deploy into modules of the same shape (not recompiled).
 *
 * `--check` compiles into a temporary directory and exits 1 when the committed files
 * differ, so CI can catch stale artifacts. `--out <dir>` writes elsewhere.
 */
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const solc = require('solc') as {
  version(): string;
  compile(
    input: string,
    options: { import(path: string): { contents: string } | { error: string } },
  ): string;
};

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const contractsDir = join(packageDir, 'contracts');
const generatedDir = join(packageDir, 'src', 'generated');
const solcVersion = '0.8.37';

/** Contracts compiled from our sources, by file. */
const ownContracts = [
  'Token',
  'PlainToken',
  'TokenRules',
  'TokenHolder',
  'DelayedRecoveryModule',
  'SafeModuleSetup',
  'UserWalletFactory',
];

/** Safe 1.4.1 artifacts we deploy, by artifact path inside the npm package. */
const safeArtifacts = {
  Safe: 'contracts/Safe.sol/Safe.json',
  SafeProxyFactory: 'contracts/proxies/SafeProxyFactory.sol/SafeProxyFactory.json',
  CompatibilityFallbackHandler:
    'contracts/handler/CompatibilityFallbackHandler.sol/CompatibilityFallbackHandler.json',
} as const;

type Artifact = { abi: unknown[]; bytecode: string; source: string };

function listSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return listSources(path);
      return entry.name.endsWith('.sol') ? [path] : [];
    })
    .sort();
}

function findImport(path: string): { contents: string } | { error: string } {
  try {
    if (path.startsWith('@')) {
      return { contents: readFileSync(require.resolve(path), 'utf8') };
    }
    return { contents: readFileSync(join(packageDir, path), 'utf8') };
  } catch {
    return { error: `not found: ${path}` };
  }
}

function compileOwn(): Record<string, Artifact> {
  if (!solc.version().startsWith(`${solcVersion}+`)) {
    throw new Error(`solc ${solcVersion} expected, got ${solc.version()}`);
  }

  // Source unit names are package-relative so output never depends on the checkout path.
  const sources = Object.fromEntries(
    listSources(contractsDir).map((file) => [
      relative(packageDir, file).split('\\').join('/'),
      { content: readFileSync(file, 'utf8') },
    ]),
  );
  const input = {
    language: 'Solidity',
    sources,
    settings: {
      evmVersion: 'cancun',
      optimizer: { enabled: true, runs: 10_000 },
      metadata: { bytecodeHash: 'none', appendCBOR: false },
      outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
    },
  };
  const output = JSON.parse(
    solc.compile(JSON.stringify(input), { import: findImport }),
  ) as {
    errors?: { severity: string; formattedMessage: string }[];
    contracts: Record<
      string,
      Record<string, { abi: unknown[]; evm: { bytecode: { object: string } } }>
    >;
  };
  const errors = (output.errors ?? []).filter((e) => e.severity === 'error');
  for (const warning of (output.errors ?? []).filter((e) => e.severity !== 'error')) {
    process.stderr.write(`${warning.formattedMessage}\n`);
  }
  if (errors.length > 0) {
    throw new Error(errors.map((e) => e.formattedMessage).join('\n'));
  }

  const artifacts: Record<string, Artifact> = {};
  for (const name of ownContracts) {
    const source = `contracts/${name}.sol`;
    const contract = output.contracts[source]?.[name];
    if (!contract) throw new Error(`no output for ${source}:${name}`);
    artifacts[name] = {
      abi: contract.abi,
      bytecode: `0x${contract.evm.bytecode.object}`,
      source: `${source} (solc ${solc.version()})`,
    };
  }
  return artifacts;
}

function loadSafeArtifacts(): Record<string, Artifact> {
  const root = dirname(require.resolve('@safe-global/safe-contracts/package.json'));
  const version = (
    JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }
  ).version;
  const artifacts: Record<string, Artifact> = {};
  for (const [name, path] of Object.entries(safeArtifacts)) {
    const json = JSON.parse(
      readFileSync(join(root, 'build', 'artifacts', path), 'utf8'),
    ) as {
      abi: unknown[];
      bytecode: string;
    };
    artifacts[name] = {
      abi: json.abi,
      bytecode: json.bytecode,
      source: `@safe-global/safe-contracts ${version} build/artifacts/${path}`,
    };
  }
  return artifacts;
}

function toModule(name: string, artifact: Artifact): string {
  const id = name.charAt(0).toLowerCase() + name.slice(1);
  return [
    `// Generated by scripts/compile.ts from ${artifact.source}. Do not edit.`,
    '',
    `/** ABI of ${name}. */`,
    `export const ${id}Abi = ${JSON.stringify(artifact.abi, null, 2)} as const;`,
    '',
    `/** Creation bytecode of ${name}. */`,
    `export const ${id}Bytecode = '${artifact.bytecode}' as const;`,
    '',
  ].join('\n');
}

function render(): Map<string, string> {
  const artifacts = { ...compileOwn(), ...loadSafeArtifacts() };
  const names = Object.keys(artifacts).sort();
  const files = new Map<string, string>();
  for (const name of names) files.set(`${name}.ts`, toModule(name, artifacts[name]!));
  files.set(
    'index.ts',
    [
      '// Generated by scripts/compile.ts. Do not edit.',
      ...names.map((name) => {
        const id = name.charAt(0).toLowerCase() + name.slice(1);
        return `export { ${id}Abi, ${id}Bytecode } from './${name}.ts';`;
      }),
      '',
    ].join('\n'),
  );
  return files;
}

function write(dir: string, files: Map<string, string>): void {
  mkdirSync(dir, { recursive: true });
  for (const [file, text] of files) writeFileSync(join(dir, file), text);
}

function check(files: Map<string, string>): number {
  const temp = mkdtempSync(join(tmpdir(), 'ost-contracts-'));
  try {
    write(temp, files);
    const committed = new Set(readdirSync(generatedDir).filter((f) => f.endsWith('.ts')));
    const stale: string[] = [];
    for (const [file] of files) {
      const fresh = readFileSync(join(temp, file), 'utf8');
      const current = committed.has(file)
        ? readFileSync(join(generatedDir, file), 'utf8')
        : null;
      if (fresh !== current) stale.push(file);
      committed.delete(file);
    }
    stale.push(...[...committed].map((f) => `${f} (not generated any more)`));
    if (stale.length > 0) {
      process.stderr.write(
        `src/generated is stale; run \`npm run build -w @ost-wallet/contracts\`:\n  ${stale.join('\n  ')}\n`,
      );
      return 1;
    }
    process.stdout.write(`src/generated is up to date (${files.size} files)\n`);
    return 0;
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

const args = process.argv.slice(2);
const files = render();
if (args.includes('--check')) {
  process.exitCode = check(files);
} else {
  const outIndex = args.indexOf('--out');
  const out =
    outIndex >= 0 && args[outIndex + 1] ? resolve(args[outIndex + 1]!) : generatedDir;
  write(out, files);
  process.stdout.write(
    `wrote ${files.size} files to ${relative(process.cwd(), out) || '.'}\n`,
  );
}
