// The household support log on a team member's phone. Plain JavaScript, no build step: entries are kept in IndexedDB
// with an id made here and the moment of their last edit, and sent to /api/household-support whenever the network is
// there (on save, when the browser comes online, on opening, and on retries that wait longer each time). The server
// stores an entry once whatever the number of sends, and never lets an older edit overwrite a newer one.
'use strict';

const API = '/api/household-support';
const ME_KEY = 'civictrack.household.me';
const DB_NAME = 'civictrack-household';
const STORE = 'entries';
const MAX_PER_POST = 200;
const KEEP_SENT = 150;

const state = { me: null, village: null, outcomes: {}, editing: null, sending: false, again: false, retry: 0, timer: null, signedOut: false };
const $ = (id) => document.getElementById(id);

function text(key, ...args) {
    const t = (state.me && state.me.texts && state.me.texts[key]) || key;
    return t.replace(/\{(\d+)\}/g, (_, i) => String(args[Number(i)] ?? ''));
}

// ---- IndexedDB ----
let dbPromise;
function db() {
    dbPromise ??= new Promise((resolve, reject) => {
        const open = indexedDB.open(DB_NAME, 1);
        open.onupgradeneeded = () => open.result.createObjectStore(STORE, { keyPath: 'id' });
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
    });
    return dbPromise;
}
async function tx(mode, work) {
    const d = await db();
    return new Promise((resolve, reject) => {
        const t = d.transaction(STORE, mode);
        const store = t.objectStore(STORE);
        let result;
        Promise.resolve(work(store, (r) => { result = r; })).catch(reject);
        t.oncomplete = () => resolve(result);
        t.onerror = () => reject(t.error);
    });
}
const allEntries = () => tx('readonly', (s, done) => { const r = s.getAll(); r.onsuccess = () => done(r.result); });
const putEntry = (e) => tx('readwrite', (s) => { s.put(e); });
const getEntry = (id) => tx('readonly', (s, done) => { const r = s.get(id); r.onsuccess = () => done(r.result); });
const deleteEntry = (id) => tx('readwrite', (s) => { s.delete(id); });

// ---- household codes: the same rules as the server, said before sending ----
const ID_LIKE = /\d(?:[ .\-]?\d){8,}/;
const SHAPE = /^[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*$/u;
function householdProblem(code) {
    if (!code) return text('NeedHousehold');
    if (ID_LIKE.test(code)) return text('IdLike');
    if (code.length > 20 || !SHAPE.test(code)) return text('Shape');
    return null;
}

function today() {
    const d = new Date();
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
function uuid() {
    if (crypto.randomUUID) return crypto.randomUUID();
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

// ---- start ----
async function loadMe() {
    try {
        const response = await fetch(`${API}/me`, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
        if (response.status === 401 || response.status === 403) return null;
        if (!response.ok) throw new Error(String(response.status));
        const me = await response.json();
        localStorage.setItem(ME_KEY, JSON.stringify(me));
        return me;
    } catch {
        // Offline: the last answer kept on this phone.
        const kept = localStorage.getItem(ME_KEY);
        return kept ? JSON.parse(kept) : undefined;
    }
}

function applyTexts() {
    document.documentElement.lang = state.me.language || 'vi';
    document.title = `${text('Title')} · CivicTrack`;
    document.querySelectorAll('[data-t]').forEach((el) => { el.textContent = text(el.dataset.t); });
}

function renderNetwork() {
    const online = navigator.onLine;
    const net = $('net');
    net.textContent = state.me ? text(online ? 'Online' : 'OfflineShort') : '';
    $('offline-note').hidden = online || !state.me;
    $('offline-note').textContent = state.me ? text('Offline') : '';
    net.className = `hh-net ${online ? 'hh-on' : 'hh-off'}`;
    document.body.classList.toggle('hh-offline', !online);
}

function renderVillages() {
    const villages = state.me.villages || [];
    const saved = localStorage.getItem(ME_KEY + '.village');
    state.village = villages.find((v) => v.code === saved) || villages[0] || null;
    if (villages.length > 1) {
        $('village-pick').hidden = false;
        $('village-one').hidden = true;
        const select = $('village');
        select.replaceChildren(...villages.map((v) => new Option(v.commune ? `${v.name} – ${v.commune}` : v.name, v.code)));
        select.value = state.village.code;
        select.onchange = () => {
            state.village = villages.find((v) => v.code === select.value);
            localStorage.setItem(ME_KEY + '.village', state.village.code);
            renderRecent();
        };
    } else if (state.village) {
        $('village-one').textContent = state.village.commune ? `${state.village.name} – ${state.village.commune}` : state.village.name;
    }
    $('member').textContent = state.me.member || '';
    $('month').textContent = text('ThisMonth', state.me.thisMonth ?? 0);
}

function renderServices() {
    const box = $('services');
    box.replaceChildren();
    for (const s of state.me.services) {
        const row = document.createElement('div');
        row.className = 'hh-service';
        row.setAttribute('role', 'group');
        const label = document.createElement('span');
        label.className = 'hh-service-name';
        label.id = `svc-${s.code}`;
        label.textContent = s.label;
        row.setAttribute('aria-labelledby', label.id);
        const buttons = document.createElement('div');
        buttons.className = 'hh-outcomes';
        for (const o of state.me.outcomes) {
            const b = document.createElement('button');
            b.type = 'button';
            b.className = `hh-outcome hh-${o.code}`;
            b.textContent = o.label;
            b.dataset.service = s.code;
            b.dataset.outcome = o.code;
            b.dataset.testid = `hh-${s.code}-${o.code}`;
            b.setAttribute('data-testid', `hh-${s.code}-${o.code}`);
            b.setAttribute('aria-pressed', 'false');
            // One tap chooses; a tap on the chosen outcome clears the service.
            b.onclick = () => {
                state.outcomes[s.code] = state.outcomes[s.code] === o.code ? undefined : o.code;
                renderOutcomes();
                $('services-error').textContent = '';
            };
            buttons.append(b);
        }
        row.append(label, buttons);
        box.append(row);
    }
}

function renderOutcomes() {
    document.querySelectorAll('.hh-outcome').forEach((b) => {
        b.setAttribute('aria-pressed', String(state.outcomes[b.dataset.service] === b.dataset.outcome));
    });
}

async function renderRecent() {
    const box = $('recent');
    box.querySelectorAll('button').forEach((b) => b.remove());
    const local = (await allEntries()).filter((e) => state.village && e.village === state.village.code)
        .sort((a, b) => b.editedAt.localeCompare(a.editedAt)).map((e) => e.household);
    const codes = [...new Set([...local, ...(state.village && state.me.villages[0] && state.village.code === state.me.villages[0].code ? state.me.recent || [] : [])])].slice(0, 6);
    for (const code of codes) {
        const b = document.createElement('button');
        b.type = 'button';
        b.className = 'hh-chip';
        b.textContent = code;
        b.onclick = () => { $('household').value = code; $('household-error').textContent = ''; };
        box.append(b);
    }
    box.hidden = codes.length === 0;
}

function stateLabel(e) {
    return e.state === 'sent' ? text('StateSent') : e.state === 'refused' ? text('StateRefused') : text('StateWaiting');
}

async function renderEntries() {
    const entries = (await allEntries()).sort((a, b) => (b.date + b.editedAt).localeCompare(a.date + a.editedAt));
    const list = $('entries');
    list.replaceChildren();
    if (entries.length === 0) {
        const li = document.createElement('li');
        li.className = 'hh-empty';
        li.textContent = text('NoEntries');
        list.append(li);
    }
    const label = (code, list) => (list.find((x) => x.code === code) || { label: code }).label;
    for (const e of entries) {
        const li = document.createElement('li');
        li.className = `hh-entry hh-entry-${e.state}`;
        li.dataset.id = e.id;
        li.setAttribute('data-testid', 'hh-entry');
        const head = document.createElement('div');
        head.className = 'hh-entry-head';
        const code = document.createElement('strong');
        code.textContent = e.household;
        const date = document.createElement('span');
        date.textContent = e.date;
        const chip = document.createElement('span');
        chip.className = `hh-state hh-state-${e.state}`;
        chip.textContent = stateLabel(e);
        chip.setAttribute('data-testid', 'hh-entry-state');
        head.append(code, date, chip);
        const services = document.createElement('p');
        services.className = 'hh-entry-services';
        services.textContent = e.services.map((s) => `${label(s.service, state.me.services)}: ${label(s.outcome, state.me.outcomes)}`).join(' · ');
        li.append(head, services);
        if (e.state === 'refused' && e.message) {
            const why = document.createElement('p');
            why.className = 'hh-error';
            why.textContent = e.message;
            li.append(why);
        }
        if (state.me.canWrite) {
            const edit = document.createElement('button');
            edit.type = 'button';
            edit.className = 'hh-button hh-small';
            edit.textContent = `${text('Edit')} ${e.household}`;
            edit.onclick = () => startEdit(e.id);
            li.append(edit);
        }
        list.append(li);
    }
    const waiting = entries.filter((e) => e.state === 'waiting').length;
    $('sync-bar').hidden = false;
    $('waiting').textContent = waiting > 0 ? text('Waiting', waiting) : text('AllSent');
    $('waiting').dataset.count = String(waiting);
    $('send').hidden = waiting === 0;
}

function resetForm() {
    state.editing = null;
    state.outcomes = {};
    $('household').value = '';
    $('date').value = today();
    $('date').max = today();
    $('note').value = '';
    $('editing').hidden = true;
    $('cancel-edit').hidden = true;
    $('save').textContent = text('Save');
    renderOutcomes();
}

async function startEdit(id) {
    const e = await getEntry(id);
    if (!e) return;
    state.editing = e.id;
    $('household').value = e.household;
    $('date').value = e.date;
    $('note').value = e.note || '';
    state.outcomes = Object.fromEntries(e.services.map((s) => [s.service, s.outcome]));
    if (state.village && e.village !== state.village.code) {
        const v = state.me.villages.find((x) => x.code === e.village);
        if (v) { state.village = v; if (!$('village-pick').hidden) $('village').value = v.code; }
    }
    $('editing').hidden = false;
    $('editing').textContent = text('Editing', e.household);
    $('cancel-edit').hidden = false;
    $('save').textContent = text('SaveEdit');
    renderOutcomes();
    $('household').focus();
    $('form').scrollIntoView({ behavior: 'smooth', block: 'start' });
}

async function save(event) {
    event.preventDefault();
    if (state.saving) return;
    const household = $('household').value.trim().toUpperCase();
    const problem = householdProblem(household);
    $('household-error').textContent = problem || '';
    const services = state.me.services.filter((s) => state.outcomes[s.code]).map((s) => ({ service: s.code, outcome: state.outcomes[s.code] }));
    $('services-error').textContent = services.length === 0 ? text('NeedService') : '';
    if (problem) { $('household').focus(); return; }
    if (services.length === 0 || !state.village) return;
    const note = $('note').value.trim();
    const entry = {
        id: state.editing || uuid(),
        village: state.village.code,
        household,
        date: $('date').value || today(),
        editedAt: new Date().toISOString(),
        services,
        note: note.length ? note : null,
        state: 'waiting',
    };
    // The form is free for the next household at once; what was typed meanwhile is not wiped when the phone has kept this one.
    const editing = state.editing;
    const outcomes = state.outcomes;
    state.saving = true;
    resetForm();
    try {
        if (editing) {
            const before = await getEntry(editing);
            if (before && before.editedAt >= entry.editedAt) entry.editedAt = new Date(Date.parse(before.editedAt) + 1).toISOString();
        }
        await putEntry(entry);
    } catch {
        // Not kept: the entry goes back into the form so nothing typed is lost.
        if (editing) { state.editing = editing; $('editing').hidden = false; $('editing').textContent = text('Editing', household); $('cancel-edit').hidden = false; $('save').textContent = text('SaveEdit'); }
        state.outcomes = outcomes;
        $('household').value = household;
        $('date').value = entry.date;
        $('note').value = entry.note || '';
        renderOutcomes();
        $('saved').textContent = text('NotKept', household);
        return;
    } finally {
        state.saving = false;
    }
    $('saved').textContent = text('Saved', household);
    await renderEntries();
    await renderRecent();
    $('household').focus();
    send();
}

// ---- sending ----
function scheduleRetry() {
    clearTimeout(state.timer);
    if (!navigator.onLine) return; // the online event sends
    const wait = Math.min(60000, 2000 * 2 ** state.retry);
    state.retry = Math.min(state.retry + 1, 5);
    state.timer = setTimeout(send, wait);
}

async function send() {
    if (state.signedOut || !state.me || !state.me.canWrite) return;
    if (state.sending) { state.again = true; return; }
    state.sending = true;
    try {
        const waiting = (await allEntries()).filter((e) => e.state === 'waiting');
        for (let i = 0; i < waiting.length; i += MAX_PER_POST) {
            const chunk = waiting.slice(i, i + MAX_PER_POST);
            const body = { entries: chunk.map(({ id, village, household, date, editedAt, services, note }) => ({ id, village, household, date, editedAt, services, note })) };
            let response;
            try {
                response = await fetch(API, {
                    method: 'POST', credentials: 'same-origin',
                    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
                    body: JSON.stringify(body),
                });
            } catch {
                scheduleRetry();
                return;
            }
            if (response.status === 401) { state.signedOut = true; showSignIn(); return; }
            if (!response.ok) { scheduleRetry(); return; }
            const answer = await response.json();
            for (const r of answer.results || []) {
                const sent = chunk.find((e) => e.id === r.id);
                const now = r.id && await getEntry(r.id);
                // Edited again while this was on its way: the newer edit still waits.
                if (!sent || !now || now.editedAt !== sent.editedAt) continue;
                now.state = r.status === 'refused' ? 'refused' : 'sent';
                now.message = r.status === 'refused' ? (r.message || r.reason || '') : null;
                await putEntry(now);
            }
        }
        state.retry = 0;
        await prune();
    } finally {
        state.sending = false;
        await renderEntries();
        if (state.again) { state.again = false; send(); }
    }
}

/** Sent entries beyond the newest ones are kept on the server only. */
async function prune() {
    const sent = (await allEntries()).filter((e) => e.state === 'sent').sort((a, b) => b.editedAt.localeCompare(a.editedAt));
    for (const e of sent.slice(KEEP_SENT)) await deleteEntry(e.id);
}

function showSignIn() {
    $('app').hidden = true;
    $('signin').hidden = false;
    $('sync-bar').hidden = true;
}

async function start() {
    if ('serviceWorker' in navigator) navigator.serviceWorker.register('/household/sw.js', { scope: '/household/' }).catch(() => {});
    const me = await loadMe();
    if (me === null || me === undefined) {
        if (me === undefined) {
            // Offline with nothing kept: the page cannot know who you are yet.
            state.me = null;
        }
        showSignIn();
        renderNetwork();
        document.body.dataset.hhReady = 'true';
        return;
    }
    state.me = me;
    applyTexts();
    renderNetwork();
    renderVillages();
    renderServices();
    $('readonly').hidden = me.canWrite;
    $('form').hidden = !me.canWrite;
    $('app').hidden = false;
    resetForm();
    await renderRecent();
    await renderEntries();
    $('form').addEventListener('submit', save);
    $('cancel-edit').onclick = () => resetForm();
    $('household').addEventListener('input', () => { $('household-error').textContent = ''; });
    $('send').onclick = () => { state.retry = 0; send(); };
    window.addEventListener('online', () => { renderNetwork(); state.retry = 0; send(); });
    window.addEventListener('offline', renderNetwork);
    document.body.dataset.hhReady = 'true';
    send();
}

document.addEventListener('DOMContentLoaded', start);
