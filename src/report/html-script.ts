/**
 * The HTML report's one script, as text: the page inlines it under a
 * Content-Security-Policy hash, the playground's server serves it as a file.
 * The report reads in full without it.
 */

/**
 * The page's one script: "Copy LaTeX" buttons (their words are the
 * button's own attributes, in the page's language) and moving the graph's
 * highlight. Plain ES2017 so it runs as written; the playground serves the
 * same text as a file.
 */
export const REPORT_SCRIPT = `(function () {
  function highlight(index) {
    var svg = document.querySelector('svg.nabla-graph');
    if (!svg) return;
    svg.querySelectorAll('.hl').forEach(function (el) { el.classList.remove('hl'); });
    svg.querySelectorAll('[data-g]').forEach(function (el) {
      if ((el.getAttribute('data-g') || '').split(' ').indexOf(index) >= 0) el.classList.add('hl');
    });
    document.querySelectorAll('.graph-controls button[data-hl]').forEach(function (b) {
      b.setAttribute('aria-pressed', String(b.getAttribute('data-hl') === index));
    });
  }
  document.addEventListener('click', function (event) {
    var target = event.target;
    if (!(target instanceof Element)) return;
    var copy = target.closest('button.copy');
    if (copy) {
      var code = copy.parentElement && copy.parentElement.querySelector('code');
      var text = code ? code.textContent || '' : '';
      // The button's own words, in the page's language: its label, and data-copied / data-press for the moment after.
      var label = copy.getAttribute('data-label') || copy.textContent;
      copy.setAttribute('data-label', label);
      var copied = copy.getAttribute('data-copied') || 'Copied';
      var press = copy.getAttribute('data-press') || 'Press Ctrl+C';
      var done = function (said) { copy.textContent = said; setTimeout(function () { copy.textContent = label; }, 1500); };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text).then(function () { done(copied); }, function () { select(code); done(press); });
      } else { select(code); done(press); }
      return;
    }
    var button = target.closest('button[data-hl]');
    if (button) {
      highlight(button.getAttribute('data-hl') || '0');
      if (button.classList.contains('show-path')) {
        var graph = document.getElementById('graph');
        if (graph) graph.scrollIntoView({ behavior: 'smooth', block: 'start' });
      }
    }
  });
  function select(node) {
    if (!node) return;
    var range = document.createRange();
    range.selectNodeContents(node);
    var selection = window.getSelection();
    if (selection) { selection.removeAllRanges(); selection.addRange(range); }
  }
})();`;
