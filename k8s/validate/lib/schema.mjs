// Schema validation of rendered objects with the kubernetes-models packages: their JSON-schema validators (types,
// required fields, enums, formats) plus a strict check for unknown fields, which the Kubernetes schemas allow but the
// API server drops silently (a misspelt `readinesProbe` would deploy without a probe). Field names come from the
// models' TypeScript declarations, which describe every field of every type.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** apiVersion/kind -> [package, module path] of the model class; core group is `v1`. */
function modelLocation(apiVersion, kind) {
  if (apiVersion.startsWith('keda.sh/')) return ['@kubernetes-models/keda', `${apiVersion}/${kind}`];
  return ['kubernetes-models', `${apiVersion}/${kind}`];
}

/** Whether kubernetes-models (or the KEDA models) know this apiVersion/kind. */
export function hasModel(apiVersion, kind) {
  return fs.existsSync(declarationFile(...modelLocation(apiVersion, kind)));
}

function packageRoot(pkg) {
  return path.dirname(require.resolve(`${pkg}/package.json`));
}

function declarationFile(pkg, sub) {
  return path.join(packageRoot(pkg), `${sub}.d.ts`);
}

/** Runs the model's JSON-schema validation; returns error strings. */
export function validateWithModel(obj) {
  const [pkg, sub] = modelLocation(obj.apiVersion, obj.kind);
  const Model = require(path.join(packageRoot(pkg), `${sub}.js`))[obj.kind];
  if (typeof Model !== 'function') return [`no model class for ${obj.apiVersion} ${obj.kind}`];
  try {
    new Model(obj).validate();
    return [];
  } catch (e) {
    return String(e.message).split(', ').map((m) => m.replace(/^data/, ''));
  }
}

/** Returns the paths of fields that the object's type does not declare. */
export function unknownFields(obj) {
  const [pkg, sub] = modelLocation(obj.apiVersion, obj.kind);
  const file = declarationFile(pkg, sub);
  const errors = [];
  walk(obj, { kind: 'ref', name: null, file }, '', errors);
  return errors;
}

// ---- a reader for the subset of TypeScript declarations the models use ----------------------------------------

const parsedFiles = new Map();

function tokenize(text) {
  const source = text.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\/\/[^\n]*/g, ' ');
  const tokens = [];
  const re = /\s*("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[A-Za-z_$][\w$]*|-?\d+(?:\.\d+)?|\S)/gy;
  let m;
  while ((m = re.exec(source)) !== null) {
    if (m[1] === undefined) break;
    tokens.push(m[1]);
  }
  return tokens;
}

class Parser {
  constructor(tokens) {
    this.t = tokens;
    this.i = 0;
  }

  peek(offset = 0) {
    return this.t[this.i + offset];
  }

  next() {
    return this.t[this.i++];
  }

  expect(token) {
    const got = this.next();
    if (got !== token) throw new Error(`expected ${token}, got ${got}`);
  }

  /** `{ members }` -> object type */
  objectType() {
    this.expect('{');
    const props = new Map();
    let index = null;
    while (this.peek() !== '}') {
      if (this.peek() === '[') {
        // [key: string]: T;
        while (this.next() !== ']');
        this.expect(':');
        index = this.type();
      } else {
        let name = this.next();
        if (name === 'readonly') name = this.next();
        if (/^["']/.test(name)) name = name.slice(1, -1);
        if (this.peek() === '?') this.next();
        this.expect(':');
        props.set(name, this.type());
      }
      if (this.peek() === ';' || this.peek() === ',') this.next();
    }
    this.expect('}');
    return { kind: 'object', props, index };
  }

  type() {
    if (this.peek() === '|') this.next();
    const members = [this.postfix()];
    while (this.peek() === '|' || this.peek() === '&') {
      this.next();
      members.push(this.postfix());
    }
    const structured = members.filter((m) => m.kind !== 'leaf');
    return structured.length ? structured[0] : { kind: 'leaf' };
  }

  postfix() {
    let type = this.primary();
    while (this.peek() === '[' && this.peek(1) === ']') {
      this.next();
      this.next();
      type = { kind: 'array', of: type };
    }
    return type;
  }

  primary() {
    const token = this.peek();
    if (token === '{') return this.objectType();
    if (token === '(') {
      this.next();
      const inner = this.type();
      this.expect(')');
      return inner;
    }
    this.next();
    if (token === 'Array' && this.peek() === '<') {
      this.next();
      const of = this.type();
      this.expect('>');
      return { kind: 'array', of };
    }
    let name = token;
    while (this.peek() === '.') {
      this.next();
      name += `.${this.next()}`;
    }
    if (this.peek() === '<') {
      // generic arguments of other types: not fields of ours
      let depth = 0;
      do {
        const t = this.next();
        if (t === '<') depth++;
        if (t === '>') depth--;
      } while (depth > 0);
      return { kind: 'leaf' };
    }
    if (this.peek() === '[' && this.peek(1) !== ']') {
      // indexed access, e.g. IScaledObject["spec"]: only in class declarations, which are not read
      while (this.next() !== ']');
      return { kind: 'leaf' };
    }
    return /^I[A-Z]/.test(name) ? { kind: 'ref', name } : { kind: 'leaf' };
  }
}

/** Reads the imports and the exported interfaces / type aliases of a declaration file. */
function parseFile(file) {
  if (parsedFiles.has(file)) return parsedFiles.get(file);
  const text = fs.readFileSync(file, 'utf8');
  const imports = new Map();
  for (const m of text.matchAll(/import\s*\{([^}]*)\}\s*from\s*"([^"]+)"/g)) {
    for (const part of m[1].split(',')) {
      const [orig, alias] = part.trim().split(/\s+as\s+/);
      if (orig) imports.set((alias || orig).trim(), m[2]);
    }
  }
  const types = new Map();
  let first = null;
  const tokens = tokenize(text);
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i] !== 'export') continue;
    const keyword = tokens[i + 1];
    if (keyword !== 'interface' && keyword !== 'type') continue;
    const name = tokens[i + 2];
    let j = i + 3;
    const parser = new Parser(tokens);
    if (keyword === 'interface') {
      while (tokens[j] !== '{') j++; // skip `extends ...`
      parser.i = j;
      types.set(name, parser.objectType());
    } else {
      if (tokens[j] === '<') continue;
      parser.i = j + 1; // after '='
      types.set(name, parser.type());
    }
    first = first || name;
    i = parser.i - 1;
  }
  for (const m of text.matchAll(/export\s*\{([^}]*)\}/g)) {
    for (const part of m[1].split(',')) {
      const [orig, alias] = part.trim().split(/\s+as\s+/);
      if (alias && types.has(orig.trim())) types.set(alias.trim(), types.get(orig.trim()));
    }
  }
  const parsed = { imports, types, first };
  parsedFiles.set(file, parsed);
  return parsed;
}

function resolveImport(fromFile, spec) {
  if (spec.startsWith('.')) return path.resolve(path.dirname(fromFile), `${spec}.d.ts`);
  const parts = spec.split('/');
  const pkg = spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
  const rest = parts.slice(pkg.split('/').length).join('/');
  return path.join(packageRoot(pkg), `${rest}.d.ts`);
}

/** The structure a `ref` type stands for (null when it is not ours to check). */
function deref(ref) {
  const file = ref.file;
  const parsed = parseFile(file);
  const name = ref.name || parsed.first;
  if (parsed.types.has(name)) return { type: parsed.types.get(name), file };
  const spec = parsed.imports.get(name);
  if (!spec || spec === '@kubernetes-models/base') return null;
  const target = resolveImport(file, spec);
  const targetParsed = parseFile(target);
  const type = targetParsed.types.get(name) || targetParsed.types.get(targetParsed.first);
  return type ? { type, file: target } : null;
}

function walk(value, type, where, errors, file = type.file) {
  if (value === null || value === undefined) return;
  if (type.kind === 'ref') {
    const target = deref({ name: type.name, file: type.file || file });
    if (target) walk(value, target.type, where, errors, target.file);
    return;
  }
  if (type.kind === 'array') {
    if (Array.isArray(value)) value.forEach((v, i) => walk(v, withFile(type.of, file), `${where}[${i}]`, errors, file));
    return;
  }
  if (type.kind === 'object' && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, v] of Object.entries(value)) {
      const at = where ? `${where}.${key}` : key;
      if (type.props.has(key)) walk(v, withFile(type.props.get(key), file), at, errors, file);
      else if (type.index) walk(v, withFile(type.index, file), at, errors, file);
      else errors.push(`${at}: unknown field`);
    }
  }
}

function withFile(type, file) {
  return type.kind === 'ref' && !type.file ? { ...type, file } : type;
}
