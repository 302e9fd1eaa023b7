// Benchmarks only: the probe's object class wrapped in one that extends DurableObject, which
// is what makes a method other than `fetch` callable over JS RPC (worker-build exports the
// Rust class as a plain class, which only `fetch` and `alarm` reach).
import { DurableObject } from "cloudflare:workers";
import worker, { ProbeObject as Inner } from "./build/index.js";

export default worker;

export class ProbeObject extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    this.inner = new Inner(ctx, env);
  }

  fetch(request) {
    return this.inner.fetch(request);
  }

  call(body) {
    return this.inner.call(body);
  }
}
