// The element's shadow DOM for one ConsentView, built with DOM calls (no innerHTML, so notice
// text and purpose names can never become markup). Agree and refuse share one class and one size.
import type { ConsentView } from '../_flow.js';
import type { PreferenceItem, Preferences } from '../_preferences.js';

type Doc = { createElement(tag: string): HTMLElement; createTextNode(t: string): Text };

export const STYLE = `
:host { display: block; font: var(--custodia-font, 15px/1.6 system-ui, "Noto Sans CJK SC", sans-serif);
  color: var(--custodia-text, #1f2328); background: var(--custodia-surface, #fff);
  border: 1px solid var(--custodia-border, #d0d7de); border-radius: var(--custodia-radius, 12px); padding: 16px; max-width: 36rem; }
h2 { font-size: 1.15em; margin: 0 0 8px; } h3 { font-size: 1em; margin: 12px 0 4px; }
dl { margin: 0; display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; } dt { color: var(--custodia-muted, #59636e); }
.full { white-space: pre-wrap; background: var(--custodia-muted-surface, #f6f8fa); padding: 8px; border-radius: 8px; }
ul { list-style: none; padding: 0; margin: 0; } li { padding: 6px 0; border-top: 1px solid var(--custodia-border, #d0d7de); }
label.switch { display: flex; gap: 8px; align-items: flex-start; cursor: pointer; }
input[type=checkbox] { width: 1.2em; height: 1.2em; margin-top: .2em; accent-color: var(--custodia-accent, #0969da); }
.cats { color: var(--custodia-muted, #59636e); font-size: .9em; }
.actions { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; margin-top: 16px; }
button.choice { font: inherit; min-height: 44px; padding: 8px 12px; border-radius: 8px; cursor: pointer;
  border: 1px solid var(--custodia-accent, #0969da); background: var(--custodia-surface, #fff); color: var(--custodia-accent, #0969da); }
button.choice:focus-visible, button.link:focus-visible, input:focus-visible { outline: 3px solid var(--custodia-focus, #fb8c00); outline-offset: 2px; }
button.link { font: inherit; background: none; border: none; padding: 0; color: var(--custodia-accent, #0969da); text-decoration: underline; cursor: pointer; }
fieldset { border: none; padding: 0; margin: 8px 0; }
`;

export function h(doc: Doc, tag: string, attrs: Record<string, string> = {}, ...kids: (Node | string)[]): HTMLElement {
  const el = doc.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  for (const k of kids) el.appendChild(typeof k === 'string' ? doc.createTextNode(k) : k);
  return el;
}

/** The buttons that decide: equal class, equal size, side by side, agree first in reading order. */
const choices = (doc: Doc, yes: [string, string], no: [string, string]) =>
  h(doc, 'div', { class: 'actions' },
    h(doc, 'button', { type: 'button', class: 'choice', 'data-action': yes[0] }, yes[1]),
    h(doc, 'button', { type: 'button', class: 'choice', 'data-action': no[0] }, no[1]));

export function renderView(doc: Doc, v: ConsentView, showFull: boolean): HTMLElement {
  const t = v.texts;
  const root = h(doc, 'section', { 'aria-labelledby': 'custodia-title', 'data-step': v.step, lang: v.locale });
  root.appendChild(h(doc, 'h2', { id: 'custodia-title' }, v.title));
  if (v.step === 'guardian') {
    root.append(h(doc, 'p', {}, t.guardianLead), summary(doc, v, showFull),
      h(doc, 'fieldset', {}, h(doc, 'legend', {}, t.relation),
        radio(doc, 'parent', t.relationParent, true), radio(doc, 'guardian', t.relationGuardian, false)),
      choices(doc, ['guardian-confirm', t.guardianConfirm], ['guardian-refuse', t.guardianRefuse]));
  } else if (v.step === 'choose') {
    root.append(summary(doc, v, showFull));
    if (v.basic.length) root.append(h(doc, 'h3', {}, t.basicHeading), h(doc, 'ul', {}, ...v.basic.map((b) => h(doc, 'li', {}, b.description))));
    const list = h(doc, 'ul', {});
    for (const p of v.purposes) {
      const box = h(doc, 'input', { type: 'checkbox', role: 'switch', 'data-purpose': p.id, id: `p-${p.id}`, 'aria-describedby': `c-${p.id}` });
      (box as HTMLInputElement).checked = p.on;
      list.append(h(doc, 'li', {}, h(doc, 'label', { class: 'switch', for: `p-${p.id}` }, box,
        h(doc, 'span', {}, p.description, h(doc, 'br'), h(doc, 'span', { class: 'cats', id: `c-${p.id}` }, p.categories.join('、'))))));
    }
    root.append(h(doc, 'div', { role: 'group', 'aria-labelledby': 'custodia-optional' }, h(doc, 'h3', { id: 'custodia-optional' }, t.optionalHeading), list),
      choices(doc, ['agree', t.agree], ['refuse', t.refuse]));
  } else if (v.step === 'sensitive' && v.sensitive) {
    const s = v.sensitive;
    root.append(h(doc, 'p', {}, t.sensitiveLead), h(doc, 'p', {}, h(doc, 'strong', {}, s.description), ` (${s.categories.join('、')})`),
      h(doc, 'dl', {}, h(doc, 'dt', {}, t.necessity), h(doc, 'dd', {}, s.necessity), h(doc, 'dt', {}, t.impact), h(doc, 'dd', {}, s.impact)),
      choices(doc, ['sensitive-agree', t.sensitiveAgree], ['sensitive-refuse', t.sensitiveRefuse]));
  } else {
    const names = v.grantedDescriptions;
    root.append(h(doc, 'p', { role: 'status' }, names.length ? t.doneGranted + names.join('、') : t.doneNone));
  }
  return root;
}

function radio(doc: Doc, value: string, label: string, checked: boolean) {
  const r = h(doc, 'input', { type: 'radio', name: 'relation', value, id: `r-${value}` });
  (r as HTMLInputElement).checked = checked;
  return h(doc, 'label', { for: `r-${value}` }, r, ' ', label);
}

function summary(doc: Doc, v: ConsentView, showFull: boolean) {
  const t = v.texts;
  const n = v.notice;
  const box = h(doc, 'div', {},
    h(doc, 'dl', {}, h(doc, 'dt', {}, t.controller), h(doc, 'dd', {}, n.controller), h(doc, 'dt', {}, t.collects), h(doc, 'dd', {}, n.categories.join('、')),
      h(doc, 'dt', {}, t.retention), h(doc, 'dd', {}, n.retention), h(doc, 'dt', {}, t.rights), h(doc, 'dd', {}, n.rights.join('、'))),
    h(doc, 'p', {}, h(doc, 'button', { type: 'button', class: 'link', 'data-action': 'full', 'aria-expanded': String(showFull), 'aria-controls': 'custodia-full' }, showFull ? t.hideNotice : t.fullNotice)));
  if (showFull) box.append(h(doc, 'div', { class: 'full', id: 'custodia-full' }, n.text));
  return box;
}

export function renderPreferences(doc: Doc, prefs: Preferences, rows: PreferenceItem[]): HTMLElement {
  const t = prefs.texts;
  const root = h(doc, 'section', { 'aria-labelledby': 'custodia-prefs' }, h(doc, 'h2', { id: 'custodia-prefs' }, t.prefsTitle));
  const list = h(doc, 'ul', {});
  for (const r of rows) {
    const li = h(doc, 'li', { 'data-purpose': r.id, 'data-status': r.status }, h(doc, 'strong', {}, r.description), ' — ', r.statusText);
    if (r.withdrawable) li.append(' ', h(doc, 'button', { type: 'button', class: 'link', 'data-action': 'withdraw', 'data-purpose': r.id, 'aria-label': `${t.withdraw}: ${r.description}` }, t.withdraw));
    list.append(li);
  }
  root.append(list);
  return root;
}
