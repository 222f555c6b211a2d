// The conversation kept in the browser tab: its random session id and a transcript to draw again after a reload.
//
// Why sessionStorage: the conversation survives a reload but ends with the tab, which suits a shared staff-room
// computer, and no HTTP API token ever has to reach the browser to fetch the history back from Rasa.

const MAX_ENTRIES = 300;

/** 16 random bytes as 32 lowercase hex characters: the shape the server accepts as a session id. */
export function newSessionId() {
  const bytes = new Uint8Array(16);
  window.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

export function isSessionId(value) {
  return typeof value === "string" && /^[0-9a-f]{32}$/.test(value);
}

function usableSessionStorage() {
  try {
    const probe = "senco-chat:probe";
    window.sessionStorage.setItem(probe, probe);
    window.sessionStorage.removeItem(probe);
    return window.sessionStorage;
  } catch {
    return null; // storage blocked (privacy settings): the chat still works, it just forgets on reload
  }
}

/** JSON values under one prefix per assistant, in sessionStorage when the browser allows it, else in memory. */
export class Store {
  constructor(server) {
    this.prefix = `senco-chat:${server}:`;
    this.storage = usableSessionStorage();
    this.memory = new Map();
  }

  get(key, fallback) {
    try {
      const raw = this.storage ? this.storage.getItem(this.prefix + key) : this.memory.get(key);
      return raw == null ? fallback : JSON.parse(raw);
    } catch {
      return fallback;
    }
  }

  set(key, value) {
    const raw = JSON.stringify(value);
    try {
      if (this.storage) this.storage.setItem(this.prefix + key, raw);
      else this.memory.set(key, raw);
    } catch {
      this.memory.set(key, raw); // quota full: keep going in memory
    }
  }

  remove(key) {
    if (this.storage) this.storage.removeItem(this.prefix + key);
    this.memory.delete(key);
  }

  sessionId() {
    let id = this.get("session", null);
    if (!isSessionId(id)) {
      id = newSessionId();
      this.set("session", id);
    }
    return id;
  }

  /** @returns {Array<{from: "user", text: string} | {from: "bot", message: object}>} */
  transcript() {
    const entries = this.get("transcript", []);
    return Array.isArray(entries) ? entries.filter((e) => e && (e.from === "user" || e.from === "bot")) : [];
  }

  append(entry) {
    const entries = this.transcript();
    entries.push(entry);
    this.set("transcript", entries.slice(-MAX_ENTRIES));
  }

  /** A different session (the server replaced ours): forget the old conversation. */
  reset(sessionId) {
    this.set("session", sessionId);
    this.remove("transcript");
    this.remove("greeted");
  }
}
