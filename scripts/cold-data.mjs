// Moves the constant data only cold code reads (strings, tables, vtables of error paths and
// features used after the first paint) out of the start-up wasm into the cold module, whose
// data segments write it into the shared memory when it is instantiated (docs/ARCHITECTURE.md,
// "Cold data").
//
//   dataMap(raw, split, parts) -> map     at build time (scripts/split-wasm.mjs), while the
//                                         linker's symbols and relocations are at hand
//   moveColdData(primary, secondary, others, map) -> { primary, secondary, stats }
//                                         after the cold split (scripts/startup-split.mjs)
//
// Addresses do not change: bytes only hot code can reach stay in the primary; the others are
// zero there until the cold module is in, and no code that runs before that reads them. That
// needs each datum's extent, which the final module does not have, so `dataMap` takes it from
// the linker: cargo's wasm (linked with --emit-relocs: a symbol per static and string, and a
// relocation for every address in code and data) and wasm-split's main module (the same code,
// with the data laid out anew). A relocation's place in a function the two share gives its
// symbol's new address; pointers in data give more. Every symbol placed so must hold the same
// bytes (but for relocated words) at its new address, or the build stops.
//
// `moveColdData` keeps what the primary's code and every part's code name (an `i32.const` or a
// load's or store's offset), what globals start with, and what those data point to. A constant
// the optimiser made (not in the linked code) may be an address a few bytes outside its datum:
// the data beside it are kept too; so are the symbols the linked code or data address outside
// their extent (one past the end), and bytes of no known symbol.
import { createHash } from 'node:crypto';
import { Reader, scan, section, skipConstExpr, skipImportDesc, sleb, u32, vec } from './cold-split.mjs';

const CODE = 10; const DATA = 11; const DATACOUNT = 12;
/** How far outside its datum an optimiser-made constant is taken to point. */
const NEAR = 16;

function sections(buf) {
  if (buf.readUInt32LE(0) !== 0x6d736100) throw new Error('not a wasm module');
  const r = new Reader(buf, 8); const out = [];
  while (r.pos < buf.length) {
    const head = r.pos; const id = r.byte(); const size = r.u32(); const start = r.pos;
    out.push({ id, name: id === 0 ? r.name() : null, head, body: r.pos, end: start + size });
    r.pos = start + size;
  }
  return out;
}
const custom = (secs, name) => secs.find((s) => s.id === 0 && s.name === name);

function sleb32(r) { return Number(BigInt.asIntN(32, r.s33())); }

function importedFunctions(buf, secs) {
  const s = secs.find((x) => x.id === 2); if (!s) return 0;
  const r = new Reader(buf, s.body, s.end); const n = r.u32(); let funcs = 0;
  for (let i = 0; i < n; i++) { r.name(); r.name(); if (buf[r.pos] === 0) funcs++; skipImportDesc(r); }
  return funcs;
}

/** Function bodies: `at` in the file, `rel` from the code section's contents. */
function bodies(buf, secs) {
  const s = secs.find((x) => x.id === CODE); if (!s) return [];
  const r = new Reader(buf, s.body, s.end); const n = r.u32(); const out = [];
  for (let i = 0; i < n; i++) { const len = r.u32(); out.push({ at: r.pos, rel: r.pos - s.body, len }); r.pos += len; }
  return out;
}

/** Each function's body size in bytes, by function index (imports come first): what
 * e2e/perf.spec.mjs weighs the functions a start-up compiles by. */
export function functionSizes(buf) {
  const secs = sections(buf); const first = importedFunctions(buf, secs);
  return new Map(bodies(buf, secs).map((b, i) => [first + i, b.len]));
}

function functionNames(buf, secs) {
  const s = custom(secs, 'name'); const names = new Map(); if (!s) return names;
  const r = new Reader(buf, s.body, s.end);
  while (r.pos < s.end) {
    const id = r.byte(); const end = r.u32() + r.pos;
    if (id === 1) { const n = r.u32(); for (let i = 0; i < n; i++) { const f = r.u32(); names.set(f, r.name()); } }
    r.pos = end;
  }
  return names;
}

/** The module's function names (index -> name) and the module without its name section. */
export function takeNames(buf) {
  const secs = sections(buf);
  const names = custom(secs, 'name');
  const rest = secs.filter((s) => s !== names).map((s) => buf.subarray(s.head, s.end));
  return { names: functionNames(buf, secs), wasm: Buffer.concat([buf.subarray(0, 8), ...rest]) };
}

/** Active data segments (the only kind rustc emits here): `{ at, rel, bytes }`. */
function dataSegments(buf, secs) {
  const s = secs.find((x) => x.id === DATA); if (!s) return [];
  const r = new Reader(buf, s.body, s.end); const n = r.u32(); const out = [];
  for (let i = 0; i < n; i++) {
    if (r.u32() !== 0 || r.byte() !== 0x41) throw new Error('data segment: only active segments at a constant address are supported');
    const at = sleb32(r); if (r.byte() !== 0x0b) throw new Error('data segment: constant address expected');
    const len = r.u32(); out.push({ at, rel: r.pos - s.body, bytes: buf.subarray(r.pos, r.pos + len) }); r.pos += len;
  }
  return out;
}

/** The memory the segments write, from the lowest address they touch (or over [lo, hi)). */
function image(segs, lo = Math.min(...segs.map((g) => g.at)), hi = Math.max(...segs.map((g) => g.at + g.bytes.length))) {
  const bytes = Buffer.alloc(hi - lo);
  for (const g of segs) {
    if (g.at < lo || g.at + g.bytes.length > hi) throw new Error(`cold-data: a data segment at ${g.at} is outside ${lo}..${hi}`);
    g.bytes.copy(bytes, g.at - lo);
  }
  return { lo, bytes };
}
const digest = (bytes) => createHash('sha256').update(bytes).digest('hex');

/** Data symbols of the `linking` section (others are kept as placeholders, for the indices). */
function dataSymbols(buf, secs) {
  const s = custom(secs, 'linking'); if (!s) throw new Error('no linking section: is cargo still linking with --emit-relocs (the split feature)?');
  const r = new Reader(buf, s.body, s.end); if (r.u32() !== 2) throw new Error('linking section version');
  const syms = [];
  while (r.pos < s.end) {
    const type = r.byte(); const end = r.u32() + r.pos;
    if (type === 8) {
      const n = r.u32();
      for (let i = 0; i < n; i++) {
        const kind = r.byte(); const flags = r.u32(); const undefined_ = flags & 0x10;
        if (kind === 1) {
          r.name();
          syms.push(undefined_ ? null : { segment: r.u32(), offset: r.u32(), size: r.u32() });
        } else if (kind === 3) { r.u32(); syms.push(null); } else { r.u32(); if (!undefined_ || (flags & 0x40)) r.name(); syms.push(null); }
      }
    }
    r.pos = end;
  }
  return syms;
}

const ADDEND = new Set([3, 4, 5, 8, 9, 11, 14, 15, 16, 17, 21, 22, 23, 25]);
/** The relocations of a `reloc.*` section: `{ type, offset, symbol, addend }`. */
function relocs(buf, secs, name) {
  const s = custom(secs, name); if (!s) throw new Error(`no ${name} section`);
  const r = new Reader(buf, s.body, s.end); r.u32(); const n = r.u32(); const out = [];
  for (let i = 0; i < n; i++) {
    const type = r.byte(); const offset = r.u32(); const symbol = r.u32(); const addend = ADDEND.has(type) ? sleb32(r) : 0;
    out.push({ type, offset, symbol, addend });
  }
  return out;
}
/** Memory addresses: LEB, SLEB, I32 (the others are table indices, types, …). */
const isAddress = (rel) => rel.type === 3 || rel.type === 4 || rel.type === 5;

/** The `i32.const` values globals start with (a static's address, say). */
function globalConstants(buf, secs) {
  const s = secs.find((x) => x.id === 6); if (!s) return [];
  const r = new Reader(buf, s.body, s.end); const n = r.u32(); const out = [];
  for (let i = 0; i < n; i++) { r.byte(); r.byte(); skipConstExpr(r, (x) => out.push(x)); }
  return out;
}

function readLeb(buf, at, signed) {
  const r = new Reader(buf, at);
  return signed ? sleb32(r) : r.u32();
}

function constantsIn(buf, into = new Set()) {
  for (const b of bodies(buf, sections(buf))) scan(buf.subarray(b.at, b.at + b.len), undefined, (n) => into.add(n));
  return into;
}

/**
 * Where wasm-split put each datum of `raw` that its main module `split` holds.
 * `parts`: wasm-split's other modules as it wrote them (their code names main-module data too).
 */
export function dataMap(raw, split, parts) {
  const rs = sections(raw); const ss = sections(split);
  const syms = dataSymbols(raw, rs);
  const rawSegs = dataSegments(raw, rs);
  const rawAddr = (sym) => rawSegs[syms[sym].segment].at + syms[sym].offset;
  const { lo, bytes: mem } = image(dataSegments(split, ss));
  const at = (a) => (a >= lo && a < lo + mem.length ? mem[a - lo] : 0);
  const word = (a) => at(a) | (at(a + 1) << 8) | (at(a + 2) << 16) | ((at(a + 3) << 24) >>> 0);

  // Functions by name (wasm-split keeps them and copies bodies with relocations applied in place).
  const rawBodies = bodies(raw, rs); const splitBodies = bodies(split, ss);
  const rawImports = importedFunctions(raw, rs); const splitImports = importedFunctions(split, ss);
  const byName = new Map(); const twice = new Set();
  for (const [f, name] of functionNames(split, ss)) {
    if (f < splitImports) continue;
    if (byName.has(name)) twice.add(name);
    byName.set(name, f - splitImports);
  }
  const pair = new Map();
  const rawNames = functionNames(raw, rs); const seen = new Set();
  for (const name of rawNames.values()) { if (seen.has(name)) twice.add(name); seen.add(name); }
  for (const [f, name] of rawNames) {
    if (f < rawImports || twice.has(name) || !byName.has(name)) continue;
    const b = splitBodies[byName.get(name)];
    if (b.len === rawBodies[f - rawImports].len) pair.set(f - rawImports, b);
  }

  const placed = new Map();
  const place = (sym, addr) => {
    if (!syms[sym] || syms[sym].size === 0) return false;
    const had = placed.get(sym);
    if (had !== undefined && had !== addr) throw new Error(`cold-data: symbol ${sym} is at ${had} and at ${addr} in wasm-split's module`);
    placed.set(sym, addr); return had === undefined;
  };
  // Code: a relocation in a function both modules have gives its symbol's new address.
  const codeRelocs = relocs(raw, rs, 'reloc.CODE').filter(isAddress);
  const irregular = new Set();
  let b = 0;
  for (const rel of codeRelocs) {
    const s = syms[rel.symbol];
    if (s && (rel.addend < 0 || rel.addend >= s.size)) irregular.add(rel.symbol);
    while (b + 1 < rawBodies.length && rawBodies[b + 1].rel <= rel.offset) b++;
    const twin = pair.get(b); if (!twin) continue;
    place(rel.symbol, readLeb(split, twin.at + rel.offset - rawBodies[b].rel, rel.type === 4) - rel.addend);
  }
  // Data: a pointer in a placed datum gives its target's new address. Every relocated word
  // (vtables also hold table indices, which wasm-split renumbers) differs from the linker's.
  const inRaw = (offset) => {
    let k = rawSegs.length - 1; while (k > 0 && rawSegs[k].rel > offset) k--;
    return rawSegs[k].at + offset - rawSegs[k].rel;
  };
  const byAddress = (x, y) => x.at - y.at;
  const relocated = relocs(raw, rs, 'reloc.DATA').map((rel) => ({ ...rel, at: inRaw(rel.offset) })).sort(byAddress);
  const dataRelocs = relocated.filter(isAddress);
  /** The relocations of `list` (by address) at addresses from..to. */
  const within = (list, from, to) => {
    let l = 0; let h = list.length; while (l < h) { const m = (l + h) >> 1; if (list[m].at < from) l = m + 1; else h = m; }
    const out = []; for (let k = l; k < list.length && list[k].at < to; k++) out.push(list[k]); return out;
  };
  for (const rel of dataRelocs) {
    const t = syms[rel.symbol];
    if (t && (rel.addend < 0 || rel.addend >= t.size)) irregular.add(rel.symbol);
  }
  const pointers = [];
  for (let todo = [...placed.keys()]; todo.length;) {
    const sym = todo.pop(); const from = rawAddr(sym);
    for (const rel of within(dataRelocs, from, from + syms[sym].size)) {
      const w = placed.get(sym) + rel.at - from;
      pointers.push(w);
      if (place(rel.symbol, word(w) - rel.addend)) todo.push(rel.symbol);
    }
  }
  // Each placed datum holds its bytes, but for relocated words.
  for (const [sym, addr] of placed) {
    const from = rawAddr(sym); const { size } = syms[sym]; const seg = rawSegs[syms[sym].segment];
    const masked = new Set();
    for (const rel of within(relocated, from - 3, from + size)) for (let j = 0; j < 4; j++) masked.add(rel.at + j - from);
    for (let k = 0; k < size; k++) {
      if (masked.has(k)) continue;
      const o = from - seg.at + k; const was = o < seg.bytes.length ? seg.bytes[o] : 0;
      if (at(addr + k) !== was) throw new Error(`cold-data: symbol ${sym} does not hold its bytes at ${addr} in wasm-split's module`);
    }
  }
  // The constants the linked code has (any other one an optimiser made).
  const linked = constantsIn(split);
  for (const p of parts) constantsIn(p, linked);
  const hi = lo + mem.length;
  return {
    lo, hi, image: digest(mem),
    symbols: [...placed].map(([sym, addr]) => [addr, syms[sym].size]).sort((x, y) => x[0] - y[0] || y[1] - x[1]),
    irregular: [...irregular].filter((s) => placed.has(s)).map((s) => placed.get(s)).sort((x, y) => x - y),
    pointers: [...new Set(pointers)].sort((x, y) => x - y),
    linked: [...linked].filter((n) => n >= lo && n < hi).sort((x, y) => x - y),
  };
}

/**
 * Data segments writing the non-zero bytes of `mem` (from address `lo`). A segment may write
 * zeros between them only where `mayWrite` allows (a zero the primary's segments write costs
 * brotli next to nothing; one the secondary writes would clear what the app has since stored).
 */
function segmentsOf(lo, mem, mayWrite = null) {
  const out = []; let k = 0;
  while (k < mem.length) {
    while (k < mem.length && mem[k] === 0) k++;
    if (k === mem.length) break;
    const start = k; let end = k + 1;
    for (k++; k < mem.length && (mayWrite === null || mayWrite[k]); k++) if (mem[k] !== 0) end = k + 1;
    out.push([0x00, 0x41, ...sleb(lo + start), 0x0b, ...u32(end - start), ...mem.subarray(start, end)]);
    k = end;
  }
  return out;
}

/** `buf` with its data section (and data count) replaced by `segs`, or a data section added. */
function withData(buf, segs) {
  const secs = sections(buf);
  const out = [buf.subarray(0, 8)]; let added = false;
  for (const s of secs) {
    const whole = buf.subarray(s.head, s.end);
    if (s.id === DATACOUNT) out.push(Buffer.from(section(DATACOUNT, u32(segs.length))));
    else if (s.id === DATA) { out.push(Buffer.from(section(DATA, vec(segs)))); added = true; } else out.push(whole);
    if (s.id === CODE && !secs.some((x) => x.id === DATA)) { out.push(Buffer.from(section(DATA, vec(segs)))); added = true; }
  }
  if (!added) throw new Error('cold-data: the module has no code section');
  return Buffer.concat(out);
}

/**
 * Zeroes in `primary` the data only cold code reads and gives it to `secondary`, which writes
 * it when it is instantiated. `others`: every module that shares the memory and may run before
 * the secondary is in (wasm-split's parts).
 */
export function moveColdData(primary, secondary, others, map) {
  const ps = sections(primary);
  const { lo, bytes } = image(dataSegments(primary, ps), map.lo, map.hi);
  const mem = Buffer.from(bytes);
  if (digest(mem) !== map.image) throw new Error('cold-data: the primary\'s data is not the data the map was made from');
  if (sections(secondary).some((s) => s.id === DATA || s.id === DATACOUNT)) throw new Error('cold-data: the secondary has data already');

  const syms = map.symbols; // [address, size], by address
  const reach = []; let most = 0; for (const [a, n] of syms) { most = Math.max(most, a + n); reach.push(most); }
  const hot = new Uint8Array(syms.length);
  const todo = [];
  const mark = (i) => { if (i >= 0 && i < syms.length && !hot[i]) { hot[i] = 1; todo.push(i); } };
  const after = (x) => { let l = 0; let h = syms.length; while (l < h) { const m = (l + h) >> 1; if (syms[m][0] <= x) l = m + 1; else h = m; } return l; };
  /** Every datum holding address x. */
  const holding = (x) => { for (let j = after(x) - 1; j >= 0 && reach[j] > x; j--) if (x < syms[j][0] + syms[j][1]) mark(j); };
  /** And those that start or end within NEAR bytes of it. */
  const near = (x) => {
    for (let j = after(x); j < syms.length && syms[j][0] <= x + NEAR; j++) mark(j);
    for (let j = after(x) - 1; j >= 0 && reach[j] >= x - NEAR; j--) { const end = syms[j][0] + syms[j][1]; if (end <= x && end >= x - NEAR) mark(j); }
  };
  const linked = new Set(map.linked);
  const inData = (x) => x >= map.lo && x < map.hi;
  const named = (x) => { if (!inData(x)) return; holding(x); if (!linked.has(x)) near(x); };
  // A pointer in data is exact: the linker wrote each one as a symbol's address, plus nothing.
  const pointsAt = (x) => { if (inData(x)) holding(x); };
  for (const m of [primary, ...others]) {
    for (const b of bodies(m, sections(m))) {
      const use = scan(m.subarray(b.at, b.at + b.len), undefined, named);
      if (m === primary && use.dataSegment) throw new Error('cold-data: the primary names data segments by index (memory.init, data.drop): they cannot be re-cut');
    }
  }
  for (const a of map.irregular) holding(a);
  for (const x of globalConstants(primary, ps)) named(x);
  const word = (a) => (a - lo + 4 <= mem.length ? mem.readUInt32LE(a - lo) : 0);
  // Bytes of no known datum are kept, and so is what they may point at.
  const known = new Uint8Array(mem.length);
  for (const [a, n] of syms) known.fill(1, a - lo, a - lo + n);
  for (let a = lo + ((4 - (lo % 4)) % 4); a + 4 <= lo + mem.length; a += 4) if (!known[a - lo]) pointsAt(word(a));
  // What kept data points at is kept.
  const pointers = map.pointers;
  while (todo.length) {
    const [a, n] = syms[todo.pop()];
    let l = 0; let h = pointers.length; while (l < h) { const m = (l + h) >> 1; if (pointers[m] < a) l = m + 1; else h = m; }
    for (let k = l; k < pointers.length && pointers[k] < a + n; k++) pointsAt(word(pointers[k]));
  }

  const keep = new Uint8Array(mem.length);
  syms.forEach(([a, n], i) => { if (hot[i]) keep.fill(1, a - lo, a - lo + n); });
  const cold = Buffer.alloc(mem.length); const coldOnly = new Uint8Array(mem.length); let moved = 0;
  syms.forEach(([a, n], i) => {
    if (hot[i]) return;
    for (let k = a - lo; k < a - lo + n; k++) {
      if (keep[k]) continue;
      coldOnly[k] = 1;
      if (mem[k] !== 0) { cold[k] = mem[k]; mem[k] = 0; moved++; }
    }
  });
  return {
    primary: withData(primary, segmentsOf(lo, mem)),
    secondary: withData(secondary, segmentsOf(lo, cold, coldOnly)),
    stats: { data: bytes.length, moved, symbols: syms.length, kept: hot.reduce((x, y) => x + y, 0) },
  };
}
