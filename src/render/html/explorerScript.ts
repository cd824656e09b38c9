/**
 * The explorer page's script: asks the explorer's JSON API for the position in the URL's fragment
 * (`#/0/2/1`, a lasso `#/0/2/1?loop=1`) and draws it: the trace so far with its diagram, the
 * enabled actions as buttons (a click moves the fragment on), the properties at this step, the
 * current state, and on request the counterexamples of a whole check. Plain ES2017, no modules;
 * it relies on `STEP_SCRIPT` for stepping through the trace.
 */
import { DIAGRAM_LEGEND, KEYS_HINT } from './reportHtml.ts';

/** The explorer page's script (see above), to inline in a `<script>` element after `STEP_SCRIPT`. */
export const EXPLORER_SCRIPT = String.raw`
(function () {
  'use strict';
  var $ = function (id) { return document.getElementById(id); };
  var shown = null;
  var SYMBOL = { pass: '✓', fail: '✗', open: '·', unknown: '?' };

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function position() {
    var h = location.hash.replace(/^#\/?/, '');
    var loop = null;
    var q = h.indexOf('?');
    if (q >= 0) {
      var m = /(?:^|&)loop=(\d+)/.exec(h.slice(q + 1));
      if (m) loop = m[1];
      h = h.slice(0, q);
    }
    return { path: decodeURIComponent(h).replace(/\/+$/, ''), loop: loop };
  }

  function hashOf(path, loop) { return '#/' + path + (loop !== null && loop !== undefined ? '?loop=' + loop : ''); }
  function go(path, loop) { location.hash = hashOf(path, loop); }

  function showError(message) {
    var box = $('error');
    box.textContent = message;
    box.hidden = false;
  }

  function getJson(url) {
    return fetch(url, { headers: { Accept: 'application/json' } }).then(function (r) {
      return r.json().then(function (body) {
        if (!r.ok) throw new Error(body && body.error ? body.error : 'the explorer answered ' + r.status);
        return body;
      });
    });
  }

  function load() {
    var pos = position();
    document.body.classList.add('busy');
    var url = 'api/trace?path=' + encodeURIComponent(pos.path) + (pos.loop !== null ? '&loop=' + pos.loop : '');
    return getJson(url)
      .then(render, function (e) { showError(e.message); document.body.setAttribute('data-error', e.message); })
      .then(function () { document.body.classList.remove('busy'); });
  }

  function renderTrace(t) {
    var slot = $('trace-slot');
    slot.textContent = '';
    if (!t.steps.length) {
      slot.appendChild(el('p', { class: 'desc' }, 'Choose an initial state on the right to start. Then click the enabled actions to take steps: the sequence diagram grows here, one row per step.'));
      return;
    }
    var trace = el('div', { class: 'trace', 'data-trace': '', 'data-prefix': 'x-', tabindex: '0', 'aria-label': 'the trace so far' });
    trace.appendChild(el('p', { class: 'now', 'aria-live': 'polite' }));
    var keys = el('p', { class: 'keys' });
    keys.innerHTML = ${JSON.stringify(KEYS_HINT)};
    trace.appendChild(keys);
    var fig = el('figure', { class: 'diagram-box' });
    if (t.svg) {
      fig.innerHTML = t.svg;
      fig.appendChild(el('figcaption', { class: 'legend' }, ${JSON.stringify(DIAGRAM_LEGEND)}));
    } else fig.appendChild(el('p', { class: 'meta' }, '(the trace is too long to draw)'));
    trace.appendChild(fig);
    trace.appendChild(el('h2', {}, 'Steps'));
    var box = el('div', { class: 'steps-box' });
    box.innerHTML = t.stepsHtml;
    trace.appendChild(box);
    slot.appendChild(trace);
    window.protocheckSteps.attach(trace);
    window.protocheckSteps.select(trace, t.steps.length - 1, false);
  }

  function renderActions(t) {
    var list = $('actions');
    list.textContent = '';
    var note = $('actions-note');
    note.classList.toggle('error', !!t.actionsError);
    if (!t.path) note.textContent = 'Choose an initial state:';
    else if (t.actionsError) note.textContent = 'The model throws here, listing what can happen next: ' + t.actionsError;
    else if (!t.actions.length) note.textContent = 'No action is enabled: nothing more can happen here.';
    else note.textContent = t.actions.length + ' enabled here' + (t.final ? ' (none changes the state: this state is final)' : '') + '. Click one to take that step:';
    t.actions.forEach(function (a) {
      var b = el('button', { type: 'button', class: 'action kind-' + a.kind.replace(/[^\w-]/g, '') + (a.stutters ? ' stutters' : ''), 'data-path': a.path, title: 'go to path ' + a.path });
      b.appendChild(el('span', { class: 'kind' }, a.kind === 'init' ? 'start' : a.kind));
      b.appendChild(el('span', { class: 'label' }, a.label + (a.stutters ? ' (changes nothing)' : '')));
      if (a.throws) {
        b.disabled = true;
        b.classList.add('throws');
        b.title = 'the model throws on this step';
        b.appendChild(el('span', { class: 'error' }, 'the model throws here: ' + a.throws));
      } else b.addEventListener('click', function () { go(a.path, null); });
      list.appendChild(b);
    });
  }

  function renderProperties(t) {
    var list = $('properties');
    list.textContent = '';
    t.properties.forEach(function (p) {
      var li = el('li', { 'data-status': p.status, 'data-property': p.name });
      li.appendChild(el('span', { class: 'st ' + p.status }, SYMBOL[p.status] || '?'));
      li.appendChild(el('strong', {}, p.name));
      li.appendChild(document.createTextNode(' (' + p.kind + '): ' + p.text));
      if (p.description) li.appendChild(el('div', { class: 'meta' }, p.description));
      list.appendChild(li);
    });
  }

  function renderState(t) {
    var dl = $('state');
    dl.textContent = '';
    if (!t.state.length) { dl.appendChild(el('dd', {}, '(no state yet)')); return; }
    t.state.forEach(function (g) {
      dl.appendChild(el('dt', g.node ? { class: 'node' } : {}, g.where));
      g.lines.forEach(function (l) { dl.appendChild(el('dd', {}, l)); });
    });
  }

  function render(t) {
    shown = t;
    $('error').hidden = true;
    document.body.removeAttribute('data-error');
    var params = Object.keys(t.params).map(function (k) { var v = t.params[k]; return k + ' = ' + (typeof v === 'string' ? v : JSON.stringify(v)); });
    $('params').textContent = 'parameters: ' + (params.length ? params.join(', ') : 'none') + (t.options.length ? ' · options: ' + t.options.join(' ') : '');
    $('path').textContent = t.path || '(none yet)';
    $('back').disabled = !t.path;
    $('restart').disabled = !t.path;
    document.title = t.model + (t.path ? ' · path ' + t.path : '') + ' · protocheck explorer';
    renderTrace(t);
    renderActions(t);
    renderProperties(t);
    renderState(t);
    markShown();
    document.body.setAttribute('data-path', t.path);
  }

  function foundWords(p, complete) {
    if (p.status === 'fail') return p.kind === 'sometimes' ? 'fails: no reachable state satisfies it' : 'fails';
    if (p.status === 'pass') return p.kind === 'sometimes' ? 'holds: witnessed' : p.kind === 'always' ? 'holds in every reachable state' : p.kind === 'final' ? 'holds in every final state' : 'holds';
    return complete ? 'unknown' : 'unknown: the search was cut before a verdict';
  }

  // The found trace now shown, if any, is marked as such.
  function markShown() {
    var path = shown ? shown.path : '';
    document.querySelectorAll('#found a[data-path]').forEach(function (a) {
      var here = a.getAttribute('data-path') === path;
      a.classList.toggle('here', here);
      if (here) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
    });
  }

  function find() {
    var button = $('find');
    var out = $('found');
    button.disabled = true;
    out.hidden = false;
    out.textContent = 'Searching…';
    getJson('api/counterexamples').then(function (r) {
      out.textContent = '';
      out.appendChild(el('p', { class: 'meta' }, 'Search ' + r.search + ': ' + r.distinctStates.toLocaleString('en-US') + ' states, ' + r.seconds + ' s.'));
      var ul = el('ul', { class: 'found' });
      r.properties.forEach(function (p) {
        var li = el('li', { 'data-status': p.status, 'data-property': p.name });
        li.appendChild(el('span', { class: 'st ' + (p.status === 'unknown' ? 'open' : p.status) }, SYMBOL[p.status]));
        li.appendChild(el('strong', {}, p.name));
        li.appendChild(document.createTextNode(' ' + foundWords(p, r.complete) + ' '));
        if (p.path) {
          var a = el('a', { href: hashOf(p.path, p.loop), 'data-path': p.path }, (p.status === 'fail' ? 'show the counterexample' : 'show the witness') + ' (' + p.steps + ' step' + (p.steps === 1 ? '' : 's') + ')');
          li.appendChild(a);
        }
        ul.appendChild(li);
      });
      out.appendChild(ul);
      markShown();
    }, function (e) { out.textContent = ''; showError(e.message); }).then(function () { button.disabled = false; });
  }

  $('back').addEventListener('click', function () {
    if (!shown || !shown.path) return;
    var parts = shown.path.split('/');
    parts.pop();
    go(parts.join('/'), null);
  });
  $('restart').addEventListener('click', function () { go('', null); });
  $('find').addEventListener('click', find);
  window.addEventListener('hashchange', load);
  load();
})();
`;
