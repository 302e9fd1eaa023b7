// The local Clerk's stand-in for Clerk's browser SDK (clerk.browser.js): the subset dream-api's
// hosted sign-up page and the starter app use, with the same names and shapes, talking to the
// simulator instead of a Clerk Frontend API. Load it like Clerk's script, then `await
// Clerk.load()`. The session is kept in this origin's localStorage.
(() => {
  const src = document.currentScript.src;
  const base = src.slice(0, src.indexOf("/npm/"));
  const storeKey = `__dream_sim_clerk:${base}`;

  async function post(path) {
    const r = await fetch(`${base}${path}`, { method: "POST" });
    const body = await r.json().catch(() => ({}));
    if (!r.ok) {
      const e = body.errors?.[0];
      throw Object.assign(new Error(e?.message ?? `local Clerk answered ${r.status}`), { errors: body.errors ?? [], status: r.status });
    }
    return body;
  }

  function claims(jwt) {
    const part = jwt.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
    return JSON.parse(atob(part + "=".repeat((4 - (part.length % 4)) % 4)));
  }

  class Session {
    constructor(id, userId) {
      this.id = id;
      this.status = "active";
      this.user = { id: userId };
      this.cached = null;
    }
    // Like Clerk: a short-lived token, reused until shortly before it expires.
    async getToken({ skipCache = false } = {}) {
      const now = Date.now() / 1000;
      if (!skipCache && this.cached && this.cached.exp - 10 > now) return this.cached.jwt;
      const { jwt } = await post(`/v1/client/sessions/${encodeURIComponent(this.id)}/tokens`);
      this.cached = { jwt, exp: claims(jwt).exp };
      return jwt;
    }
  }

  const created = new Map();
  const clerk = {
    loaded: false,
    session: null,
    user: null,
    client: {
      signIn: {
        // Only the ticket strategy (sign-in tokens made by the Backend API).
        async create({ strategy, ticket }) {
          if (strategy !== "ticket") throw new Error(`the local Clerk signs in with strategy "ticket" only, not ${strategy}`);
          const { response, client } = await post(`/v1/client/sign_ins?strategy=ticket&ticket=${encodeURIComponent(ticket)}`);
          const session = client.sessions.find((s) => s.id === response.created_session_id);
          created.set(session.id, session.user.id);
          return { status: response.status, createdSessionId: response.created_session_id };
        },
      },
    },
    async load() {
      // Back from the sign-in page: the fragment carries the new session's first token.
      const m = location.hash.match(/^#__clerk_token=([\w.-]+)$/);
      if (m) {
        const c = claims(m[1]);
        localStorage.setItem(storeKey, JSON.stringify({ id: c.sid, userId: c.sub }));
        history.replaceState(null, "", location.pathname + location.search);
      }
      const saved = JSON.parse(localStorage.getItem(storeKey) ?? "null");
      if (saved) this.activate(saved.id, saved.userId);
      this.loaded = true;
      return this;
    },
    activate(id, userId) {
      this.session = new Session(id, userId);
      this.user = this.session.user;
      localStorage.setItem(storeKey, JSON.stringify({ id, userId }));
    },
    async setActive({ session }) {
      const id = typeof session === "string" ? session : session.id;
      const userId = created.get(id);
      if (!userId) throw new Error("setActive: the local Clerk knows no such new session");
      this.activate(id, userId);
    },
    redirectToSignIn({ redirectUrl } = {}) {
      location.assign(`${base}/sign-in?redirect_url=${encodeURIComponent(redirectUrl ?? location.href)}`);
    },
    redirectToSignUp({ redirectUrl } = {}) {
      location.assign(`${base}/sign-up?redirect_url=${encodeURIComponent(redirectUrl ?? location.href)}`);
    },
    async signOut() {
      if (this.session) await post(`/v1/client/sessions/${encodeURIComponent(this.session.id)}/end`).catch(() => {});
      localStorage.removeItem(storeKey);
      this.session = null;
      this.user = null;
    },
  };
  window.Clerk = clerk;
})();
