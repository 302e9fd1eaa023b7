// Local development only: puts the workers behind one port, routed by path as the
// production hostnames would route them. Production deploys each worker on its own.
export default {
  async fetch(request, env) {
    const { pathname } = new URL(request.url);
    if (env.BASELINE && pathname.startsWith("/__baseline")) return env.BASELINE.fetch(request);
    if (env.PROBE && pathname.startsWith("/__probe/")) return env.PROBE.fetch(request);
    if (
      pathname.startsWith("/api/oauth/") ||
      pathname === "/api/developer/create-products" ||
      pathname === "/api/developer/promotion-codes"
    ) {
      return env.OAUTH.fetch(request);
    }
    if (pathname.startsWith("/api/developer/")) return env.FRONT_AUTH.fetch(request);
    return env.API_MULTI.fetch(request);
  },
};
