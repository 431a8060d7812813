/**
 * The layering rule, read from the import graph (docs/architecture.md):
 *   wire/ <- data/ <- ingest/        data/ <- server/ <- web/src (which sees only wire/)
 * The wire types (wire/*.d.ts, declarations only) import only each other, and every import of them
 * is type-only; data/ imports neither ingest/ nor server/; ingest/ and server/ never import each
 * other; web/src imports only web/src and wire/, and no Node code (no builtin, and npm packages only
 * as `import type`: the browser resolves no bare specifier). Imports are read with the TypeScript
 * parser, so comments and strings never count.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, posix, relative, sep } from 'node:path';
import ts from 'typescript';

export interface ImportEdge {
  /** Importing file, relative to the root, with '/' separators. */
  from: string;
  /** The specifier as written. */
  specifier: string;
  /** The imported file relative to the root (relative specifiers only), else undefined. */
  target?: string;
  typeOnly: boolean;
  /** An `import()` call: the module loads when the call runs, not with the importing file. */
  dynamic: boolean;
}

/** The static imports, re-exports and literal dynamic imports of one TypeScript file. */
export function importsOf(file: string, text: string): ImportEdge[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
  const edges: ImportEdge[] = [];
  const add = (specifier: string, typeOnly: boolean, dynamic = false): void => {
    const target = specifier.startsWith('.') ? posix.normalize(posix.join(posix.dirname(file), specifier)) : undefined;
    edges.push({ from: file, specifier, target, typeOnly, dynamic });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      // `import { type A, type B }` is erased like `import type { A, B }`.
      const named = clause?.namedBindings && ts.isNamedImports(clause.namedBindings) ? clause.namedBindings.elements : undefined;
      const allNamedTypes = !!clause && !clause.name && !!named && named.length > 0 && named.every((e) => e.isTypeOnly);
      add(node.moduleSpecifier.text, (clause?.isTypeOnly ?? false) || allNamedTypes);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      add(node.moduleSpecifier.text, node.isTypeOnly);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [arg] = node.arguments;
      if (arg && (ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg))) add(arg.text, false, true);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      add(node.argument.literal.text, true);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return edges;
}

const LAYER_DIRS = ['wire', 'data', 'ingest', 'server', 'web/src'];

function tsFiles(root: string, dir: string, out: string[] = []): string[] {
  let entries: string[];
  try {
    entries = readdirSync(join(root, dir));
  } catch {
    return out;
  }
  for (const name of entries) {
    const path = `${dir}/${name}`;
    if (statSync(join(root, path)).isDirectory()) tsFiles(root, path, out);
    else if (name.endsWith('.ts')) out.push(path);
  }
  return out;
}

const under = (path: string | undefined, dir: string): boolean => path !== undefined && (path === dir || path.startsWith(`${dir}/`));
const builtins = new Set(builtinModules);
const isBuiltin = (specifier: string): boolean => specifier.startsWith('node:') || builtins.has(specifier.split('/')[0]!);

/** Why an import breaks the layering, or undefined when it is allowed. */
export function violation(edge: ImportEdge): string | undefined {
  const { from, target } = edge;
  if (under(from, 'data')) {
    if (under(target, 'ingest') || under(target, 'server')) return 'data/ imports an upper layer';
  } else if (under(from, 'ingest')) {
    if (under(target, 'server')) return 'ingest/ imports server/';
  } else if (under(from, 'wire')) {
    if (target === undefined ? true : !under(target, 'wire')) return 'the wire types import something besides each other';
  } else if (under(from, 'server')) {
    if (under(target, 'ingest')) return 'server/ imports ingest/';
  }
  if (under(target, 'wire') && !edge.typeOnly) return 'the wire types are imported at run time (use `import type`: they are declarations only)';
  if (under(from, 'web/src')) {
    if (target === undefined) {
      if (isBuiltin(edge.specifier)) return 'web/src imports Node code';
      if (!edge.typeOnly) return 'web/src imports an npm package at run time (the browser resolves no bare specifier)';
    } else if (!under(target, 'web/src') && !under(target, 'wire')) {
      return 'web/src imports outside web/src and the wire types';
    }
  }
  return undefined;
}

/** Every import in the layers under `root` that breaks the rule, as 'file -> specifier: why'. */
export function layerViolations(root: string): string[] {
  const problems: string[] = [];
  for (const dir of LAYER_DIRS) {
    for (const file of tsFiles(root, dir)) {
      const rel = relative(root, join(root, file)).split(sep).join('/');
      for (const edge of importsOf(rel, readFileSync(join(root, file), 'utf8'))) {
        const why = violation(edge);
        if (why) problems.push(`${edge.from} -> ${edge.specifier}: ${why}`);
      }
    }
  }
  return problems;
}

/**
 * Type errors in the wire declarations (wire/*.d.ts), checked strictly on their own: the
 * projects' `skipLibCheck` skips every .d.ts, so an error in one would otherwise pass unseen.
 */
export function wireTypeErrors(root: string): string[] {
  const files = tsFiles(root, 'wire').map((f) => join(root, f));
  const program = ts.createProgram(files, { strict: true, noEmit: true, skipLibCheck: false, types: [], lib: ['lib.es2023.d.ts'] });
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

/**
 * The files of a layer that prepare SQL themselves (a call of `.prepare(`, `prepared(` or `.pragma(`),
 * read with the parser: server/ reads and ingest/ writes the store through data/'s typed functions.
 */
export function filesPreparingSql(root: string, layer: 'server' | 'ingest'): string[] {
  const found: string[] = [];
  for (const file of tsFiles(root, layer)) {
    const source = ts.createSourceFile(file, readFileSync(join(root, file), 'utf8'), ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
    let sql = false;
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node)) {
        const callee = node.expression;
        if (ts.isIdentifier(callee) && callee.text === 'prepared') sql = true;
        if (ts.isPropertyAccessExpression(callee) && (callee.name.text === 'prepare' || callee.name.text === 'pragma')) sql = true;
      }
      if (!sql) ts.forEachChild(node, visit);
    };
    visit(source);
    if (sql) found.push(file);
  }
  return found.sort();
}

/** The npm package a bare specifier names: 'zod', 'stream-json/core/parser.js' -> 'stream-json', '@orama/stemmers'. */
const packageOf = (specifier: string): string => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');

/**
 * What loading `entry` loads before any of its code runs: the project files and npm packages reached
 * by static run-time imports (type-only imports are erased; `import()` waits for its call).
 */
export function loadedWith(root: string, entry: string): { files: string[]; packages: string[] } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (files.has(file)) continue;
    files.add(file);
    for (const edge of importsOf(file, readFileSync(join(root, file), 'utf8'))) {
      if (edge.typeOnly || edge.dynamic) continue;
      // Sources import './x.js' for './x.ts' (NodeNext).
      if (edge.target !== undefined) pending.push(edge.target.replace(/\.js$/, '.ts'));
      else if (!isBuiltin(edge.specifier)) packages.add(packageOf(edge.specifier));
    }
  }
  return { files: [...files].sort(), packages: [...packages].sort() };
}
