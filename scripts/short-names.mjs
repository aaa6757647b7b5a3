// The names the main wasm and its JS glue call each other by. wasm-bindgen names every import
// `__wbg_<name>_<16 hex digits>` and the glue's closure exports carry mangled Rust names:
// ~170 names, each written in both files, whose hex digits brotli cannot squeeze (measured:
// 2.5 KB of the wasm's and 1.7 KB of the glue's start-up bytes). They get short names in both.
//
//   shortenNames(wasmBytes, glueText, glueModule) -> { wasm, glue, renamed }
//
// A name is only renamed where the glue holds it in the one form this code rewrites (an import
// as the one key `name:` of the import object, an export where the glue reads it as
// `wasm.name`); anything else keeps its name, so a glue of another shape is left working, just
// longer.
import { Reader, section, skipImportDesc, str, u32, vec } from './cold-split.mjs';

/** a, b, … z, A … Z, then two letters: the shortest names, none a keyword but `do`/`if`/`in`,
 * which are valid as object keys and never produced as export names (those start with `$`). */
function shortName(i) {
  const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
  let name = '';
  do { name = letters[i % 52] + name; i = Math.floor(i / 52) - 1; } while (i >= 0);
  return name;
}

/** `name` as a whole token: one export's name can be another's prefix (`…E` and `…E_14`). */
const esc = (name) => name.replace(/[$.]/g, '\\$&');
const token = (name) => new RegExp(`${esc(name)}(?![\\w$])`, 'g');
const count = (text, name) => (text.match(token(name)) || []).length;

export function shortenNames(bytes, glue, glueModule) {
  const r = new Reader(bytes, 8);
  const out = [bytes.subarray(0, 8)];
  const renamed = new Map();
  let next = 0;
  while (r.pos < bytes.length) {
    const from = r.pos;
    const id = r.byte(); const size = r.u32(); const start = r.pos; const end = start + size;
    const s = new Reader(bytes, start, end);
    if (id === 2) {
      const n = s.u32(); const items = [];
      for (let i = 0; i < n; i++) {
        const module = s.name(); const name = s.name(); const desc = s.pos;
        skipImportDesc(s);
        let to = name;
        // Exactly one occurrence, as a key: the import object's entry, nothing else.
        if (module === glueModule && count(glue, name) === 1 && new RegExp(`${esc(name)}\\s*:`).test(glue)) {
          to = shortName(next++);
          renamed.set(name, to);
        }
        items.push([...str(module), ...str(to), ...bytes.subarray(desc, s.pos)]);
      }
      out.push(Buffer.from(section(id, vec(items))));
    } else if (id === 7) {
      const n = s.u32(); const items = []; let k = 0;
      const exportNames = new Set();
      for (let i = 0, e = new Reader(bytes, s.pos, end); i < n; i++) { exportNames.add(e.name()); e.byte(); e.u32(); }
      for (let i = 0; i < n; i++) {
        const name = s.name(); const kind = s.byte(); const index = s.u32();
        let to = name;
        // The glue reads it as `wasm.<name>` (and names a JS function of its own after it,
        // which esbuild shortens anyway).
        if (name.startsWith('_ZN') && count(glue, `wasm.${name}`) > 0) {
          do to = `$${(k++).toString(36)}`; while (exportNames.has(to));
          renamed.set(`wasm.${name}`, `wasm.${to}`);
        }
        items.push([...str(to), kind, ...u32(index)]);
      }
      out.push(Buffer.from(section(id, vec(items))));
    } else {
      out.push(bytes.subarray(from, end));
    }
    r.pos = end;
  }
  for (const [name, to] of renamed) glue = glue.replace(token(name), to);
  const wasm = Buffer.concat(out);
  // Every export the glue reads must still be there (a name renamed in one file and not in the
  // other only fails when that code runs).
  const exports = new Set(WebAssembly.Module.exports(new WebAssembly.Module(wasm)).map((e) => e.name));
  for (const [, name] of glue.matchAll(/\bwasm\.([\w$]+)/g)) {
    if (!exports.has(name)) throw new Error(`short-names: the glue reads wasm.${name}, which the wasm does not export`);
  }
  return { wasm, glue, renamed };
}
