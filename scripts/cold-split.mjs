// Cuts the functions a start-up never calls out of a wasm module, into a second module that is
// fetched after the first paint (see docs/ARCHITECTURE.md, "Cold code").
//
//   splitCold(bytes, hot) -> { primary, secondary, stats }
//
// `hot` holds the function indices the start-up calls (scripts/startup-profile.mjs measures
// them). Every other defined function goes to the secondary module. In the primary, a cold
// function keeps its index, so no call site, export or table entry changes: its body becomes a
// trampoline that makes sure the secondary is loaded and calls the real function through a
// table slot the secondary fills when it is instantiated. A cold function nothing outside the
// cold set can reach becomes `unreachable` in the primary. The secondary imports the memory,
// both tables and every global; it calls the primary's functions through table 0 (at the slot
// the table already has for them, or one the primary adds), so they need no names.
//
// Loading is the glue's business (see COLD_LOADER in split-wasm.mjs): the trampolines call one
// import, `tl_cold.load`, while the global the primary exports as `tl_cold_loaded` is 0.
//
// Only function bodies are rewritten (call targets, shifted by the one new import); the wasm
// features rustc and wasm-bindgen emit today are decoded. Anything else (SIMD, atomics,
// exceptions with tags) stops the build rather than emitting a wrong module.

/** The primary's export that says the secondary is in (the loader sets it to 1). */
export const LOADED = 'tl_cold_loaded';

const SECTION = { custom: 0, type: 1, import: 2, func: 3, table: 4, mem: 5, global: 6, export: 7, start: 8, elem: 9, code: 10, data: 11, datacount: 12 };

export class Reader {
  constructor(buf, pos = 0, end = buf.length) { this.buf = buf; this.pos = pos; this.end = end; }
  byte() { return this.buf[this.pos++]; }
  u32() { let r = 0, s = 0, b; do { b = this.buf[this.pos++]; r += (b & 0x7f) * 2 ** s; s += 7; } while (b & 0x80); return r; }
  /** A signed LEB of any width, skipped. */
  skipLeb() { while (this.buf[this.pos++] & 0x80); }
  s33() { let r = 0n, s = 0n, b; do { b = this.buf[this.pos++]; r |= BigInt(b & 0x7f) << s; s += 7n; } while (b & 0x80); if (b & 0x40) r -= 1n << s; return r; }
  bytes(n) { const b = this.buf.subarray(this.pos, this.pos + n); this.pos += n; return b; }
  name() { return Buffer.from(this.bytes(this.u32())).toString('utf8'); }
}

export const u32 = (n) => { const out = []; do { let b = n & 0x7f; n = Math.floor(n / 128); if (n) b |= 0x80; out.push(b); } while (n); return out; };
export const str = (s) => { const b = Buffer.from(s, 'utf8'); return [...u32(b.length), ...b]; };
export const vec = (items) => [...u32(items.length), ...items.flat()];
export const section = (id, body) => [id, ...u32(body.length), ...body];

/** Reads past an import's description (after its module and name). */
export function skipImportDesc(s) {
  const kind = s.byte();
  if (kind === 0) { s.u32(); return; }
  if (kind === 1) s.byte();
  else if (kind === 3) { s.byte(); s.byte(); return; }
  else if (kind !== 2) throw new Error(`import kind ${kind} not supported`);
  const flag = s.byte(); s.u32(); if (flag & 1) s.u32();
}

function limits(r) { const flag = r.byte(); const min = r.u32(); const max = flag & 1 ? r.u32() : undefined; return { flag, min, max }; }
const encLimits = ({ flag, min, max }) => [flag, ...u32(min), ...(flag & 1 ? u32(max) : [])];

/** The module's sections, with what the split needs decoded. */
function parse(buf) {
  if (buf.readUInt32LE(0) !== 0x6d736100 || buf.readUInt32LE(4) !== 1) throw new Error('not a wasm module');
  const r = new Reader(buf, 8);
  const m = { sections: [], types: [], imports: [], funcTypes: [], tables: [], mems: [], globals: [], exports: [], start: null, elems: null, bodies: [] };
  while (r.pos < buf.length) {
    const id = r.byte(); const size = r.u32(); const start = r.pos; const end = start + size;
    const s = new Reader(buf, start, end);
    m.sections.push({ id, raw: buf.subarray(start, end) });
    if (id === SECTION.type) {
      const n = s.u32();
      for (let i = 0; i < n; i++) {
        const from = s.pos;
        if (s.byte() !== 0x60) throw new Error('type section: only function types are supported');
        const params = s.bytes(s.u32()); const results = s.bytes(s.u32());
        m.types.push({ params: [...params], results: [...results], raw: buf.subarray(from, s.pos) });
      }
    } else if (id === SECTION.import) {
      const n = s.u32();
      for (let i = 0; i < n; i++) {
        const module = s.name(); const name = s.name(); const kind = s.byte();
        if (kind !== 0) throw new Error(`import ${module}.${name}: only function imports are supported`);
        m.imports.push({ module, name, type: s.u32() });
      }
    } else if (id === SECTION.func) {
      const n = s.u32(); for (let i = 0; i < n; i++) m.funcTypes.push(s.u32());
    } else if (id === SECTION.table) {
      const n = s.u32(); for (let i = 0; i < n; i++) { const ref = s.byte(); m.tables.push({ ref, ...limits(s) }); }
    } else if (id === SECTION.mem) {
      const n = s.u32(); for (let i = 0; i < n; i++) m.mems.push(limits(s));
    } else if (id === SECTION.global) {
      const n = s.u32();
      for (let i = 0; i < n; i++) {
        const type = s.byte(); const mut = s.byte(); const from = s.pos;
        skipConstExpr(s);
        m.globals.push({ type, mut, init: buf.subarray(from, s.pos) });
      }
    } else if (id === SECTION.export) {
      const n = s.u32(); for (let i = 0; i < n; i++) m.exports.push({ name: s.name(), kind: s.byte(), index: s.u32() });
    } else if (id === SECTION.start) {
      m.start = s.u32();
    } else if (id === SECTION.elem) {
      m.elems = parseElems(s);
    } else if (id === SECTION.code) {
      const n = s.u32();
      for (let i = 0; i < n; i++) { const len = s.u32(); m.bodies.push(buf.subarray(s.pos, s.pos + len)); s.pos += len; }
    }
    r.pos = end;
  }
  return m;
}

/** Reads past a constant expression; `onConst` sees its `i32.const` values (unsigned). */
export function skipConstExpr(s, onConst = () => {}) {
  for (;;) {
    const op = s.byte();
    if (op === 0x0b) return;
    if (op === 0x41) onConst(Number(BigInt.asUintN(32, s.s33())));
    else if (op === 0x42) s.skipLeb();
    else if (op === 0x43) s.pos += 4;
    else if (op === 0x44) s.pos += 8;
    else if (op === 0x23 || op === 0xd2) s.u32();
    else if (op === 0xd0) s.byte();
    else throw new Error(`constant expression: opcode 0x${op.toString(16)} not supported`);
  }
}

/** Element segments in the forms rustc and wasm-split emit: active on table 0, with function
 * indices (kind 0) or with expressions (kind 4: `ref.func f` or `ref.null`; `null` here). */
function parseElems(s) {
  const n = s.u32(); const segs = [];
  for (let i = 0; i < n; i++) {
    const flag = s.u32();
    if (flag !== 0 && flag !== 4) throw new Error(`element segment kind ${flag} not supported`);
    const from = s.pos; skipConstExpr(s); const offset = s.buf.subarray(from, s.pos);
    const count = s.u32(); const funcs = [];
    for (let j = 0; j < count; j++) {
      if (flag === 0) { funcs.push(s.u32()); continue; }
      const op = s.byte();
      if (op === 0xd2) funcs.push(s.u32());
      else if (op === 0xd0) { s.byte(); funcs.push(null); }
      else throw new Error(`element expression 0x${op.toString(16)} not supported`);
      if (s.byte() !== 0x0b) throw new Error('element expression: one instruction expected');
    }
    segs.push({ flag, offset, funcs });
  }
  return segs;
}

const encElem = (seg, shift) => [seg.flag, ...seg.offset, ...vec(seg.funcs.map((f) => {
  if (seg.flag === 0) return u32(shift(f));
  return f === null ? [0xd0, 0x70, 0x0b] : [0xd2, ...u32(shift(f)), 0x0b];
}))];

/**
 * Walks a function body. `onCall(pos, end, target)` sees every `call`/`return_call` immediate,
 * `onConst(n)` every `i32.const` and every load's or store's offset (where a static's address
 * shows: scripts/cold-data.mjs); returns what the body uses that a split must know about.
 */
export function scan(body, onCall = () => {}, onConst = () => {}) {
  const s = new Reader(body);
  const nLocals = s.u32();
  for (let i = 0; i < nLocals; i++) { s.u32(); s.byte(); }
  const use = { refFunc: false, dataOrElem: false, dataSegment: false, calls: [] };
  while (s.pos < body.length) {
    const op = s.byte();
    switch (op) {
      case 0x02: case 0x03: case 0x04: blockType(s); break;
      case 0x0c: case 0x0d: s.u32(); break;
      case 0x0e: { const n = s.u32(); for (let i = 0; i <= n; i++) s.u32(); break; }
      case 0x10: case 0x12: { const from = s.pos; const f = s.u32(); use.calls.push(f); onCall(from, s.pos, f); break; }
      case 0x11: case 0x13: s.u32(); s.u32(); break;
      case 0x1c: { const n = s.u32(); s.pos += n; break; }
      case 0x20: case 0x21: case 0x22: case 0x23: case 0x24: case 0x25: case 0x26: s.u32(); break;
      case 0x3f: case 0x40: s.byte(); break;
      case 0x41: onConst(Number(BigInt.asUintN(32, s.s33()))); break;
      case 0x42: s.skipLeb(); break;
      case 0x43: s.pos += 4; break;
      case 0x44: s.pos += 8; break;
      case 0xd0: s.byte(); break;
      case 0xd2: s.u32(); use.refFunc = true; break;
      case 0xfc: {
        const sub = s.u32();
        if (sub <= 7) break;
        if (sub === 8) { s.u32(); s.byte(); use.dataOrElem = use.dataSegment = true; break; }
        if (sub === 9) { s.u32(); use.dataOrElem = use.dataSegment = true; break; }
        if (sub === 10) { s.byte(); s.byte(); break; }
        if (sub === 11) { s.byte(); break; }
        if (sub === 12) { s.u32(); s.u32(); use.dataOrElem = true; break; }
        if (sub === 13) { s.u32(); use.dataOrElem = true; break; }
        if (sub === 14) { s.u32(); s.u32(); break; }
        if (sub >= 15 && sub <= 17) { s.u32(); break; }
        throw new Error(`opcode 0xfc ${sub} not supported`);
      }
      default:
        if ((op >= 0x28 && op <= 0x3e)) { s.u32(); onConst(s.u32()); break; }
        if (op <= 0x01 || op === 0x05 || op === 0x0b || op === 0x0f || op === 0x1a || op === 0x1b || (op >= 0x45 && op <= 0xc4) || op === 0xd1) break;
        throw new Error(`opcode 0x${op.toString(16)} not supported`);
    }
  }
  return use;
}

function blockType(s) {
  const b = s.buf[s.pos];
  if (b === 0x40 || b === 0x7f || b === 0x7e || b === 0x7d || b === 0x7c || b === 0x7b || b === 0x70 || b === 0x6f) { s.pos++; return; }
  s.s33();
}

/** Function index -> its slot in table 0 once the active segments (constant offsets) are in. */
function tableContents(elems) {
  const slots = new Map();
  for (const seg of elems) {
    const r = new Reader(seg.offset);
    if (r.byte() !== 0x41) continue; // not a constant offset: its slots are not known here
    const at = Number(r.s33());
    seg.funcs.forEach((f, k) => slots.set(at + k, f));
  }
  const slotOf = new Map();
  for (const [slot, f] of slots) if (f !== null && !slotOf.has(f)) slotOf.set(f, slot);
  return slotOf;
}

/** The body with every `call`/`return_call` instruction replaced by `with(opcode, target)`. */
function rewriteCalls(body, withCall) {
  const out = []; let last = 0;
  scan(body, (from, to, f) => { out.push(body.subarray(last, from - 1), Buffer.from(withCall(body[from - 1], f))); last = to; });
  out.push(body.subarray(last));
  return Buffer.concat(out);
}

export function splitCold(buf, hotIndices) {
  const m = parse(buf);
  for (const id of [SECTION.import, SECTION.global, SECTION.export, SECTION.table, SECTION.code]) {
    if (!m.sections.some((s) => s.id === id)) throw new Error(`the module has no section ${id}`);
  }
  const nImp = m.imports.length;
  const nDef = m.funcTypes.length;
  const typeOf = (f) => (f < nImp ? m.imports[f].type : m.funcTypes[f - nImp]);
  if (m.tables.length === 0 || m.tables[0].ref !== 0x70) throw new Error('table 0 is not a funcref table');
  if (m.mems.length !== 1) throw new Error('expected one memory');
  const exportOf = (kind, index) => m.exports.find((e) => e.kind === kind && e.index === index);
  const memExport = exportOf(2, 0); const tableExports = m.tables.map((_, i) => exportOf(1, i));
  if (!memExport || tableExports.some((e) => !e)) throw new Error('the memory and every table must be exported');

  // What stays: what the start-up called, the start function, and whatever the secondary could
  // not hold (bodies that name data or element segments, or take function references).
  const hot = new Set([...hotIndices].filter((f) => f >= nImp));
  if (m.start !== null) hot.add(m.start);
  const uses = m.bodies.map((b) => scan(b));
  uses.forEach((u, i) => { if (u.refFunc || u.dataOrElem) hot.add(nImp + i); });
  const cold = [];
  for (let i = 0; i < nDef; i++) if (!hot.has(nImp + i)) cold.push(nImp + i);
  const isCold = new Set(cold);

  // A cold function needs a trampoline if anything outside the cold set can reach it.
  const reached = new Set();
  uses.forEach((u, i) => { if (!isCold.has(nImp + i)) u.calls.forEach((f) => isCold.has(f) && reached.add(f)); });
  m.exports.forEach((e) => e.kind === 0 && isCold.has(e.index) && reached.add(e.index));
  (m.elems || []).forEach((seg) => seg.funcs.forEach((f) => f !== null && isCold.has(f) && reached.add(f)));
  const slotted = cold.filter((f) => reached.has(f));
  const base = m.tables[0].min;
  const slotOf = new Map(slotted.map((f, k) => [f, base + k]));

  // The primary's functions the cold ones call are called through table 0 (an export and an
  // import each would cost a name in both modules): a defined function the table already holds
  // is called at its slot; the others get slots after the trampolines' ones, filled by the
  // primary. Imports always get new slots: wasm-split's parts overwrite the slots that hold its
  // placeholders when they load.
  const needed = new Set();
  for (const f of cold) uses[f - nImp].calls.forEach((g) => !isCold.has(g) && needed.add(g));
  const callees = [...needed].sort((a, b) => a - b);
  const inTable = tableContents(m.elems || []);
  const extra = callees.filter((f) => f < nImp || !inTable.has(f));
  const calleeSlot = new Map(callees.map((f) => [f, inTable.get(f)]));
  extra.forEach((f, k) => calleeSlot.set(f, base + slotted.length + k));
  const grownBy = slotted.length + extra.length;
  if (extra.length && !m.elems) throw new Error('the module has no element section to put the cold code\'s callees in');
  // The secondary's functions are the cold ones, in order.
  const secIndex = new Map(cold.map((f, i) => [f, i]));

  // --- primary ---------------------------------------------------------------------------
  // One new import (tl_cold.load) at index 0 of the import list's end: every function index
  // from nImp on moves up by one.
  const shift = (f) => (f >= nImp ? f + 1 : f);
  const types = m.types.map((t) => t.raw);
  let voidType = m.types.findIndex((t) => t.params.length === 0 && t.results.length === 0);
  if (voidType < 0) { voidType = types.length; types.push(Buffer.from([0x60, 0, 0])); }
  const loadedGlobal = m.globals.length;
  const ensure = nImp + 1 + nDef; // appended after the defined functions

  const primaryBodies = m.bodies.map((body, i) => {
    const f = nImp + i;
    if (!isCold.has(f)) return rewriteCalls(body, (op, g) => [op, ...u32(shift(g))]);
    if (!slotOf.has(f)) return Buffer.from([0x00, 0x00, 0x0b]); // no locals; unreachable
    const t = m.types[typeOf(f)];
    const code = [0x00, 0x10, ...u32(ensure)];
    t.params.forEach((_, p) => code.push(0x20, ...u32(p)));
    code.push(0x41, ...sleb(slotOf.get(f)), 0x11, ...u32(typeOf(f)), 0x00, 0x0b);
    return Buffer.from(code);
  });
  // ensure: if (!tl_cold_loaded) tl_cold.load()
  primaryBodies.push(Buffer.from([0x00, 0x23, ...u32(loadedGlobal), 0x45, 0x04, 0x40, 0x10, ...u32(nImp), 0x0b, 0x0b]));

  const taken = new Set(m.exports.map((e) => e.name));
  const newExports = [];
  // Short names: a thousand of them are in both modules' start-up bytes.
  const exportName = (kind, index, name) => {
    const have = m.exports.find((e) => e.kind === kind && e.index === index) || newExports.find((e) => e.kind === kind && e.index === index);
    if (have) return have.name;
    if (taken.has(name)) throw new Error(`export name ${name} is taken`);
    taken.add(name); newExports.push({ name, kind, index }); return name;
  };
  const globalNames = m.globals.map((_, g) => exportName(3, g, `~g${g.toString(36)}`));
  const loadedName = exportName(3, loadedGlobal, LOADED);

  const out = [Buffer.from([0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0])];
  const typeSec = Buffer.from(section(SECTION.type, vec(types.map((t) => [...t]))));
  for (const { id, raw } of m.sections) {
    switch (id) {
      case SECTION.type: out.push(typeSec); break;
      case SECTION.import: out.push(Buffer.from(section(id, vec([
        ...m.imports.map((im) => [...str(im.module), ...str(im.name), 0x00, ...u32(im.type)]),
        [...str('tl_cold'), ...str('load'), 0x00, ...u32(voidType)],
      ])))); break;
      case SECTION.func: out.push(Buffer.from(section(id, vec([...m.funcTypes.map((t) => u32(t)), u32(voidType)])))); break;
      case SECTION.table: out.push(Buffer.from(section(id, vec(m.tables.map((t, i) => {
        if (i !== 0) return [t.ref, ...encLimits(t)];
        const grown = { ...t, min: t.min + grownBy, max: t.max === undefined ? undefined : Math.max(t.max, t.min + grownBy) };
        return [t.ref, ...encLimits(grown)];
      }))))); break;
      case SECTION.global: out.push(Buffer.from(section(id, vec([
        ...m.globals.map((g) => [g.type, g.mut, ...g.init]),
        [0x7f, 0x01, 0x41, 0x00, 0x0b],
      ])))); break;
      case SECTION.export: out.push(Buffer.from(section(id, vec([...m.exports, ...newExports].map((e) =>
        [...str(e.name), e.kind, ...u32(e.kind === 0 ? shift(e.index) : e.index)]))))); break;
      case SECTION.start: out.push(Buffer.from(section(id, u32(shift(m.start))))); break;
      case SECTION.elem: out.push(Buffer.from(section(id, vec([
        ...m.elems.map((seg) => encElem(seg, shift)),
        ...(extra.length ? [[0x00, 0x41, ...sleb(base + slotted.length), 0x0b, ...vec(extra.map((f) => u32(shift(f))))]] : []),
      ])))); break;
      case SECTION.code: out.push(Buffer.from(section(id, vec(primaryBodies.map((b) => [...u32(b.length), ...b]))))); break;
      case SECTION.custom: {
        // Names would now be off by one: drop them (release builds have none; -g builds keep
        // the "name" section for profiles, so it is rebuilt shifted).
        const r = new Reader(raw); const name = r.name();
        if (name === 'name') out.push(Buffer.from(section(0, shiftNames(raw, shift, nImp))));
        else out.push(Buffer.from(section(0, [...raw])));
        break;
      }
      default: out.push(Buffer.from(section(id, [...raw])));
    }
  }
  const primary = Buffer.concat(out);

  // --- secondary -------------------------------------------------------------------------
  const P = 'p';
  const secImportList = [
    [...str(P), ...str(memExport.name), 0x02, ...encLimits({ flag: 0, min: m.mems[0].min })],
    ...m.tables.map((t, i) => [...str(P), ...str(tableExports[i].name), 0x01, t.ref, ...encLimits({ flag: 0, min: i === 0 ? t.min + grownBy : t.min })]),
    ...m.globals.map((g, i) => [...str(P), ...str(globalNames[i]), 0x03, g.type, g.mut]),
  ];
  // A call to a cold function stays a call; one to the primary goes through its slot.
  const secBodies = cold.map((f) => rewriteCalls(m.bodies[f - nImp], (op, g) => (secIndex.has(g)
    ? [op, ...u32(secIndex.get(g))]
    : [0x41, ...sleb(calleeSlot.get(g)), op === 0x10 ? 0x11 : 0x13, ...u32(typeOf(g)), 0x00])));
  const secondary = Buffer.concat([
    Buffer.from([0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0]),
    typeSec,
    Buffer.from(section(SECTION.import, vec(secImportList))),
    Buffer.from(section(SECTION.func, vec(cold.map((f) => u32(typeOf(f)))))),
    Buffer.from(section(SECTION.elem, vec(slotted.length ? [[0x00, 0x41, ...sleb(base), 0x0b, ...vec(slotted.map((f) => u32(secIndex.get(f))))]] : []))),
    Buffer.from(section(SECTION.code, vec(secBodies.map((b) => [...u32(b.length), ...b])))),
  ]);
  const size = (fs) => fs.reduce((a, f) => a + m.bodies[f - nImp].length, 0);
  return {
    primary, secondary, loadedName,
    stats: { functions: nDef, hot: nDef - cold.length, cold: cold.length, trampolines: slotted.length, coldCodeBytes: size(cold), callees: callees.length, newSlots: extra.length },
  };
}

export function sleb(n) {
  const out = [];
  for (;;) { const b = n & 0x7f; n >>= 7; if ((n === 0 && !(b & 0x40)) || (n === -1 && (b & 0x40))) { out.push(b); return out; } out.push(b | 0x80); }
}

/** The "name" section with function indices moved by `shift` (other subsections as they are). */
function shiftNames(raw, shift) {
  const r = new Reader(raw); const name = r.name(); const out = [...str(name)];
  while (r.pos < raw.length) {
    const id = r.byte(); const size = r.u32(); const end = r.pos + size;
    if (id !== 1) { out.push(id, ...u32(size)); append(out, raw.subarray(r.pos, end)); r.pos = end; continue; }
    const n = r.u32(); const body = [...u32(n)];
    for (let i = 0; i < n; i++) { const idx = r.u32(); const nm = r.bytes(r.u32()); body.push(...u32(shift(idx)), ...u32(nm.length), ...nm); }
    out.push(1, ...u32(body.length)); append(out, body); r.pos = end;
  }
  return out;
}

/** `out.push(...items)` for any length: spreading a whole names subsection (hundreds of KB in a
 * build with names) overflows the stack. */
function append(out, items) {
  for (const b of items) out.push(b);
}

/**
 * Functions that stay in the main module whatever a profile saw, because whether they run
 * depends on addresses and sizes, not on what a start-up does. Cut, each brought the cold module
 * in synchronously in some opens (seen in e2e/firstframe.spec.mjs's colour test):
 * - hashbrown's closures (the probe that compares keys, the hasher used when a table grows) run
 *   only when two keys share a hash tag or a table is resized (a reactive node's source set, in
 *   about one open in ten); so do its tables' growth and rehashing;
 * - the allocator and vectors' growth (dlmalloc, `Global`'s allocate / grow / shrink, `RawVec`):
 *   a `shrink_to_fit` of a vector that happens to be full does not call it (reading an admin's
 *   statuses, once the issue panel's start-up no longer ran the framework's own allocations).
 * Matched on the mangled names the main module had before its name section was dropped
 * (split-wasm.mjs lists them, with their names, in `target/cold-data/<stem>.kept.json`).
 */
export const ALWAYS_KEPT = new RegExp([
  /^_ZN9hashbrown(?:3raw|3map)\d.*closure/,
  /9hashbrown3raw\w*13RawTableInner/,
  /^_ZN9hashbrown3raw\d+RawTable\$LT\$.*(?:reserve|resize|rehash)/,
  /8dlmalloc/,
  /^_R\w*_5alloc5alloc\w*6Global/,
  /^_R\w*___rust_(?:alloc|dealloc|realloc|alloc_zeroed)$/,
  /^(?:_ZN5alloc7raw_vec|_R\w*_5alloc7raw_vec|_ZN\d+_\$LT\$alloc\.\.raw_vec)/,
].map((r) => r.source).join('|'));

/** The functions of a split main module whose body is a trampoline into the cold module (it
 * calls `ensure`, the last function, first: see `primaryBodies` in `splitCold`). */
export function trampolines(buf) {
  const m = parse(buf);
  const nImp = m.imports.length;
  const ensure = nImp + m.bodies.length - 1;
  const found = new Set();
  m.bodies.forEach((body, i) => {
    if (body[0] === 0x00 && body[1] === 0x10 && new Reader(body, 2).u32() === ensure) found.add(nImp + i);
  });
  return found;
}
