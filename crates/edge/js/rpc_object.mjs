// The one Durable Object wrapper every worker module uses: worker-build exports a Rust object
// class as a plain class, which only `fetch` and `alarm` reach; a class extending
// `DurableObject` is what makes `call` (JS RPC: an object's name and a call's JSON in, the
// answer's JSON out) reachable on a stub. Every method hands straight to the Rust object.
import { DurableObject } from "cloudflare:workers";

// The RPC-serving class around the Rust object class `Rust`.
export function rpcObject(Rust) {
  return class extends DurableObject {
    constructor(ctx, env) {
      super(ctx, env);
      this.rust = new Rust(ctx, env);
    }

    call(name, body) {
      return this.rust.call(name, body);
    }

    fetch(request) {
      return this.rust.fetch(request);
    }

    alarm() {
      return this.rust.alarm();
    }
  };
}
