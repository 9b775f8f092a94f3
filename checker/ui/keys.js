// The review page's keyboard: one keydown listener on the document, installed once
// per browser tab (not once per rerun), so a key can never fire twice.
//
// Every key becomes an event {page, seq, key, claim}: `page` is a random id of this
// tab, `seq` counts up, `claim` is the claim card on screen at the moment of the key
// (read from the page itself, not from what the server last said). Events wait in a
// list that is sent to the server whole; the server applies each (page, seq) once,
// refuses one whose claim is no longer the one it shows, and sends back the last seq
// it handled, which drops them from the list. A lost or repeated message therefore
// neither loses a key nor applies it twice. A key pressed while the server has not
// answered the previous one is held, bound to the card it was pressed on, until the
// answer comes (release): then it is sent if that card is still the one shown, and
// refused here, visibly, if the page has moved on (it was pressed on a claim already
// judged); it is never moved to the next card, which the reviewer had not seen.
// The keys come from Python (the database's rating scale gives the verdict keys);
// these are the three-value preset's, until the first data arrives.
let KEYS = new Set(["v", "f", "i", "n", "p", "u", "?", "1", "2", "3", "4", "5", "6", "7", "8", "9"]);

function typing(target) {
  if (!target || !target.tagName) return false;
  const tag = target.tagName.toLowerCase();
  return tag === "input" || tag === "textarea" || tag === "select" || target.isContentEditable;
}

function shownClaim() {
  // The claim card on screen; a card Streamlit has marked stale (a rerun is drawing
  // its replacement) counts only when it is the only one.
  const cards = Array.from(document.querySelectorAll('[class*="st-key-card-"]'));
  const live = cards.filter((c) => !c.closest('[data-stale="true"]'));
  const card = (live.length ? live : cards)[0];
  if (!card) return null;
  const match = /st-key-card-(\S+)/.exec(card.className);
  return match ? match[1] : null;
}

function desk() {
  if (!window.__factcheckKeys) {
    window.__factcheckKeys = {
      page: Math.random().toString(36).slice(2) + Date.now().toString(36),
      seq: 0,
      events: [],
      held: [],
      refusedHere: [],
      send: null,
      installed: false,
    };
  }
  return window.__factcheckKeys;
}

function onKey(e) {
  const state = desk();
  if (!state.send) return; // not on the review page
  if (e.key === "Escape" && typing(e.target)) {
    e.target.blur(); // leave the note, so the next V or F is a verdict, not a letter
    return;
  }
  if (typing(e.target) || e.ctrlKey || e.metaKey || e.altKey || e.repeat) return;
  const key = e.key === "?" ? "?" : e.key.toLowerCase();
  if (!KEYS.has(key)) return;
  e.preventDefault();
  e.stopPropagation();
  state.seq += 1;
  const ev = { page: state.page, seq: state.seq, key: key, claim: shownClaim() };
  if (inFlight(state)) {
    // the server has not answered the previous key yet: the card may be about to
    // change. Hold this one, bound to the card it was pressed on (see release).
    state.held.push(ev);
    return;
  }
  send(state, ev);
}

function inFlight(state) {
  return state.events.some((ev) => ev.seq > state.acked);
}

function send(state, ev) {
  state.events = state.events.filter((x) => x.seq > state.acked);
  state.events.push(ev);
  state.send("events", state.events.slice());
}

function release(state) {
  // Once the server has answered every key sent, the held keys go in order: one
  // pressed on the card still shown is sent (and the rest wait for its answer);
  // one pressed on a card the page has left since is refused here, visibly,
  // without asking the server (which would stop drawing the next card to say no).
  while (state.held.length && !inFlight(state) && state.send) {
    const ev = state.held.shift();
    if (ev.claim !== null && ev.claim === shownClaim()) {
      send(state, ev);
      return;
    }
    state.refusedHere.push(ev.seq);
    say(`La touche ${ev.key.toUpperCase()} a été pressée avant que l'affirmation suivante soit affichée : ` +
        "refusé, rien n'a été enregistré (pressed before the next claim was shown; nothing was saved).");
  }
}

function say(message) {
  let box = document.getElementById("desk-keys-refused");
  if (!box) {
    box = document.createElement("div");
    box.id = "desk-keys-refused";
    box.setAttribute("role", "status");
    box.style.cssText = "position:fixed;right:1rem;bottom:1rem;max-width:32rem;z-index:1000;padding:.6rem .8rem;" +
      "border-radius:.5rem;background:#fdecea;color:#611a15;border:1px solid #f5c2c0;font-size:.9rem;";
    document.body.appendChild(box);
  }
  box.textContent = "⛔ " + message; // text, never markup
  clearTimeout(box.__hide);
  box.style.display = "block";
  box.__hide = setTimeout(() => { box.style.display = "none"; }, 6000);
}


export default function (component) {
  const { data, setStateValue } = component;
  const state = desk();
  if (data && Array.isArray(data.keys) && data.keys.length) KEYS = new Set(data.keys);
  state.acked = Math.max(state.acked || 0, ((data && data.acked) || {})[state.page] || 0);
  // the keys of this tab the server refused (shown on the card); the others it applied
  state.refused = ((data && data.refused) || {})[state.page] || state.refused || [];
  state.events = state.events.filter((ev) => ev.seq > state.acked);
  state.send = setStateValue;
  if (!state.installed) {
    document.addEventListener("keydown", onKey, true);
    state.installed = true;
  }
  document.documentElement.dataset.deskKeys = "ready";
  release(state);
  return () => {
    if (state.send === setStateValue) state.send = null;
  };
}
