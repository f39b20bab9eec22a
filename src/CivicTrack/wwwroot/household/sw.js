// Keeps the household log's page shell on the phone so it opens without a network. The page itself keeps the
// entries (IndexedDB) and talks to the API; API calls are never answered from this cache.
'use strict';
const CACHE = 'civictrack-household-v1';
const SHELL = ['/household/index.html', '/household/household.css', '/household/household.js', '/household/manifest.webmanifest',
    '/household/icon.svg', '/household/icon-192.png', '/household/icon-512.png'];

self.addEventListener('install', (event) => {
    event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
    event.waitUntil(caches.keys()
        .then((keys) => Promise.all(keys.filter((k) => k.startsWith('civictrack-household-') && k !== CACHE).map((k) => caches.delete(k))))
        .then(() => self.clients.claim()));
});

// The shell: the network first (so a new version arrives at once), the kept copy when there is no network.
self.addEventListener('fetch', (event) => {
    const url = new URL(event.request.url);
    if (event.request.method !== 'GET' || url.origin !== self.location.origin || !url.pathname.startsWith('/household/')) return;
    const key = url.pathname === '/household/' ? '/household/index.html' : url.pathname;
    event.respondWith(fetch(event.request)
        .then((response) => {
            if (response.ok) {
                const copy = response.clone();
                caches.open(CACHE).then((cache) => cache.put(key, copy));
            }
            return response;
        })
        .catch(() => caches.match(key).then((kept) => kept || Response.error())));
});
