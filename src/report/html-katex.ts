/**
 * KaTeX's stylesheet with its fonts inlined as `data:` URLs, for pages that
 * make no request; and KaTeX's dist folder, which the playground's server
 * serves. Node-only, but safe to bundle for the browser: Node's modules are
 * looked up when called, never imported.
 *
 * Invariant: the inlined stylesheet refers to no URL outside `data:` (it
 * throws rather than return one that does).
 */

/**
 * Node's own modules, looked up when called rather than imported, so that
 * the HTML view also bundles for the browser (the playground), where only
 * `renderReportBody` is used.
 */
export function nodeModules(): { fs: typeof import('node:fs'); crypto: typeof import('node:crypto'); module: typeof import('node:module') } {
  if (typeof process === 'undefined' || typeof process.getBuiltinModule !== 'function') {
    throw new Error('renderHtml runs in Node.js 20.16 or newer (it reads KaTeX\'s stylesheet and fonts).');
  }
  return { fs: process.getBuiltinModule('node:fs'), crypto: process.getBuiltinModule('node:crypto'), module: process.getBuiltinModule('node:module') };
}

/** KaTeX's dist folder, found through Node's module resolution. */
export function katexDistDir(): string {
  const { module } = nodeModules();
  const require = module.createRequire(import.meta.url);
  return require.resolve('katex/dist/katex.min.css').replace(/[\\/]katex\.min\.css$/, '');
}

let inlinedCss: string | undefined;

/** katex.min.css with every font as a woff2 `data:` URL (the woff and ttf fallbacks dropped). */
export function katexCssInlined(): string {
  if (inlinedCss !== undefined) return inlinedCss;
  const { fs } = nodeModules();
  const dir = katexDistDir();
  const css = fs.readFileSync(`${dir}/katex.min.css`, 'utf8');
  const out = css.replace(/src:url\(fonts\/([\w-]+)\.woff2\) format\("woff2"\)(?:,url\([^)]*\) format\("[^"]*"\))*/g, (_, font: string) => {
    const data = fs.readFileSync(`${dir}/fonts/${font}.woff2`).toString('base64');
    return `src:url(data:font/woff2;base64,${data}) format("woff2")`;
  });
  if (/url\((?!data:)/.test(out)) throw new Error('KaTeX\'s stylesheet has a font reference this version of nabla cannot inline.');
  inlinedCss = out;
  return out;
}
