/**
 * The script of the HTML report and the explorer: a highlight that moves through a trace's steps
 * and the matching row of its diagram (←/→ or j/k, Home/End, or a click), and copy buttons.
 * Plain ES2017, no modules, no network. `window.protocheckSteps.attach(element)` sets up a trace
 * added later (the explorer); `select(element, index)` moves its highlight.
 */
export const STEP_SCRIPT = String.raw`
(function () {
  'use strict';
  var active = null;

  function items(t) { return t.querySelectorAll('li[data-step]'); }

  function clearDiagram(t) {
    t.querySelectorAll('svg .hl').forEach(function (e) { e.classList.remove('hl'); });
    var band = t.querySelector('svg .row-band');
    if (band) band.parentNode.removeChild(band);
  }

  function drawBand(t, svg, stepEl) {
    var graph = svg.querySelector('g.graph');
    var bg = graph && graph.querySelector('polygon');
    if (!graph || !bg || !stepEl.getBBox) return null;
    var box = stepEl.getBBox();
    var area = bg.getBBox();
    var h = Math.max(box.height + 10, 38);
    var rect = document.createElementNS(svg.namespaceURI, 'rect');
    rect.setAttribute('class', 'row-band');
    rect.setAttribute('x', String(area.x + 4));
    rect.setAttribute('width', String(Math.max(area.width - 8, 1)));
    rect.setAttribute('y', String(box.y + box.height / 2 - h / 2));
    rect.setAttribute('height', String(h));
    rect.setAttribute('rx', '4');
    graph.insertBefore(rect, bg.nextSibling);
    return rect;
  }

  function select(t, i, scroll) {
    var list = items(t);
    if (!list.length) return;
    i = Math.max(0, Math.min(list.length - 1, i));
    active = t;
    list.forEach(function (li) { li.classList.remove('current'); li.removeAttribute('aria-current'); });
    var li = list[i];
    li.classList.add('current');
    li.setAttribute('aria-current', 'step');
    t.setAttribute('data-current', String(i));
    clearDiagram(t);
    var prefix = t.getAttribute('data-prefix') || '';
    var svg = t.querySelector('svg.diagram');
    var band = null;
    if (svg) {
      (li.getAttribute('data-highlight') || '').split(' ').forEach(function (id, k) {
        if (!id) return;
        var el = document.getElementById(prefix + id);
        if (!el) return;
        el.classList.add('hl');
        if (k === 0) band = drawBand(t, svg, el);
      });
    }
    var now = t.querySelector('.now');
    if (now) {
      var label = li.querySelector('.label');
      now.textContent = 'Step ' + (i + 1) + ' of ' + list.length + ': ' + (label ? label.textContent : '');
    }
    if (scroll) {
      li.scrollIntoView({ block: 'nearest' });
      if (band && band.scrollIntoView) band.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    }
  }

  function current(t) {
    var v = t.getAttribute('data-current');
    return v === null ? -1 : Number(v);
  }

  function attach(t) {
    if (t.getAttribute('data-attached')) return;
    t.setAttribute('data-attached', '1');
    items(t).forEach(function (li, i) {
      li.addEventListener('click', function () { select(t, i, false); });
    });
    t.addEventListener('focusin', function () { active = t; });
    t.addEventListener('pointerdown', function () { active = t; });
  }

  document.addEventListener('keydown', function (e) {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    var tag = e.target && e.target.tagName;
    if (tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT') return;
    var t = active && document.body.contains(active) ? active : document.querySelector('[data-trace]');
    if (!t) return;
    var n = items(t).length;
    var i = current(t);
    var to;
    if (e.key === 'ArrowRight' || e.key === 'j') to = i + 1;
    else if (e.key === 'ArrowLeft' || e.key === 'k') to = i - 1;
    else if (e.key === 'Home') to = 0;
    else if (e.key === 'End') to = n - 1;
    else return;
    e.preventDefault();
    select(t, to, true);
  });

  document.addEventListener('click', function (e) {
    var b = e.target && e.target.closest && e.target.closest('button[data-copy]');
    if (!b) return;
    var src = document.getElementById(b.getAttribute('data-copy'));
    if (!src) return;
    var text = src.textContent;
    var done = function () { b.textContent = 'Copied'; setTimeout(function () { b.textContent = 'Copy'; }, 1500); };
    var fallback = function () {
      var range = document.createRange();
      range.selectNodeContents(src);
      var sel = window.getSelection();
      sel.removeAllRanges();
      sel.addRange(range);
      try { document.execCommand('copy'); done(); } catch (err) { b.textContent = 'Press Ctrl+C'; }
    };
    if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(text).then(done, fallback);
    else fallback();
  });

  window.protocheckSteps = { attach: attach, select: select };
  document.querySelectorAll('[data-trace]').forEach(function (t) {
    attach(t);
    select(t, 0, false);
  });
})();
`;
