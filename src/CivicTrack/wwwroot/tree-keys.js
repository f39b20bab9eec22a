// The unit tree from the keyboard, as trees work elsewhere: Up and Down move between the units shown, Home and End go
// to the first and the last, Right opens a unit (or, when open, moves to its first child), Left closes it (or moves
// to its parent), and Enter opens the unit's page. One listener for the document, so re-rendered rows keep it.
document.addEventListener('keydown', e => {
    if (e.altKey || e.ctrlKey || e.metaKey || e.shiftKey || !(e.target instanceof Element)) return;
    const link = e.target.closest('.org-tree a.org-name');
    if (!link) return;
    const links = [...link.closest('.org-tree').querySelectorAll('a.org-name')];
    const at = links.indexOf(link);
    const item = link.closest('li.org-node');
    const toggle = item.querySelector(':scope > .org-row [data-testid=org-tree-toggle]');
    const open = toggle !== null && toggle.getAttribute('aria-expanded') === 'true';
    let next = null;
    switch (e.key) {
        case 'ArrowDown': next = links[at + 1]; break;
        case 'ArrowUp': next = links[at - 1]; break;
        case 'Home': next = links[0]; break;
        case 'End': next = links[links.length - 1]; break;
        case 'ArrowRight':
            if (toggle !== null && !open) toggle.click();
            else if (open) next = item.querySelector(':scope > .org-children a.org-name');
            break;
        case 'ArrowLeft':
            if (open) toggle.click();
            else next = item.parentElement.closest('li.org-node')?.querySelector(':scope > .org-row a.org-name');
            break;
        default: return;
    }
    e.preventDefault();
    next?.focus();
});
