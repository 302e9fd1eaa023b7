// The module workerd runs for api-multi: worker-build's bundle (the fetch handler), and the
// Durable Object class as one extending `DurableObject` — what makes `call` reachable over
// JS RPC (worker-build exports the Rust class as a plain class, which only `fetch` and
// `alarm` reach). Every method hands straight to the Rust object.
import { DurableObject } from "cloudflare:workers";
import worker, { MeterShard as Rust } from "./build/index.js";

export default worker;

export class MeterShard extends DurableObject {
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
}
