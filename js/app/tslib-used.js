// The TypeScript helpers the bundled @forge modules call. Their CommonJS `require("tslib")`
// takes tslib's whole module (11 KB of helpers, two of them used); through this file esbuild
// keeps only these, taken unchanged from tslib itself. scripts/forge-bridge-cuts.mjs fails the
// build if a bundled module calls a helper that is not listed here.
export { __exportStar, __importDefault } from '../../node_modules/tslib/tslib.es6.mjs';
