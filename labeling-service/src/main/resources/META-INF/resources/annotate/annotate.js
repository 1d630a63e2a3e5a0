// Annotator page (paper Fig. 15): one image at a time, one button per class plus "None of the above",
// keyboard shortcuts (digits for the first ten classes, n for none), progress. The vendor's link carries an
// annotator token in the URL fragment (#token=dfa_...[&job=JOB_ID]), which never reaches server logs.
(function () {
  'use strict';
  const NONE = 'none_of_the_above';
  const BATCH = 5;
  const SCALE = 8;
  const params = new URLSearchParams(window.location.hash.slice(1));
  const token = params.get('token') || sessionStorage.getItem('defuse-token');
  const jobId = params.get('job');
  const el = (id) => document.getElementById(id);
  let annotatorId = null;
  let queue = [];
  let current = null;
  let labeled = 0;
  let busy = false;
  let imageUrl = null;

  function status(text) { el('status').textContent = text || ''; }

  async function api(path, options) {
    const opts = Object.assign({ headers: {} }, options || {});
    opts.headers['Authorization'] = 'Bearer ' + token;
    const res = await fetch(path, opts);
    if (res.status === 401 || res.status === 403) {
      throw new Error('Your link is not valid (any more). Ask your vendor for a new one.');
    }
    return res;
  }

  async function problem(res) {
    try { return (await res.json()).detail || res.statusText; } catch (e) { return res.statusText; }
  }

  function showProgress() {
    el('progress').textContent = 'Labeled: ' + labeled + (queue.length || current
      ? ' · in your queue: ' + (queue.length + (current ? 1 : 0)) : '');
  }

  function renderButtons(classes) {
    const box = el('buttons');
    box.replaceChildren();
    classes.forEach((c, i) => {
      const b = document.createElement('button');
      b.type = 'button';
      b.dataset.label = String(c.id);
      b.textContent = (i < 10 ? '[' + i + '] ' : '') + c.name;
      b.addEventListener('click', () => vote(c.id));
      box.appendChild(b);
    });
    const none = document.createElement('button');
    none.type = 'button';
    none.className = 'none';
    none.dataset.label = NONE;
    none.textContent = '[n] None of the above';
    none.addEventListener('click', () => vote(NONE));
    box.appendChild(none);
  }

  async function fill() {
    const res = await api('/api/v1/tasks?limit=' + BATCH + (jobId ? '&jobId=' + encodeURIComponent(jobId) : ''));
    if (!res.ok) { throw new Error(await problem(res)); }
    const body = await res.json();
    const known = new Set(queue.map((t) => t.assignmentId).concat(current ? [current.assignmentId] : []));
    body.tasks.filter((t) => !known.has(t.assignmentId)).forEach((t) => queue.push(t));
  }

  async function next() {
    if (queue.length === 0) { await fill(); }
    current = queue.shift() || null;
    if (!current) {
      el('task').hidden = true;
      el('done').hidden = false;
      showProgress();
      return;
    }
    el('done').hidden = true;
    const res = await api(current.imageUrl + '?scale=' + SCALE);
    if (!res.ok) { throw new Error(await problem(res)); }
    if (imageUrl) { URL.revokeObjectURL(imageUrl); }
    imageUrl = URL.createObjectURL(await res.blob());
    const img = el('image');
    img.src = imageUrl;
    img.dataset.itemId = String(current.itemId);
    renderButtons(current.classes);
    el('task').hidden = false;
    showProgress();
  }

  function setBusy(value) {
    busy = value;
    document.querySelectorAll('#buttons button').forEach((b) => { b.disabled = value; });
  }

  async function vote(label) {
    if (busy || !current) { return; }
    setBusy(true);
    try {
      const res = await api('/api/v1/votes', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ assignmentId: current.assignmentId, label: label }),
      });
      if (res.ok) {
        labeled += 1;
        status('');
      } else {
        status('Not saved: ' + await problem(res));
      }
      current = null;
      await next();
    } catch (e) {
      status(e.message);
    } finally {
      setBusy(false);
    }
  }

  document.addEventListener('keydown', (e) => {
    if (!current || e.ctrlKey || e.metaKey || e.altKey) { return; }
    if (e.key === 'n' || e.key === 'N') {
      e.preventDefault();
      vote(NONE);
    } else if (/^[0-9]$/.test(e.key)) {
      const c = current.classes[Number(e.key)];
      if (c) { e.preventDefault(); vote(c.id); }
    }
  });

  el('check-again').addEventListener('click', () => next().catch((e) => status(e.message)));

  async function start() {
    if (!token) {
      status('This page needs the link your vendor gave you (it ends in #token=…).');
      return;
    }
    sessionStorage.setItem('defuse-token', token);
    const me = await (await api('/api/v1/me')).json();
    annotatorId = me.annotatorId;
    if (!annotatorId) {
      throw new Error('This link is a vendor key, not an annotator link. Create one with POST /api/v1/annotator-links.');
    }
    el('who').textContent = 'Annotator ' + annotatorId + ' for ' + me.vendor;
    const progress = await (await api('/api/v1/annotators/' + encodeURIComponent(annotatorId) + '/progress')).json();
    labeled = progress.votes;
    await next();
  }

  start().catch((e) => status(e.message));
}());
