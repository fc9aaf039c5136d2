// vlist.js - a virtualised list: only the rows in view (plus a few) exist in the DOM, rows are
// reused as the list scrolls, and a row is redrawn only when its item changed (item.v). Keyboard:
// the list is one tab stop (role listbox, aria-activedescendant); arrows, PageUp/PageDown,
// Home/End move, Enter opens.

let uid = 0;

export class VList {
  // host: an empty element; opts: { rowHeight, render(el, item, first), key(item), open(item), label }
  constructor(host, opts) {
    this.host = host;
    this.o = opts;
    this.h = opts.rowHeight;
    this.items = [];
    this.active = -1;
    this.id = `vl${++uid}`;
    this.rows = new Map(); // index -> element
    this.free = [];
    this.frame = 0;
    this.force = false;
    host.classList.add('vlist');
    host.tabIndex = 0;
    host.setAttribute('role', 'listbox');
    if (opts.label) host.setAttribute('aria-label', opts.label);
    this.spacer = document.createElement('div');
    this.spacer.className = 'vspacer';
    host.appendChild(this.spacer);
    this.empty = document.createElement('p');
    this.empty.className = 'vempty';
    this.empty.hidden = true;
    host.appendChild(this.empty);
    host.addEventListener('scroll', () => this.schedule(), { passive: true });
    host.addEventListener('keydown', (e) => this.key(e));
    host.addEventListener('click', (e) => {
      const row = e.target.closest('.vrow');
      if (!row || !host.contains(row)) return;
      this.setActive(+row.dataset.index, false);
      if (this.o.open && this.items[this.active]) this.o.open(this.items[this.active]);
    });
    host.addEventListener('focus', () => {
      if (this.active < 0 && this.items.length) this.setActive(Math.floor(host.scrollTop / this.h), false);
    });
    if (typeof ResizeObserver !== 'undefined') new ResizeObserver(() => this.schedule()).observe(host);
  }

  setEmptyText(t) { this.empty.textContent = t; }

  // A new item array (filtered, sorted). Keeps the active item if it is still there.
  setItems(items) {
    const k = this.active >= 0 && this.items[this.active] ? this.o.key(this.items[this.active]) : null;
    this.items = items;
    this.active = -1;
    if (k !== null) {
      const i = items.findIndex((it) => this.o.key(it) === k);
      if (i >= 0) this.active = i;
    }
    this.force = true;
    // drawn now: setItems is called from an animation frame (app.js draw), and one more frame
    // would delay the first screen by up to 16 ms
    this.render();
  }

  // Something in the visible items changed (their v): redraw what is in view on the next frame.
  refresh() { this.schedule(); }

  schedule() {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => { this.frame = 0; this.render(); });
  }

  render() {
    const n = this.items.length;
    this.spacer.style.height = `${n * this.h}px`;
    this.empty.hidden = n > 0;
    if (this.host.offsetParent === null) return; // hidden view: draw when shown
    const top = this.host.scrollTop;
    const view = this.host.clientHeight || 600;
    const first = Math.max(0, Math.floor(top / this.h) - 4);
    const last = Math.min(n - 1, Math.ceil((top + view) / this.h) + 4);
    for (const [i, el] of this.rows) {
      if (i < first || i > last) { this.rows.delete(i); el.hidden = true; this.free.push(el); }
    }
    for (let i = first; i <= last; i++) {
      const item = this.items[i];
      let el = this.rows.get(i);
      let fresh = false;
      if (!el) {
        el = this.free.pop();
        if (!el) {
          el = document.createElement('div');
          el.className = 'vrow';
          el.setAttribute('role', 'option');
          this.host.appendChild(el);
          fresh = true;
        }
        el.hidden = false;
        this.rows.set(i, el);
        el._key = undefined;
      }
      const key = this.o.key(item);
      if (fresh || this.force || el._key !== key || el._v !== item.v) {
        if (el._index !== i) {
          el.style.transform = `translateY(${i * this.h}px)`;
          el.dataset.index = i;
          el.id = `${this.id}-${i}`;
          el._index = i;
        }
        el.setAttribute('aria-posinset', i + 1);
        el.setAttribute('aria-setsize', n);
        this.o.render(el, item, fresh || !el._built);
        el._built = true;
        el._key = key;
        el._v = item.v;
      }
      const act = i === this.active;
      if (el._act !== act) {
        el.classList.toggle('active', act);
        el.setAttribute('aria-selected', act ? 'true' : 'false');
        el._act = act;
      }
    }
    this.force = false;
    if (this.active >= 0 && this.rows.get(this.active)) this.host.setAttribute('aria-activedescendant', `${this.id}-${this.active}`);
    else this.host.removeAttribute('aria-activedescendant');
    if (this.o.rendered) this.o.rendered(last - first + 1);
  }

  setActive(i, scroll = true) {
    const n = this.items.length;
    if (!n) return;
    i = Math.max(0, Math.min(n - 1, i));
    this.active = i;
    if (scroll) {
      const top = i * this.h;
      if (top < this.host.scrollTop) this.host.scrollTop = top;
      else if (top + this.h > this.host.scrollTop + this.host.clientHeight) this.host.scrollTop = top + this.h - this.host.clientHeight;
    }
    this.force = true;
    this.render();
  }

  activeItem() { return this.active >= 0 ? this.items[this.active] : null; }

  key(e) {
    const page = Math.max(1, Math.floor(this.host.clientHeight / this.h) - 1);
    const moves = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page };
    if (e.key in moves) {
      e.preventDefault();
      this.setActive((this.active < 0 ? 0 : this.active + moves[e.key]));
    } else if (e.key === 'Home') {
      e.preventDefault();
      this.setActive(0);
    } else if (e.key === 'End') {
      e.preventDefault();
      this.setActive(this.items.length - 1);
    } else if (e.key === 'Enter' || e.key === ' ') {
      const it = this.activeItem();
      if (it && this.o.open) { e.preventDefault(); this.o.open(it); }
    }
  }
}
