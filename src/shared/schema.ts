/**
 * A tiny typed validator for message payloads (no dependency).
 *
 * Every payload that crosses a privilege boundary is parsed here before a handler
 * sees it: `parse` returns a fresh copy built only from the declared shape, so
 * unknown properties, prototype tricks (`__proto__`, getters) and oversize values
 * never reach the background's logic. Errors name the path and the rule broken,
 * never the value (it may be a passphrase).
 */
import { CachetError } from '../core/errors';

export interface Schema<T> {
  /** Returns a validated copy of `value` or throws CachetError('BAD_REQUEST'). */
  parse(value: unknown, path?: string): T;
}

export type Infer<S> = S extends Schema<infer T> ? T : never;

function fail(path: string, rule: string): never {
  throw new CachetError('BAD_REQUEST', `${path}: ${rule}`);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

export interface StringRules {
  max: number;
  min?: number;
  pattern?: RegExp;
  /** Name of the pattern for the error detail, e.g. "fingerprint". */
  patternName?: string;
}

export function string(rules: StringRules): Schema<string> {
  return {
    parse(v, path = 'payload') {
      if (typeof v !== 'string') fail(path, 'expected a string');
      if (v.length > rules.max) fail(path, `longer than ${rules.max} characters`);
      if (rules.min !== undefined && v.length < rules.min) fail(path, `shorter than ${rules.min} characters`);
      if (rules.pattern && !rules.pattern.test(v)) fail(path, `not a valid ${rules.patternName ?? 'value'}`);
      return v;
    },
  };
}

export interface NumberRules {
  min: number;
  max: number;
  int?: boolean;
}

export function number(rules: NumberRules): Schema<number> {
  return {
    parse(v, path = 'payload') {
      if (typeof v !== 'number' || !Number.isFinite(v)) fail(path, 'expected a finite number');
      if (rules.int && !Number.isInteger(v)) fail(path, 'expected an integer');
      if (v < rules.min || v > rules.max) fail(path, `outside ${rules.min}..${rules.max}`);
      return v;
    },
  };
}

export function int(min: number, max: number): Schema<number> {
  return number({ min, max, int: true });
}

export function boolean(): Schema<boolean> {
  return {
    parse(v, path = 'payload') {
      if (typeof v !== 'boolean') fail(path, 'expected a boolean');
      return v;
    },
  };
}

/** One of a fixed set of string literals. */
export function literal<const L extends readonly string[]>(...values: L): Schema<L[number]> {
  const allowed = new Set<string>(values);
  return {
    parse(v, path = 'payload') {
      if (typeof v !== 'string' || !allowed.has(v)) fail(path, `expected one of ${values.join(', ')}`);
      return v as L[number];
    },
  };
}

export function nullable<T>(inner: Schema<T>): Schema<T | null> {
  return {
    parse(v, path = 'payload') {
      return v === null ? null : inner.parse(v, path);
    },
  };
}

export function array<T>(item: Schema<T>, rules: { max: number; min?: number }): Schema<T[]> {
  return {
    parse(v, path = 'payload') {
      if (!Array.isArray(v)) fail(path, 'expected an array');
      if (v.length > rules.max) fail(path, `more than ${rules.max} items`);
      if (rules.min !== undefined && v.length < rules.min) fail(path, `fewer than ${rules.min} items`);
      return v.map((x, i) => item.parse(x, `${path}[${i}]`));
    },
  };
}

/** A string-keyed map; keys are validated too (so `__proto__` can be refused by pattern). */
export function record<V>(key: Schema<string>, value: Schema<V>, rules: { maxEntries: number }): Schema<Record<string, V>> {
  return {
    parse(v, path = 'payload') {
      if (!isPlainObject(v)) fail(path, 'expected an object');
      const entries = Object.keys(v);
      if (entries.length > rules.maxEntries) fail(path, `more than ${rules.maxEntries} entries`);
      // Null prototype: a key named "__proto__" or "constructor" can never alias Object.prototype.
      const out: Record<string, V> = Object.create(null) as Record<string, V>;
      for (const k of entries) {
        key.parse(k, `${path} key`);
        out[k] = value.parse(v[k], `${path}.${k}`);
      }
      return out;
    },
  };
}

type Shape = Record<string, Schema<unknown>>;
type FromShape<S extends Shape> = { [K in keyof S]: Infer<S[K]> };

/** An object with exactly these properties: missing or unknown properties are refused. */
export function object<S extends Shape>(shape: S): Schema<FromShape<S>> {
  const keys = Object.keys(shape);
  return {
    parse(v, path = 'payload') {
      if (!isPlainObject(v)) fail(path, 'expected an object');
      for (const k of Object.keys(v)) {
        if (!Object.hasOwn(shape, k)) fail(path, `unknown property "${k.slice(0, 64)}"`);
      }
      const out: Record<string, unknown> = {};
      for (const k of keys) {
        if (!Object.hasOwn(v, k)) fail(path, `missing property "${k}"`);
        out[k] = (shape[k] as Schema<unknown>).parse(v[k], `${path}.${k}`);
      }
      return out as FromShape<S>;
    },
  };
}

/** `{}` and nothing else (messages without a payload). */
export function empty(): Schema<Record<string, never>> {
  return {
    parse(v, path = 'payload') {
      if (!isPlainObject(v)) fail(path, 'expected an object');
      const extra = Object.keys(v)[0];
      if (extra !== undefined) fail(path, `unknown property "${extra.slice(0, 64)}"`);
      return {};
    },
  };
}
