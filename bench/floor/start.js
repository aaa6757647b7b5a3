import './bridge.js';
import init from './floor.js';
init({ module_or_path: fetch('floor_bg.wasm', { mode: 'cors', credentials: 'same-origin' }) });
