// What the bundled @forge/bridge modules call of @forge/i18n: getContext normalises the
// context's locale with `ensureLocale`. The package's index `require`s its translation loader
// too, with lodash (9 KB of code the bridge never runs, which esbuild cannot drop from
// CommonJS); through this file only Atlassian's `ensureLocale` module is bundled, unchanged.
// scripts/forge-bridge-cuts.mjs fails the build if a bundled module calls anything not listed here.
export { ensureLocale } from '../../node_modules/@forge/i18n/out/ensureLocale.js';
